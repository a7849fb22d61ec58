"""Shared fixtures and small factory functions for Kring's tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from kring.accounts.models import AccessGrant, Organisation, Role, Scope, User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    # What the test client's get/post/... give back. django-stubs names it privately; helpers
    # that return a response use this name so callers keep .json(), .context and friends.
    TestResponse: TypeAlias = _MonkeyPatchedWSGIResponse

TEST_PASSWORD = "a-long-test-password-4711"
_counter = itertools.count(1)


def make_organisation(name: str | None = None) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisation {next(_counter)}")


def make_user(
    role: str = Role.JOBSEEKER,
    *,
    organisation: Organisation | None = None,
    name: str | None = None,
    email: str | None = None,
    password: str = TEST_PASSWORD,
) -> User:
    number = next(_counter)
    if organisation is None and role != Role.JOBSEEKER:
        organisation = make_organisation()
    return User.objects.create_user(
        email or f"{role}{number}@example.org",
        password,
        name=name or f"{role.title()} {number}",
        role=role,
        organisation=organisation,
    )


def make_grant(jobseeker: User, coach: User, scope: str = Scope.EDIT) -> AccessGrant:
    return AccessGrant.objects.create(
        jobseeker=jobseeker, coach=coach, organisation=coach.organisation, scope=scope
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(user: User) -> dict[str, str]:
    """Return the Authorization header of a new API token of `user`."""
    from kring.accounts.services import api_token_create

    _token, secret = api_token_create(user=user)
    return {"Authorization": f"Bearer {secret}"}


def api_client_for(user: User) -> Client:
    """Return a test client that sends a new API token of `user` with every request."""
    return Client(headers=bearer(user))


def current_totp(user: User, *, confirmed: bool = True) -> str:
    """Return the code the user's authenticator app would show now."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).latest("id")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verified_session(client: Client, user: User) -> None:
    """Mark the client's session as past the second step, as after a real two-step login."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> Iterator[None]:
    """Hash test passwords with MD5: Argon2 is slow on purpose, and the suite hashes thousands.

    The production hashers stay in the list after it, so a stored Argon2 hash still verifies.
    tests/test_security.py::test_it_hashes_passwords_with_argon2 checks the production list.
    """
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=fast):
        yield


@pytest.fixture(autouse=True)
def _force_login_passes_two_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """`force_login` means a fully signed-in person; for staff that includes the second step.

    Tests of the two-step flow itself sign in through the real login and verify pages.
    """
    original = Client.force_login

    def force_login(self: Client, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        if getattr(user, "is_professional", False):
            verified_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Start every test in Kring's default language (Dutch).

    A request in English leaves English active in the thread afterwards, so a later test that
    calls a service directly would otherwise read its messages in whichever language came last.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Rate-limit counters live in the cache; every test starts with none.
    cache.clear()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return make_organisation("Gemeente Testdorp")


@pytest.fixture
def coach(organisation: Organisation) -> User:
    return make_user(Role.COACH, organisation=organisation, name="Carla")


@pytest.fixture
def jobseeker(organisation: Organisation) -> User:
    return make_user(Role.JOBSEEKER, organisation=organisation, name="Jan")


@pytest.fixture
def org_admin(organisation: Organisation) -> User:
    return make_user(Role.ADMIN, organisation=organisation, name="Aisha")
