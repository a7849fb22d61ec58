"""A coach's caseload at 360 px and 1280 px: red first, filters by keyboard, no page wider than
the screen, and axe-core finds nothing serious; the notes page too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kring.accounts.models import Role, Scope
from kring.coaching.models import Note
from tests.browser.conftest import page_in
from tests.coaching.helpers import jobseeker_with_network
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[360, 1280])
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[int, Any]]:
    width = int(request.param)
    options: dict[str, Any] = {"viewport": {"width": width, "height": 800}}
    if width == 360:
        options |= {"has_touch": True, "is_mobile": True}
    for page in page_in(browser, **options):
        yield width, page


def test_it_shows_the_coach_their_caseload_red_first(
    screen: tuple[int, Any],
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    width, page = screen
    coach = make_user(Role.COACH, organisation=make_organisation(), name="Mehmet")
    jobseeker_with_network(coach, name="Oranje Olga", supporters=2)
    red = jobseeker_with_network(coach, name="Rode Ruud", others=2, scope=Scope.VIEW)
    Note.objects.create(jobseeker=red, author=coach, text="Eerste gesprek.")
    login(page, coach.email, TEST_PASSWORD)
    page.goto(live_url + reverse("home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkzoekenden")
    rows = page.locator(".caseload-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Rode Ruud")
    expect(rows.first).to_contain_text("rood")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    audit(page)
    screenshot(page, f"caseload-{width}px")
    # Only red, chosen with the keyboard.
    page.get_by_label("rood", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Laat zien").press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Rode Ruud")
    # From the row to the notes, within the view grant: read, no form.
    rows.first.get_by_role("link", name="Notities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notities over Rode Ruud")
    expect(page.get_by_text("Eerste gesprek.")).to_be_visible()
    expect(page.get_by_label("Nieuwe notitie")).to_have_count(0)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    audit(page)
