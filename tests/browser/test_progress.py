"""Voortgang on a phone (360 px): from the plan to the progress page, read without sideways scrolling.

axe-core checks the page; the charts have their table, and the wide table shows each moment as a
block with the column names, instead of making the page wider than the phone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kring.accounts.models import AccessGrant, Role, User
from kring.network import services as network
from kring.plan import services
from tests.conftest import TEST_PASSWORD, make_grant, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mila() -> User:
    """Mila started 30 days ago; Mo helped her 21 days ago, after her first moment."""
    organisation = make_organisation()
    jobseeker = make_user(Role.JOBSEEKER, organisation=organisation, name="Mila")
    grant = make_grant(jobseeker, make_user(Role.COACH, organisation=organisation))
    AccessGrant.objects.filter(pk=grant.pk).update(created_at=timezone.now() - timedelta(days=30))
    mo = network.contact_create(
        jobseeker=jobseeker, label="Mo", quadrant="work_school_club", ring=2, influence=1
    )
    network.snapshot_create(actor=jobseeker, jobseeker=jobseeker, name="Begin")
    today = timezone.localdate()
    ask = services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=mo.pk,
        kind="introduction",
        how="phone",
        asked_on=today - timedelta(days=25),
    )
    services.ask_record_outcome(
        jobseeker=jobseeker,
        actor=jobseeker,
        ask_id=ask.pk,
        version=ask.version,
        outcome="new_contact",
        outcome_on=today - timedelta(days=21),
        new_contact_label="Yara",
    )
    return jobseeker


def test_it_shows_progress_on_a_phone(
    phone: Any,
    live_url: str,
    mila: User,
    login: Callable[..., None],
    audit: Callable[[Any], None],
    screenshot: Callable[[Any, str], Any],
) -> None:
    login(phone, mila.email, TEST_PASSWORD)
    phone.goto(f"{live_url}/jobseekers/{mila.pk}/plan/")
    phone.get_by_role("link", name="Bekijk je voortgang").click()
    phone.wait_for_url(f"**/jobseekers/{mila.pk}/plan/progress/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Je voortgang")
    expect(phone.get_by_text("Je eerste bondgenoot was Mo", exact=False)).to_be_visible()
    expect(phone.get_by_text("Dat was 9 dagen na de start.")).to_be_visible()
    timeline = phone.get_by_role("list", name="Dag voor dag")
    expect(timeline.get_by_role("listitem")).to_have_count(3)
    expect(timeline.get_by_text("Je eerste bondgenoot!")).to_be_visible()
    # Each chart is an image with a text alternative, and the numbers are in a table.
    expect(phone.get_by_role("img", name="Bondgenoten", exact=False)).to_be_visible()
    table = phone.get_by_role("table", name="De getallen per moment")
    expect(table.get_by_role("row")).to_have_count(3)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"
    audit(phone)
    screenshot(phone, "progress-360")
    # On the phone each moment is a block; each number says which column it belongs to.
    expect(table.get_by_role("row").last.get_by_text("Steunen je:")).to_be_visible()
