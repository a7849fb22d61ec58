from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from kring.accounts.models import AccessGrant, Role, Scope, User
from kring.accounts.services import api_token_create
from kring.core.models import AccessLogEntry, Action, Result
from tests.conftest import client_for, make_grant, make_organisation, make_user

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


def code_of(coach: User) -> str:
    """Return the coach's code as their home page shows it."""
    page = client_for(coach).get(reverse("home")).content.decode()
    match = re.search(r'class="grant-code"><strong>([A-Z0-9]{4}-[A-Z0-9]{4})<', page)
    assert match, page
    return match.group(1)


def test_it_lets_a_job_seeker_give_another_organisations_coach_access_by_code(
    jobseeker: User,
) -> None:
    elsewhere = make_organisation("Re-integratiebureau Elders")
    outside = make_user(Role.COACH, organisation=elsewhere, name="Olga")
    me = client_for(jobseeker)
    typed = code_of(outside).lower().replace("-", " ")

    step = me.post(reverse("access"), {"code": typed, "scope": Scope.EDIT})
    assert step.status_code == 200
    page = step.content.decode()
    # The job seeker sees who and which organisation before anything is granted.
    assert "Olga" in page
    assert "Re-integratiebureau Elders" in page
    assert "andere organisatie" in page
    assert outside.email not in page
    assert not AccessGrant.objects.exists()

    confirm = re.search(r'name="code" value="([^"]+)"', page)
    assert confirm
    done = me.post(reverse("access_confirm"), {"code": confirm.group(1), "scope": Scope.EDIT})
    assert done.status_code == 302
    grant = AccessGrant.objects.active().get(coach=outside)
    assert grant.scope == Scope.EDIT
    assert grant.organisation == elsewhere
    assert AccessLogEntry.objects.about(jobseeker.pk).get().action == Action.GRANT


def test_it_gives_one_answer_for_every_wrong_code(jobseeker: User, coach: User) -> None:
    inactive = make_user(Role.COACH, name="Uit")
    old_code = code_of(inactive)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    rotated = code_of(coach)
    client_for(coach).post(reverse("grant_code_rotate"))
    me = client_for(jobseeker)
    wrong = ["ABCD-EFGH", old_code, rotated, "x", "2345678"]
    answers = set()
    for code in wrong:
        response = me.post(reverse("access"), {"code": code, "scope": Scope.VIEW})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Deze code klopt niet" in body
        # Only the typed code (kept in the field) and the per-response CSRF mask may differ.
        body = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", body)
        answers.add(body.replace(f'value="{code}"', ""))
    assert len(answers) == 1
    assert not AccessGrant.objects.exists()


def test_it_rate_limits_code_lookups_across_page_and_api(
    jobseeker: User, coach: User, settings: Settings
) -> None:
    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "grant_code": (3, 3600)}
    good = code_of(coach)
    me = client_for(jobseeker)
    wrong = {"code": "WRNG-CODE", "scope": Scope.VIEW}
    assert me.post(reverse("access"), wrong).status_code == 200
    assert me.post(reverse("access"), wrong).status_code == 200
    _token, secret = api_token_create(user=jobseeker)
    by_api = Client().post(
        "/api/v1/grants/lookup",
        json.dumps({"code": "WRNG-COD3"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert by_api.status_code == 422
    # Even the right code is refused now, on the page and at the confirmation step.
    refused = me.post(reverse("access"), {"code": good, "scope": Scope.VIEW})
    assert refused.status_code == 429
    assert "Te vaak geprobeerd" in refused.content.decode()
    confirm = me.post(reverse("access_confirm"), {"code": good, "scope": Scope.VIEW})
    assert confirm.status_code == 429
    assert not AccessGrant.objects.exists()


def test_it_counts_the_confirmation_as_a_lookup(
    jobseeker: User, coach: User, settings: Settings
) -> None:
    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "grant_code": (2, 3600)}
    me = client_for(jobseeker)
    statuses = [
        me.post(reverse("access_confirm"), {"code": "WRNG-CODE", "scope": Scope.VIEW}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_it_stops_an_old_code_after_the_coach_makes_a_new_one(jobseeker: User, coach: User) -> None:
    old = code_of(coach)
    response = client_for(coach).post(reverse("grant_code_rotate"))
    assert response.status_code == 302
    new = code_of(coach)
    assert new != old
    me = client_for(jobseeker)
    stale = me.post(reverse("access_confirm"), {"code": old, "scope": Scope.VIEW}, follow=True)
    assert "Deze code klopt niet" in stale.content.decode()
    assert me.post(reverse("access_confirm"), {"code": new, "scope": Scope.VIEW}).status_code == 302
    assert AccessGrant.objects.active().filter(coach=coach).exists()


def test_it_makes_short_unambiguous_codes(coach: User) -> None:
    code = code_of(coach).replace("-", "")
    assert len(code) == 8
    assert not set(code) & set("01OILUV")


def test_it_lets_only_coaches_make_a_new_code(jobseeker: User) -> None:
    assert client_for(jobseeker).post(reverse("grant_code_rotate")).status_code == 404


def test_it_explains_an_empty_choice(jobseeker: User, coach: User) -> None:
    response = client_for(jobseeker).post(reverse("access"), {"scope": Scope.VIEW})
    assert response.status_code == 200
    assert "Kies een coach of vul de code van je coach in" in response.content.decode()


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
    jobseeker: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    from django.http import Http404
    from django.test import RequestFactory

    from kring.accounts.access import get_jobseeker_for

    other = make_user(role=Role.JOBSEEKER)
    request = RequestFactory().get("/")
    request.user = jobseeker
    with django_assert_num_queries(0):
        assert get_jobseeker_for(request, jobseeker.pk, need="edit") == (jobseeker, True)
    with pytest.raises(Http404):
        get_jobseeker_for(request, other.pk)
    jobseeker.is_active = False
    with pytest.raises(Http404):
        get_jobseeker_for(request, jobseeker.pk)
    assert not AccessLogEntry.objects.filter(actor_id=jobseeker.pk, result=Result.ALLOWED).exists()


@pytest.mark.parametrize(("scope", "may_edit"), [(Scope.VIEW, False), (Scope.EDIT, True)])
def test_it_says_what_a_coach_may_do_in_one_answer(
    jobseeker: User, coach: User, scope: str, may_edit: bool
) -> None:
    from django.test import RequestFactory

    from kring.accounts.access import get_jobseeker_for

    make_grant(jobseeker, coach, scope)
    request = RequestFactory().get("/")
    request.user = coach
    access = get_jobseeker_for(request, jobseeker.pk)
    assert access.jobseeker == jobseeker
    assert access.can_edit is may_edit
    assert AccessLogEntry.objects.filter(actor_id=coach.pk, subject_id=jobseeker.pk).count() == 1
