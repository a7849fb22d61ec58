"""From idea to ally, on a phone (360 px) and with the keyboard only (issue 12).

A job seeker sees "Wat kun je nu doen?" on her start page, opens her plan, accepts the idea to
ask Mo for an introduction, records that Mo helped, and then sees Mo as an ally ("bondgenoot")
on the map and the idea gone from her plan. axe-core checks every page she visits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from kring.accounts.models import Role, User
from kring.network import services as network
from kring.network.models import Contact
from tests.browser.conftest import page_in
from tests.conftest import TEST_PASSWORD, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDEA = "Vraag Mo of je iemand mag leren kennen die je aan werk kan helpen."
MAX_TABS = 80


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from page_in(
        browser, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )


@pytest.fixture
def lotte() -> tuple[User, Contact]:
    """A small network: Mo supports Lotte, knows she is looking and can introduce her."""
    jobseeker = make_user(Role.JOBSEEKER, organisation=make_organisation(), name="Lotte")
    mo = network.contact_create(
        jobseeker=jobseeker,
        label="Mo",
        quadrant="work_school_club",
        ring=2,
        influence=2,
        knows_searching="yes",
        can_introduce=True,
        employment="employed",
    )
    network.contact_create(
        jobseeker=jobseeker, label="Lies", quadrant="family", ring=1, knows_searching="yes"
    )
    return jobseeker, mo


def tab_to(page: Any, matches: str) -> None:
    """Press Tab until the focused element passes the JavaScript test `matches` (on `el`)."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({matches}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {matches}")


def test_it_makes_an_ally_from_an_accepted_idea_with_the_keyboard(
    phone: Any,
    live_url: str,
    lotte: tuple[User, Contact],
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    jobseeker, mo = lotte
    login(phone, jobseeker.email, TEST_PASSWORD)

    # The start page: the first idea is the next step, and "Wat kun je nu doen?" lists three.
    phone.goto(f"{live_url}/")
    expect(phone.locator("[data-step=suggestion]")).to_have_text(IDEA)
    ideas = phone.get_by_role("region", name="Wat kun je nu doen?")
    expect(ideas.get_by_role("listitem")).to_have_count(3)
    audit(phone)
    screenshot(phone, "plan-1-home-360")

    # To the plan with the keyboard, and accept the idea about Mo.
    tab_to(phone, "el.textContent.trim() === 'Bekijk je plan'")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**/jobseekers/{jobseeker.pk}/plan/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Wat kun je nu doen?")
    audit(phone)
    screenshot(phone, "plan-2-ideas-360")
    key = f"introduce:contact:{mo.pk}"
    tab_to(phone, f"el.value === 'accept' && el.form.key.value === '{key}'")
    phone.keyboard.press("Enter")
    phone.wait_for_load_state()
    expect(phone.get_by_text("Goed plan.", exact=False)).to_be_visible()
    expect(phone.get_by_text(IDEA)).to_have_count(0)
    audit(phone)

    # The ask is under "Je vragen": open it and record that Mo helped.
    tab_to(phone, "el.closest('tr') && el.closest('tr').textContent.includes('Mo')")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/outcome/")
    audit(phone)
    tab_to(phone, "el.type === 'radio'")
    for _press in range(12):
        if phone.evaluate("() => document.activeElement.value") == "helped":
            break
        phone.keyboard.press("ArrowDown")
    expect(phone.get_by_label("heeft geholpen")).to_be_checked()
    screenshot(phone, "plan-3-outcome-360")
    tab_to(phone, "el.type === 'submit'")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**/jobseekers/{jobseeker.pk}/plan/")
    expect(phone.get_by_text("De uitkomst is bewaard.", exact=False)).to_be_visible()
    expect(phone.get_by_text(IDEA)).to_have_count(0)
    audit(phone)
    screenshot(phone, "plan-4-after-360")

    # The map: Mo is an ally now, and the panel has loaded the plan's first ideas.
    phone.goto(f"{live_url}/jobseekers/{jobseeker.pk}/network/")
    node = phone.locator(f"a.node[data-id='{mo.pk}']").first
    expect(node).to_have_attribute("aria-label", re.compile("bondgenoot"))
    panel = phone.get_by_role("region", name="Wat kun je nu doen?")
    expect(panel.locator("[data-suggestion]").first).to_be_visible()
    expect(panel.get_by_text(IDEA)).to_have_count(0)
    expect(panel.get_by_role("link", name="Bekijk je plan")).to_be_visible()
    audit(phone)
    screenshot(phone, "plan-5-map-360")
    mo.refresh_from_db()
    assert mo.ally
