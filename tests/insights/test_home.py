"""The start page that says where a job seeker stands, and the coach's overview of one job seeker.

The truth of every sentence is checked in tests/insights/test_explanations_truth.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kring.accounts.models import Role, Scope, User
from kring.core.models import AccessLogEntry, Result
from kring.insights import standing
from kring.network import services as network
from kring.network.models import Contact
from tests.conftest import client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def add(jobseeker: User, label: str, **fields: object) -> Contact:
    defaults: dict[str, object] = {"quadrant": "friends", "ring": 2}
    return network.contact_create(jobseeker=jobseeker, label=label, **(defaults | fields))


def values(**given: Any) -> dict[str, Any]:
    return {"size": 4, "aware_share": 0.5, "supportive": 2, "allies": 0} | given


# The next-step rule, on its own: a pure function of the stored values.


def test_it_asks_for_the_first_people_when_the_circle_is_empty() -> None:
    assert standing.next_step(values(size=0, aware_share=None, supportive=0)) == "add_people"


def test_it_asks_who_knows_when_fewer_than_half_know() -> None:
    assert standing.next_step(values(aware_share=0.49)) == "mark_who_knows"
    # Who knows comes before who supports: telling people is the first step (DOMAIN.md §6).
    assert standing.next_step(values(aware_share=0, supportive=0)) == "mark_who_knows"


def test_it_asks_who_supports_when_nobody_does() -> None:
    assert standing.next_step(values(aware_share=0.5, supportive=0)) == "mark_supporters"


def test_it_points_to_in_beeld_when_the_basics_are_there() -> None:
    assert standing.next_step(values(aware_share=1.0, supportive=1)) == "look_at_insight"


def test_it_gives_back_the_number_who_know_as_a_whole_number() -> None:
    assert standing.aware_count(values(size=7, aware_share=3 / 7)) == 3
    assert standing.aware_count(values(size=0, aware_share=None)) == 0


# The pages.


def test_it_shows_a_job_seeker_where_they_stand(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=2, knows_searching="yes")
    bob = add(jobseeker, "Bob", influence=1, knows_searching="no")
    add(jobseeker, "Cem", knows_searching="no")
    response = client_for(jobseeker).get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "insights/home.html" in [t.name for t in response.templates]
    assert 'data-light="orange"' in page
    assert "Oranje: een goed begin, met punten om aan te werken." in page
    assert "Maar 2 mensen steunen je bij het zoeken." in page
    assert "2 mensen steunen je." in page
    assert "1 van de 3 mensen in je netwerk weet dat je werk zoekt." in page
    assert "Nog geen bondgenoten." in page
    # The next step is the plan's first idea: tell a supporter who does not know yet (kring.home).
    plan = reverse("plan:plan", args=[jobseeker.pk])
    step = f'href="{plan}" data-step="suggestion" data-suggestion="tell:contact:{bob.pk}">'
    assert step + "Vertel Bob dat je werk zoekt.</a>" in page
    assert 'data-step="mark_who_knows"' not in page
    # "Wat kun je nu doen?": the first three ideas, and the way to the rest.
    assert "Wat kun je nu doen?" in page
    assert page.count("<li data-suggestion=") == 3
    assert f'<a href="{plan}">Bekijk je plan</a>' in page


def test_it_gives_the_rule_s_next_step_when_the_plan_has_no_ideas(jobseeker: User) -> None:
    add(jobseeker, "Bob", influence=1, knows_searching="no")
    client = client_for(jobseeker)
    # Put every idea off until later, three at a time as the start page shows them.
    for _round in range(10):
        shown = client.get(reverse("home")).context["suggestions"]
        for suggestion in shown:
            response = client.post(
                reverse("plan:suggestion", args=[jobseeker.pk]),
                {"key": suggestion.key, "action": "later"},
            )
            assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.context["suggestions"] == []
    page = response.content.decode()
    table = reverse("network:table", args=[jobseeker.pk])
    assert f'href="{table}?sort=knows_searching" data-step="mark_who_knows"' in page
    assert "Kijk wie al weet dat je werk zoekt." in page
    assert "Wat kun je nu doen?" not in page


def test_it_asks_a_new_job_seeker_to_add_people(jobseeker: User) -> None:
    page = client_for(jobseeker).get(reverse("home")).content.decode()
    build = reverse("network:build", args=[jobseeker.pk])
    assert f'href="{build}" data-step="add_people"' in page
    assert "Zet de eerste mensen in je cirkel." in page
    assert "Nog niemand steunt je." in page


def test_it_reads_the_stored_summary_and_computes_nothing(
    jobseeker: User, django_assert_max_num_queries: Any
) -> None:
    add(jobseeker, "Anna", influence=2, knows_searching="yes")
    client = client_for(jobseeker)
    client.get(reverse("home"))
    # Session, user, two-step devices (2), summary, grants, and the plan's reads: contacts, ties,
    # asks, suggestion states, profile, the organisation's local offers, the first grant (the
    # traject's start), the latest loneliness score, the coaches' open ideas. No indicator is
    # computed: no query per person.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("home")).status_code == 200


def test_it_speaks_english_too(jobseeker: User) -> None:
    add(jobseeker, "Anna", influence=2, knows_searching="yes")
    client = client_for(jobseeker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "1 person supports you." in page
    assert "The one person in your network knows that you are looking for work." in page
    assert "An ally is someone who promised to do something concrete for you." in page


def test_it_shows_a_coach_with_a_view_grant_the_overview(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    response = client_for(coach).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Waar Jan staat" in page
    # A viewer cannot add people: the step leads to the map instead of the add pages.
    assert f'href="{reverse("network:map", args=[jobseeker.pk])}" data-step="add_people"' in page
    assert reverse("network:build", args=[jobseeker.pk]) not in page
    for name in ("network:map", "insight", "network:snapshots"):
        assert reverse(name, args=[jobseeker.pk]) in page
    entry = AccessLogEntry.objects.about(jobseeker.pk).get()
    assert (entry.actor_id, entry.result) == (coach.pk, Result.ALLOWED)


def test_it_lets_the_coach_reach_the_overview_from_their_list(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    page = client_for(coach).get(reverse("home")).content.decode()
    assert f'href="{reverse("jobseeker_detail", args=[jobseeker.pk])}"' in page
    overview = client_for(coach).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    assert f'href="{reverse("network:build", args=[jobseeker.pk])}"' in overview.content.decode()


def test_it_hides_the_overview_from_a_coach_without_a_grant(jobseeker: User) -> None:
    stranger = make_user(Role.COACH, organisation=jobseeker.organisation)
    response = client_for(stranger).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    assert response.status_code == 404
    entry = AccessLogEntry.objects.about(jobseeker.pk).get()
    assert (entry.actor_id, entry.result) == (stranger.pk, Result.DENIED)


def test_it_hides_the_overview_from_an_admin_of_another_organisation(jobseeker: User) -> None:
    admin = make_user(Role.ADMIN, organisation=make_organisation())
    assert (
        client_for(admin).get(reverse("jobseeker_detail", args=[jobseeker.pk])).status_code == 404
    )


def test_it_sends_a_job_seeker_from_their_own_overview_to_their_start_page(
    jobseeker: User,
) -> None:
    response = client_for(jobseeker).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    other = make_user(Role.JOBSEEKER)
    assert (
        client_for(other).get(reverse("jobseeker_detail", args=[jobseeker.pk])).status_code == 404
    )


def test_it_keeps_the_coach_and_admin_start_pages(coach: User, org_admin: User) -> None:
    assert "coaching/caseload.html" in [
        t.name for t in client_for(coach).get(reverse("home")).templates
    ]
    response = client_for(org_admin).get(reverse("home"))
    assert response["Location"] == reverse("organisation_coaches")


def test_it_reads_the_stored_summary_once_for_the_start_page() -> None:
    jobseeker = make_user()
    add(jobseeker, "Anna", knows_searching="no", influence=1)
    client = client_for(jobseeker)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    summary_reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "insights_indicatorsummary"' in q["sql"]
    ]
    assert len(summary_reads) == 1
