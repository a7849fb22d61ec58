"""The network conversation at the desk, at 360 px and 1280 px, with the keyboard only.

A coach with an edit grant walks Sanne's four questions: she names her mother (new), ticks a
friend already on the map, goes on with the buttons, and ends with the summary, whose copy
button puts the text on the clipboard. axe-core checks every page; no page is wider than the
screen. The blank circle and the question card are checked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kring.accounts.models import Role, Scope, User
from kring.network import services as network
from kring.network.models import Contact
from tests.browser.conftest import page_in
from tests.conftest import TEST_PASSWORD, make_grant, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80


@pytest.fixture(params=[360, 1280])
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[int, Any]]:
    width = int(request.param)
    options: dict[str, Any] = {"viewport": {"width": width, "height": 800}}
    if width == 360:
        options |= {"has_touch": True, "is_mobile": True}
    for page in page_in(browser, **options):
        yield width, page


@pytest.fixture
def desk() -> tuple[User, User]:
    """A coach with an edit grant, and Sanne, who has one friend on her map."""
    organisation = make_organisation()
    coach = make_user(Role.COACH, organisation=organisation, name="Mehmet")
    sanne = make_user(Role.JOBSEEKER, organisation=organisation, name="Sanne")
    make_grant(sanne, coach, Scope.EDIT)
    network.contact_create(jobseeker=sanne, label="Mo", quadrant="friends", ring=2)
    return coach, sanne


def tab_to(page: Any, matches: str) -> None:
    """Press Tab until the focused element passes the JavaScript test `matches` (on `el`)."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({matches}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {matches}")


def fits(page: Any, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


def test_a_coach_walks_the_four_questions_with_the_keyboard(
    screen: tuple[int, Any],
    live_url: str,
    desk: tuple[User, User],
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    width, page = screen
    coach, sanne = desk
    login(page, coach.email, TEST_PASSWORD)
    page.goto(live_url + reverse("jobseeker_detail", args=[sanne.pk]))
    page.get_by_role("link", name="Netwerkgesprek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerkgesprek")
    fits(page, width)
    audit(page)
    page.get_by_role("link", name="Begin met vraag 1").click()

    # Question 1: Mo is on the map already (a tick), her mother is new (a row).
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie is er voor je?")
    fits(page, width)
    audit(page)
    screenshot(page, f"conversation-1-question-{width}px")
    tab_to(page, "el.type === 'checkbox' && el.name === 'mark'")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'person-0-label'")
    page.keyboard.type("Moeder")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the quadrant: from "Kies een deel" to family
    tab_to(page, "el.type === 'submit' && el.value === 'stay'")
    expect(page.locator(":focus")).to_have_text("Toevoegen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/conversation/support/")
    expect(page.get_by_text("Toegevoegd: 1. Met een vinkje: 1.")).to_be_visible()
    table = page.get_by_role("table", name="Mensen op de kaart en hun antwoorden")
    expect(table.get_by_role("row")).to_have_count(3)  # the header, Moeder and Mo
    expect(page.get_by_role("img", name="De netwerkcirkel tot nu toe")).to_be_visible()
    fits(page, width)
    audit(page)
    screenshot(page, f"conversation-2-added-{width}px")

    # On with the buttons to the end; nothing typed, so nothing is added.
    for heading in (
        "Wie weet dat je werk zoekt?",
        "Wie zou je kunnen vragen?",
        "Wie zou nog meer willen meedenken?",
    ):
        tab_to(page, "el.type === 'submit' && el.value === 'next'")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        fits(page, width)
    audit(page)
    tab_to(page, "el.type === 'submit' && el.value === 'next'")
    expect(page.locator(":focus")).to_have_text("Naar de samenvatting")
    page.keyboard.press("Enter")

    # The summary: readable text, and a copy button that works.
    expect(page.get_by_role("heading", level=1)).to_have_text("Samenvatting van het gesprek")
    text = page.get_by_label("Tekst voor het dossier")
    expect(text).to_have_value(
        # The date line first, then one line per question.
        re.compile(r"1\. Wie is er voor je\? 2 mensen: Mo, Moeder\n")
    )
    fits(page, width)
    audit(page)
    screenshot(page, f"conversation-3-summary-{width}px")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    tab_to(page, "el.dataset.copy === 'summary-text'")
    page.keyboard.press("Enter")
    expect(page.get_by_text("De tekst is gekopieerd.")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "Netwerkgesprek met Sanne" in copied and "Mo, Moeder" in copied
    made = Contact.objects.get(owner=sanne, label="Moeder")
    assert (made.quadrant, made.influence) == ("family", 1)
    assert Contact.objects.get(owner=sanne, label="Mo").influence == 1


def test_the_paper_circle_and_card_print_cleanly(
    screen: tuple[int, Any],
    live_url: str,
    desk: tuple[User, User],
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    width, page = screen
    coach, sanne = desk
    login(page, coach.email, TEST_PASSWORD)
    page.goto(live_url + reverse("network:paper_circle", args=[sanne.pk]))
    expect(page.get_by_role("img", name="Netwerkcirkel om in te vullen")).to_be_visible()
    expect(page.get_by_role("button", name="Printen")).to_be_visible()
    fits(page, width)
    audit(page)
    page.emulate_media(media="print")
    screenshot(page, f"conversation-paper-circle-{width}px")
    expect(page.get_by_role("button", name="Printen")).to_be_hidden()
    page.emulate_media(media="screen")
    page.goto(live_url + reverse("network:paper_card", args=[sanne.pk]))
    expect(page.locator(".card-questions > li")).to_have_count(4)
    fits(page, width)
    audit(page)
    page.goto(live_url + reverse("network:paper_entry", args=[sanne.pk]))
    page.get_by_label("Naam").first.fill("Oom Henk")
    page.get_by_role("button", name="Iedereen toevoegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies een deel van de cirkel voor Oom Henk.")
    expect(page.get_by_label("Naam").first).to_have_value("Oom Henk")
    fits(page, width)
    audit(page)
