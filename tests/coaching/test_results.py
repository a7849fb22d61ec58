"""The organisation's results: small numbers hidden, also against differencing; empty periods."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Organisation, Role, User
from kring.coaching.results import SMALL_GROUP, organisation_results
from kring.network import services as network
from kring.plan import services as plan
from tests.conftest import bearer, client_for, make_organisation, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)  # in December: January to November have ended
YEAR = 2026


def jobseeker_in(organisation: Organisation, *, supporters: int = 1) -> User:
    """Return a job seeker with a first moment of one contact and `supporters` now."""
    person = make_user(Role.JOBSEEKER, organisation=organisation)
    network.contact_create(jobseeker=person, label="Eerst", quadrant="family", ring=1)
    network.snapshot_create(actor=person, jobseeker=person, name="Intake")
    for number in range(supporters):
        network.contact_create(
            jobseeker=person, label=f"Steun{number}", quadrant="friends", ring=2, influence=2
        )
    return person


def job_found(person: User, day: date) -> None:
    """Record that an ask of `person` ended in a job on `day`."""
    contact = network.contact_create(
        jobseeker=person, label="Baas", quadrant="work_school_club", ring=3
    )
    ask = plan.ask_create(
        jobseeker=person,
        actor=person,
        contact_id=contact.pk,
        kind="introduction",
        how="phone",
        asked_on=day,
    )
    plan.ask_record_outcome(
        jobseeker=person,
        actor=person,
        ask_id=ask.pk,
        version=ask.version,
        outcome="job",
        outcome_on=day,
    )


def city(size: int) -> tuple[Organisation, list[User]]:
    organisation = make_organisation()
    return organisation, [jobseeker_in(organisation, supporters=2) for _ in range(size)]


def jobs(organisation: Organisation, by: str) -> dict[str, int | None]:
    found = organisation_results(organisation, year=YEAR, by=by, today=TODAY)  # type: ignore[arg-type]
    return {period.label: period.cells["jobs"].value for period in found.periods}


def test_it_shows_a_number_only_when_ten_or_more_people_are_behind_it() -> None:
    organisation, people = city(SMALL_GROUP + 2)
    for person in people:
        job_found(person, date(YEAR, 2, 10))
    for person in people[: SMALL_GROUP - 1]:
        job_found(person, date(YEAR, 5, 10))
    by_month = jobs(organisation, "month")
    assert by_month["2026-02"] == SMALL_GROUP + 2
    assert by_month["2026-05"] is None  # nine people
    assert by_month["2026-07"] == 0  # nobody: nothing to hide


def test_it_hides_a_quarter_that_would_give_a_hidden_month_away() -> None:
    # January and February have 12 people each, March 3: the months view hides March. If the
    # quarter were shown, quarter minus January minus February would be March.
    organisation, people = city(SMALL_GROUP + 2)
    for person in people:
        job_found(person, date(YEAR, 1, 5))
        job_found(person, date(YEAR, 2, 5))
    for person in people[:3]:
        job_found(person, date(YEAR, 3, 5))
    months, quarters = jobs(organisation, "month"), jobs(organisation, "quarter")
    assert months["2026-03"] is None
    assert quarters["2026 Q1"] is None
    shown = {value for value in [*months.values(), *quarters.values()] if value is not None}
    # No shown number, nor any difference of two of them, equals March's 3 jobs.
    assert 3 not in shown
    assert 3 not in {a - b for a in shown for b in shown}
    assert 3 not in {a - b - c for a in shown for b in shown for c in shown}


def test_it_hides_the_zeros_of_a_month_whose_other_numbers_are_hidden() -> None:
    # Three people asked in March and none had an interview: "0 interviews" next to a hidden
    # count of asks would still say something about those three.
    organisation, people = city(SMALL_GROUP + 2)
    for person in people[:3]:
        job_found(person, date(YEAR, 3, 5))
    found = organisation_results(organisation, year=YEAR, by="month", today=TODAY)
    march = next(period for period in found.periods if period.label == "2026-03")
    assert {name: cell.value for name, cell in march.cells.items()} == dict.fromkeys(march.cells)
    april = next(period for period in found.periods if period.label == "2026-04")
    assert {cell.value for cell in april.cells.values()} == {0}  # nobody did anything


def test_it_shows_a_quarter_whose_months_are_all_hidden() -> None:
    organisation, people = city(SMALL_GROUP + 2)
    for month, group in ((4, people[:4]), (5, people[4:8]), (6, people[8:])):
        for person in group:
            job_found(person, date(YEAR, month, 3))
    assert [jobs(organisation, "month")[f"2026-0{m}"] for m in (4, 5, 6)] == [None, None, None]
    assert jobs(organisation, "quarter")["2026 Q2"] == SMALL_GROUP + 2


def test_it_does_not_show_a_period_that_has_not_ended() -> None:
    organisation, people = city(SMALL_GROUP)
    for person in people:
        job_found(person, date(YEAR, 12, 1))
    assert "2026-12" not in jobs(organisation, "month")
    assert "2026 Q4" not in jobs(organisation, "quarter")


def test_it_compares_medians_at_intake_and_now() -> None:
    organisation, _people = city(SMALL_GROUP)
    overview = organisation_results(organisation, year=YEAR, by="month", today=TODAY).overview
    assert overview.job_seekers == SMALL_GROUP
    assert overview.with_intake == SMALL_GROUP
    assert overview.supportive_at_intake == 0
    assert overview.supportive_now == 2


def test_it_takes_the_first_moment_as_the_intake_and_the_older_one_of_a_tie() -> None:
    from kring.network.models import Snapshot

    organisation, people = city(SMALL_GROUP)
    for person in people:
        network.snapshot_create(actor=person, jobseeker=person, name="Later")
    # Half of the later moments carry the same time as the intake: the older row still counts.
    for person in people[: SMALL_GROUP // 2]:
        intake, later = Snapshot.objects.filter(owner=person).order_by("id")
        Snapshot.objects.filter(pk=later.pk).update(taken_at=intake.taken_at)
    overview = organisation_results(organisation, year=YEAR, by="month", today=TODAY).overview
    assert overview.with_intake == SMALL_GROUP
    assert overview.supportive_at_intake == 0  # the later moments hold two supporters
    assert overview.supportive_now == 2


def test_it_hides_everything_in_an_organisation_of_fewer_than_ten() -> None:
    organisation, _people = city(SMALL_GROUP - 1)
    overview = organisation_results(organisation, year=YEAR, by="month", today=TODAY).overview
    assert overview.job_seekers is None
    assert overview.supportive_now is None
    assert overview.share_with_ally is None


def test_it_hides_a_share_whose_other_side_is_a_small_group() -> None:
    # 11 of 12 without an ally: the share would say that one person has one.
    organisation, people = city(SMALL_GROUP + 2)
    job_found(people[0], date(YEAR, 3, 1))  # the person who found the job becomes an ally
    overview = organisation_results(organisation, year=YEAR, by="month", today=TODAY).overview
    assert overview.job_seekers == SMALL_GROUP + 2
    assert overview.share_with_ally is None


def test_it_hides_the_intake_count_when_the_rest_is_a_small_group() -> None:
    organisation, _people = city(SMALL_GROUP + 1)
    make_user(Role.JOBSEEKER, organisation=organisation)  # no moment yet
    network.contact_create(
        jobseeker=User.objects.filter(organisation=organisation).latest("id"),
        label="Anna",
        quadrant="family",
        ring=1,
    )
    overview = organisation_results(organisation, year=YEAR, by="month", today=TODAY).overview
    assert overview.job_seekers == SMALL_GROUP + 2
    assert overview.with_intake is None


def test_it_explains_a_year_without_data_and_a_year_that_has_not_ended() -> None:
    organisation, _people = city(SMALL_GROUP)
    admin = make_user(Role.ADMIN, organisation=organisation)
    client = client_for(admin)
    page = client.get(reverse("results:results"), {"year": "2024", "by": "quarter"})
    assert page.status_code == 200
    assert page.context["results"].empty_reason == "no_data"
    assert page.context["results"].periods == []
    page = client.get(reverse("results:results"), {"year": 2099})
    assert page.context["results"].empty_reason == "not_ended"


def test_it_refuses_a_wrong_year_with_a_message_and_keeps_the_overview() -> None:
    organisation, _people = city(SMALL_GROUP)
    client = client_for(make_user(Role.ADMIN, organisation=organisation))
    page = client.get(reverse("results:results"), {"year": "twee", "by": "week"})
    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"year", "by"}
    assert page.context["results"].overview.job_seekers == SMALL_GROUP
    download = client.get(reverse("results:results_csv"), {"year": "1492"})
    assert download.status_code == 400
    assert "year" in download.context["form"].errors


def test_it_exports_the_shown_numbers_as_csv_and_no_hidden_ones() -> None:
    organisation, people = city(SMALL_GROUP + 2)
    for person in people[:4]:
        job_found(person, date(YEAR, 3, 5))
    client = client_for(make_user(Role.ADMIN, organisation=organisation))
    response = client.get(reverse("results:results_csv"), {"year": str(YEAR), "by": "month"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    march = next(r for r in rows if r["period"] == "2026-03" and r["measure"] == "jobs")
    assert march["value"] == ""
    assert march["note"].startswith("hidden")
    assert next(r for r in rows if r["measure"] == "job_seekers")["value"] == str(SMALL_GROUP + 2)
    assert "4" not in {r["value"] for r in rows if r["measure"] in ("jobs", "introductions")}
    page = client.get(reverse("results:results"), {"year": str(YEAR), "by": "month"})
    march_row = page.content.decode().split('data-period="2026-03"')[1].split("</tr>")[0]
    assert 'data-measure="jobs"' in march_row
    assert "results-hidden" in march_row.split('data-measure="jobs"')[1]


def test_it_reads_the_results_of_the_admins_own_organisation_only() -> None:
    organisation, _people = city(SMALL_GROUP)
    other, _others = city(SMALL_GROUP + 3)
    body = Client()
    body.force_login(make_user(Role.ADMIN, organisation=organisation))
    page = body.get(reverse("results:results"))
    assert page.context["results"].overview.job_seekers == SMALL_GROUP
    assert other.pk != organisation.pk


def test_it_gives_the_results_by_api_with_hidden_numbers_as_null() -> None:
    organisation, people = city(SMALL_GROUP + 2)
    for person in people[:4]:
        job_found(person, date(YEAR, 3, 5))
    admin = make_user(Role.ADMIN, organisation=organisation)
    response = Client(headers=bearer(admin)).get(
        "/api/v1/organisation/results", {"year": str(YEAR), "by": "quarter"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["overview"]["job_seekers"] == SMALL_GROUP + 2
    q1 = next(period for period in body["periods"] if period["label"] == "2026 Q1")
    assert q1["counts"]["jobs"] is None
    assert (
        Client(headers=bearer(admin))
        .get("/api/v1/organisation/results", {"year": 1999})
        .status_code
        == 422
    )


@pytest.mark.parametrize("role", [Role.JOBSEEKER, Role.COACH])
def test_it_answers_404_to_anyone_but_an_admin(role: str) -> None:
    organisation, _people = city(1)
    client = client_for(make_user(role, organisation=organisation))
    for name in ("results", "results_csv", "audit", "audit_csv"):
        assert client.get(reverse(f"results:{name}")).status_code == 404, name
