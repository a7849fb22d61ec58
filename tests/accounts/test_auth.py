from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from kring.accounts.models import Role, User
from tests.conftest import TEST_PASSWORD, client_for, current_totp, make_user

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db


def login_post(client: Client, email: str, password: str) -> TestResponse:
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.JOBSEEKER, "insights/home.html"),
        (Role.COACH, "coaching/caseload.html"),
        (Role.ADMIN, "accounts/organisation_coaches.html"),
    ],
)
def test_it_lands_each_role_on_its_own_home(role: str, landing: str) -> None:
    user = make_user(role)
    if user.is_professional:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    response = login_post(client, user.email, TEST_PASSWORD)
    assert response.status_code == 302
    if user.is_professional:
        client.post(reverse("mfa_verify"), {"token": current_totp(user)})
    page = client.get(response["Location"], follow=True)
    assert landing in [t.name for t in page.templates]


def test_it_explains_a_wrong_password_and_keeps_the_address() -> None:
    user = make_user()
    response = login_post(Client(), user.email, "wrong-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "horen niet bij elkaar" in body
    assert user.email in body


def test_it_locks_out_after_repeated_failures() -> None:
    user = make_user()
    client = Client()
    for _ in range(5):
        login_post(client, user.email, "wrong-password")
    response = login_post(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Te vaak geprobeerd" in response.content.decode()


def test_it_signs_out_with_post() -> None:
    user = make_user()
    client = client_for(user)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_it_rotates_the_session_on_login() -> None:
    user = make_user()
    client = Client()
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen"
    login_post(client, user.email, TEST_PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen"


def test_it_answers_the_same_for_known_and_unknown_addresses_on_reset() -> None:
    user = make_user()
    known = Client().post(reverse("password_reset"), {"email": user.email})
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_it_resets_a_password_with_a_single_use_link() -> None:
    user = make_user()
    Client().post(reverse("password_reset"), {"email": user.email})
    body = mail.outbox[0].body
    assert isinstance(body, str)
    link = re.search(r"https?://[^/]+(/password/reset/\S+/)", body)
    assert link
    client = Client()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "another-long-password-99"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    again = Client().get(link.group(1), follow=True)
    assert "werkt niet meer" in again.content.decode()


def test_it_rate_limits_password_reset() -> None:
    client = Client()
    statuses = [
        client.post(reverse("password_reset"), {"email": "x@example.org"}).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429


def test_it_signs_up_a_job_seeker_and_ignores_extra_fields() -> None:
    client = Client()
    response = client.post(
        reverse("signup"),
        {
            "name": "Fatima",
            "email": "fatima@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "role": Role.ADMIN,
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="fatima@example.org")
    assert user.role == Role.JOBSEEKER
    assert not user.is_staff
    assert user.organisation is None


def test_it_returns_the_signup_form_with_values_and_messages_per_field() -> None:
    response = Client().post(
        reverse("signup"),
        {"name": "Fatima", "email": "not-an-address", "password1": "123", "password2": "124"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Fatima"' in body
    assert 'value="not-an-address"' in body
    assert "niet hetzelfde" in body
    assert not User.objects.filter(name="Fatima").exists()


def test_it_signs_out_staff_after_idle_time(settings: Settings) -> None:
    coach = make_user(Role.COACH)
    client = client_for(coach)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["kring_last_seen"] = (
        session["kring_last_seen"] - settings.SESSION_IDLE_TIMEOUT_STAFF - 5
    )
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_switches_the_language_to_english() -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/")
    assert "Sign in" in page.content.decode()
    assert '<html lang="en">' in page.content.decode()


def test_it_speaks_dutch_by_default() -> None:
    body = Client().get("/login/").content.decode()
    assert '<html lang="nl">' in body
    assert "Inloggen" in body


def test_it_signs_in_with_the_address_typed_in_another_case() -> None:
    user = make_user(email="fatima@example.org")
    client = Client()
    response = login_post(client, "  Fatima@Example.ORG ", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_signs_in_an_account_stored_in_another_case() -> None:
    user = make_user()
    User.objects.filter(pk=user.pk).update(email="Old.Style@Example.org")
    assert login_post(Client(), "old.style@example.org", TEST_PASSWORD).status_code == 302
    assert login_post(Client(), "OLD.STYLE@EXAMPLE.ORG", TEST_PASSWORD).status_code == 302


def test_it_refuses_to_guess_between_accounts_that_differ_only_in_case() -> None:
    first = make_user()
    second = make_user()
    User.objects.filter(pk=first.pk).update(email="Twin@Example.org")
    User.objects.filter(pk=second.pk).update(email="twin@EXAMPLE.org")
    response = login_post(Client(), "twin@example.org", TEST_PASSWORD)
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()


def test_it_refuses_sign_up_with_an_existing_address_in_another_case() -> None:
    make_user(email="fatima@example.org")
    response = Client().post(
        reverse("signup"),
        {
            "name": "Fatima",
            "email": "FATIMA@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Heb je al een account" in response.content.decode()
    assert User.objects.filter(email__iexact="fatima@example.org").count() == 1


def test_it_stores_a_new_address_in_lowercase() -> None:
    response = Client().post(
        reverse("signup"),
        {
            "name": "Fatima",
            "email": "Fatima@Example.ORG",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="fatima@example.org").exists()


def test_it_counts_failed_sign_ins_of_every_spelling_together() -> None:
    user = make_user(email="coach@example.org")
    client = Client()
    for spelling in ["Coach@Example.org", "coach@example.org", "COACH@EXAMPLE.ORG"] * 2:
        login_post(client, spelling, "wrong-password")
    response = login_post(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429


def test_it_clears_the_failures_of_every_spelling_after_a_right_sign_in() -> None:
    user = make_user(email="coach@example.org")
    for _ in range(4):
        login_post(Client(), "Coach@Example.org", "wrong-password")
    assert login_post(Client(), user.email, TEST_PASSWORD).status_code == 302
    for _ in range(4):
        login_post(Client(), "COACH@example.org", "wrong-password")
    assert login_post(Client(), "coach@example.org", TEST_PASSWORD).status_code == 302


def test_it_sends_a_reset_link_for_the_address_in_another_case() -> None:
    user = make_user(email="fatima@example.org")
    Client().post(reverse("password_reset"), {"email": " FATIMA@example.org"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_it_creates_users_from_the_command_line_in_lowercase() -> None:
    from django.core.management import CommandError, call_command

    call_command("create_user", "Piet@Example.org", role="jobseeker", stdout=io.StringIO())
    assert User.objects.filter(email="piet@example.org").exists()
    with pytest.raises(CommandError, match="already an account"):
        call_command("create_user", "PIET@example.org", role="jobseeker", stdout=io.StringIO())


def test_it_refuses_an_invitation_for_an_address_in_another_case(coach: User) -> None:
    make_user(email="jan@example.org")
    response = client_for(coach).post(
        reverse("invite_jobseeker"), {"name": "Jan", "email": "Jan@Example.org"}
    )
    assert response.status_code == 200
    assert not mail.outbox
    invited = client_for(coach).post(
        reverse("invite_jobseeker"), {"name": "Els", "email": "Els@Example.org"}
    )
    assert invited.status_code == 302
    assert mail.outbox[0].to == ["els@example.org"]


def test_it_lowercases_an_address_saved_in_the_django_admin(db: None) -> None:
    superuser = User.objects.create_superuser("root@example.org", TEST_PASSWORD, name="Root")
    client = client_for(superuser)
    target = make_user()
    response = client.post(
        reverse("admin:accounts_user_change", args=[target.pk]),
        {
            "email": "New.Address@Example.org",
            "name": target.name,
            "role": target.role,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.email == "new.address@example.org"
