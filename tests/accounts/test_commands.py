from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kring.accounts.models import AccessGrant, Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_it_creates_a_user_and_prints_a_working_setup_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("create_user", "new.coach@example.org", role="coach", organisation="Gemeente X")
    out = capsys.readouterr().out
    user = User.objects.get(email="new.coach@example.org")
    assert user.role == Role.COACH
    assert user.organisation == Organisation.objects.get(name="Gemeente X")
    assert not user.has_usable_password()
    path = re.search(r"https?://[^/]+(/account/setup/\S+/)", out)
    assert path
    client = Client()
    form = client.get(path.group(1), follow=True)
    assert form.status_code == 200
    password = "a-brand-new-password-1"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(password)


def test_it_refuses_a_coach_without_organisation() -> None:
    with pytest.raises(CommandError, match="organisation"):
        call_command("create_user", "x@example.org", role="coach")


def test_it_refuses_a_duplicate_account() -> None:
    call_command("create_user", "dup@example.org", role="jobseeker")
    with pytest.raises(CommandError, match="already"):
        call_command("create_user", "dup@example.org", role="jobseeker")


def test_it_refuses_a_bad_address() -> None:
    with pytest.raises(CommandError):
        call_command("create_user", "not-an-address", role="jobseeker")


def test_it_seeds_the_demo_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    assert "kring-demo-2026" in capsys.readouterr().out
    assert User.objects.filter(email__endswith="@demo.kring.test").count() == 6
    assert AccessGrant.objects.count() == 3
    assert Organisation.objects.count() == 1


def test_it_prints_a_working_code_for_demo_staff(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo", quiet=True)
    call_command("demo_code", "coach1@demo.kring.test")
    code = capsys.readouterr().out.strip()
    client = Client()
    client.post("/login/", {"username": "coach1@demo.kring.test", "password": "kring-demo-2026"})
    assert client.post("/account/two-step/verify/", {"token": code}).status_code == 302
    assert client.get("/").status_code == 200


def test_it_prints_no_code_for_real_accounts() -> None:
    call_command("create_user", "real@example.org", role="coach", organisation="Echt")
    with pytest.raises(CommandError, match="demo"):
        call_command("demo_code", "real@example.org")
