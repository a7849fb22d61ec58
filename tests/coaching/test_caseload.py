"""The caseload: a coach's start page lists every job seeker with an active grant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import AccessGrant, Role, Scope, User
from kring.accounts.services import grant_revoke
from kring.coaching.caseload import CaseloadQuery, caseload_for
from kring.core.models import AccessLogEntry, Action
from kring.network import services as network
from kring.network.models import Contact, IndicatorSummary
from tests.coaching.helpers import ask_of, jobseeker_with_network
from tests.conftest import client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def rows_of(coach: User, query: str = "") -> list[str]:
    response = client_for(coach).get(reverse("home") + query)
    assert response.status_code == 200
    return [row.name for row, _light, _change in response.context["rows"]]


def test_it_is_the_coachs_start_page(coach: User) -> None:
    jobseeker_with_network(coach, name="Sanne", supporters=2)
    response = client_for(coach).get(reverse("home"))
    assert "coaching/caseload.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Sanne" in body
    assert response.context["grant_code"].coach == coach


def test_it_keeps_the_admins_start_page(org_admin: User) -> None:
    response = client_for(org_admin).get(reverse("home"))
    assert response["Location"] == reverse("organisation_coaches")


def test_it_lists_only_job_seekers_with_an_active_grant(coach: User) -> None:
    jobseeker_with_network(coach, name="Met toegang")
    viewer = jobseeker_with_network(coach, name="Alleen kijken", scope=Scope.VIEW)
    revoked = jobseeker_with_network(coach, name="Ingetrokken")
    grant_revoke(jobseeker=revoked, grant_id=AccessGrant.objects.get(jobseeker=revoked).pk)
    make_user(Role.JOBSEEKER, organisation=coach.organisation, name="Zonder toegang")
    other_coach = make_user(Role.COACH, organisation=coach.organisation)
    jobseeker_with_network(other_coach, name="Van een ander")
    assert sorted(rows_of(coach)) == ["Alleen kijken", "Met toegang"]
    rows = caseload_for(coach, CaseloadQuery()).rows
    assert {r.name: r.can_edit for r in rows} == {"Alleen kijken": False, "Met toegang": True}
    assert viewer.pk in {r.jobseeker_id for r in rows}


def test_it_keeps_organisations_apart(coach: User) -> None:
    other_org = make_organisation()
    stranger_coach = make_user(Role.COACH, organisation=other_org)
    jobseeker_with_network(stranger_coach, name="Elders")
    jobseeker_with_network(coach, name="Hier")
    assert rows_of(coach) == ["Hier"]
    assert rows_of(stranger_coach) == ["Elders"]


def test_it_shows_nothing_to_a_coach_who_was_switched_off(coach: User) -> None:
    jobseeker_with_network(coach, name="Sanne")
    coach.is_active = False
    coach.save()
    assert caseload_for(coach, CaseloadQuery()).rows == []


def test_it_reads_the_light_supporters_allies_and_who_knows_from_the_summary(coach: User) -> None:
    sanne = jobseeker_with_network(coach, name="Sanne", supporters=3, others=1)
    contact = Contact.objects.filter(owner=sanne).first()
    assert contact is not None
    network.contact_update(
        jobseeker=sanne, contact_id=contact.pk, version=contact.version, knows_searching="yes"
    )
    # A contact becomes an ally through an ask's outcome (kring.plan); here directly.
    Contact.objects.filter(pk=contact.pk).update(ally=True)
    network.network_changed(sanne)
    [row] = caseload_for(coach, CaseloadQuery()).rows
    summary = IndicatorSummary.objects.get(jobseeker=sanne, snapshot=None)
    assert (row.light, row.supportive, row.size) == (summary.light, 3, 4)
    assert row.allies == summary.allies == 1
    assert row.aware == 1


def test_it_puts_red_first_and_filters_by_light(coach: User) -> None:
    jobseeker_with_network(coach, name="Oranje", supporters=2)
    jobseeker_with_network(coach, name="Rood", others=2)
    lights = {r.name: r.light for r in caseload_for(coach, CaseloadQuery()).rows}
    assert lights == {"Oranje": "orange", "Rood": "red"}
    assert rows_of(coach) == ["Rood", "Oranje"]
    assert rows_of(coach, "?sort=name") == ["Oranje", "Rood"]
    assert rows_of(coach, "?filter=red") == ["Rood"]
    assert rows_of(coach, "?filter=red&filter=orange&filter=green") == rows_of(coach)


def test_it_finds_a_job_seeker_by_part_of_the_name(coach: User) -> None:
    jobseeker_with_network(coach, name="Sanne de Vries")
    jobseeker_with_network(coach, name="Mehmet")
    assert rows_of(coach, "?q=sanne") == ["Sanne de Vries"]
    body = client_for(coach).get(reverse("home") + "?q=niemand").content.decode()
    assert "Niemand past bij deze zoekvraag" in body


def test_it_ignores_unknown_filters_with_a_message(coach: User) -> None:
    jobseeker_with_network(coach, name="Sanne")
    response = client_for(coach).get(reverse("home") + "?filter=paars&sort=leeftijd&page=x")
    assert response.status_code == 200
    assert [r.name for r, _l, _c in response.context["rows"]] == ["Sanne"]
    body = response.content.decode()
    assert "“paars”" in body
    assert "“leeftijd”" in body


def test_it_counts_open_and_overdue_asks(coach: User) -> None:
    today = timezone.localdate()
    sanne = jobseeker_with_network(coach, name="Sanne")
    ask_of(sanne, asked_on=today - timedelta(days=20), follow_up=today - timedelta(days=2))
    ask_of(sanne, asked_on=today, follow_up=today + timedelta(days=3))
    ask_of(sanne, asked_on=today, follow_up=today)
    jobseeker_with_network(coach, name="Bram")
    rows = {r.name: r for r in caseload_for(coach, CaseloadQuery()).rows}
    assert (rows["Sanne"].open_asks, rows["Sanne"].overdue) == (3, 1)
    assert (rows["Bram"].open_asks, rows["Bram"].overdue) == (0, 0)
    assert rows_of(coach, "?filter=overdue") == ["Sanne"]
    assert rows_of(coach, "?sort=overdue")[0] == "Sanne"


def test_it_finds_job_seekers_where_nothing_happened_for_30_days(coach: User) -> None:
    quiet = jobseeker_with_network(coach, name="Stil", supporters=1)
    busy = jobseeker_with_network(coach, name="Druk", supporters=1)
    long_ago = timezone.now() - timedelta(days=45)
    User.objects.filter(pk__in=[quiet.pk, busy.pk]).update(date_joined=long_ago)
    IndicatorSummary.objects.filter(jobseeker__in=[quiet, busy]).update(computed_at=long_ago)
    ask_of(busy, asked_on=timezone.localdate())  # an ask counts as activity
    assert rows_of(coach, "?filter=quiet") == ["Stil"]
    assert rows_of(coach, "?sort=activity")[0] == "Stil"


def test_it_shows_the_change_since_the_last_moment(coach: User) -> None:
    sanne = jobseeker_with_network(coach, name="Sanne", supporters=1)
    network.snapshot_create(actor=sanne, jobseeker=sanne, name="Begin")
    network.contact_create(jobseeker=sanne, label="Nieuw", quadrant="friends", ring=2, influence=1)
    network.contact_create(
        jobseeker=sanne, label="Nog een", quadrant="friends", ring=2, influence=1
    )
    jobseeker_with_network(coach, name="Zonder moment", supporters=1)
    rows = {r.name: r for r in caseload_for(coach, CaseloadQuery()).rows}
    assert rows["Sanne"].supportive_change == 2
    assert rows["Sanne"].moment_at is not None
    assert rows["Zonder moment"].supportive_change is None
    body = client_for(coach).get(reverse("home")).content.decode()
    assert "steun +2" in body
    assert "nog geen moment" in body


def test_it_does_not_say_nothing_changed_when_a_moment_kept_no_numbers(coach: User) -> None:
    sanne = jobseeker_with_network(coach, name="Sanne", supporters=1)
    moment = network.snapshot_create(actor=sanne, jobseeker=sanne, name="Begin")
    IndicatorSummary.objects.filter(snapshot=moment).delete()  # as a moment saved before
    network.contact_create(jobseeker=sanne, label="Nieuw", quadrant="friends", ring=2, influence=1)
    body = client_for(coach).get(reverse("home")).content.decode()
    assert "niets veranderd" not in body
    assert "niet bekend" in body


def test_it_pages_the_caseload(coach: User) -> None:
    for number in range(27):
        jobseeker_with_network(coach, name=f"Werkzoekende {number:02d}")
    first = client_for(coach).get(reverse("home") + "?sort=name")
    assert len(first.context["rows"]) == 25
    assert first.context["caseload"].pages == 2
    second = client_for(coach).get(reverse("home") + "?sort=name&page=2")
    assert [r.name for r, _l, _c in second.context["rows"]] == [
        "Werkzoekende 25",
        "Werkzoekende 26",
    ]
    beyond = client_for(coach).get(reverse("home") + "?sort=name&page=99")
    assert len(beyond.context["rows"]) == 2


def test_it_asks_the_database_the_same_number_of_times_for_1_or_20_job_seekers(
    coach: User,
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            caseload_for(coach, CaseloadQuery(filters=("red", "orange", "green", "unknown")))
        return len(captured.captured_queries)

    sanne = jobseeker_with_network(coach, name="Sanne", supporters=1)
    network.snapshot_create(actor=sanne, jobseeker=sanne, name="Begin")
    ask_of(sanne, asked_on=timezone.localdate())
    one = queries()
    for number in range(19):
        other = jobseeker_with_network(coach, name=f"Ander {number}", supporters=number % 3)
        ask_of(other, asked_on=timezone.localdate())
        network.snapshot_create(actor=other, jobseeker=other, name="Begin")
    assert queries() == one <= 3


def test_it_logs_every_job_seeker_shown_as_a_view(coach: User) -> None:
    sanne = jobseeker_with_network(coach, name="Sanne")
    client_for(coach).get(reverse("home"))
    entry = AccessLogEntry.objects.about(sanne.pk).get(object_type="caseload")
    assert (entry.actor_id, entry.action) == (coach.pk, Action.VIEW)


def test_it_logs_a_page_of_job_seekers_in_one_append_that_keeps_the_chain(coach: User) -> None:
    from collections import Counter

    from kring.core.audit import verify_chain

    shown = [jobseeker_with_network(coach, name=f"Persoon {n}") for n in range(3)]
    client_for(coach).get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        client_for(coach).get(reverse("home"))
    inserts = [q for q in captured.captured_queries if "INSERT INTO" in q["sql"].upper()]
    assert len([q for q in inserts if AccessLogEntry._meta.db_table in q["sql"]]) == 1
    entries = AccessLogEntry.objects.filter(object_type="caseload").order_by("id")
    assert Counter(e.subject_id for e in entries) == Counter(2 * [j.pk for j in shown])
    assert verify_chain() is None


def test_it_leads_into_the_map_insight_plan_and_notes_within_the_grant(coach: User) -> None:
    viewer = jobseeker_with_network(coach, name="Kijken", scope=Scope.VIEW)
    body = client_for(coach).get(reverse("home")).content.decode()
    for url in (
        reverse("network:map", args=[viewer.pk]),
        reverse("insight", args=[viewer.pk]),
        reverse("plan:plan", args=[viewer.pk]),
        reverse("coaching:notes", args=[viewer.pk]),
    ):
        assert url in body
        assert client_for(coach).get(url).status_code == 200


def row_html(body: str, jobseeker: User) -> str:
    """Return the caseload's table row of `jobseeker` from the page."""
    start = body.index(f'<tr data-jobseeker="{jobseeker.pk}"')
    return body[start : body.index("</tr>", start)]


