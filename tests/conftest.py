"""Shared fixtures and small factory functions for Kring's tests."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.test import Client

from kring.accounts.models import AccessGrant, Organisation, Role, Scope, User

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
