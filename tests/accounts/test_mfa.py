from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from kring.accounts import mfa
from kring.accounts.models import Role, User
from tests.conftest import TEST_PASSWORD, client_for, current_totp, make_user

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle(settings: Settings) -> None:
    # django-otp delays the next try after a wrong code; these tests try right after one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def password_login(user: User) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_it_makes_a_coach_set_up_two_step_login_before_anything_else(coach: User) -> None:
    client = password_login(coach)
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("mfa_setup"))
    setup = client.get(home["Location"])
    assert setup.status_code == 200
    body = setup.content.decode()
    assert "data:image/svg+xml;base64," in body
    wrong = client.post(reverse("mfa_setup"), {"token": "000000"})
    assert "niet goed" in wrong.content.decode()
    done = client.post(reverse("mfa_setup"), {"token": current_totp(coach, confirmed=False)})
    codes = re.findall(r"<code>(\d{10})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("home")).status_code == 200


def test_it_asks_for_the_code_at_every_new_sign_in(coach: User) -> None:
    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = password_login(coach)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("mfa_verify"))
    assert client.post(reverse("mfa_verify"), {"token": "123"}).status_code == 200
    ok = client.post(reverse("mfa_verify"), {"token": current_totp(coach), "next": "/"})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_it_accepts_a_recovery_code_once(coach: User) -> None:
    client = password_login(coach)
    client.get(reverse("mfa_setup"))
    done = client.post(reverse("mfa_setup"), {"token": current_totp(coach, confirmed=False)})
    code = re.findall(r"<code>(\d{10})</code>", done.content.decode())[0]
    second = password_login(coach)
    assert second.post(reverse("mfa_verify"), {"token": code}).status_code == 302
    third = password_login(coach)
    response = third.post(reverse("mfa_verify"), {"token": code})
    assert response.status_code == 200
    assert third.get(reverse("home")).status_code == 302


def test_it_blocks_the_api_session_of_an_unverified_coach(coach: User) -> None:
    client = password_login(coach)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_it_only_offers_two_step_login_to_job_seekers(jobseeker: User) -> None:
    client = password_login(jobseeker)
    assert client.get(reverse("home")).status_code == 200
    client.get(reverse("mfa_setup"))
    client.post(reverse("mfa_setup"), {"token": current_totp(jobseeker, confirmed=False)})
    later = password_login(jobseeker)
    assert later.get(reverse("home"))["Location"].startswith(reverse("mfa_verify"))


def test_it_switches_two_step_login_off_only_with_a_current_code(jobseeker: User) -> None:
    client = password_login(jobseeker)
    client.get(reverse("mfa_setup"))
    done = client.post(reverse("mfa_setup"), {"token": current_totp(jobseeker, confirmed=False)})
    recovery_code = re.findall(r"<code>(\d{10})</code>", done.content.decode())[0]
    # An open session alone is not enough: without a code, or with a wrong one, it stays on.
    for data in ({}, {"off-token": "123456"}):
        refused = client.post(reverse("mfa_disable"), data, follow=True)
        assert "staat nog aan" in refused.content.decode()
        assert TOTPDevice.objects.filter(user=jobseeker, confirmed=True).exists()
    # django-otp slows down guessing after the wrong code; the person tries again later.
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=jobseeker).update(throttling_failure_count=0)
    switched_off = client.post(reverse("mfa_disable"), {"off-token": recovery_code}, follow=True)
    assert "Inloggen in twee stappen staat uit." in switched_off.content.decode()
    assert not TOTPDevice.objects.filter(user=jobseeker, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=jobseeker).exists()


