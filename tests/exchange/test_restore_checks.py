"""Restoring an export: moments and nesting depth are checked before anything is stored."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from kring.accounts.models import User
from kring.accounts.services import api_token_create
from kring.core.safejson import MAX_JSON_DEPTH
from kring.exchange import exports
from kring.network import services as network
from kring.network.models import Contact, NetworkProfile, Snapshot, Tie
from kring.network.moments import MAX_MOMENTS
from tests.conftest import make_user
from tests.exchange.conftest import english_client
from tests.network.helpers import make_contact, make_tie

if TYPE_CHECKING:
    from tests.conftest import TestResponse

pytestmark = pytest.mark.django_db


def export_with_a_moment(owner: User) -> dict[str, Any]:
    anna = make_contact(owner, "Anna", isco_code="2221", occupation="Verpleegkundige")
    make_tie(anna, make_contact(owner, "Bram", ring=3, quadrant="family"))
    network.snapshot_create(actor=owner, jobseeker=owner, name="Begin")
    payload: dict[str, Any] = json.loads(json.dumps(exports.user_data(owner)))
    return payload


def zipped(payload: dict[str, Any] | str) -> bytes:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(exports.EXPORT_JSON, text)
    return buffer.getvalue()


def ring_99(payload: dict[str, Any]) -> None:
    payload["snapshots"][0]["data"]["contacts"][0]["ring"] = 99


def quadrant_nowhere(payload: dict[str, Any]) -> None:
    payload["snapshots"][0]["data"]["contacts"][0]["quadrant"] = "nowhere"


def dangling_tie(payload: dict[str, Any]) -> None:
    payload["snapshots"][0]["data"]["ties"].append([123456, payload["contacts"][0]["id"], 1])


def too_many_moments(payload: dict[str, Any]) -> None:
    payload["snapshots"] = payload["snapshots"] * (MAX_MOMENTS + 1)


BREAKERS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "ring 99": (ring_99, "ring must be 0-4, got 99"),
    "quadrant nowhere": (quadrant_nowhere, "quadrant must be one of"),
    "dangling tie": (dangling_tie, "contact 123456 does not exist"),
    "too many moments": (too_many_moments, f"a network keeps at most {MAX_MOMENTS}"),
}

# 200,000 nested lists: a few hundred bytes once zipped.
DEEP = '{"schema": "kring-export", "schema_version": 1, "x": ' + "[" * 200_000 + "]" * 200_000 + "}"


def assert_nothing_stored(jobseeker: User) -> None:
    assert not Contact.objects.filter(owner=jobseeker).exists()
    assert not Tie.objects.filter(owner=jobseeker).exists()
    assert not Snapshot.objects.filter(owner=jobseeker).exists()
    assert not NetworkProfile.objects.filter(jobseeker=jobseeker).exclude(target_sector="").exists()


def restore_page(jobseeker: User, data: bytes) -> TestResponse:
    return english_client(jobseeker).post(
        reverse("exchange:restore", args=[jobseeker.pk]),
        {"file": SimpleUploadedFile("kring-export.zip", data), "confirm": "on"},
    )


def restore_api(jobseeker: User, data: bytes) -> TestResponse:
    _token, secret = api_token_create(user=jobseeker)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(
        f"/api/v1/jobseekers/{jobseeker.pk}/import/restore",
        {"file": SimpleUploadedFile("kring-export.zip", data)},
    )


def test_it_restores_a_genuine_export_with_its_moments(jobseeker: User) -> None:
    payload = export_with_a_moment(jobseeker)
    fresh = make_user()
    response = restore_page(fresh, zipped(payload))
    assert response.status_code == 302
    assert Snapshot.objects.filter(owner=fresh).count() == 1
    page = english_client(fresh).get(reverse("insight_compare", args=[fresh.pk]))
    assert page.status_code == 200 and b"cannot be read" not in page.content


@pytest.mark.parametrize("kind", BREAKERS)
def test_it_refuses_an_export_with_a_bad_moment_on_the_page(jobseeker: User, kind: str) -> None:
    payload = export_with_a_moment(jobseeker)
    payload["profile"]["target_sector"] = "Q"
    breaker, message = BREAKERS[kind]
    breaker(payload)
    fresh = make_user()
    response = restore_page(fresh, zipped(payload))
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html, html
    assert "Nothing was stored" in html
    assert_nothing_stored(fresh)


@pytest.mark.parametrize("kind", BREAKERS)
def test_it_refuses_an_export_with_a_bad_moment_in_the_api(jobseeker: User, kind: str) -> None:
    payload = export_with_a_moment(jobseeker)
    breaker, message = BREAKERS[kind]
    breaker(payload)
    fresh = make_user()
    response = restore_api(fresh, zipped(payload))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["detail"]
    assert_nothing_stored(fresh)


def test_it_refuses_a_deeply_nested_export_on_the_page_and_in_the_api(jobseeker: User) -> None:
    data = zipped(DEEP)
    assert len(data) < 2000
    page = restore_page(jobseeker, data)
    assert page.status_code == 422
    assert f"more than {MAX_JSON_DEPTH} levels deep" in page.content.decode()
    response = restore_api(jobseeker, data)
    assert response.status_code == 422
    assert f"more than {MAX_JSON_DEPTH} levels deep" in response.json()["detail"]
    assert_nothing_stored(jobseeker)


def test_it_refuses_a_deeply_nested_export_as_a_contact_file(jobseeker: User) -> None:
    # The ordinary upload recognises an export zip first; it must not parse it unbounded.
    response = english_client(jobseeker).post(
        reverse("exchange:import", args=[jobseeker.pk]),
        {"file": SimpleUploadedFile("kring-export.zip", zipped(DEEP)), "format": "auto"},
    )
    assert response.status_code == 422
    assert_nothing_stored(jobseeker)


def test_it_refuses_a_deeply_nested_export_on_the_command_line(tmp_path: Path) -> None:
    # Restoring has no command; the import command must refuse the same file clearly.
    owner = make_user(email="diep@example.org")
    path = tmp_path / "kring-export.zip"
    path.write_bytes(zipped(DEEP))
    with pytest.raises(CommandError, match="not a contact file"):
        call_command("import_contacts", "--user", owner.email, str(path))
    assert_nothing_stored(owner)
