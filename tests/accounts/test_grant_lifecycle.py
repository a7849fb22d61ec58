"""Grants over time: end dates, stand-ins and moves, for every role and organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import AccessGrant, Role, Scope, User
from kring.core.models import AccessLogEntry, Action, Result
from tests.conftest import client_for, make_grant, make_organisation, make_user

pytestmark = pytest.mark.django_db


def days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def detail(jobseeker: User) -> str:
    return reverse("jobseeker_detail", args=[jobseeker.pk])


def test_it_ends_a_grant_by_itself_after_its_last_day(jobseeker: User, coach: User) -> None:
    grant = make_grant(jobseeker, coach)
    client = client_for(coach)
    response = client.post(
        reverse("jobseeker_grant_end", args=[jobseeker.pk]), {"end-ends_on": days(0)}
    )
    assert response.status_code == 302
    # The last day still works.
    assert client.get(detail(jobseeker)).status_code == 200
    AccessGrant.objects.filter(pk=grant.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert client.get(detail(jobseeker)).status_code == 404
    assert AccessLogEntry.objects.filter(
        actor_id=coach.pk, subject_id=jobseeker.pk, result=Result.DENIED
    ).exists()
    # The job seeker no longer sees the ended grant, and can give access again.
    me = client_for(jobseeker)
    assert (
        coach.name
        not in me.get(reverse("access")).content.decode().split("Geef een coach toegang")[0]
    )
    me.post(reverse("access"), {"coach": str(coach.pk), "scope": Scope.VIEW})
    assert client.get(detail(jobseeker)).status_code == 200
    assert AccessGrant.objects.active().get(jobseeker=jobseeker).ends_on is None


def test_it_refuses_an_end_date_in_the_past(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    response = client_for(coach).post(
        reverse("jobseeker_grant_end", args=[jobseeker.pk]), {"end-ends_on": days(-1)}
    )
    assert response.status_code == 422
    assert "verleden" in response.content.decode()
    assert AccessGrant.objects.get(jobseeker=jobseeker).ends_on is None


def test_it_gives_a_stand_in_access_only_on_the_chosen_days(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.EDIT)
    standin = make_user(Role.COACH, organisation=coach.organisation, name="Vera")
    response = client_for(coach).post(
        reverse("jobseeker_standin", args=[jobseeker.pk]),
        {"standin": str(standin.pk), "starts_on": days(2), "ends_on": days(9)},
    )
    assert response.status_code == 302
    grant = AccessGrant.objects.get(coach=standin)
    assert (grant.scope, grant.stands_in_for) == (Scope.EDIT, coach)
    vera = client_for(standin)
    assert vera.get(detail(jobseeker)).status_code == 404  # not yet
    # The job seeker sees the planned stand-in and who they replace.
    page = client_for(jobseeker).get(reverse("access")).content.decode()
    assert "Vera" in page and f"Vervangt {coach.name}." in page
    assert f"Vera vervangt {coach.name} van" in page  # the notice
    AccessGrant.objects.filter(pk=grant.pk).update(starts_on=timezone.localdate())
    assert vera.get(detail(jobseeker)).status_code == 200
    AccessGrant.objects.filter(pk=grant.pk).update(
        starts_on=timezone.localdate() - timedelta(days=9),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    assert vera.get(detail(jobseeker)).status_code == 404  # over
    assert client_for(coach).get(detail(jobseeker)).status_code == 200


def test_it_lets_the_job_seeker_stop_a_stand_in(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    standin = make_user(Role.COACH, organisation=coach.organisation)
    client_for(coach).post(
        reverse("jobseeker_standin", args=[jobseeker.pk]),
        {"standin": str(standin.pk), "starts_on": days(0), "ends_on": days(3)},
    )
    grant = AccessGrant.objects.get(coach=standin)
    assert client_for(standin).get(detail(jobseeker)).status_code == 200
    client_for(jobseeker).post(reverse("access_revoke", args=[grant.pk]))
    assert client_for(standin).get(detail(jobseeker)).status_code == 404


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_org", "Kies een andere coach"),
        ("self", "Kies een andere coach"),
        ("past", "verleden"),
        ("reversed", "na de eerste dag"),
        ("too_long", "hoogstens"),
    ],
)
def test_it_refuses_a_wrong_stand_in(jobseeker: User, coach: User, case: str, message: str) -> None:
    make_grant(jobseeker, coach)
    colleague = make_user(Role.COACH, organisation=coach.organisation)
    elsewhere = make_user(Role.COACH, organisation=make_organisation())
    fields = {"standin": str(colleague.pk), "starts_on": days(1), "ends_on": days(5)}
    fields |= {
        "other_org": {"standin": str(elsewhere.pk)},
        "self": {"standin": str(coach.pk)},
        "past": {"starts_on": days(-1)},
        "reversed": {"starts_on": days(5), "ends_on": days(1)},
        "too_long": {"ends_on": days(200)},
    }[case]
    response = client_for(coach).post(reverse("jobseeker_standin", args=[jobseeker.pk]), fields)
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body or "Selecteer een geldige keuze" in body, body
    assert AccessGrant.objects.filter(jobseeker=jobseeker).count() == 1


def test_it_moves_a_job_seeker_to_a_colleague_and_tells_them(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach, Scope.VIEW)
    AccessGrant.objects.filter(coach=coach).update(
        ends_on=timezone.localdate() + timedelta(days=30)
    )
    AccessGrant.objects.filter(coach=coach).update(scope=Scope.EDIT)
    colleague = make_user(Role.COACH, organisation=coach.organisation, name="Noor")
    holiday = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, holiday).__class__.objects.filter(coach=holiday).update(
        stands_in_for=coach
    )
    response = client_for(coach).post(
        reverse("jobseeker_transfer", args=[jobseeker.pk]), {"to_coach": str(colleague.pk)}
    )
    assert response.status_code == 302
    assert client_for(coach).get(detail(jobseeker)).status_code == 404
    assert client_for(holiday).get(detail(jobseeker)).status_code == 404  # stood in for coach
    assert client_for(colleague).get(detail(jobseeker)).status_code == 200
    new = AccessGrant.objects.active().get(jobseeker=jobseeker)
    assert (new.coach, new.scope, new.ends_on) == (
        colleague,
        Scope.EDIT,
        timezone.localdate() + timedelta(days=30),
    )
    page = client_for(jobseeker).get(reverse("access")).content.decode()
    assert f"{coach.name} heeft je overgezet naar coach Noor." in page
    actions = set(
        AccessLogEntry.objects.about(jobseeker.pk)
        .filter(object_type="transfer")
        .values_list("action", flat=True)
    )
    assert actions == {Action.GRANT, Action.REVOKE}


def test_it_moves_only_to_a_coach_of_the_same_organisation(jobseeker: User, coach: User) -> None:
    make_grant(jobseeker, coach)
    elsewhere = make_user(Role.COACH, organisation=make_organisation())
    response = client_for(coach).post(
        reverse("jobseeker_transfer", args=[jobseeker.pk]), {"to_coach": str(elsewhere.pk)}
    )
    assert response.status_code == 422
    assert AccessGrant.objects.active().get(jobseeker=jobseeker).coach == coach


def test_it_keeps_a_view_grant_coach_and_others_out_of_access_settings(
    jobseeker: User, coach: User, org_admin: User
) -> None:
    view_coach = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, view_coach, Scope.VIEW)
    other_org_coach = make_user(Role.COACH, organisation=make_organisation())
    other = make_user(Role.JOBSEEKER, organisation=coach.organisation)
    url = reverse("jobseeker_access", args=[jobseeker.pk])
    for actor in (view_coach, coach, other_org_coach, org_admin, other, jobseeker):
        assert client_for(actor).get(url).status_code == 404, actor.role
    denials = AccessLogEntry.objects.about(jobseeker.pk).filter(result=Result.DENIED)
    assert set(denials.values_list("actor_id", flat=True)) >= {
        view_coach.pk,
        coach.pk,
        other_org_coach.pk,
    }


def test_it_lists_current_and_planned_grants_on_the_coach_page(
    jobseeker: User, coach: User
) -> None:
    make_grant(jobseeker, coach)
    standin = make_user(Role.COACH, organisation=coach.organisation, name="Tom")
    client = client_for(coach)
    client.post(
        reverse("jobseeker_standin", args=[jobseeker.pk]),
        {"standin": str(standin.pk), "starts_on": days(3), "ends_on": days(6)},
    )
    page = client.get(reverse("jobseeker_access", args=[jobseeker.pk])).content.decode()
    assert "Tom" in page and f"vervangt {coach.name}" in page
    assert "Meedoen is vrijwillig" in page


def test_it_answers_the_anonymous_handover_page(db: None) -> None:
    assert Client().get(reverse("handover")).status_code == 200
