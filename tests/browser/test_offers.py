"""From a "widen" idea to a local offer, on a phone (360 px) and with the keyboard only.

A job seeker whose circle has nobody from work, school or a club sees the idea to meet new
people with the places near her; she tabs to the job club, opens it and reads how to get in
touch; then she reads where her coach sent her. axe-core checks every page she visits, and no
page is wider than the phone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import Organisation, Role, User
from kring.network import services as network
from kring.network.models import NetworkProfile
from kring.offers.models import Offer, Referral
from tests.conftest import TEST_PASSWORD, make_organisation, make_user
from tests.offers.helpers import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 80
ROUTE = "Kom op dinsdag om 10 uur naar het buurthuis."


@pytest.fixture
def lotte() -> tuple[User, Offer]:
    organisation: Organisation = make_organisation()
    jobseeker = make_user(Role.JOBSEEKER, organisation=organisation, name="Lotte")
    network.contact_create(
        jobseeker=jobseeker, label="Lies", quadrant="family", ring=1, knows_searching="yes"
    )
    NetworkProfile.objects.filter(jobseeker=jobseeker).update(region="Testdorp en omgeving")
    club = make_offer(organisation, "Jobclub Testdorp", contact_route=ROUTE)
    make_offer(organisation, "Jobclub Elders", region="Elders")
    coach = make_user(Role.COACH, organisation=organisation, name="Mehmet")
    Referral.objects.create(
        jobseeker=jobseeker,
        offer=club,
        offer_name=club.name,
        referred_by=coach,
        referred_on=timezone.localdate(),
    )
    return jobseeker, club


def tab_to(page: Any, matches: str) -> None:
    """Press Tab until the focused element passes the JavaScript test `matches` (on `el`)."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({matches}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {matches}")


def fits(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, page.url


def test_it_follows_a_widen_idea_to_a_local_offer_with_the_keyboard(
    phone: Any,
    live_url: str,
    lotte: tuple[User, Offer],
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    jobseeker, club = lotte
    login(phone, jobseeker.email, TEST_PASSWORD)
    phone.goto(f"{live_url}/jobseekers/{jobseeker.pk}/plan/")
    idea = phone.locator("li.card", has_text="werk, school")
    expect(idea.get_by_text("Plekken bij jou in de buurt:")).to_be_visible()
    expect(idea.get_by_role("link", name="Jobclub Testdorp")).to_be_visible()
    expect(phone.get_by_role("link", name="Jobclub Elders")).to_have_count(0)
    audit(phone)
    fits(phone)
    screenshot(phone, "offers-1-plan-360")

    tab_to(phone, "el.textContent.trim() === 'Jobclub Testdorp'")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**/offers/{club.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Jobclub Testdorp")
    expect(phone.get_by_text(ROUTE)).to_be_visible()
    audit(phone)
    fits(phone)
    screenshot(phone, "offers-2-place-360")

    tab_to(phone, "el.textContent.trim() === 'Alle plekken in de buurt'")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/offers/")
    expect(phone.get_by_role("link", name="Jobclub Elders")).to_be_visible()
    audit(phone)
    fits(phone)

    phone.goto(f"{live_url}/jobseekers/{jobseeker.pk}/offers/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Plekken voor jou")
    row = phone.get_by_role("row", name="Jobclub Testdorp")
    expect(row).to_contain_text("door de coach")
    expect(row).to_contain_text("Nog niet bekend")
    audit(phone)
    fits(phone)
    screenshot(phone, "offers-3-referrals-360")
