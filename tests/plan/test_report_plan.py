"""The printed report's plan section: ideas, open asks, asks that are done, allies."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import Role, Scope, User
from kring.network import services as network
from kring.plan import services
from kring.plan.models import Ask
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def report_of(client_user: User, jobseeker: User) -> str:
    response = client_for(client_user).get(reverse("exchange:report", args=[jobseeker.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading: str) -> str:
    """Return the text of the plan section's block under the h3 `heading`."""
    plan = html[html.index('id="report-plan-heading"') :]
    match = re.search(rf"<h3>{re.escape(heading)}</h3>(.*?)</div>", plan, re.S)
    assert match, heading
    return match.group(1)


def test_it_prints_the_plan_with_ideas_asks_and_allies(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    today = timezone.localdate()
    anna = network.contact_create(
        jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2, knows_searching="yes"
    )
    bo = network.contact_create(jobseeker=jobseeker, label="Bo", quadrant="family", ring=1)
    services.coach_suggestion_create(
        jobseeker=jobseeker, actor=coach, kind="support", text="Ga naar de banenclub."
    )
    services.ask_create(
        jobseeker=jobseeker,
        actor=coach,
        contact_id=anna.pk,
        kind="job_leads",
        how="phone",
        asked_on=today,
        follow_up=today + timedelta(days=3),
    )
    helped = services.ask_create(
        jobseeker=jobseeker,
        actor=jobseeker,
        contact_id=bo.pk,
        kind="reference",
        how="email",
        asked_on=today - timedelta(days=9),
    )
    services.ask_record_outcome(
        jobseeker=jobseeker, actor=jobseeker, ask_id=helped.pk, version=1, outcome="helped"
    )
    html = report_of(jobseeker, jobseeker)
    assert "volgende versie" not in html
    assert "Idee van je coach Carla: Ga naar de banenclub." in section(html, "Ideeën")
    open_asks = section(html, "Open vragen")
    assert "Anna (toegevoegd door de coach)" in open_asks
    assert (today + timedelta(days=3)).strftime("%d-%m-%Y") in open_asks
    assert "Bo" not in open_asks
    done = section(html, "Vragen die klaar zijn")
    assert "Bo" in done and "geholpen" in done and "Anna" not in done
    assert "Deze mensen willen helpen: Bo." in section(html, "Bondgenoten")
    # A coach with a view grant prints the same plan.
    viewer = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, viewer, Scope.VIEW)
    assert "Anna (toegevoegd door de coach)" in report_of(viewer, jobseeker)


def test_it_says_so_when_the_plan_is_empty(jobseeker: User) -> None:
    html = report_of(jobseeker, jobseeker)
    assert "Geen open vragen." in section(html, "Open vragen")
    assert "Nog geen vragen klaar." in section(html, "Vragen die klaar zijn")
    assert "Nog geen bondgenoten." in section(html, "Bondgenoten")


def test_it_prints_the_ten_latest_done_asks_and_counts_the_rest(jobseeker: User) -> None:
    today = timezone.localdate()
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    Ask.objects.bulk_create(
        Ask(
            owner=jobseeker,
            contact=anna,
            contact_label="Anna",
            kind="support",
            how="phone",
            asked_on=today - timedelta(days=day),
            outcome="no",
            outcome_on=today - timedelta(days=day),
        )
        for day in range(12)
    )
    done = section(report_of(jobseeker, jobseeker), "Vragen die klaar zijn")
    assert done.count("<tr>") == 11  # the header and ten asks
    assert today.strftime("%d-%m-%Y") in done
    assert (today - timedelta(days=11)).strftime("%d-%m-%Y") not in done
    assert "En nog 2 vragen in Kring." in done
