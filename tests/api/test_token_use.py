"""API token authentication records a token's use without ever failing a read for it."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.db.models.query import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kring.accounts.models import ApiToken, User
from kring.accounts.services import api_token_create
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db


def read_own_contacts(jobseeker: User, secret: str) -> int:
    response = Client().get(
        f"/api/v1/jobseekers/{jobseeker.pk}/contacts", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    return response.status_code


def test_it_answers_a_read_when_the_database_is_too_busy_to_store_the_tokens_use(
    jobseeker: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    make_contact(jobseeker, "Sanne")
    token, secret = api_token_create(user=jobseeker)
    real_update = QuerySet.update

    def locked(self: QuerySet, **kwargs: object) -> int:  # type: ignore[type-arg]
        if self.model is ApiToken:
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", locked)
    with caplog.at_level(logging.WARNING, logger="kring.accounts.services"):
        assert read_own_contacts(jobseeker, secret) == 200
    assert "last use not stored" in caplog.text
    token.refresh_from_db()
    assert token.last_used_at is None


def test_it_stores_a_tokens_use_at_most_once_a_minute(jobseeker: User) -> None:
    token, secret = api_token_create(user=jobseeker)
    with CaptureQueriesContext(connection) as storing:
        assert read_own_contacts(jobseeker, secret) == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    with CaptureQueriesContext(connection) as not_storing:
        assert read_own_contacts(jobseeker, secret) == 200
    token.refresh_from_db()
    assert token.last_used_at == first_use
    # Within the minute a read writes nothing: fewer queries than the read that stored.
    assert len(not_storing) < len(storing)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    assert read_own_contacts(jobseeker, secret) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > timezone.now() - timedelta(seconds=30)
