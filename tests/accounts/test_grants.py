from __future__ import annotations

import pytest
from django.urls import reverse

from kring.accounts.models import AccessGrant, Role, Scope, User
from kring.core.models import AccessLogEntry, Action, Result
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def test_it_lets_a_job_seeker_grant_and_revoke_access(jobseeker: User, coach: User) -> None:
    me = client_for(jobseeker)
    coach_client = client_for(coach)
    detail = reverse("jobseeker_detail", args=[jobseeker.pk])
    assert coach_client.get(detail).status_code == 404

    response = me.post(reverse("access"), {"coach": str(coach.pk), "scope": Scope.VIEW})
    assert response.status_code == 302
    assert coach_client.get(detail).status_code == 200

    grant = AccessGrant.objects.get(jobseeker=jobseeker, coach=coach)
    assert me.post(reverse("access_revoke", args=[grant.pk])).status_code == 302
    # Revocation holds from the coach's very next request.
    assert coach_client.get(detail).status_code == 404


def test_it_logs_every_grant_change(jobseeker: User, coach: User) -> None:
    me = client_for(jobseeker)
    me.post(reverse("access"), {"coach": str(coach.pk), "scope": Scope.VIEW})
    me.post(reverse("access"), {"coach": str(coach.pk), "scope": Scope.EDIT})
    grant = AccessGrant.objects.get(jobseeker=jobseeker, coach=coach, revoked_at__isnull=True)
    me.post(reverse("access_revoke", args=[grant.pk]))
    actions = list(
        AccessLogEntry.objects.about(jobseeker.pk).order_by("id").values_list("action", flat=True)
    )
    assert actions == [Action.GRANT, Action.GRANT_CHANGE, Action.REVOKE]


def test_it_finds_a_coach_of_another_organisation_by_email(jobseeker: User) -> None:
    outside = make_user(Role.COACH, email="outside@example.org")
    response = client_for(jobseeker).post(
        reverse("access"), {"coach_email": "OUTSIDE@example.org", "scope": Scope.EDIT}
    )
    assert response.status_code == 302
    assert AccessGrant.objects.active().filter(coach=outside, scope=Scope.EDIT).exists()


def test_it_explains_an_unknown_coach_address(jobseeker: User) -> None:
    response = client_for(jobseeker).post(
        reverse("access"), {"coach_email": "nobody@example.org", "scope": Scope.VIEW}
    )
    assert response.status_code == 200
    assert "We vinden geen coach" in response.content.decode()
    assert AccessGrant.objects.count() == 0


def test_it_shows_the_job_seeker_who_looked(jobseeker: User, coach: User) -> None:
    client_for(jobseeker).post(reverse("access"), {"coach": str(coach.pk), "scope": Scope.VIEW})
    client_for(coach).get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    page = client_for(jobseeker).get(reverse("access_log")).content.decode()
    assert coach.name in page
    assert "bekeken" in page


def test_it_logs_a_denied_attempt(jobseeker: User) -> None:
    stranger = make_user(Role.COACH)
    assert (
        client_for(stranger).get(reverse("jobseeker_detail", args=[jobseeker.pk])).status_code
        == 404
    )
    entry = AccessLogEntry.objects.about(jobseeker.pk).get()
    assert entry.result == Result.DENIED
    assert entry.actor_id == stranger.pk


def test_it_lists_the_caseload_on_the_coach_home(jobseeker: User, coach: User) -> None:
    client_for(jobseeker).post(reverse("access"), {"coach": str(coach.pk), "scope": Scope.VIEW})
    page = client_for(coach).get(reverse("home")).content.decode()
    assert jobseeker.name in page


def test_a_job_seeker_reaches_only_their_own_data_and_without_a_query(
    jobseeker: User, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.http import Http404

    from kring.accounts.access import get_jobseeker_for

    other = make_user(role=Role.JOBSEEKER)
    with django_assert_num_queries(0):
        assert get_jobseeker_for(jobseeker, jobseeker.pk, need="edit") is jobseeker
    with pytest.raises(Http404):
        get_jobseeker_for(jobseeker, other.pk)
    jobseeker.is_active = False
    with pytest.raises(Http404):
        get_jobseeker_for(jobseeker, jobseeker.pk)
    assert not AccessLogEntry.objects.filter(actor_id=jobseeker.pk, result=Result.ALLOWED).exists()
