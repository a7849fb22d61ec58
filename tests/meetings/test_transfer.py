"""Network meetings in "download all my data": exported, and restored with their asks."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest

from kring.accounts.models import Role, User
from kring.exchange import exports, restore
from kring.exchange.messages import ImportRefused
from kring.meetings import services
from kring.meetings.models import CircleMeeting, Invitee, PlanItem
from kring.network import services as network
from kring.network.models import Contact
from kring.plan.models import Ask
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def a_meeting(owner: User, coach: User) -> CircleMeeting:
    anna = network.contact_create(jobseeker=owner, label="Anna", quadrant="family", ring=1)
    meeting = services.meeting_create(
        jobseeker=owner,
        actor=owner,
        question="Hoe vind ik werk in de zorg?",
        meets_on=date(2026, 6, 1),
        place="Thuis",
    )
    invitee = services.invitee_add(
        jobseeker=owner, actor=owner, meeting_id=meeting.pk, contact_id=anna.pk
    )
    services.invitee_add(
        jobseeker=owner,
        actor=owner,
        meeting_id=meeting.pk,
        new_label="Piet",
        suggested_by_id=anna.pk,
    )
    services.invitee_answer(
        jobseeker=owner, actor=owner, meeting_id=meeting.pk, invitee_id=invitee.pk, coming=True
    )
    services.item_add(
        jobseeker=owner,
        actor=owner,
        meeting_id=meeting.pk,
        who="contact",
        contact_id=anna.pk,
        task="=Vraagt haar baas",
        due_on=date(2026, 6, 15),
    )
    services.item_add(
        jobseeker=owner,
        actor=coach,
        meeting_id=meeting.pk,
        who="coach",
        task="Zoekt vacatures",
        due_on=date(2026, 6, 10),
    )
    return meeting


def meetings_of(user: User) -> list[Any]:
    """Return the user's meetings as comparable values: names instead of ids."""
    return [
        (
            m.question,
            m.meets_on,
            m.place,
            m.evaluate_on,
            sorted(
                (i.contact.label, i.suggested_by.label if i.suggested_by else None, i.answer)
                for i in Invitee.objects.filter(meeting=m).select_related(
                    "contact", "suggested_by", "ask"
                )
            ),
            sorted(
                (p.who, p.who_label, p.task, p.due_on, p.ask.kind if p.ask else None)
                for p in PlanItem.objects.filter(meeting=m).select_related("contact", "ask")
            ),
        )
        for m in CircleMeeting.objects.filter(owner=user).order_by("id")
    ]


def export_json(user: User) -> dict[str, Any]:
    archive = zipfile.ZipFile(io.BytesIO(exports.export_zip(user)))
    data: dict[str, Any] = json.loads(archive.read("kring-export.json"))
    return data


def as_zip(data: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kring-export.json", json.dumps(data))
    return buffer.getvalue()


def test_it_exports_meetings_as_json_and_csv(jobseeker: User) -> None:
    a_meeting(jobseeker, make_user(Role.COACH))
    archive = zipfile.ZipFile(io.BytesIO(exports.export_zip(jobseeker)))
    data = json.loads(archive.read("kring-export.json"))
    (meeting,) = data["meetings"]
    assert meeting["question"] == "Hoe vind ik werk in de zorg?"
    assert meeting["evaluate_on"] == "2026-06-29"
    assert len(meeting["invitees"]) == 2 and len(meeting["items"]) == 2
    ask_ids = {ask["id"] for ask in data["asks"]}
    assert {i["ask"] for i in meeting["invitees"]} - {None} <= ask_ids
    plans = list(csv.DictReader(io.StringIO(archive.read("meeting_plans.csv").decode())))
    assert {row["task"] for row in plans} == {"'=Vraagt haar baas", "Zoekt vacatures"}


def test_it_gives_back_the_meetings_after_export_and_restore(jobseeker: User) -> None:
    a_meeting(jobseeker, make_user(Role.COACH))
    content = exports.export_zip(jobseeker)
    fresh = make_user()
    restore.import_user_data(actor=fresh, jobseeker=fresh, data=content)
    assert meetings_of(fresh) == meetings_of(jobseeker)
    assert Ask.objects.filter(owner=fresh).count() == 2
    assert Contact.objects.get(owner=fresh, label="Anna").ally


def test_it_refuses_a_meeting_with_a_person_not_in_the_export_and_stores_nothing(
    jobseeker: User,
) -> None:
    a_meeting(jobseeker, make_user(Role.COACH))
    data = export_json(jobseeker)
    data["meetings"][0]["invitees"][0]["contact"] = 999_999
    fresh = make_user()
    with pytest.raises(ImportRefused, match="Netwerkberaad 1 in deze export"):
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert not Contact.objects.filter(owner=fresh).exists()
    assert not CircleMeeting.objects.filter(owner=fresh).exists()


def test_it_refuses_one_ask_named_by_two_lines(jobseeker: User) -> None:
    a_meeting(jobseeker, make_user(Role.COACH))
    data = export_json(jobseeker)
    meeting = data["meetings"][0]
    meeting["items"][0]["ask"] = meeting["invitees"][0]["ask"]
    fresh = make_user()
    with pytest.raises(ImportRefused, match="Netwerkberaad 1"):
        restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert not Ask.objects.filter(owner=fresh).exists()


def test_it_restores_an_export_made_before_meetings(jobseeker: User) -> None:
    a_meeting(jobseeker, make_user(Role.COACH))
    data = export_json(jobseeker)
    del data["meetings"]
    for ask in data["asks"]:
        del ask["id"]
    fresh = make_user()
    restore.import_user_data(actor=fresh, jobseeker=fresh, data=as_zip(data))
    assert Ask.objects.filter(owner=fresh).count() == 2
    assert not CircleMeeting.objects.filter(owner=fresh).exists()
