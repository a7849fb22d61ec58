"""Intake at the desk and the handover of the account, through the pages a person uses."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from kring.accounts.models import (
    AccessGrant,
    ConsentRecord,
    HandoverCode,
    Organisation,
    Role,
    Scope,
    User,
)
from kring.core.models import AccessLogEntry, Action, Result
from tests.conftest import TEST_PASSWORD, client_for, make_grant, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-lang-wachtwoord-2027"


def intake(client: Client, **fields: str) -> tuple[User, str]:
    """Do an intake through the page; return the new job seeker and the printed code."""
    data = {
        "name": "Fatima",
        "email": "",
        "agreed_on": timezone.localdate().isoformat(),
        "how": "paper",
        "scope": Scope.EDIT,
        "ends_on": "",
    } | fields
    response = client.post(reverse("intake"), data)
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"]).content.decode()
    match = re.search(r'class="handover-code">[^<]*<strong>([A-Z0-9-]{14})</strong>', page)
    assert match, page
    return User.objects.get(name=data["name"]), match.group(1)


def handover(code: str, **fields: str) -> Client:
    client = Client()
    data = {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "email": ""}
    client.post(reverse("handover"), data | fields)
    return client


def test_it_makes_an_account_with_grant_consent_and_code(coach: User) -> None:
    client = client_for(coach)
    page = client.get(reverse("intake")).content.decode()
    assert "Meedoen is vrijwillig" in page
    ends = timezone.localdate() + timedelta(days=180)
    jobseeker, code = intake(client, ends_on=ends.isoformat())
    assert jobseeker.email == ""
    assert jobseeker.role == Role.JOBSEEKER
    assert jobseeker.organisation == coach.organisation
    assert not jobseeker.has_usable_password()
    grant = AccessGrant.objects.active().get(jobseeker=jobseeker)
    assert (grant.coach, grant.scope, grant.ends_on) == (coach, Scope.EDIT, ends)
    consent = ConsentRecord.objects.get(jobseeker=jobseeker)
    assert (consent.how, consent.scope, consent.recorded_by, consent.grant) == (
        "paper",
        Scope.EDIT,
        coach,
        grant,
    )
    # Only the hash is stored; the code is on the printed page once.
    stored = HandoverCode.objects.get(jobseeker=jobseeker)
    assert code.replace("-", "") not in stored.code_hash
    again = client.get(reverse("jobseeker_access_code", args=[jobseeker.pk])).content.decode()
    assert code not in again
    # The coach goes on to draw the network together.
    assert client.get(reverse("network:map", args=[jobseeker.pk])).status_code == 200


def test_it_shows_the_organisations_own_sentence(coach: User, org_admin: User) -> None:
    admin = client_for(org_admin)
    url = reverse("organisation_intake_text")
    assert (
        admin.post(url, {"voluntary_text": "Je doet mee als je dat zelf wilt."}).status_code == 302
    )
    assert (
        "Je doet mee als je dat zelf wilt."
        in client_for(coach).get(reverse("intake")).content.decode()
    )
    assert admin.post(url, {"voluntary_text": "x" * 301}).status_code == 200
    organisation = Organisation.objects.get(pk=coach.organisation_id or 0)
    assert organisation.voluntary_text == "Je doet mee als je dat zelf wilt."
    # Other roles do not reach the setting.
    assert client_for(coach).get(url).status_code == 302


def test_it_keeps_nothing_when_the_intake_is_wrong(coach: User, jobseeker: User) -> None:
    client = client_for(coach)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    bad = [
        {"name": ""},
        {"email": jobseeker.email.upper()},
        {"agreed_on": future},
        {"how": "phone"},
        {"scope": "all"},
        {"ends_on": "2001-01-01"},
    ]
    base = {
        "name": "Piet",
        "email": "",
        "agreed_on": timezone.localdate().isoformat(),
        "how": "app",
        "scope": Scope.VIEW,
        "ends_on": "",
    }
    for fields in bad:
        response = client.post(reverse("intake"), base | fields)
        assert response.status_code == 200, fields
        assert (
            'class="errors"' in response.content.decode()
            or "error-summary" in response.content.decode()
        )
    assert not User.objects.filter(name="Piet").exists()
    assert not ConsentRecord.objects.exists()


def test_it_hands_over_without_an_e_mail_address_with_a_login_name(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    client = Client()
    done = client.post(
        reverse("handover"),
        {"code": code.lower(), "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "email": ""},
    )
    assert done.status_code == 200
    jobseeker.refresh_from_db()
    assert jobseeker.login_name.startswith("fatima-")
    assert jobseeker.login_name in done.content.decode()
    assert jobseeker.check_password(NEW_PASSWORD)
    # The job seeker signs in with the login name, in any case, through the real login page.
    fresh = Client()
    response = fresh.post(
        reverse("login"),
        {"username": f" {jobseeker.login_name.upper()} ", "password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert fresh.get(reverse("access")).status_code == 200


def test_it_hands_over_with_an_e_mail_address(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    handover(code, email="Fatima@Example.org")
    jobseeker.refresh_from_db()
    assert (jobseeker.email, jobseeker.login_name) == ("fatima@example.org", "")
    response = Client().post(
        reverse("login"), {"username": "fatima@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_it_refuses_a_code_used_twice_or_expired_and_changes_nothing(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    handover(code)
    jobseeker.refresh_from_db()
    login_name, password = jobseeker.login_name, jobseeker.password
    second = Client().post(
        reverse("handover"),
        {"code": code, "password1": "another-password-99", "password2": "another-password-99"},
    )
    assert second.status_code == 410
    assert "Deze code werkt niet" in second.content.decode()
    assert "Er is niets veranderd" in second.content.decode()
    jobseeker.refresh_from_db()
    assert (jobseeker.login_name, jobseeker.password) == (login_name, password)

    other, old_code = intake(client_for(coach), name="Kees")
    HandoverCode.objects.filter(jobseeker=other).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    expired = Client().post(
        reverse("handover"),
        {"code": old_code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert expired.status_code == 410
    other.refresh_from_db()
    assert not other.has_usable_password()
    assert other.login_name == ""


def test_it_keeps_the_code_when_the_password_is_weak(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    response = Client().post(
        reverse("handover"), {"code": code, "password1": "12345", "password2": "12345"}
    )
    assert response.status_code == 200
    assert HandoverCode.objects.usable().filter(jobseeker=jobseeker).exists()
    handover(code)
    jobseeker.refresh_from_db()
    assert jobseeker.has_usable_password()


def test_it_refuses_an_e_mail_address_someone_else_has(coach: User, jobseeker: User) -> None:
    new, code = intake(client_for(coach))
    response = Client().post(
        reverse("handover"),
        {
            "code": code,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "email": jobseeker.email,
        },
    )
    assert response.status_code == 200
    new.refresh_from_db()
    assert not new.has_usable_password()
    assert HandoverCode.objects.usable().filter(jobseeker=new).exists()


def test_it_rate_limits_handover_codes(coach: User, settings: Settings) -> None:
    settings.KRING_RATE_LIMITS = {**settings.KRING_RATE_LIMITS, "handover": (2, 3600)}
    jobseeker, code = intake(client_for(coach))
    client = Client()
    wrong = {"code": "2345-6789-ABCD", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(reverse("handover"), wrong).status_code == 410
    assert client.post(reverse("handover"), wrong).status_code == 410
    right = wrong | {"code": code}
    assert client.post(reverse("handover"), right).status_code == 429
    jobseeker.refresh_from_db()
    assert not jobseeker.has_usable_password()


def test_it_makes_a_new_code_only_before_the_handover(coach: User) -> None:
    client = client_for(coach)
    jobseeker, first = intake(client)
    url = reverse("jobseeker_access_code", args=[jobseeker.pk])
    response = client.post(url)
    assert response.status_code == 302
    second = re.search(r"<strong>([A-Z0-9-]{14})</strong>", client.get(url).content.decode())
    assert second and second.group(1) != first
    # Only the newest paper works.
    assert (
        Client()
        .post(
            reverse("handover"),
            {"code": first, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        .status_code
        == 410
    )
    handover(second.group(1))
    # Once the job seeker has a password, the coach cannot make a code to take the account.
    client.post(url)
    assert not HandoverCode.objects.usable().filter(jobseeker=jobseeker).exists()


def test_it_lets_a_coach_note_that_the_job_seeker_stops(coach: User) -> None:
    client = client_for(coach)
    jobseeker, _code = intake(client)
    colleague = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, colleague, Scope.VIEW)
    response = client.post(reverse("jobseeker_withdraw", args=[jobseeker.pk]))
    assert response.status_code == 302
    assert not AccessGrant.objects.active().filter(jobseeker=jobseeker).exists()
    assert ConsentRecord.objects.get(jobseeker=jobseeker).withdrawn_at is not None
    # The account and its data stay; the coach now gets 404.
    assert User.objects.filter(pk=jobseeker.pk, is_active=True).exists()
    assert client.get(reverse("jobseeker_access", args=[jobseeker.pk])).status_code == 404


def test_it_lets_the_job_seeker_stop_every_grant_and_keep_the_account(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    me = handover(code)
    colleague = make_user(Role.COACH, organisation=coach.organisation)
    make_grant(jobseeker, colleague)
    page = me.get(reverse("access")).content.decode()
    assert "Stop de toegang voor alle coaches" in page
    assert me.post(reverse("access_withdraw")).status_code == 302
    assert not AccessGrant.objects.active().filter(jobseeker=jobseeker).exists()
    assert ConsentRecord.objects.get(jobseeker=jobseeker).withdrawn_at is not None
    assert me.get(reverse("network:map", args=[jobseeker.pk])).status_code == 200


def test_it_withdraws_the_consent_with_the_grant(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    me = handover(code)
    grant = AccessGrant.objects.get(jobseeker=jobseeker, coach=coach)
    me.post(reverse("access_revoke", args=[grant.pk]))
    assert ConsentRecord.objects.get(jobseeker=jobseeker).withdrawn_at is not None


def test_it_answers_404_and_logs_a_coach_without_a_grant(coach: User) -> None:
    jobseeker, _code = intake(client_for(coach))
    stranger = make_user(Role.COACH, organisation=coach.organisation)
    client = client_for(stranger)
    for name in (
        "jobseeker_access",
        "jobseeker_access_code",
        "jobseeker_standin",
        "jobseeker_transfer",
        "jobseeker_grant_end",
        "jobseeker_consent",
        "jobseeker_withdraw",
    ):
        url = reverse(name, args=[jobseeker.pk])
        assert client.post(url).status_code == 404, name
    denied = AccessLogEntry.objects.about(jobseeker.pk).filter(
        actor_id=stranger.pk, result=Result.DENIED
    )
    assert denied.count() == 7
    assert AccessGrant.objects.active().filter(jobseeker=jobseeker).count() == 1


def test_it_keeps_existing_logins_by_e_mail_working(jobseeker: User) -> None:
    response = Client().post(
        reverse("login"), {"username": jobseeker.email.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_it_locks_out_a_login_name_after_repeated_failures(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    handover(code)
    jobseeker.refresh_from_db()
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": jobseeker.login_name, "password": "wrong-1"})
    # The right password is refused now, also typed in another case (one counter).
    locked = client.post(
        reverse("login"), {"username": jobseeker.login_name.upper(), "password": NEW_PASSWORD}
    )
    assert locked.status_code in (403, 429)
    assert not locked.wsgi_request.user.is_authenticated


def test_it_tells_the_job_seeker_about_the_intake(coach: User) -> None:
    jobseeker, code = intake(client_for(coach))
    me = handover(code)
    page = me.get(reverse("access")).content.decode()
    assert "Wat je coach veranderde" in page
    assert f"{coach.name} heeft samen met jou je account gemaakt" in page
    assert (
        AccessLogEntry.objects.about(jobseeker.pk)
        .filter(action=Action.GRANT, object_type="intake")
        .exists()
    )
