"""A coach's idea, on a phone (360 px): the coach adds it, the job seeker accepts it with the keyboard.

axe-core checks each page; neither page scrolls sideways at 360 px.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role
from kring.network import services as network
from kring.plan.models import Ask, CoachSuggestion
from tests.browser.conftest import page_in
from tests.browser.test_plan import tab_to
from tests.conftest import TEST_PASSWORD, make_grant, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDEA = "Vraag Mo of hij iemand kent bij de bouw."
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_it_takes_a_coachs_idea_from_the_coach_to_an_ask(
    browser: Any,
    phone: Any,
    live_url: str,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    organisation = make_organisation()
    jobseeker = make_user(Role.JOBSEEKER, organisation=organisation, name="Lotte")
    coach = make_user(Role.COACH, organisation=organisation, name="Carla")
    make_grant(jobseeker, coach)
    mo = network.contact_create(jobseeker=jobseeker, label="Mo", quadrant="friends", ring=2)
    plan_url = f"{live_url}/jobseekers/{jobseeker.pk}/plan/"

    # The coach writes the idea on a phone.
    login(phone, coach.email, TEST_PASSWORD)
    phone.goto(plan_url)
    form = phone.get_by_role("region", name="Geef Lotte een idee")
    form.get_by_label("Over wie?").select_option(label="Mo")
    form.get_by_label("Wat kan de werkzoekende vragen?").select_option("introduction")
    form.get_by_label("Je idee").fill(IDEA)
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    audit(phone)
    form.get_by_role("button", name="Idee toevoegen").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(plan_url)
    expect(phone.get_by_text("Je idee staat in het plan.")).to_be_visible()
    expect(phone.get_by_text("Idee van je coach Carla")).to_be_visible()
    screenshot(phone, "coach-plan-1-coach-360")
    idea = CoachSuggestion.objects.get(owner=jobseeker)

    # The job seeker sees it marked as Carla's and accepts it with the keyboard.
    for page in page_in(
        browser, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    ):
        login(page, jobseeker.email, TEST_PASSWORD)
        page.goto(plan_url)
        card = page.locator(f"li[data-suggestion='{idea.key}']")
        expect(card.get_by_text("Idee van je coach Carla")).to_be_visible()
        expect(card.get_by_text(IDEA)).to_be_visible()
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        audit(page)
        screenshot(page, "coach-plan-2-jobseeker-360")
        tab_to(page, f"el.value === 'accept' && el.form.key.value === '{idea.key}'")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        expect(page.get_by_text("Goed plan.", exact=False)).to_be_visible()
        expect(page.get_by_text(IDEA)).to_have_count(0)
        audit(page)
    ask = Ask.objects.get(owner=jobseeker)
    assert (ask.contact_id, ask.kind) == (mo.pk, "introduction")