def test_it_lets_an_admin_reset_a_coachs_two_step_login(org_admin: User, coach: User) -> None:
    TOTPDevice.objects.create(user=coach, name="lost phone", confirmed=True)
    response = client_for(org_admin).post(reverse("mfa_reset", args=[coach.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coach).exists()
    stranger = make_user(Role.COACH)
    assert client_for(org_admin).post(reverse("mfa_reset", args=[stranger.pk])).status_code == 404


def test_it_does_not_let_staff_switch_two_step_login_off(coach: User) -> None:
    assert client_for(coach).post(reverse("mfa_disable")).status_code == 404


@pytest.mark.parametrize(
    ("devices", "expected"),
    [
        ([], False),
        ([("totp", False)], False),
        ([("totp", True)], True),
        ([("static", True)], True),
        ([("totp", False), ("static", False)], False),
        ([("totp", False), ("static", True)], True),
    ],
)
def test_the_device_check_answers_as_django_otp_does(
    jobseeker: User, devices: list[tuple[str, bool]], expected: bool
) -> None:
    someone_else = make_user(role=Role.JOBSEEKER)
    TOTPDevice.objects.create(user=someone_else, name="app", confirmed=True)
    for kind, confirmed in devices:
        model = TOTPDevice if kind == "totp" else StaticDevice
        model.objects.create(user=jobseeker, name=kind, confirmed=confirmed)
    assert mfa.has_confirmed_device(jobseeker) is expected
    assert user_has_device(jobseeker, confirmed=True) is expected


def test_a_jobseeker_is_asked_for_the_code_only_after_choosing_two_step_login(
    jobseeker: User,
) -> None:
    without = password_login(jobseeker).get(reverse("home"))
    assert not without.get("Location", "").startswith(reverse("mfa_verify"))
    TOTPDevice.objects.create(user=jobseeker, name="app", confirmed=True)
    client = password_login(jobseeker)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("mfa_verify"))
    ok = client.post(reverse("mfa_verify"), {"token": current_totp(jobseeker), "next": "/"})
    assert ok.status_code == 302
    after = client.get(reverse("home"))
    assert not after.get("Location", "").startswith(reverse("mfa_verify"))


def _recovery_codes(response: TestResponse) -> list[str]:
    return re.findall(r"<code>(\d{10})</code>", response.content.decode())


def _coach_with_device_and_jobseeker(coach: User) -> tuple[TOTPDevice, User]:
    from tests.conftest import make_grant

    device = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    jobseeker = make_user(Role.JOBSEEKER, organisation=coach.organisation)
    make_grant(jobseeker, coach)
    return device, jobseeker


def test_it_does_not_let_a_password_alone_replace_the_second_step(coach: User) -> None:
    device, jobseeker = _coach_with_device_and_jobseeker(coach)
    client = password_login(coach)
    setup = client.get(reverse("mfa_setup"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("mfa_verify"))
    assert not TOTPDevice.objects.filter(user=coach, confirmed=False).exists()
    # Even with a pending device made some other way, a code for it changes nothing.
    TOTPDevice.objects.create(user=coach, name="attacker", confirmed=False)
    attack = client.post(reverse("mfa_setup"), {"token": current_totp(coach, confirmed=False)})
    assert attack.status_code == 302
    assert attack["Location"].startswith(reverse("mfa_verify"))
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user=coach, name="attacker", confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=coach).exists()
    page = client.get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("mfa_verify"))
    assert client.get("/api/v1/me").status_code == 401


def test_it_refuses_the_confirm_service_for_an_account_with_a_device(coach: User) -> None:
    from django.test import RequestFactory

    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    TOTPDevice.objects.create(user=coach, name="attacker", confirmed=False)
    request = RequestFactory().post("/")
    request.user = coach
    request.session = Client().session
    with pytest.raises(PermissionError):
        mfa.totp_confirm(request=request, user=coach, token=current_totp(coach, confirmed=False))
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).count() == 1


def test_it_moves_two_step_login_to_a_new_phone_with_a_recovery_code(coach: User) -> None:
    old = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = password_login(coach)
    client.post(reverse("mfa_verify"), {"token": current_totp(coach)})
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    assert 'name="current"' in page.content.decode()
    new_code = current_totp(coach, confirmed=False)
    # The app's code was just used to sign in (it works once); a recovery code proves it too.
    StaticDevice.objects.filter(user=coach).delete()
    recovery = StaticDevice.objects.create(user=coach, name="recovery codes", confirmed=True)
    recovery.token_set.create(token="1234567890")
    done = client.post(reverse("mfa_setup"), {"current": "1234567890", "token": new_code})
    assert done.status_code == 200
    assert len(_recovery_codes(done)) == 10
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).count() == 1
    assert client.get(reverse("home")).status_code == 200


