"""Kring on a phone (360 px, touch) and at a desk (1280 px): readable names on the map, a move by
finger, menus that fold away so the page comes first, and no page wider than the screen."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kring.accounts.models import User
from kring.network.models import Contact
from tests.browser.test_network import client_point, ring_middle
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every name's font size on screen: its CSS size times the scale the SVG is drawn at.
LABEL_SIZES = """() => {
    const svg = document.querySelector('svg.netmap-nodes');
    const scale = svg.getScreenCTM().a;
    return [...svg.querySelectorAll('.node-label')].map(
        (text) => parseFloat(getComputedStyle(text).fontSize) * scale);
}"""
PAGE_WIDTH = "document.scrollingElement.scrollWidth"
REGION_SCROLL = "[document.getElementById('map-region').scrollLeft, document.getElementById('map-region').scrollTop]"


def touch_drag(page: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag with one finger from `start` to `end` (viewport pixels), as a touch screen sends it."""
    session = page.context.new_cdp_session(page)

    def send(kind: str, point: tuple[float, float] | None) -> None:
        points = [] if point is None else [{"x": point[0], "y": point[1], "id": 1}]
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    send("touchStart", start)
    for step in range(1, 13):
        send(
            "touchMove",
            (
                start[0] + (end[0] - start[0]) * step / 12,
                start[1] + (end[1] - start[1]) * step / 12,
            ),
        )
    send("touchEnd", None)
    session.detach()


def visible_in_region(page: Any, point: tuple[float, float], margin: float = 45) -> bool:
    box = page.locator("#map-region").bounding_box()
    return bool(
        box["x"] + margin < point[0] < box["x"] + box["width"] - margin
        and box["y"] + margin < point[1] < box["y"] + box["height"] - margin
    )


def _draggable(
    page: Any, jobseeker: User, ring_one: float
) -> tuple[Contact, tuple[float, float], tuple[float, float]] | None:
    """Return a person in ring 2 shown on the map and where ring 1 shows in their direction."""
    for contact in Contact.objects.filter(owner=jobseeker, ring=2).order_by("label"):
        node = page.locator(f'.node[data-id="{contact.pk}"]')
        box = node.bounding_box()
        start = (box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.35)
        x, y = (float(v) for v in str(node.get_attribute("transform"))[10:-1].split())
        angle = math.atan2(y, x)
        end = client_point(page, ring_one * math.cos(angle), ring_one * math.sin(angle))
        if visible_in_region(page, start) and visible_in_region(page, end):
            return contact, start, end
    return None


def test_it_moves_a_contact_by_touch_at_360_px_with_names_of_12_px(
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    sanne: User,
) -> None:
    page = phone
    login(page, sanne.email, TEST_PASSWORD)
    page.goto(f"{live_url}/jobseekers/{sanne.pk}/network/")
    sizes = page.evaluate(LABEL_SIZES)
    assert len(sizes) == Contact.objects.filter(owner=sanne).count()
    assert min(sizes) >= 12
    assert page.evaluate(PAGE_WIDTH) <= 360
    assert page.locator("h1").bounding_box()["y"] < 300
    # The map is larger than the screen: it scrolls inside a region the keyboard can reach.
    region = page.locator("#map-region")
    assert region.get_attribute("tabindex") == "0"
    assert page.evaluate("document.getElementById('map-region').scrollWidth") > 360
    audit(page)
    screenshot(page, "phone-map-360px")

    # A person in ring 2 goes to ring 1 by finger, on a part of the circle where both show.
    page.locator("#map-region").scroll_into_view_if_needed()
    ring_one = ring_middle(page, 1)
    jump = page.get_by_role("navigation", name="Ga naar een deel van je cirkel")
    found = None
    for part in ("vrienden & kennissen", "familie", "werk, school & vereniging"):
        jump.get_by_role("link", name=part).click()
        page.wait_for_timeout(600)  # the smooth scroll
        found = _draggable(page, sanne, ring_one)
        if found:
            break
    assert found is not None, "no person in ring 2 to drag on the map"
    chosen, start, end = found
    touch_drag(page, start, end)
    # Read the database only once the redrawn map is back (see test_network.py).
    page.wait_for_selector("#map-region [data-status]")
    chosen.refresh_from_db()
    assert (chosen.ring, chosen.version) == (1, 2)
    assert page.url.endswith("/network/")  # the drag did not open the person
    page.locator("#map-region").screenshot(path="test-artifacts/phone-map-360px-moved.png")

    # A finger on the picture, not on a person, scrolls the map.
    box = page.locator("#map-region").bounding_box()
    empty = next(
        (x, y)
        for x in range(int(box["x"]) + 30, int(box["x"] + box["width"]) - 30, 20)
        for y in (box["y"] + 60, box["y"] + 200, box["y"] + 400)
        if page.evaluate(f"!document.elementFromPoint({x}, {y}).closest('.node')")
    )
    before = page.evaluate(REGION_SCROLL)
    touch_drag(page, empty, (empty[0] + 120, empty[1] + 120))
    page.wait_for_function(
        """([left, top]) => {
            const region = document.getElementById('map-region');
            return region.scrollLeft !== left || region.scrollTop !== top;
        }""",
        arg=before,
    )

    # The links above the map show each part of the circle; a tap opens a person.
    jump.get_by_role("link", name="hulpverleners & instanties").click()
    jump.get_by_role("link", name="Ik (het midden)").click()
    expect(jump.get_by_role("link", name="Ik (het midden)")).to_have_attribute(
        "aria-current", "true"
    )
    page.locator(f'.node[data-id="{chosen.pk}"]').tap()
    expect(page.get_by_role("heading", name=chosen.label)).to_be_visible()


