"""Restoring a "download all my data" zip into an empty network, all or nothing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from kring.accounts.models import User
from kring.core import safejson
from kring.exchange.exports import EXPORT_FORMAT, EXPORT_JSON, SCHEMA_VERSION
from kring.exchange.messages import ImportRefused, refused_size
from kring.exchange.parsers import MAX_BYTES
from kring.meetings import transfer as meetings
from kring.network import services as network
from kring.network.models import LABEL_MAX, Contact, Snapshot
from kring.network.moments import MAX_MOMENTS, MomentError, check_moment
from kring.offers import transfer as offers
from kring.plan import transfer as plan_transfer
from kring.plan.models import (
    NOTE_MAX,
    Ask,
    AskHow,
    AskKind,
    Outcome,
    SuggestionState,
    SuggestionStatus,
)

# An export zip holds the JSON and four CSV files; its JSON may be larger than an upload.
MAX_EXPORT_JSON_BYTES = 50 * 1024 * 1024


def is_export_zip(data: bytes) -> bool:
    """Return whether `data` is a zip archive that holds a kring-export.json."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return EXPORT_JSON in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def read_export(data: bytes) -> dict[str, Any]:
    """Return the JSON of a Kring export zip; raise ImportRefused for anything else."""
    if len(data) > MAX_BYTES:
        raise refused_size(len(data))
    if not data:
        raise ImportRefused(_("The file is empty."))
    damaged = _("This is not a Kring export: upload the zip file from “Download all my data”.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(EXPORT_JSON)
            if info.file_size > MAX_EXPORT_JSON_BYTES:
                raise ImportRefused(damaged)
            with archive.open(info) as member:
                raw = member.read(MAX_EXPORT_JSON_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        raise ImportRefused(damaged) from None
    if len(raw) > MAX_EXPORT_JSON_BYTES:
        raise ImportRefused(damaged)
    try:
        payload = safejson.loads(raw)
    except safejson.JSONTooDeep as error:
        raise ImportRefused(
            _(
                "This file nests lists and objects more than %(max)d levels deep. A Kring "
                "export never does: this file is damaged or not from Kring."
            )
            % {"max": error.limit}
        ) from None
    except ValueError:  # also UnicodeDecodeError
        raise ImportRefused(damaged) from None
    if not isinstance(payload, dict) or payload.get("schema") != EXPORT_FORMAT:
        raise ImportRefused(damaged)
    if payload.get("schema_version") != SCHEMA_VERSION:
        raise ImportRefused(
            _("This export has schema version %(version)s; Kring reads version %(ours)d.")
            % {"version": str(payload.get("schema_version"))[:10], "ours": SCHEMA_VERSION}
        )
    _check_moments(payload.get("snapshots"))
    return payload


def _check_moments(snapshots: object) -> None:
    """Refuse an export whose moments Kring could not show, before anything is stored.

    The same checks as every other way a moment is saved (kring.network.moments): within the
    limits, every person with a ring, a quadrant and a name, ties only between people of the
    moment. Ids are checked as they are in the file; restoring maps them one to one.
    """
    if snapshots is None:
        return
    if not isinstance(snapshots, list):
        raise ImportRefused(
            _("This export is damaged: “snapshots” must be a list. Nothing was stored.")
        )
    if len(snapshots) > MAX_MOMENTS:
        raise ImportRefused(
            _(
                "This export has %(count)d moments; a network keeps at most %(max)d. "
                "Nothing was stored."
            )
            % {"count": len(snapshots), "max": MAX_MOMENTS}
        )
    for number, snapshot in enumerate(snapshots, start=1):
        try:
            if not isinstance(snapshot, dict):
                raise MomentError("a moment must be an object")
            if not isinstance(snapshot.get("name"), str):
                raise MomentError("the moment has no name")
            if parse_datetime(str(snapshot.get("taken_at"))) is None:
                raise MomentError("the moment has no valid date (taken_at)")
            check_moment(snapshot.get("data"))
        except ValueError as error:  # MomentError, or a date that does not exist
            raise ImportRefused(
                _(
                    "Moment %(number)d in this export cannot be restored: %(problem)s. "
                    "Nothing was stored."
                )
                % {"number": number, "problem": error}
            ) from None


class _Problem(ValueError):
    """One value of the plan or of a person that a restore cannot take (already translated)."""


def _choice(record: Mapping[str, Any], name: str, choices: list[str]) -> str:
    value = record.get(name)
    if not isinstance(value, str) or value not in choices:
        raise _Problem(_("“%(field)s” has an unknown value") % {"field": name})
    return value


def _day(record: Mapping[str, Any], name: str, *, required: bool = False) -> date | None:
    value = record.get(name)
    if value is None and not required:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise _Problem(_("“%(field)s” is not a valid date") % {"field": name}) from None


def _text(record: Mapping[str, Any], name: str, limit: int) -> str:
    value = record.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Problem(_("“%(field)s” must be text") % {"field": name})
    value = value.strip()
    if len(value) > limit:
        raise _Problem(
            _("“%(field)s” is longer than %(max)d characters") % {"field": name, "max": limit}
        )
    return value


def _list(payload: Mapping[str, Any], name: str) -> list[Any]:
    """Return the list `name` of the export; an export made before it existed has none."""
    value = payload.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportRefused(
            _("This export is damaged: “%(name)s” must be a list. Nothing was stored.")
            % {"name": name}
        )
    return value


def _allies(contacts: list[Any]) -> list[bool]:
    """Return each contact's `ally`, in the order of `contacts`; refuse anything but true/false.

    The pages never let a person type it (an outcome sets it), but a restore is a copy of the
    person's own data, so it comes back as it was. An export from before allies has none.
    """
    allies = []
    for number, contact in enumerate(contacts, start=1):
        ally = contact.get("ally", False) if isinstance(contact, dict) else False
        if not isinstance(ally, bool):
            raise ImportRefused(
                _(
                    "Person %(number)d in this export cannot be restored: “ally” must be "
                    "true or false. Nothing was stored."
                )
                % {"number": number}
            )
        allies.append(ally)
    return allies


@dataclass(frozen=True)
class _AskRow:
    id: int | None  # the ask's id in the export (network meetings name asks by it)
    contact: int | None  # the contact's id in the export
    fields: dict[str, Any]
    by_jobseeker: bool


def _asks(payload: Mapping[str, Any], contact_ids: set[int]) -> list[_AskRow]:
    """Return the export's asks, every value checked; refuse the whole file for one bad ask."""
    rows = []
    for number, ask in enumerate(_list(payload, "asks"), start=1):
        try:
            if not isinstance(ask, dict):
                raise _Problem(_("it is not an object"))
            contact = ask.get("contact")
            if contact is not None and (not isinstance(contact, int) or isinstance(contact, bool)):
                raise _Problem(_("“contact” must be the id of a person"))
            if contact is not None and contact not in contact_ids:
                raise ImportRefused(
                    _(
                        "Ask %(number)d in this export is about a person (id %(id)d) who is "
                        "not in the export. Nothing was stored."
                    )
                    % {"number": number, "id": contact}
                )
            label = _text(ask, "contact_label", LABEL_MAX)
            if not label:
                raise _Problem(_("“contact_label” is empty"))
            fields = {
                "contact_label": label,
                "kind": _choice(ask, "kind", AskKind.values),
                "how": _choice(ask, "how", AskHow.values),
                "asked_on": _day(ask, "asked_on", required=True),
                "outcome": _choice(ask, "outcome", Outcome.values),
                "outcome_on": _day(ask, "outcome_on"),
                "follow_up": _day(ask, "follow_up"),
                "note": _text(ask, "note", NOTE_MAX),
            }
        except _Problem as problem:
            raise ImportRefused(
                _(
                    "Ask %(number)d in this export cannot be restored: %(problem)s. Nothing was stored."
                )
                % {"number": number, "problem": problem}
            ) from None
        # The job seeker's own asks stay theirs; a coach's belonged to the old account's
        # organisation, like the grants, so it comes back without an author.
        ask_id = ask.get("id")
        if not isinstance(ask_id, int) or isinstance(ask_id, bool):
            ask_id = None  # a meeting that names it is then refused with a clear message
        rows.append(_AskRow(ask_id, contact, fields, ask.get("created_by_role") == "jobseeker"))
    return rows


_FINGERPRINT = frozenset("0123456789abcdef")


def _suggestion_states(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the export's suggestion states, every value checked, each key once."""
    rows: list[dict[str, Any]] = []
    keys: set[str] = set()
    for number, record in enumerate(_list(payload, "suggestion_states"), start=1):
        try:
            if not isinstance(record, dict):
                raise _Problem(_("it is not an object"))
            key = _text(record, "key", SuggestionState._meta.get_field("key").max_length or 80)
            if not key:
                raise _Problem(_("“key” is empty"))
            if key in keys:
                raise _Problem(_("its “key” appears twice"))
            keys.add(key)
            fingerprint = _text(record, "fingerprint", 32)
            if not set(fingerprint) <= _FINGERPRINT:
                raise _Problem(_("“%(field)s” has an unknown value") % {"field": "fingerprint"})
            rows.append(
                {
                    "key": key,
                    "state": _choice(record, "state", SuggestionStatus.values),
                    "until": _day(record, "until"),
                    "fingerprint": fingerprint,
                }
            )
        except _Problem as problem:
            raise ImportRefused(
                _(
                    "Suggestion %(number)d in this export cannot be restored: %(problem)s. "
                    "Nothing was stored."
                )
                % {"number": number, "problem": problem}
            ) from None
    return rows


@dataclass
class RestoreOutcome:
    contacts: int = 0
    ties: int = 0
    snapshots: int = 0
    instruments: int = 0
    asks: int = 0
    referrals: int = 0
    meetings: int = 0
    coach_suggestions: int = 0

    def message(self) -> str:
        """Return the sentence that names everything restored, each with its number."""
        named = [str(text % {"count": getattr(self, field)}) for field, text in RESTORED]
        items = _("%(first)s and %(last)s") % {"first": ", ".join(named[:-1]), "last": named[-1]}
        return _("Restored: %(items)s.") % {"items": items}


# What a restore names in its message, in this order: a field of RestoreOutcome and its words.
RESTORED = [
    ("contacts", ngettext_lazy("%(count)d person", "%(count)d people", "count")),
    ("ties", ngettext_lazy("%(count)d tie", "%(count)d ties", "count")),
    ("snapshots", ngettext_lazy("%(count)d moment", "%(count)d moments", "count")),
    ("instruments", ngettext_lazy("%(count)d questionnaire", "%(count)d questionnaires", "count")),
    ("asks", ngettext_lazy("%(count)d ask", "%(count)d asks", "count")),
    (
        "referrals",
        ngettext_lazy("%(count)d referral to a place", "%(count)d referrals to places", "count"),
    ),
    ("meetings", ngettext_lazy("%(count)d network meeting", "%(count)d network meetings", "count")),
    (
        "coach_suggestions",
        ngettext_lazy("%(count)d idea of the coach", "%(count)d ideas of the coach", "count"),
    ),
]


def _remap(data: Mapping[str, Any], ids: dict[int, int], gone: dict[int, int]) -> dict[str, Any]:
    """Return snapshot data with old contact ids replaced by the new ones.

    A person deleted before the export has no new id; they get a negative id, the same in
    every moment, so moments still compare with each other and never clash with a contact.
    """

    def new_id(old: Any) -> int:
        old_id = int(old)
        if old_id in ids:
            return ids[old_id]
        if old_id not in gone:
            gone[old_id] = -(len(gone) + 1)
        return gone[old_id]

    contacts = []
    for contact in data.get("contacts", []):
        copy = dict(contact)
        copy["id"] = new_id(contact["id"])
        if copy.get("introduced_by") is not None:
            copy["introduced_by"] = new_id(copy["introduced_by"])
        contacts.append(copy)
    ties = [[new_id(tie[0]), new_id(tie[1]), *tie[2:]] for tie in data.get("ties", [])]
    return {**data, "contacts": contacts, "ties": ties}


def _damaged(error: Exception) -> ValidationError:
    return ValidationError(
        _("The export file is damaged (%(problem)s). Nothing was stored.")
        % {"problem": type(error).__name__}
    )


def _check_empty(jobseeker: User) -> None:
    if (
        Contact.objects.filter(owner=jobseeker).exists()
        or Snapshot.objects.filter(owner=jobseeker).exists()
    ):
        raise ValidationError(
            _("A Kring export can only be restored into an empty network. This network has data.")
        )


def import_user_data(*, actor: User, jobseeker: User, data: bytes) -> RestoreOutcome:
    """Recreate profile, network, moments, questionnaires and plan from an export zip; all or nothing.

    Only into an empty network. Grants, the access log and API tokens are not restored:
    they belong to the old account and its organisation. The file is read and every person
    and tie checked before the write transaction, which then holds only bulk writes and one
    recomputation of the network: a big restore does not make other people wait.
    """
    payload = read_export(data)
    _check_empty(jobseeker)
    try:
        profile = payload.get("profile") or {}
        profile_fields = {k: profile[k] for k in network.PROFILE_FIELDS if profile.get(k)}
        contacts = sorted(payload.get("contacts") or [], key=lambda c: int(c["id"]))
        if len(contacts) > network.rules.MAX_CONTACTS:
            raise ValidationError(
                _("A network holds at most %(max)d people.") % {"max": network.rules.MAX_CONTACTS}
            )
        positions = {int(contact["id"]): position for position, contact in enumerate(contacts)}
        introductions = [
            (position, positions[int(contact["introduced_by"])])
            for position, contact in enumerate(contacts)
            if contact.get("introduced_by") is not None
            and int(contact["introduced_by"]) in positions
        ]
        ties = [
            (
                positions[int(tie[0])],
                positions[int(tie[1])],
                int(tie[2]) if len(tie) > 2 else 1,
            )
            for tie in payload.get("ties") or []
        ]
        new = network.contacts_check(
            jobseeker=jobseeker,
            contacts=[
                {
                    name: contact[name]
                    for name in network.CONTACT_FIELDS
                    if name in contact and name != "introduced_by"
                }
                for contact in contacts
            ],
            introductions=introductions,
            ties=ties,
        )
        for contact, ally in zip(new.contacts, _allies(contacts), strict=True):
            contact.ally = ally
        asks = _asks(payload, set(positions))
        states = _suggestion_states(payload)
        try:
            referral_rows = offers.check_referrals(_list(payload, "referrals"))
        except offers.ReferralsRefused as refused:
            raise ImportRefused(str(refused)) from None
        try:
            meeting_rows = meetings.check_meetings(
                _list(payload, "meetings"),
                contact_ids=set(positions),
                ask_ids={row.id for row in asks if row.id is not None},
            )
        except meetings.MeetingsRefused as refused:
            raise ImportRefused(str(refused)) from None
        try:
            coach_rows = plan_transfer.check_coach_suggestions(
                _list(payload, "coach_suggestions"),
                contact_ids=set(positions),
                ask_ids={row.id for row in asks if row.id is not None},
            )
        except plan_transfer.CoachSuggestionsRefused as refused:
            raise ImportRefused(str(refused)) from None
        snapshots = []
        for snapshot in payload.get("snapshots") or []:
            taken_at = parse_datetime(str(snapshot["taken_at"]))
            if taken_at is None:
                raise ValueError("snapshot without a date")
            snapshots.append((str(snapshot["name"])[:80], taken_at, snapshot.get("data") or {}))
        responses = [
            (
                str(response["instrument"]),
                date.fromisoformat(str(response["taken_on"])),
                dict(response["answers"]),
            )
            for response in payload.get("instrument_responses") or []
        ]
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise _damaged(error) from None
    from kring.insights.services import instrument_record

    with transaction.atomic():
        _check_empty(jobseeker)  # again: the network may have changed since the first look
        if profile_fields:
            network.profile_update(jobseeker=jobseeker, **profile_fields)
        made = network.contacts_add_many(jobseeker=jobseeker, new=new)
        ids = {old_id: made[position].pk for old_id, position in positions.items()}
        gone: dict[int, int] = {}
        try:
            Snapshot.objects.bulk_create(
                Snapshot(
                    owner=jobseeker,
                    name=name,
                    taken_at=taken_at,
                    data=_remap(moment, ids, gone),
                    created_by=actor,
                )
                for name, taken_at, moment in snapshots
            )
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            raise _damaged(error) from None
        for instrument, taken_on, answers in responses:
            instrument_record(
                actor=actor,
                jobseeker=jobseeker,
                instrument=instrument,
                taken_on=taken_on,
                answers=answers,
            )
        made_asks = Ask.objects.bulk_create(
            Ask(
                owner=jobseeker,
                contact_id=ids[row.contact] if row.contact is not None else None,
                created_by=jobseeker if row.by_jobseeker else None,
                **row.fields,
            )
            for row in asks
        )
        SuggestionState.objects.bulk_create(
            SuggestionState(owner=jobseeker, created_by=actor, **state) for state in states
        )
        referrals = offers.restore_referrals(jobseeker=jobseeker, rows=referral_rows)
        meeting_count = meetings.restore_meetings(
            jobseeker=jobseeker,
            rows=meeting_rows,
            contact_ids=ids,
            ask_ids={
                row.id: made.pk
                for row, made in zip(asks, made_asks, strict=True)
                if row.id is not None
            },
        )
        idea_count = plan_transfer.restore_coach_suggestions(
            jobseeker=jobseeker,
            rows=coach_rows,
            contact_ids=ids,
            ask_ids={
                row.id: made.pk
                for row, made in zip(asks, made_asks, strict=True)
                if row.id is not None
            },
        )
    return RestoreOutcome(
        contacts=len(made),
        ties=len(new.ties),
        snapshots=len(snapshots),
        instruments=len(responses),
        asks=len(asks),
        referrals=len(referrals),
        meetings=meeting_count,
        coach_suggestions=idea_count,
    )
