"""The coaching API: the caseload, notes, and the job seeker's own access log."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kring.accounts.models import Role, Scope, User
from kring.coaching.models import Note
from kring.core.models import AccessLogEntry
from tests.coaching.helpers import jobseeker_with_network
from tests.conftest import bearer, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_it_gives_a_coach_the_caseload_with_ignored_values_named(coach: User) -> None:
    jobseeker_with_network(coach, name="Sanne", supporters=2)
    jobseeker_with_network(coach, name="Bram", others=1)
    response = Client().get(
        "/api/v1/caseload?filter=red&filter=paars&sort=leeftijd", headers=bearer(coach)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ignored"] == ["paars", "leeftijd"]
    assert [item["name"] for item in body["items"]] == ["Bram"]
    assert body["count"] == 1
    assert body["lights"] == {"red": 1, "orange": 1}
    assert AccessLogEntry.objects.filter(object_type="caseload").count() == 1


def test_it_refuses_the_caseload_to_other_roles(jobseeker: User, org_admin: User) -> None:
    for user in (jobseeker, org_admin):
        response = Client().get("/api/v1/caseload", headers=bearer(user))
        assert response.status_code == 403


def test_it_asks_as_often_for_one_job_seeker_as_for_ten(coach: User) -> None:
    auth = bearer(coach)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/api/v1/caseload?page_size=100", headers=auth).status_code == 200
        # Each job seeker shown adds its access-log line (a lock, an insert, the head).
        audit = ("accesslogentry", "chainhead", "SAVEPOINT")
        return len([q for q in captured.captured_queries if not any(a in q["sql"] for a in audit)])

    jobseeker_with_network(coach, name="Eerste", supporters=1)
    queries()  # the token's first use writes when it was used
    one = queries()
    for number in range(9):
        jobseeker_with_network(coach, name=f"Ander {number}", supporters=1)
    assert queries() == one


def test_it_lets_a_coach_write_and_change_notes_the_job_seeker_reads(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/notes"
    created = Client().post(
        url,
        json.dumps({"text": "Gesprek."}),
        content_type="application/json",
        headers=bearer(coach),
    )
    assert created.status_code == 201
    note_id = created.json()["id"]
    changed = Client().put(
        f"{url}/{note_id}",
        json.dumps({"text": "Gesprek over zorg."}),
        content_type="application/json",
        headers=bearer(coach),
    )
    assert changed.json()["edited_at"] is not None
    [read] = Client().get(url, headers=bearer(jobseeker)).json()
    assert (read["text"], read["author_name"]) == ("Gesprek over zorg.", coach.name)


def test_it_answers_404_to_every_wrong_writer_of_a_note(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    viewer = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, viewer, Scope.VIEW)
    note = Note.objects.create(jobseeker=jobseeker, author=coach, text="Van Carla.")
    url = f"/api/v1/jobseekers/{jobseeker.pk}/notes"
    wrong = [
        jobseeker,
        viewer,
        make_user(Role.COACH, organisation=coach.organisation),
        make_user(Role.COACH, organisation=make_organisation()),
        make_user(Role.ADMIN, organisation=coach.organisation),
        make_user(Role.JOBSEEKER, organisation=coach.organisation),
    ]
    body = json.dumps({"text": "x"})
    for actor in wrong:
        auth = bearer(actor)
        post = Client().post(url, body, content_type="application/json", headers=auth)
        put = Client().put(f"{url}/{note.pk}", body, content_type="application/json", headers=auth)
        assert (post.status_code, put.status_code) == (404, 404), actor.role
    for actor in wrong[2:]:
        assert Client().get(url, headers=bearer(actor)).status_code == 404
    assert Client().get(url, headers=bearer(viewer)).status_code == 200
    note.refresh_from_db()
    assert note.text == "Van Carla."
    assert Note.objects.count() == 1


def test_it_refuses_an_empty_or_too_long_note_with_422(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    url = f"/api/v1/jobseekers/{jobseeker.pk}/notes"
    for text in ("", "   ", "x" * 2001):
        response = Client().post(
            url, json.dumps({"text": text}), content_type="application/json", headers=bearer(coach)
        )
        assert response.status_code == 422, text
    assert not Note.objects.exists()


def test_it_names_organisation_and_own_actions_in_the_access_log(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    Client().get(f"/api/v1/jobseekers/{jobseeker.pk}/notes", headers=bearer(coach))
    items = Client().get("/api/v1/me/access-log", headers=bearer(jobseeker)).json()["items"]
    assert coach.organisation is not None
    assert (items[0]["actor_name"], items[0]["organisation"], items[0]["own"]) == (
        coach.name,
        coach.organisation.name,
        False,
    )