def test_it_shows_names_of_12_px_at_a_desk_and_the_whole_circle_on_request(
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    sanne: User,
) -> None:
    page = browser_page
    login(page, sanne.email, TEST_PASSWORD)
    page.goto(f"{live_url}/jobseekers/{sanne.pk}/network/")
    assert min(page.evaluate(LABEL_SIZES)) >= 12
    # At a desk both menus are open, without a button.
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("link", name="Wie kent wie")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    audit(page)
    screenshot(page, "desk-map-1280px")
    page.get_by_role("link", name="Zie de hele cirkel in één keer").click()
    svg_width = page.locator("svg.netmap-picture").bounding_box()["width"]
    assert svg_width <= page.locator("#map-region").bounding_box()["width"]
    audit(page)


def test_it_folds_the_menus_on_a_phone_so_the_page_comes_first(
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    sanne: User,
) -> None:
    page = phone
    login(page, sanne.email, TEST_PASSWORD)
    pages = {
        "home": reverse("home"),
        "map": reverse("network:map", args=[sanne.pk]),
        "insight": reverse("insight", args=[sanne.pk]),
    }
    for name, path in pages.items():
        page.goto(live_url + path)
        assert page.locator("h1").bounding_box()["y"] < 300, name
        assert page.evaluate(PAGE_WIDTH) <= 360, name
        expect(page.get_by_role("link", name="Wie mag mijn gegevens zien")).to_be_hidden()
        audit(page)
        screenshot(page, f"phone-{name}-360px")

    # The menu opens with the keyboard: Enter on its button.
    page.goto(live_url + pages["map"])
    page.locator(".menu-toggle summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Wie mag mijn gegevens zien")).to_be_visible()
    audit(page)
    screenshot(page, "phone-menu-open-360px")
    page.locator(".subnav-toggle summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Wie kent wie").click()
    expect(page.get_by_role("heading", name="Wie kent wie")).to_be_visible()


def test_it_keeps_wide_tables_and_long_words_inside_a_phone_screen(
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    sanne: User,
) -> None:
    page = phone
    login(page, sanne.email, TEST_PASSWORD)
    for path in (reverse("network:table", args=[sanne.pk]), reverse("accessibility")):
        page.goto(live_url + path)
        assert page.evaluate(PAGE_WIDTH) <= 360, path
        audit(page)
    # The table scrolls sideways inside a region the keyboard can reach, named by its caption.
    page.goto(live_url + reverse("network:table", args=[sanne.pk]))
    expect(page.get_by_role("region", name="Mensen in het netwerk")).to_have_attribute(
        "tabindex", "0"
    )
