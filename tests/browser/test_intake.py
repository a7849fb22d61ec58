"""Intake at the desk in a real browser: the coach prints a code, the job seeker takes over."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import AccessGrant, Role, User
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mijn-eigen-wachtwoord-77"


@pytest.mark.parametrize("viewport", ["browser_page", "phone"])
def test_it_hands_over_an_account_made_at_the_desk(
    request: pytest.FixtureRequest,
    viewport: str,
    browser: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
) -> None:
    page = request.getfixturevalue(viewport)
    coach = make_user(Role.COACH, organisation=make_organisation("Gemeente Balie"), name="Mehmet")

    login(page, coach.email, TEST_PASSWORD)
    page.goto(f"{live_url}/intake/")
    expect(page.get_by_role("heading", name="Intake aan de balie")).to_be_visible()
    expect(page.get_by_text("Meedoen is vrijwillig.")).to_be_visible()
    audit(page)
    page.get_by_label("Voornaam van de werkzoekende").fill("Fatima")
    page.get_by_label("op papier").check()
    page.get_by_label("bekijken en aanpassen").check()
    page.get_by_role("button", name="Maak het account en print de code").click()
    expect(page.get_by_role("heading", name="Je account in Kring, Fatima")).to_be_visible()
    expect(page.get_by_role("button", name="Printen")).to_be_visible()
    audit(page)
    code = page.locator(".handover-code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    jobseeker = User.objects.get(name="Fatima")
    assert AccessGrant.objects.active().filter(jobseeker=jobseeker, coach=coach).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # The coach's page about this job seeker's access.
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/access/")
    expect(page.get_by_role("heading", name="Toegang en overdracht: Fatima")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Uitloggen").click()

    # At home, the job seeker takes over with the code (typed in small letters, no dashes).
    page.goto(f"{live_url}/handover/")
    expect(page.get_by_role("heading", name="Neem je account over")).to_be_visible()
    audit(page)
    page.get_by_label("Code van het papier").fill(code.replace("-", "").lower())
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Neem mijn account over").click()
    expect(page.get_by_role("heading", name="Je account is klaar")).to_be_visible()
    audit(page)
    jobseeker.refresh_from_db()
    expect(page.get_by_text(jobseeker.login_name, exact=True)).to_be_visible()

    # The same code a second time: a clear page, nothing changed.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(f"{live_url}/handover/")
    page.get_by_label("Code van het papier").fill(code)
    page.get_by_label("Wachtwoord", exact=True).fill("een-ander-wachtwoord-1")
    page.get_by_label("Wachtwoord nog een keer").fill("een-ander-wachtwoord-1")
    page.get_by_role("button", name="Neem mijn account over").click()
    expect(page.get_by_role("heading", name="Deze code werkt niet")).to_be_visible()
    audit(page)

    # Signing in with the login name works; the access page says what happened.
    login(page, jobseeker.login_name, PASSWORD)
    page.goto(f"{live_url}/access/")
    expect(page.get_by_text("Mehmet heeft samen met jou je account gemaakt.")).to_be_visible()
    audit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", ["browser_page", "phone"])
def test_it_gives_a_new_password_at_the_desk_to_someone_without_e_mail(
    request: pytest.FixtureRequest,
    viewport: str,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
) -> None:
    page = request.getfixturevalue(viewport)
    coach = make_user(Role.COACH, organisation=make_organisation("Gemeente Balie"), name="Mehmet")
    jobseeker = make_user(organisation=coach.organisation, name="Fatima", email="x@example.org")
    User.objects.filter(pk=jobseeker.pk).update(email=None, login_name="fatima-1234")
    AccessGrant.objects.create(
        jobseeker=jobseeker, coach=coach, organisation=coach.organisation, scope="edit"
    )

    login(page, coach.email, TEST_PASSWORD)
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/access/")
    page.get_by_text("Nieuw wachtwoord", exact=True).click()  # opens the folded part
    page.get_by_label("De werkzoekende is hier bij mij en vroeg om een nieuw wachtwoord.").check()
    page.get_by_role("button", name="Maak en print een code voor een nieuw wachtwoord").click()
    expect(page.get_by_role("heading", name="Een nieuw wachtwoord, Fatima")).to_be_visible()
    audit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    code = page.locator(".handover-code strong").inner_text()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(f"{live_url}/handover/password/")
    expect(page.get_by_role("heading", name="Kies een nieuw wachtwoord")).to_be_visible()
    audit(page)
    page.get_by_label("Code van het papier").fill(code)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Bewaar mijn nieuwe wachtwoord").click()
    expect(page.get_by_role("heading", name="Je nieuwe wachtwoord is bewaard")).to_be_visible()
    expect(page.get_by_text("fatima-1234", exact=True)).to_be_visible()
    audit(page)

    login(page, "fatima-1234", PASSWORD)
    page.goto(f"{live_url}/access/log/")
    expect(page.get_by_text("Mehmet").first).to_be_visible()
    audit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
