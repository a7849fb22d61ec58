"""The generator and the dashboards benchmark run with small numbers, so they cannot rot."""

from __future__ import annotations

from datetime import date

import pytest

from kring.accounts.models import AccessGrant, Organisation, Role, User
from kring.bench import dashboards, generate
from kring.coaching.results import organisation_results
from kring.network.models import Contact, IndicatorSummary, Snapshot
from kring.plan.models import Ask
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_fills_an_organisation_the_way_kring_stores_it() -> None:
    made = generate.generate(job_seekers=12, coaches=3, largest_caseload=5, contacts=10, seed=3)
    organisation = Organisation.objects.get(name=made.organisation_name)
    people = User.objects.filter(organisation=organisation, role=Role.JOBSEEKER)
    assert people.count() == 12
    first_coach = User.objects.get(email=made.coach_email)
    assert AccessGrant.objects.filter(coach=first_coach).count() == 5
    assert Contact.objects.filter(owner__in=people).count() == made.contacts
    assert Ask.objects.filter(owner__in=people).count() == made.asks > 0
    # Every job seeker has a current summary and an intake moment with its own summary.
    assert IndicatorSummary.objects.filter(jobseeker__in=people, snapshot=None).count() == 12
    assert Snapshot.objects.filter(owner__in=people, name="Intake").count() == 12
    assert IndicatorSummary.objects.filter(snapshot__owner__in=people).count() == made.moments
    current = IndicatorSummary.objects.filter(jobseeker__in=people, snapshot=None)
    assert all(s.allies == s.values["allies"] for s in current)
    overview = organisation_results(
        organisation, year=2026, by="month", today=date(2026, 12, 2)
    ).overview
    assert overview.job_seekers == 12


def test_it_refuses_a_database_that_holds_people() -> None:
    make_user(Role.COACH)
    assert "already holds people" in generate.refusal_reason()
    assert generate.main(["--job-seekers", "1"]) == 2
    assert not Organisation.objects.filter(name__endswith="(generated)").exists()


def test_the_dashboards_benchmark_prints_both_pages_with_targets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    generate.generate(job_seekers=12, coaches=2, largest_caseload=10, contacts=8, seed=1)
    organisation = dashboards._generated_organisation()
    assert organisation is not None
    status = dashboards._run(organisation, requests=2)
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "caseload of 10 job seekers" in out
    assert "organisation results" in out and "target <= 500" in out