def test_it_leads_from_the_row_to_the_access_page_with_an_edit_grant_only(coach: User) -> None:
    editor = jobseeker_with_network(coach, name="Bewerken", scope=Scope.EDIT)
    viewer = jobseeker_with_network(coach, name="Kijken", scope=Scope.VIEW)
    client = client_for(coach)
    body = client.get(reverse("home")).content.decode()
    access = reverse("jobseeker_access", args=[editor.pk])
    assert f'href="{access}"' in row_html(body, editor)
    assert client.get(access).status_code == 200
    # With a view grant the access page answers 404, so the row does not lead there.
    assert reverse("jobseeker_access", args=[viewer.pk]) not in row_html(body, viewer)


def test_it_refuses_a_coach_without_a_grant_with_404_and_a_logged_denial(coach: User) -> None:
    stranger = make_user(Role.JOBSEEKER, organisation=coach.organisation)
    other = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(stranger, other)
    for url in (
        reverse("jobseeker_detail", args=[stranger.pk]),
        reverse("coaching:notes", args=[stranger.pk]),
    ):
        assert client_for(coach).get(url).status_code == 404
    denied = AccessLogEntry.objects.about(stranger.pk).filter(actor_id=coach.pk, result="denied")
    assert denied.count() == 2


def test_it_searches_past_a_nul_character(coach: User) -> None:
    jobseeker_with_network(coach, name="Sanne")
    jobseeker_with_network(coach, name="Bram")
    assert rows_of(coach, "?q=San%00ne") == ["Sanne"]