def test_it_moves_two_step_login_with_a_code_from_the_old_app(coach: User) -> None:
    old = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = client_for(coach)  # verified with the old device
    client.get(reverse("mfa_setup"))
    done = client.post(
        reverse("mfa_setup"),
        {"current": current_totp(coach), "token": current_totp(coach, confirmed=False)},
    )
    assert len(_recovery_codes(done)) == 10
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get(reverse("home")).status_code == 200


def test_it_keeps_the_old_phone_when_the_old_code_is_missing_or_wrong(coach: User) -> None:
    old = TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = client_for(coach)
    client.get(reverse("mfa_setup"))
    new_code = current_totp(coach, confirmed=False)
    missing = client.post(reverse("mfa_setup"), {"token": new_code})
    assert missing.status_code == 200
    wrong = client.post(reverse("mfa_setup"), {"current": "000000", "token": new_code})
    assert wrong.status_code == 200
    assert "niet goed" in wrong.content.decode()
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).count() == 1
    # The right old code still works afterwards: the new one was not used up by the refusal.
    done = client.post(reverse("mfa_setup"), {"current": current_totp(coach), "token": new_code})
    assert len(_recovery_codes(done)) == 10
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_it_does_not_use_up_a_recovery_code_when_the_new_code_is_wrong(coach: User) -> None:
    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    recovery = StaticDevice.objects.create(user=coach, name="recovery codes", confirmed=True)
    recovery.token_set.create(token="1234567890")
    client = client_for(coach)
    client.get(reverse("mfa_setup"))
    wrong = client.post(reverse("mfa_setup"), {"current": "1234567890", "token": "000000"})
    assert wrong.status_code == 200
    assert recovery.token_set.filter(token="1234567890").exists()


def test_it_does_not_lock_out_after_many_right_codes(coach: User) -> None:
    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    for _ in range(12):
        client = password_login(coach)
        TOTPDevice.objects.filter(user=coach).update(last_t=-1)  # each sign-in gets a fresh code
        response = client.post(reverse("mfa_verify"), {"token": current_totp(coach)})
        assert response.status_code == 302
    client = password_login(coach)
    for _ in range(10):
        assert client.post(reverse("mfa_verify"), {"token": "000000"}).status_code == 200
    TOTPDevice.objects.filter(user=coach).update(last_t=-1)
    locked = client.post(reverse("mfa_verify"), {"token": current_totp(coach)})
    assert locked.status_code == 429


def test_it_limits_wrong_codes_at_set_up_but_not_right_ones(coach: User) -> None:
    client = password_login(coach)
    client.get(reverse("mfa_setup"))
    for _ in range(10):
        assert client.post(reverse("mfa_setup"), {"token": "000000"}).status_code == 200
    right = client.post(reverse("mfa_setup"), {"token": current_totp(coach, confirmed=False)})
    assert right.status_code == 429
    assert not TOTPDevice.objects.filter(user=coach, confirmed=True).exists()


def test_it_lets_a_coach_set_up_again_after_an_admin_reset(org_admin: User, coach: User) -> None:
    _device, jobseeker = _coach_with_device_and_jobseeker(coach)
    client_for(org_admin).post(reverse("mfa_reset", args=[coach.pk]))
    client = password_login(coach)
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_setup"))
    assert client.get(reverse("mfa_setup")).status_code == 200
    done = client.post(reverse("mfa_setup"), {"token": current_totp(coach, confirmed=False)})
    assert len(_recovery_codes(done)) == 10
    page = client.get(reverse("jobseeker_detail", args=[jobseeker.pk]))
    assert page.status_code == 200


def test_it_sends_an_unverified_session_to_the_second_step_on_namespaced_pages(
    coach: User,
) -> None:
    # The allow-list holds view names ("plan:calendar_feed"); read as bare url names,
    # admin:login (url name "login") slipped past the second step.
    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    client = password_login(coach)
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_verify"))
