"""A network meeting, on a phone (360 px) and with the keyboard only (issue 12).

Lotte opens her plan, goes to "Netwerkberaad", plans a meeting, puts Mo on the list and then
someone Mo named, writes down the plan (Mo asks his boss), and prints the plan. axe-core checks
every page she visits; the printed plan shows the plan and no menus or forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role, User
from kring.meetings.models import CircleMeeting, PlanItem
from kring.network import services as network
from kring.network.models import Contact
from tests.browser.conftest import ARTIFACTS
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120


@pytest.fixture
def lotte() -> tuple[User, Contact]:
    jobseeker = make_user(Role.JOBSEEKER, organisation=make_organisation(), name="Lotte")
    mo = network.contact_create(
        jobseeker=jobseeker, label="Mo", quadrant="work_school_club", ring=2, influence=2
    )
    network.contact_create(jobseeker=jobseeker, label="Lies", quadrant="family", ring=1)
    return jobseeker, mo


def tab_to(page: Any, matches: str) -> None:
    """Press Tab until the focused element passes the JavaScript test `matches` (on `el`)."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({matches}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {matches}")


def fill_by_keyboard(page: Any, field_id: str, text: str) -> None:
    tab_to(page, f"el.id === '{field_id}'")
    page.keyboard.type(text)


def fill_date(page: Any, field_id: str, iso: str) -> None:
    # Reached with Tab; the value is set as ISO, because the order of the day, month and year
    # parts a date field takes from the keyboard follows Chromium's own language, not the page's.
    tab_to(page, f"el.id === '{field_id}'")
    page.locator(f"#{field_id}").fill(iso)


def select_by_keyboard(page: Any, field_id: str, label: str) -> None:
    tab_to(page, f"el.id === '{field_id}'")
    for _press in range(20):
        if (
            page.evaluate("() => document.activeElement.selectedOptions[0].textContent.trim()")
            == label
        ):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label} is not a choice of {field_id}")


def submit_by_keyboard(page: Any, text: str) -> None:
    tab_to(page, f"el.type === 'submit' && el.textContent.trim() === '{text}'")
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_it_plans_a_meeting_and_prints_its_plan_with_the_keyboard(
    phone: Any,
    live_url: str,
    lotte: tuple[User, Contact],
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    jobseeker, mo = lotte
    login(phone, jobseeker.email, TEST_PASSWORD)

    phone.goto(f"{live_url}/jobseekers/{jobseeker.pk}/plan/")
    tab_to(phone, "el.textContent.trim() === 'Naar je netwerkberaad'")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**/jobseekers/{jobseeker.pk}/meetings/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Netwerkberaad")
    audit(phone)
    screenshot(phone, "meetings-1-list-360")

    fill_by_keyboard(phone, "id_question", "Hoe vind ik werk in een winkel?")
    fill_date(phone, "id_meets_on", "2026-06-01")
    fill_by_keyboard(phone, "id_place", "Bij mij thuis")
    submit_by_keyboard(phone, "Bewaren")
    expect(phone.get_by_text("Je netwerkberaad is bewaard.", exact=False)).to_be_visible()
    meeting = CircleMeeting.objects.get(owner=jobseeker)
    assert meeting.evaluate_on is not None and meeting.evaluate_on.isoformat() == "2026-06-29"
    audit(phone)

    # Mo on the list, then the person Mo named: the snowball.
    select_by_keyboard(phone, "id_invitee-contact", "Mo")
    submit_by_keyboard(phone, "Zet op de lijst")
    expect(phone.get_by_text("Vraag Mo: wie wil er nog meer meedenken?")).to_be_visible()
    fill_by_keyboard(phone, "id_invitee-new_label", "Sam")
    select_by_keyboard(phone, "id_invitee-suggested_by", "Mo")
    submit_by_keyboard(phone, "Zet op de lijst")
    expect(phone.get_by_role("rowheader", name="Sam")).to_be_visible()
    audit(phone)
    screenshot(phone, "meetings-2-list-of-people-360")

    # The plan: Mo asks his boss by mid June.
    tab_to(phone, "el.name === 'item-who' && el.value === 'jobseeker'")
    for _press in range(3):
        if phone.evaluate("() => document.activeElement.value") == "contact":
            break
        phone.keyboard.press("ArrowDown")
    select_by_keyboard(phone, "id_item-contact", "Mo")
    fill_by_keyboard(phone, "id_item-task", "Vraagt zijn baas naar werk")
    fill_date(phone, "id_item-due_on", "2026-06-15")
    submit_by_keyboard(phone, "Zet in het plan")
    expect(phone.get_by_text("Het plan is bewaard.", exact=False)).to_be_visible()
    item = PlanItem.objects.get(meeting=meeting)
    assert item.contact_id == mo.pk and item.ask is not None
    audit(phone)
    screenshot(phone, "meetings-3-plan-360")

    # The printed plan: the plan itself, no menus, no forms.
    tab_to(phone, "el.textContent.trim() === 'Print het plan'")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/print/")
    audit(phone)
    phone.emulate_media(media="print")
    expect(phone.get_by_role("cell", name="Vraagt zijn baas naar werk")).to_be_visible()
    expect(phone.locator(".site-header")).to_be_hidden()
    expect(phone.locator("[data-print]")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.pdf(path=str(ARTIFACTS / "meetings-plan.pdf"), format="A4")
    screenshot(phone, "meetings-4-print")
