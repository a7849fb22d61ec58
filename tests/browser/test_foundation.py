"""Sign in, give a coach access, the coach sees the job seeker, revoke, the coach gets 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_grants_and_revokes_access_in_the_browser(
    browser: Any,
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    organisation = make_organisation("Gemeente Browserdorp")
    jobseeker = make_user(Role.JOBSEEKER, organisation=organisation, name="Sanne")
    coach = make_user(Role.COACH, organisation=organisation, name="Mehmet")
    page = browser_page

    page.goto(f"{live_url}/login/")
    audit(page)
    login(page, jobseeker.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Hallo Sanne")).to_be_visible()
    audit(page)

    page.get_by_role("link", name="Wie mag mijn gegevens zien").first.click()
    page.get_by_role("combobox").select_option(label="Mehmet (Gemeente Browserdorp)")
    page.get_by_label("bekijken en aanpassen").check()
    audit(page)
    page.get_by_role("button", name="Geef toegang").click()
    expect(page.get_by_text("Mehmet heeft nu toegang.")).to_be_visible()
    audit(page)

    coach_context = browser.new_context(viewport={"width": 360, "height": 740})
    coach_page = coach_context.new_page()
    login(coach_page, coach.email, TEST_PASSWORD)
    coach_page.get_by_role("link", name="Sanne").click()
    expect(coach_page.get_by_role("heading", name="Waar Sanne staat")).to_be_visible()
    audit(coach_page)
    screenshot(coach_page, "foundation-coach-360px")
    detail_url = coach_page.url

    page.get_by_role("button", name="Stop toegang voor Mehmet").click()
    expect(page.get_by_text("Mehmet heeft geen toegang meer.")).to_be_visible()
    audit(page)

    response = coach_page.goto(detail_url)
    assert response is not None and response.status == 404
    audit(coach_page)
    coach_context.close()


def test_it_works_with_the_keyboard_alone(
    browser_page: Any, live_url: str, audit: Callable[[Any], None]
) -> None:
    user = make_user(Role.JOBSEEKER, name="Toetsenbord")
    page = browser_page
    page.goto(f"{live_url}/privacy/")
    page.keyboard.press("Tab")
    assert "Naar de inhoud" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{live_url}/login/")
    # The e-mail field has autofocus: type, Tab to the password, submit with Enter.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/")
    expect(page.get_by_role("heading", name="Hallo Toetsenbord")).to_be_visible()
    audit(page)


def test_it_switches_to_english_and_back(
    browser_page: Any, live_url: str, audit: Callable[[Any], None]
) -> None:
    page = browser_page
    page.goto(f"{live_url}/signup/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Sign up")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
