"""The access log for an audit, and one log entry per data-touching request, also when denied."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from kring.accounts.models import Role, User
from kring.core.audit import log_access
from kring.core.models import AccessLogEntry, Action
from tests.conftest import bearer, client_for, make_organisation, make_user

pytestmark = pytest.mark.django_db

# (how, URL, action logged): every URL of the results and audit pages and API that reads data.
DATA_URLS = [
    ("page", "/organisation/results/", Action.VIEW),
    ("page", "/organisation/results.csv", Action.EXPORT),
    ("page", "/organisation/audit.csv", Action.EXPORT),
    ("api", "/api/v1/organisation/results", Action.VIEW),
    ("api", "/api/v1/organisation/access-log", Action.EXPORT),
]


def fetch(user: User, how: str, url: str) -> int:
    client = client_for(user) if how == "page" else Client(headers=bearer(user))
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize(("how", "url", "action"), DATA_URLS)
def test_it_writes_exactly_one_entry_per_request(how: str, url: str, action: str) -> None:
    organisation = make_organisation()
    admin = make_user(Role.ADMIN, organisation=organisation)
    before = AccessLogEntry.objects.count()
    assert fetch(admin, how, url) == 200
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.actor_id, entry.action, entry.result) == (admin.pk, action, "allowed")
    assert entry.organisation_id == organisation.pk


@pytest.mark.parametrize(("how", "url", "action"), DATA_URLS)
@pytest.mark.parametrize("role", [Role.JOBSEEKER, Role.COACH])
def test_it_writes_exactly_one_denied_entry_for_anyone_else(
    how: str, url: str, action: str, role: str
) -> None:
    intruder = make_user(role, organisation=make_organisation())
    before = AccessLogEntry.objects.count()
    assert fetch(intruder, how, url) == 404
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.actor_id, entry.action, entry.result) == (intruder.pk, action, "denied")


def test_it_writes_no_entry_for_a_refused_date_range() -> None:
    admin = make_user(Role.ADMIN, organisation=make_organisation())
    before = AccessLogEntry.objects.count()
    response = client_for(admin).get(
        "/organisation/audit.csv", {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert AccessLogEntry.objects.count() == before


def test_it_exports_the_organisations_entries_with_their_hashes() -> None:
    organisation = make_organisation()
    admin = make_user(Role.ADMIN, organisation=organisation)
    coach = make_user(Role.COACH, organisation=organisation, name="=Mehmet")
    mine = make_user(Role.JOBSEEKER, organisation=organisation)
    stranger = make_user(Role.COACH, organisation=make_organisation())
    elsewhere = make_user(Role.JOBSEEKER, organisation=stranger.organisation)
    own = log_access(actor=coach, subject_id=mine.pk, action=Action.VIEW)
    refused = log_access(actor=stranger, subject_id=mine.pk, action=Action.VIEW, result="denied")
    other = log_access(actor=stranger, subject_id=elsewhere.pk, action=Action.VIEW)
    response = client_for(admin).get(reverse("results:audit_csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    ids = {int(row["id"]) for row in rows}
    assert {own.pk, refused.pk} <= ids
    assert other.pk not in ids
    row = next(r for r in rows if int(r["id"]) == own.pk)
    assert row["entry_hash"] == own.entry_hash
    assert row["actor_name"] == "'=Mehmet"  # a spreadsheet does not run it
    assert AccessLogEntry.objects.get(pk=own.pk).compute_hash() == row["entry_hash"]


def test_it_gives_the_same_entries_by_api_oldest_first() -> None:
    organisation = make_organisation()
    admin = make_user(Role.ADMIN, organisation=organisation)
    coach = make_user(Role.COACH, organisation=organisation)
    first = log_access(actor=coach, subject_id=None, action=Action.VIEW)
    body = Client(headers=bearer(admin)).get("/api/v1/organisation/access-log").json()
    assert body["items"][0]["id"] == first.pk
    assert body["items"][0]["entry_hash"] == first.entry_hash


def test_it_refuses_a_reversed_date_range_by_api() -> None:
    admin = make_user(Role.ADMIN, organisation=make_organisation())
    response = Client(headers=bearer(admin)).get(
        "/api/v1/organisation/access-log", {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "end" in json.loads(response.content)["errors"]
