"""'Wie keek er': name, role and organisation of everyone who viewed, changed or exported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kring.accounts.models import Role, Scope, User
from kring.core.audit import verify_chain
from kring.core.models import AccessLogEntry
from tests.conftest import client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_it_names_role_and_organisation_of_others_and_keeps_own_actions_apart(
    jobseeker: User,
) -> None:
    org = make_organisation("Werkplein Noord")
    coach = make_user(Role.COACH, organisation=org, name="Mehmet")
    make_grant(jobseeker, coach, Scope.EDIT)
    client_for(coach).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    client_for(coach).post(reverse("coaching:notes", args=[jobseeker.pk]), {"text": "Gesprek."})
    client_for(jobseeker).get(reverse("exchange:my_data_download"))
    response = client_for(jobseeker).get(reverse("access_log"))
    others, own = response.context["others"], response.context["own"]
    assert {(line.actor_name, line.role, line.organisation) for line in others} == {
        ("Mehmet", "coach", "Werkplein Noord")
    }
    assert {line.entry.action for line in others} >= {"view", "change"}
    assert [line.entry.action for line in own] == ["export"]
    assert all(line.own for line in own)
    body = response.content.decode()
    assert "Werkplein Noord" in body
    assert "Anderen" in body
    assert "Jij zelf" in body
    assert verify_chain() is None


def test_it_shows_the_organisation_at_the_time_of_the_look(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    before = coach.organisation
    assert before is not None
    client_for(coach).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    coach.organisation = make_organisation("Nieuwe werkgever")
    coach.save()
    [line] = client_for(jobseeker).get(reverse("access_log")).context["others"]
    assert line.organisation == before.name


def test_it_shows_a_denied_attempt_and_a_removed_account(jobseeker: User) -> None:
    stranger = make_user(Role.COACH, organisation=jobseeker.organisation, name="Onbekend")
    client_for(stranger).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    stranger_id = stranger.pk
    stranger.delete()
    [line] = client_for(jobseeker).get(reverse("access_log")).context["others"]
    assert line.entry.actor_id == stranger_id
    assert line.entry.result == "denied"
    assert line.actor_name == "een account dat er niet meer is"
    assert AccessLogEntry.objects.about(jobseeker.pk).count() == 1


def test_it_is_only_for_the_job_seeker(coach: User) -> None:
    response = client_for(coach).get(reverse("access_log"))
    assert response.status_code == 302
