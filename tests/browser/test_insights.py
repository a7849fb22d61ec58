"""Move a contact on the network and see the indicators change; audit the insight pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.network import services as network
from tests.conftest import TEST_PASSWORD, make_grant, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def value(page: Any, key: str) -> str:
    return str(page.locator(f'.indicator-value[data-key="{key}"]').inner_text()).strip()


def test_it_shows_indicators_change_after_a_move(
    browser: Any,
    browser_page: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
) -> None:
    jobseeker = make_user(Role.JOBSEEKER, name="Fenna")
    for label in ("Anna", "Bram"):
        network.contact_create(
            jobseeker=jobseeker,
            label=label,
            quadrant="friends",
            ring=2,
            influence=2,
        )
    network.contact_create(
        jobseeker=jobseeker,
        label="Cor",
        quadrant="work_school_club",
        ring=0,
        influence=1,
    )
    page = browser_page
    login(page, jobseeker.email, TEST_PASSWORD)
    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/insight/")
    assert value(page, "supportive") == "2"
    audit(page)

    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/network/table/")
    page.get_by_label("Ring voor Cor").select_option(value="3")
    page.get_by_role("button", name="Verplaatsen Cor").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="In beeld").first.click()
    assert value(page, "supportive") == "3"
    assert "3 mensen in je netwerk steunen je" in page.content()

    page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/instruments/")
    audit(page)
    page.get_by_role("link", name="Beantwoord de 6 vragen").click()
    audit(page)
    for question in (
        "Ik ervaar een leegte om me heen.",
        "Ik mis mensen om me heen.",
        "Vaak voel ik me in de steek gelaten.",
    ):
        page.get_by_role("group", name=question).get_by_label("nee").check()
    for question in (
        "Er zijn genoeg mensen op wie ik kan terugvallen als ik problemen heb.",
        "Ik ken veel mensen op wie ik helemaal kan vertrouwen.",
        "Er zijn genoeg mensen met wie ik me verbonden voel.",
    ):
        page.get_by_role("group", name=question).get_by_label("ja", exact=True).check()
    page.get_by_role("button", name="Bewaar mijn antwoorden").click()
    expect(page.get_by_text("Je antwoorden zijn bewaard.")).to_be_visible()
    coach = make_user(Role.COACH, name="Coach Insight")
    make_grant(jobseeker, coach)
    coach_context = browser.new_context()
    coach_page = coach_context.new_page()
    login(coach_page, coach.email, TEST_PASSWORD)
    coach_page.goto(f"{live_url}/jobseekers/{jobseeker.pk}/insight/")
    expect(coach_page.get_by_text("Krackhardt").first).to_be_visible()
    audit(coach_page)
    coach_context.close()
