"""Ideas of the coach in "download all my data", and back through a restore, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.exchange import exports, restore
from kring.exchange.messages import ImportRefused
from kring.network import services as network
from kring.network.models import Contact
from kring.plan import services
from kring.plan.models import Ask, CoachSuggestion
from tests.conftest import client_for, make_grant, make_user

pytestmark = pytest.mark.django_db


def plan_with_ideas(jobseeker: User, coach: User) -> None:
    """Anna with an accepted idea that became an ask, and an open idea about nobody."""
    make_grant(jobseeker, coach)
    anna = network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    accepted = services.coach_suggestion_create(
        jobseeker=jobseeker,
        actor=coach,
        kind="reference",
        text="Vraag Anna om een referentie.",
        contact_id=anna.pk,
    )
    services.suggestion_accept(jobseeker=jobseeker, actor=jobseeker, key=accepted.key)
    services.coach_suggestion_create(
        jobseeker=jobseeker, actor=coach, kind="information", text="Ga naar de banenclub."
    )


def export_json(user: User) -> dict[str, Any]:
    archive = zipfile.ZipFile(io.BytesIO(exports.export_zip(user)))
    return dict(json.loads(archive.read("kring-export.json")))


def zipped(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kring-export.json", json.dumps(data))
    return buffer.getvalue()


def test_it_puts_the_ideas_in_the_download_with_the_coachs_name(
    jobseeker: User, coach: User
) -> None:
    plan_with_ideas(jobseeker, coach)
    response = client_for(jobseeker).get(reverse("exchange:my_data_download"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("kring-export.json"))
    ideas = data["coach_suggestions"]
    assert [i["text"] for i in ideas] == ["Vraag Anna om een referentie.", "Ga naar de banenclub."]
    assert ideas[0]["state"] == "accepted" and ideas[0]["ask"] == data["asks"][0]["id"]
    assert ideas[1]["contact"] is None and ideas[1]["created_by_name"] == "Carla"
    rows = list(csv.DictReader(io.StringIO(archive.read("coach_suggestions.csv").decode())))
    assert [r["created_by_role"] for r in rows] == ["coach", "coach"]
    assert "coach_suggestions.csv" in archive.read("README.txt").decode()


def test_it_restores_the_ideas_linked_to_the_new_person_and_ask(
    jobseeker: User, coach: User
) -> None:
    plan_with_ideas(jobseeker, coach)
    fresh = make_user()
    restore.import_user_data(actor=fresh, jobseeker=fresh, data=exports.export_zip(jobseeker))
    accepted, still_open = CoachSuggestion.objects.of(fresh).order_by("created_at", "id")
    anna = Contact.objects.get(owner=fresh, label="Anna")
    ask = Ask.objects.get(owner=fresh)
    assert (accepted.contact_id, accepted.ask_id, accepted.state) == (anna.pk, ask.pk, "accepted")
    assert still_open.is_current(timezone.localdate()) and still_open.contact_id is None
    # The coach belonged to the old account's organisation: the idea says "your coach".
    assert still_open.created_by_id is None
    body = client_for(fresh).get(reverse("plan:plan", args=[fresh.pk])).content.decode()
    assert "Idee van je coach</p>" in body and "Ga naar de banenclub." in body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "gossip"}, "Idee van een coach 1"),
        ({"text": ""}, "Idee van een coach 1"),
        ({"contact": 999_999}, "niet in de export"),
        ({"ask": 999_999}, "niet in de export"),
        ({"until": "morgen"}, "geen goede datum"),
    ],
)
def test_it_refuses_an_export_with_a_bad_idea_and_stores_nothing(
    jobseeker: User, coach: User, change: dict[str, Any], message: str
) -> None:
    plan_with_ideas(jobseeker, coach)
    data = export_json(jobseeker)
    data["coach_suggestions"][0].update(change)
    fresh = make_user()
    with pytest.raises(ImportRefused, match=message):
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=zipped(data))
    assert not Contact.objects.filter(owner=fresh).exists()
    assert not CoachSuggestion.objects.filter(owner=fresh).exists()


def test_it_restores_an_export_made_before_ideas_of_the_coach(jobseeker: User) -> None:
    network.contact_create(jobseeker=jobseeker, label="Anna", quadrant="friends", ring=2)
    data = export_json(jobseeker)
    del data["coach_suggestions"]
    fresh = make_user()
    restore.import_user_data(actor=fresh, jobseeker=fresh, data=zipped(data))
    assert Contact.objects.filter(owner=fresh).count() == 1
