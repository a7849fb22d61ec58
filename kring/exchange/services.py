"""Imports (preview, then all-or-nothing confirmation) and exports of a person's data.

Uploads are parsed in memory by `kring.exchange.parsers`; only the minimal fields of each
contact are kept between preview and confirmation (ImportPreview), never the file.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.accounts.models import AccessGrant, ApiToken, User
from kring.core.audit import log_access
from kring.core.models import AccessLogEntry, Action
from kring.exchange import formats
from kring.exchange.messages import dropped_text, error_with_line, reason_text
from kring.exchange.models import ImportedKey, ImportPreview, hash_key
from kring.exchange.parsers import FORMATS, MAX_BYTES, ImportFileError, parse
from kring.insights.models import IndicatorSummary, InstrumentResponse
from kring.network import services as network
from kring.network.models import (
    OCCUPATION_MAX,
    Contact,
    NetworkProfile,
    Quadrant,
    Ring,
    Sector,
    Snapshot,
    Tie,
)

SCHEMA_VERSION = 1
EXPORT_JSON = "kring-export.json"
EXPORT_FORMAT = "kring-export"
IMPORT_FORMATS = ("auto", *FORMATS)
SIMILAR_RATIO = 0.85
# An export zip holds the JSON and four CSV files; its JSON may be larger than an upload.
MAX_EXPORT_JSON_BYTES = 50 * 1024 * 1024

RowStatus = Literal["new", "duplicate", "imported"]
DecisionAction = Literal["add", "skip", "merge"]


class ImportRefused(Exception):
    """A file or choice Kring refuses, with a message for the person (already translated)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _refused(error: ImportFileError) -> ImportRefused:
    return ImportRefused(error_with_line(error), error.line)


# --- Duplicates ---------------------------------------------------------------------------


def _normal(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold().replace(".", " ")
    return " ".join(text.split())


def _first_and_initial(label: str) -> tuple[str, str]:
    words = _normal(label).split(" ")
    first = words[0] if words else ""
    initial = words[1][:1] if len(words) > 1 else ""
    return first, initial


def looks_alike(first: str, second: str) -> bool:
    """Return whether two labels probably name the same person.

    Same name ignoring case; or the same first name with the same initial, or with an initial
    on only one side ("Sanne" and "Sanne B."); or a similar spelling (difflib ratio ≥ 0.85,
    "Mohamed" and "Mohammed"). The same first name with two different initials is two people.
    """
    a, b = _normal(first), _normal(second)
    if not a or not b:
        return False
    if a == b:
        return True
    first_a, initial_a = _first_and_initial(first)
    first_b, initial_b = _first_and_initial(second)
    if first_a == first_b:
        # Same first name: the initials decide; two different initials are two people.
        return initial_a == initial_b or not initial_a or not initial_b
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= SIMILAR_RATIO
        and matcher.quick_ratio() >= SIMILAR_RATIO
        and matcher.ratio() >= SIMILAR_RATIO
    )


