"""A coach of another organisation gets access through their code; the job seeker checks first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import AccessGrant, Role
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_gives_access_by_code_after_showing_the_organisation(
    browser: Any,
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
) -> None:
    jobseeker = make_user(
        Role.JOBSEEKER, organisation=make_organisation("Gemeente Codedorp"), name="Sanne"
    )
    coach = make_user(Role.COACH, organisation=make_organisation("Bureau Elders"), name="Olga")

    coach_context = browser.new_context()
    coach_page = coach_context.new_page()
    coach_page.goto(f"{live_url}/login/")
    login(coach_page, coach.email, TEST_PASSWORD)
    expect(coach_page.get_by_role("heading", name="Jouw code voor werkzoekenden")).to_be_visible()
    audit(coach_page)
    code = coach_page.locator(".grant-code strong").inner_text()
    coach_context.close()

    page = browser_page
    page.goto(f"{live_url}/login/")
    login(page, jobseeker.email, TEST_PASSWORD)
    page.get_by_role("link", name="Wie mag mijn gegevens zien").first.click()
    page.get_by_label("Code van je coach").fill(code.lower())
    page.get_by_label("bekijken en aanpassen").check()
    page.get_by_role("button", name="Geef toegang").click()
    expect(page.get_by_role("heading", name="Deze coach toegang geven?")).to_be_visible()
    expect(page.get_by_text("Bureau Elders")).to_be_visible()
    audit(page)
    assert not AccessGrant.objects.exists()
    page.get_by_role("button", name="Ja, geef Olga toegang").click()
    expect(page.get_by_text("Olga heeft nu toegang.")).to_be_visible()
    assert AccessGrant.objects.active().filter(coach=coach, jobseeker=jobseeker).exists()
