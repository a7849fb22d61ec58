"""The netwerkcirkel in a real browser: prompts, drag and drop, keys, table, moments, 360 px."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import F
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.network.models import Contact
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def client_point(page: Any, x: float, y: float) -> tuple[float, float]:
    """Return the viewport position of SVG point (x, y) of the node layer."""
    point = page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('svg.netmap-nodes');
            const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
            return [p.x, p.y];
        }""",
        [x, y],
    )
    return float(point[0]), float(point[1])


def ring_middle(page: Any, ring: int) -> float:
    bounds = [
        float(b) for b in page.locator("svg.netmap-nodes").get_attribute("data-bounds").split(",")
    ]
    index = [1, 2, 3, 4, 0].index(ring)
    return (bounds[index] + bounds[index + 1]) / 2


def test_it_builds_moves_and_compares_a_network(
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    jobseeker = make_user(Role.JOBSEEKER, organisation=make_organisation(), name="Sanne")
    page = browser_page
    login(page, jobseeker.email, TEST_PASSWORD)

    # Five names through the first prompt, then skip the next one.
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/network/build/")
    audit(page)
    page.get_by_role("link", name="Beginnen").click()
    expect(page.get_by_role("heading", name="Noem iedereen die je kent")).to_be_visible()
    page.get_by_label("Namen").fill("Anna\nBram, Cor\nDewi\nEsra")
    page.get_by_label("Deel van je cirkel").select_option("friends")
    audit(page)
    page.get_by_role("button", name="Toevoegen en verder").click()
    expect(page.get_by_text("Toegevoegd: 5.")).to_be_visible()
    page.get_by_role("button", name="Sla deze vraag over").click()
    expect(page.get_by_role("heading", name="Wie zijn je vrienden en kennissen?")).to_be_visible()
    assert Contact.objects.filter(owner=jobseeker).count() == 5

    # The map: drag Anna from ring 3 (friends, top right) to ring 1 in family (top left).
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/network/")
    assert page.locator("svg.netmap-picture[role=img]").count() == 1
    audit(page)
    screenshot(page, "network-map-1280px")
    anna = Contact.objects.get(owner=jobseeker, label="Anna")
    node = page.locator(f'.node[data-id="{anna.pk}"]')
    box = node.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.35)
    radius = ring_middle(page, 1)
    angle = math.radians(225)
    target = client_point(page, radius * math.cos(angle), radius * math.sin(angle))
    page.mouse.move(*start)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(
            start[0] + (target[0] - start[0]) * step / 10,
            start[1] + (target[1] - start[1]) * step / 10,
        )
    page.mouse.up()
    # The redrawn map with its status line means the move has committed. Only then does the
    # test read the database: the live server shares this in-memory SQLite database, which
    # refuses a read while the server is inside its write transaction (and the server's write
    # while a read is in progress) instead of waiting.
    page.wait_for_selector("[data-status]")
    anna.refresh_from_db()
    assert (anna.ring, anna.quadrant, anna.version) == (1, "family", 2)
    page.reload()
    moved = page.locator(f'.node[data-id="{anna.pk}"]')
    assert moved.get_attribute("data-ring") == "1"
    assert moved.get_attribute("data-quadrant") == "family"
    assert page.url.endswith("/network/")  # the click after the drag did not open Anna

    # The keyboard: Bram one ring closer with the arrow key.
    bram = Contact.objects.get(owner=jobseeker, label="Bram")
    page.locator(f'.node[data-id="{bram.pk}"]').focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_selector("[data-status]")
    page.wait_for_function(
        f"""document.activeElement && document.activeElement.dataset.id === "{bram.pk}" """
    )
    assert Contact.objects.get(pk=bram.pk).ring == 2
    audit(page)

    # A stale move (someone saved Dewi meanwhile): htmx shows the map with the conflict (409).
    dewi = Contact.objects.get(owner=jobseeker, label="Dewi")
    Contact.objects.filter(pk=dewi.pk).update(version=F("version") + 1)
    page.locator(f'.node[data-id="{dewi.pk}"]').focus()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#map-region [data-status]")).to_contain_text(
        "Iemand anders heeft dit contact net aangepast"
    )
    assert Contact.objects.get(pk=dewi.pk).ring == dewi.ring

    # The table view, the text alternative.
    page.get_by_role("link", name="Tabel (de kaart als tekst)").click()
    expect(page.get_by_role("heading", name="Tabel")).to_be_visible()
    assert page.get_by_role("row").count() == 6
    audit(page)

    # Two moments, compared.
    page.get_by_role("link", name="Momenten").first.click()
    page.get_by_label("Naam van dit moment").fill("Eerste")
    page.get_by_role("button", name="Moment opslaan").click()
    audit(page)
    page.get_by_role("link", name="Tabel").first.click()
    page.get_by_label("Ring voor Cor").select_option("4")
    page.get_by_role("button", name="Verplaatsen Cor").click()
    expect(page.get_by_text("Cor staat nu in ring 4")).to_be_visible()
    assert Contact.objects.get(owner=jobseeker, label="Cor").ring == 4
    page.get_by_role("link", name="Momenten").first.click()
    page.get_by_label("Naam van dit moment").fill("Tweede")
    page.get_by_role("button", name="Moment opslaan").click()
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("heading", name="Wat is er veranderd")).to_be_visible()
    expect(page.get_by_role("row", name="Cor")).to_be_visible()
    assert page.locator("svg.netmap-picture[role=img]").count() == 2
    audit(page)
    screenshot(page, "network-compare")


def test_the_map_works_at_360_px(
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    from kring.network.demo import _large

    jobseeker = make_user(Role.JOBSEEKER, organisation=make_organisation(), name="Karim")
    _large(jobseeker)
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, jobseeker.email, TEST_PASSWORD)
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/network/")
    # The map at its own size scrolls inside its region; the page stays as wide as the phone.
    assert page.locator("svg.netmap-picture").bounding_box()["width"] > 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    audit(page)
    screenshot(page, "network-map-360px")
    page.get_by_role("link", name="Zie de hele cirkel in één keer").click()
    assert page.locator("svg.netmap-picture").bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "network-map-360px-whole")
    audit(page)
