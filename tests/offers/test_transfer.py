"""Referrals in "Download al mijn gegevens", and back in a restore."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.utils import timezone, translation

from kring.accounts.models import Organisation, Role, User
from kring.exchange import exports, restore
from kring.exchange.messages import ImportRefused
from kring.network import services as network
from kring.offers.models import Referral
from tests.conftest import make_organisation, make_user
from tests.offers.helpers import make_offer

pytestmark = pytest.mark.django_db


def referred(jobseeker: User, coach: User) -> None:
    organisation = jobseeker.organisation
    assert organisation is not None
    network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    club = make_offer(organisation, "Jobclub Testdorp")
    cafe = make_offer(organisation, "Taalcafé", kind="language_cafe")
    today = timezone.localdate()
    Referral.objects.create(
        jobseeker=jobseeker,
        offer=club,
        offer_name=club.name,
        referred_by=coach,
        referred_on=today,
        outcome="joined",
        outcome_on=today,
        note="Elke dinsdag",
    )
    Referral.objects.create(
        jobseeker=jobseeker,
        offer=cafe,
        offer_name=cafe.name,
        referred_by=jobseeker,
        referred_on=today,
    )


def rows_of(user: User) -> list[tuple[Any, ...]]:
    return sorted(
        (r.offer_name, r.offer_id is not None, r.outcome, r.outcome_on, r.note, r.by_coach)
        for r in Referral.objects.of(user)
    )


def export_json(content: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        data: dict[str, Any] = json.loads(archive.read("kring-export.json"))
        assert "referrals.csv" in archive.namelist()
        assert "Jobclub Testdorp" in archive.read("referrals.csv").decode()
    return data


def as_zip(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kring-export.json", json.dumps(data))
    return buffer.getvalue()


def test_it_exports_referrals_and_restores_them_linked_to_the_same_places(
    organisation: Organisation, jobseeker: User, coach: User
) -> None:
    referred(jobseeker, coach)
    content = exports.export_zip(jobseeker)
    data = export_json(content)
    assert [r["referred_by_role"] for r in data["referrals"]] == ["coach", "jobseeker"]
    fresh = make_user(Role.JOBSEEKER, organisation=organisation)
    restore.import_user_data(actor=fresh, jobseeker=fresh, data=content)
    # A coach's referral comes back without its author: the coach belonged to the old account.
    assert rows_of(fresh) == [
        ("Jobclub Testdorp", True, "joined", timezone.localdate(), "Elke dinsdag", False),
        ("Taalcafé", True, "pending", None, "", False),
    ]
    assert Referral.objects.get(jobseeker=fresh, offer_name="Taalcafé").referred_by == fresh


def test_it_restores_referrals_in_another_organisation_by_name_only(
    jobseeker: User, coach: User
) -> None:
    referred(jobseeker, coach)
    elsewhere = make_user(Role.JOBSEEKER, organisation=make_organisation())
    restore.import_user_data(
        actor=elsewhere, jobseeker=elsewhere, data=exports.export_zip(jobseeker)
    )
    assert [row[:2] for row in rows_of(elsewhere)] == [
        ("Jobclub Testdorp", False),
        ("Taalcafé", False),
    ]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("outcome", "great", "“outcome” has an unknown value"),
        ("referred_on", "2025-02-30", "“referred_on” is not a valid date"),
        ("offer_name", " ", "“offer_name” is empty"),
        ("note", "x" * 301, "“note” is longer than 300 characters"),
    ],
)
def test_it_refuses_a_bad_referral_and_stores_nothing(
    jobseeker: User, coach: User, field: str, value: object, problem: str
) -> None:
    referred(jobseeker, coach)
    data = export_json(exports.export_zip(jobseeker))
    data["referrals"][1][field] = value
    fresh = make_user()
    with translation.override("en"), pytest.raises(ImportRefused, match=problem) as refused:
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert refused.value.message.startswith("Referral 2 in this export")
    assert not Referral.objects.filter(jobseeker=fresh).exists()
    assert network.network_data(fresh) == {"contacts": [], "ties": []}


def test_it_restores_an_export_made_before_referrals(jobseeker: User, coach: User) -> None:
    referred(jobseeker, coach)
    data = export_json(exports.export_zip(jobseeker))
    del data["referrals"]
    fresh = make_user()
    restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert not Referral.objects.filter(jobseeker=fresh).exists()
    assert len(network.network_data(fresh)["contacts"]) == 1