def similar_contacts(label: str, existing: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the existing contacts (id, label, occupation) that look like `label`."""
    return [
        {"id": c["id"], "label": c["label"], "occupation": c["occupation"]}
        for c in existing
        if looks_alike(label, c["label"])
    ]


# --- Import preview -----------------------------------------------------------------------


def _check_format(format: str) -> str:
    if format not in IMPORT_FORMATS:
        raise ImportRefused(
            _("Unknown format. Choose one of: %(formats)s.")
            % {"formats": ", ".join(IMPORT_FORMATS)}
        )
    return format


def import_preview(
    *, actor: User, jobseeker: User, data: bytes, format: str = "auto", filename: str = ""
) -> ImportPreview:
    """Return a stored preview of what importing `data` would do; nothing is imported yet.

    Raises ImportRefused with a message (and line) for a file Kring cannot or will not read.
    """
    _check_format(format)
    if len(data) > MAX_BYTES:  # before anything else reads the bytes
        raise ImportRefused(
            _("The file is %(size).1f MB. The limit is %(limit)d MB.")
            % {"size": len(data) / 2**20, "limit": MAX_BYTES // 2**20}
        )
    try:
        result = parse(data, format=format, filename=filename)
    except ImportFileError as error:
        raise _refused(error) from None
    known = set(ImportedKey.objects.filter(owner=jobseeker).values_list("key_hash", flat=True))
    existing = list(Contact.objects.filter(owner=jobseeker).values("id", "label", "occupation"))
    candidates = sum(1 for c in result.contacts if hash_key(c.key) not in known)
    if candidates > network.MAX_CONTACTS:
        raise ImportRefused(
            _(
                "The file has %(count)d new people. A network holds at most %(max)d people. "
                "Remove people from the file, or split it, and try again."
            )
            % {"count": candidates, "max": network.MAX_CONTACTS}
        )
    rows: list[dict[str, Any]] = []
    for index, parsed in enumerate(result.contacts):
        key_hash = hash_key(parsed.key)
        matches: list[dict[str, Any]] = []
        status: RowStatus = "imported" if key_hash in known else "new"
        if status == "new":
            matches = similar_contacts(parsed.label, existing)
            if matches:
                status = "duplicate"
        rows.append(
            {
                "index": index,
                "line": parsed.line,
                "label": parsed.label,
                "occupation": parsed.occupation[:OCCUPATION_MAX],
                "organisation_hint": parsed.organisation_hint,
                "quadrant": parsed.quadrant,
                "ring": parsed.ring,
                "role": parsed.role,
                "sector": parsed.sector,
                "key_hash": key_hash,
                "status": status,
                "matches": matches,
            }
        )
    ImportPreview.objects.stale().delete()
    return ImportPreview.objects.create(
        owner=jobseeker,
        created_by=actor,
        format=result.format,
        data={
            "format": result.format,
            "encoding": result.encoding,
            "found": len(result.contacts),
            "rows": rows,
            # Kept in the parsers' English; shown_skipped/shown_dropped translate them.
            "skipped": [{"line": s.line, "reason": s.reason} for s in result.skipped],
            "dropped_fields": list(result.dropped_fields),
            "room": max(0, network.MAX_CONTACTS - len(existing)),
        },
    )


def shown_skipped(preview: ImportPreview) -> list[dict[str, Any]]:
    """Return the skipped records of a preview with their reasons in the active language."""
    return [
        {"line": item["line"], "reason": reason_text(item["reason"])}
        for item in preview.data["skipped"]
    ]


def shown_dropped(preview: ImportPreview) -> list[str]:
    """Return the kinds of data the file held and the import drops, in the active language."""
    return [dropped_text(kind) for kind in preview.data["dropped_fields"]]


def get_preview(jobseeker: User, preview_id: object) -> ImportPreview | None:
    """Return the live preview `preview_id` of `jobseeker`'s network, or None."""
    try:
        return ImportPreview.objects.live().filter(owner=jobseeker, pk=str(preview_id)).first()
    except (ValidationError, ValueError):
        return None


@dataclass(frozen=True)
class Decision:
    """What to do with one previewed row; ring and quadrant None keep the previewed place."""

    action: DecisionAction
    contact_id: int | None = None
    ring: int | None = None
    quadrant: str | None = None


def default_decision(row: Mapping[str, Any]) -> Decision:
    """New people are added; people who look like an existing contact are skipped."""
    return Decision("add" if row["status"] == "new" else "skip")


def summary_counts(preview: ImportPreview) -> dict[str, int]:
    rows = preview.data["rows"]
    return {
        "found": preview.data["found"],
        "new": sum(1 for r in rows if r["status"] == "new"),
        "duplicates": sum(1 for r in rows if r["status"] == "duplicate"),
        "imported": sum(1 for r in rows if r["status"] == "imported"),
        "skipped": len(preview.data["skipped"]),
    }


@dataclass
class ImportOutcome:
    added: list[int] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    skipped: int = 0
    already_imported: int = 0

    def message(self) -> str:
        parts = [
            ngettext("%(count)d person added", "%(count)d people added", len(self.added))
            % {"count": len(self.added)},
            ngettext("%(count)d merged", "%(count)d merged", len(self.merged))
            % {"count": len(self.merged)},
            ngettext("%(count)d skipped", "%(count)d skipped", self.skipped)
            % {"count": self.skipped},
        ]
        if self.already_imported:
            parts.append(
                ngettext(
                    "%(count)d was imported before",
                    "%(count)d were imported before",
                    self.already_imported,
                )
                % {"count": self.already_imported}
            )
        return ", ".join(parts) + "."


def _checked_place(row: Mapping[str, Any], decision: Decision) -> tuple[int, str]:
    ring = row["ring"] if decision.ring is None else decision.ring
    quadrant = row["quadrant"] if decision.quadrant is None else decision.quadrant
    if not isinstance(ring, int) or isinstance(ring, bool) or ring not in Ring.values:
        raise ValidationError(
            _("%(name)s: choose a ring from 0 to 4.") % {"name": row["label"]}, code="ring"
        )
    if quadrant not in Quadrant.values:
        raise ValidationError(
            _("%(name)s: choose one of the four quadrants.") % {"name": row["label"]},
            code="quadrant",
        )
    return ring, str(quadrant)


def _merge(actor: User, jobseeker: User, contact_id: int, row: Mapping[str, Any]) -> int:
    """Fill the empty occupation and sector of an existing contact; never overwrite."""
    contact = Contact.objects.filter(owner=jobseeker, pk=contact_id).first()
    if contact is None:
        raise ValidationError(
            _("%(name)s: the contact to merge with is not in this network.")
            % {"name": row["label"]}
        )
    fill: dict[str, Any] = {}
    if not contact.occupation and row["occupation"]:
        fill["occupation"] = row["occupation"][:OCCUPATION_MAX]
    if not contact.sector and row["sector"] in Sector.values:
        fill["sector"] = row["sector"]
    if fill:
        network.contact_update(
            actor=actor,
            jobseeker=jobseeker,
            contact_id=contact.pk,
            version=contact.version,
            **fill,
        )
    return contact.pk


@transaction.atomic
def import_confirm(
    *,
    actor: User,
    jobseeker: User,
    preview_id: object,
    decisions: Mapping[int, Decision],
) -> ImportOutcome:
    """Store the previewed people as decided, all or nothing; return what happened.

    Rows not in `decisions` follow default_decision. A person whose key was imported before
    is never added again, so confirming the same file twice adds nothing.
    """
    preview = get_preview(jobseeker, preview_id)
    if preview is None:
        raise ValidationError(
            _("This preview has expired or was already used. Upload the file again.")
        )
    rows = preview.data["rows"]
    unknown = set(decisions) - {row["index"] for row in rows}
    if unknown:
        raise ValidationError(
            _("Unknown row: %(rows)s.") % {"rows": ", ".join(str(i) for i in sorted(unknown))}
        )
    known = set(ImportedKey.objects.filter(owner=jobseeker).values_list("key_hash", flat=True))
    outcome = ImportOutcome()
    to_add: list[tuple[Mapping[str, Any], int, str]] = []
    to_merge: list[tuple[Mapping[str, Any], int]] = []
    for row in rows:
        if row["key_hash"] in known:
            outcome.already_imported += 1
            continue
        decision = decisions.get(row["index"]) or default_decision(row)
        if decision.action == "add":
            to_add.append((row, *_checked_place(row, decision)))
        elif decision.action == "merge":
            if decision.contact_id is None:
                raise ValidationError(
                    _("%(name)s: choose the contact to merge with.") % {"name": row["label"]}
                )
            to_merge.append((row, decision.contact_id))
        else:
            outcome.skipped += 1
    current = Contact.objects.filter(owner=jobseeker).count()
    if current + len(to_add) > network.MAX_CONTACTS:
        raise ValidationError(
            _(
                "A network holds at most %(max)d people. It has %(current)d now, so you can "
                "add %(room)d more. You chose to add %(count)d. Skip some people and try again."
            )
            % {
                "max": network.MAX_CONTACTS,
                "current": current,
                "room": max(0, network.MAX_CONTACTS - current),
                "count": len(to_add),
            }
        )
    new_keys: set[str] = set()
    for row, ring, quadrant in to_add:
        contact = network.contact_create(
            actor=actor,
            jobseeker=jobseeker,
            label=row["label"],
            ring=ring,
            quadrant=quadrant,
            role=row["role"] if row["role"] else "other",
            occupation=row["occupation"][:OCCUPATION_MAX],
            sector=row["sector"] if row["sector"] in Sector.values else "",
        )
        outcome.added.append(contact.pk)
        new_keys.add(row["key_hash"])
    for row, contact_id in to_merge:
        outcome.merged.append(_merge(actor, jobseeker, contact_id, row))
        new_keys.add(row["key_hash"])
    ImportedKey.objects.bulk_create(
        [ImportedKey(owner=jobseeker, key_hash=key) for key in sorted(new_keys)],
        ignore_conflicts=True,
    )
    preview.delete()
    return outcome


# --- Exports ------------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def _profile(user: User) -> dict[str, Any]:
    profile = NetworkProfile.objects.filter(jobseeker=user).first()
    return {
        name: getattr(profile, name) if profile is not None else ""
        for name in network.PROFILE_FIELDS
    }


def _grant(grant: AccessGrant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "jobseeker": grant.jobseeker.name,
        "jobseeker_email": grant.jobseeker.email,
        "coach": grant.coach.name,
        "coach_email": grant.coach.email,
        "organisation": grant.organisation.name if grant.organisation else "",
        "scope": grant.scope,
        "created_at": _iso(grant.created_at),
        "revoked_at": _iso(grant.revoked_at),
    }


def _log_entry(entry: AccessLogEntry) -> dict[str, Any]:
    return {
        "at": _iso(entry.at),
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "organisation_id": entry.organisation_id,
        "subject_id": entry.subject_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "action": entry.action,
        "result": entry.result,
        "request_id": entry.request_id,
    }


def user_data(user: User) -> dict[str, Any]:
    """Return everything Kring holds about `user` as plain JSON data (schema version 1)."""
    data = network.network_data(user)
    snapshots = list(Snapshot.objects.filter(owner=user).order_by("taken_at", "id"))
    snapshot_names = {s.pk: s.name for s in snapshots}
    grants = AccessGrant.objects.select_related("jobseeker", "coach", "organisation")
    return {
        "schema": "kring-export",
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "user": {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "organisation": user.organisation.name if user.organisation else "",
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": _profile(user),
        "contacts": data["contacts"],
        "ties": data["ties"],
        "snapshots": [
            {"id": s.pk, "name": s.name, "taken_at": _iso(s.taken_at), "data": s.data}
            for s in snapshots
        ],
        "indicator_summaries": [
            {
                "snapshot": snapshot_names.get(summary.snapshot_id)
                if summary.snapshot_id
                else None,
                "computed_at": _iso(summary.computed_at),
                "light": summary.light,
                "reasons": summary.reasons,
                "values": summary.values,
            }
            for summary in IndicatorSummary.objects.filter(jobseeker=user).order_by("id")
        ],
        "instrument_responses": [
            {
                "instrument": response.instrument,
                "taken_on": _iso(response.taken_on),
                "answers": response.answers,
                "scores": response.scores,
            }
            for response in InstrumentResponse.objects.filter(jobseeker=user).order_by(
                "taken_on", "id"
            )
        ],
        # The action planner arrives in Step 5; until then there are no actions to export.
        "actions": [],
        "grants_given": [_grant(g) for g in grants.filter(jobseeker=user).order_by("id")],
        "grants_received": [_grant(g) for g in grants.filter(coach=user).order_by("id")],
        "access_log": [
            _log_entry(e) for e in AccessLogEntry.objects.filter(subject_id=user.pk).order_by("id")
        ],
        "access_log_by_user": [
            _log_entry(e) for e in AccessLogEntry.objects.filter(actor_id=user.pk).order_by("id")
        ],
        "api_tokens": [
            {
                "name": token.name,
                "hint": token.hint,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in ApiToken.objects.filter(user=user).order_by("id")
        ],
    }


def _csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([formats.safe_csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([formats.safe_csv_cell(value) for value in row])
    return buffer.getvalue()


GRANT_COLUMNS = [
    "id",
    "jobseeker",
    "jobseeker_email",
    "coach",
    "coach_email",
    "organisation",
    "scope",
    "created_at",
    "revoked_at",
]
LOG_COLUMNS = [
    "at",
    "actor_id",
    "actor_role",
    "organisation_id",
    "subject_id",
    "object_type",
    "object_id",
    "action",
    "result",
    "request_id",
]


def all_data_download(*, user: User, request: HttpRequest | None = None) -> bytes:
    """Return `user`'s "download all my data" zip and log the export in the access log."""
    log_access(
        actor=user,
        subject_id=user.pk,
        action=Action.EXPORT,
        object_type="all_data",
        object_id=user.pk,
        request=request,
    )
    return export_zip(user)


def export_zip(user: User) -> bytes:
    """Return the "download all my data" zip: kring-export.json plus CSV files."""
    data = user_data(user)
    network_part = {"contacts": data["contacts"], "ties": data["ties"]}
    grants = data["grants_given"] + data["grants_received"]
    log = data["access_log"] + [e for e in data["access_log_by_user"] if e["subject_id"] != user.pk]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(EXPORT_JSON, json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("contacts.csv", formats.to_nodes_csv(network_part))
        archive.writestr("ties.csv", formats.to_edges_csv(network_part))
        archive.writestr(
            "grants.csv", _csv(GRANT_COLUMNS, ([g[c] for c in GRANT_COLUMNS] for g in grants))
        )
        archive.writestr(
            "access_log.csv", _csv(LOG_COLUMNS, ([e[c] for c in LOG_COLUMNS] for e in log))
        )
        archive.writestr("README.txt", _readme())
    return buffer.getvalue()


def _readme() -> str:
    return (
        "Kring export\n\n"
        "kring-export.json  everything Kring holds about you (schema version "
        f"{SCHEMA_VERSION})\n"
        "contacts.csv       your network, one row per person\n"
        "ties.csv           who knows whom (source, target, strength)\n"
        "grants.csv         who may see your data\n"
        "access_log.csv     who looked at or changed your data\n\n"
        "Upload this zip on the import page of an empty Kring account to get your network "
        "back.\n"
    )


NetworkFormat = Literal["graphml", "gexf", "contacts-csv", "ties-csv"]
NETWORK_FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("application/graphml+xml", "kring-network.graphml"),
    "gexf": ("application/gexf+xml", "kring-network.gexf"),
    "contacts-csv": ("text/csv; charset=utf-8", "kring-contacts.csv"),
    "ties-csv": ("text/csv; charset=utf-8", "kring-ties.csv"),
}


def network_export(jobseeker: User, kind: str) -> tuple[bytes, str, str]:
    """Return (content, content type, file name) of the network in format `kind`."""
    data = network.network_data(jobseeker)
    if kind == "graphml":
        content = formats.to_graphml(data, include_ego=True)
    elif kind == "gexf":
        content = formats.to_gexf(data, include_ego=True)
    elif kind == "contacts-csv":
        content = formats.to_nodes_csv(data).encode("utf-8")
    elif kind == "ties-csv":
        content = formats.to_edges_csv(data).encode("utf-8")
    else:
        raise ValueError(f"unknown export format {kind!r}")
    content_type, filename = NETWORK_FORMATS[kind]
    return content, content_type, filename


# --- Restoring an export ------------------------------------------------------------------


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
        raise ImportRefused(
            _("The file is %(size).1f MB. The limit is %(limit)d MB.")
            % {"size": len(data) / 2**20, "limit": MAX_BYTES // 2**20}
        )
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
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ImportRefused(damaged) from None
    if not isinstance(payload, dict) or payload.get("schema") != "kring-export":
        raise ImportRefused(damaged)
    if payload.get("schema_version") != SCHEMA_VERSION:
        raise ImportRefused(
            _("This export has schema version %(version)s; Kring reads version %(ours)d.")
            % {"version": str(payload.get("schema_version"))[:10], "ours": SCHEMA_VERSION}
        )
    return payload


@dataclass
class RestoreOutcome:
    contacts: int = 0
    ties: int = 0
    snapshots: int = 0
    instruments: int = 0

    def message(self) -> str:
        return _(
            "Restored: %(contacts)d people, %(ties)d ties, %(snapshots)d moments and "
            "%(instruments)d questionnaires."
        ) % {
            "contacts": self.contacts,
            "ties": self.ties,
            "snapshots": self.snapshots,
            "instruments": self.instruments,
        }


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


@transaction.atomic
def import_user_data(*, actor: User, jobseeker: User, data: bytes) -> RestoreOutcome:
    """Recreate profile, network, moments and questionnaires from an export zip; all or nothing.

    Only into an empty network. Grants, the access log and API tokens are not restored:
    they belong to the old account and its organisation.
    """
    payload = read_export(data)
    if (
        Contact.objects.filter(owner=jobseeker).exists()
        or Snapshot.objects.filter(owner=jobseeker).exists()
    ):
        raise ValidationError(
            _("A Kring export can only be restored into an empty network. This network has data.")
        )
    outcome = RestoreOutcome()
    try:
        profile = payload.get("profile") or {}
        fields = {k: profile[k] for k in network.PROFILE_FIELDS if profile.get(k)}
        if fields:
            network.profile_update(actor=actor, jobseeker=jobseeker, **fields)
        contacts = sorted(payload.get("contacts") or [], key=lambda c: int(c["id"]))
        if len(contacts) > network.MAX_CONTACTS:
            raise ValidationError(
                _("A network holds at most %(max)d people.") % {"max": network.MAX_CONTACTS}
            )
        ids: dict[int, int] = {}
        introducers: list[tuple[int, int]] = []
        for contact in contacts:
            fields = {
                name: contact[name]
                for name in network.CONTACT_FIELDS
                if name in contact and name != "introduced_by"
            }
            created = network.contact_create(actor=actor, jobseeker=jobseeker, **fields)
            ids[int(contact["id"])] = created.pk
            if contact.get("introduced_by") is not None:
                introducers.append((created.pk, int(contact["introduced_by"])))
        for contact_id, old_introducer in introducers:
            if old_introducer in ids:
                current = Contact.objects.get(pk=contact_id)
                network.contact_update(
                    actor=actor,
                    jobseeker=jobseeker,
                    contact_id=contact_id,
                    version=current.version,
                    introduced_by=ids[old_introducer],
                )
        for tie in payload.get("ties") or []:
            network.tie_set(
                actor=actor,
                jobseeker=jobseeker,
                first_id=ids[int(tie[0])],
                second_id=ids[int(tie[1])],
                strength=int(tie[2]) if len(tie) > 2 else 1,
            )
            outcome.ties += 1
        gone: dict[int, int] = {}
        for snapshot in payload.get("snapshots") or []:
            taken_at = parse_datetime(str(snapshot["taken_at"]))
            if taken_at is None:
                raise ValueError("snapshot without a date")
            Snapshot.objects.create(
                owner=jobseeker,
                name=str(snapshot["name"])[:80],
                taken_at=taken_at,
                data=_remap(snapshot.get("data") or {}, ids, gone),
                created_by=actor,
            )
            outcome.snapshots += 1
        from kring.insights.services import instrument_record

        for response in payload.get("instrument_responses") or []:
            instrument_record(
                actor=actor,
                jobseeker=jobseeker,
                instrument=str(response["instrument"]),
                taken_on=date.fromisoformat(str(response["taken_on"])),
                answers=dict(response["answers"]),
            )
            outcome.instruments += 1
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise ValidationError(
            _("The export file is damaged (%(problem)s). Nothing was stored.")
            % {"problem": type(error).__name__}
        ) from None
    outcome.contacts = len(ids)
    return outcome


def tie_count(jobseeker: User) -> int:
    return Tie.objects.filter(owner=jobseeker).count()
