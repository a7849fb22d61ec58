"""The start page says where you stand, at 360 px and at 1280 px: as the job seeker Sanne sees
it, and as her coach sees her overview. On a phone the light, the three numbers and the next
step are on the first screen (740 px), before any scrolling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kring.accounts.models import Role, Scope, User
from tests.browser.conftest import page_in
from tests.conftest import TEST_PASSWORD, make_grant, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN = 740  # the height of the `phone` fixture
SIZES = {360: {"height": FIRST_SCREEN}, 1280: {"height": 900}}


@pytest.fixture(params=sorted(SIZES))
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[int, Any]]:
    """A Dutch page at the width of a phone (touch) or a desk; a CSP violation fails the test."""
    width = int(request.param)
    options: dict[str, Any] = {"viewport": {"width": width, **SIZES[width]}}
    if width == 360:
        options |= {"has_touch": True, "is_mobile": True}
    for page in page_in(browser, **options):
        yield width, page


def check_standing(page: Any, width: int) -> None:
    """The light (word and colour), three numbers and one next step are shown, on a phone at once."""
    light = page.locator("[data-light]")
    expect(light).to_be_visible()
    colour = light.get_attribute("data-light")
    word = {"red": "Rood", "orange": "Oranje", "green": "Groen"}[str(colour)]
    expect(light.locator("h2")).to_contain_text(word)
    numbers = page.locator(".standing-numbers li")
    expect(numbers).to_have_count(3)
    expect(numbers.nth(0)).to_contain_text("steun")
    expect(numbers.nth(1)).to_contain_text("dat je werk zoekt")
    expect(numbers.nth(2)).to_contain_text("bondgeno")
    step = page.locator("[data-step]")
    expect(step).to_have_count(1)
    expect(step).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    if width == 360:
        for part in (light, numbers.nth(2), step):
            box = part.bounding_box()
            assert box["y"] + box["height"] <= FIRST_SCREEN, (part, box)


def test_it_shows_sanne_where_she_stands(
    screen: tuple[int, Any],
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    sanne: User,
) -> None:
    width, page = screen
    login(page, sanne.email, TEST_PASSWORD)
    page.goto(live_url + reverse("home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Sanne")
    check_standing(page, width)
    audit(page)
    screenshot(page, f"home-sanne-{width}px")
    # The next step leads somewhere that works.
    page.locator("[data-step]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_it_shows_her_coach_where_sanne_stands(
    screen: tuple[int, Any],
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
    sanne: User,
) -> None:
    width, page = screen
    coach = make_user(Role.COACH, organisation=sanne.organisation, name="Mehmet")
    make_grant(sanne, coach, Scope.VIEW)
    login(page, coach.email, TEST_PASSWORD)
    page.goto(live_url + reverse("home"))
    page.get_by_role("link", name="Sanne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waar Sanne staat")
    check_standing(page, width)
    audit(page)
    screenshot(page, f"home-coach-sanne-{width}px")
    for name in ("Kaart", "In beeld", "Momenten"):
        expect(
            page.locator(".main-links").get_by_role("link", name=name, exact=True)
        ).to_be_visible()


def test_it_tells_karim_why_his_light_is_red_on_the_first_screen(
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    from kring.network.demo import _small

    karim = make_user(Role.JOBSEEKER, organisation=make_organisation(), name="Karim")
    _small(karim)
    page = phone
    login(page, karim.email, TEST_PASSWORD)
    page.goto(live_url + reverse("home"))
    expect(page.locator('[data-light="red"] h2')).to_contain_text("Rood")
    # The red light comes with the one sentence why, and all of it fits the first screen.
    expect(page.locator("[data-light] p[data-line]")).to_have_count(1)
    check_standing(page, 360)
    audit(page)
    screenshot(page, "home-karim-red-360px")
