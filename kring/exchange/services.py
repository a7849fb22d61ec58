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
from collections.abc import Iterable, Mapping, Sequence
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
from kring.core import safejson
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
from kring.network.moments import MAX_MOMENTS, MomentError, check_moment

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
    # Accents are dropped so that "José" and "Jose" are the same name to the check.
    decomposed = unicodedata.normalize("NFKD", label)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = unicodedata.normalize("NFKC", text).casefold().replace(".", " ")
    return " ".join(text.split())


def _first_and_initial(normal: str) -> tuple[str, str]:
    words = normal.split(" ")
    first = words[0] if words else ""
    initial = words[1][:1] if len(words) > 1 else ""
    return first, initial


def _alike(a: str, b: str) -> bool:
    """looks_alike on labels already passed through _normal."""
    if not a or not b:
        return False
    if a == b:
        return True
    first_a, initial_a = _first_and_initial(a)
    first_b, initial_b = _first_and_initial(b)
    if first_a == first_b:
        # Same first name: the initials decide; two different initials are two people.
        return initial_a == initial_b or not initial_a or not initial_b
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= SIMILAR_RATIO
        and matcher.quick_ratio() >= SIMILAR_RATIO
        and matcher.ratio() >= SIMILAR_RATIO
    )


def looks_alike(first: str, second: str) -> bool:
    """Return whether two labels probably name the same person.

    Same name ignoring case and accents; or the same first name with the same initial, or
    with an initial on only one side ("Sanne" and "Sanne B."); or a similar spelling (difflib
    ratio ≥ 0.85, "Mohamed" and "Mohammed"). The same first name with two different
    initials is two people.
    """
    return _alike(_normal(first), _normal(second))


# The share of a label's letters any look-alike must have too, at the least. A ratio of 0.85
# needs 0.425 × (both lengths) letters in common and the other label at least 0.85/1.15 of
# this one's length, so at least 0.739 of this label's letters; 0.73 keeps a margin.
_SHARED_AT_LEAST = 0.73


def _tokens(normal: str) -> list[tuple[str, int]]:
    """Return the letters of `normal` as a set: ("a", 0), ("a", 1) for the second "a"..."""
    seen: dict[str, int] = {}
    tokens = []
    for char in normal:
        count = seen.get(char, 0)
        seen[char] = count + 1
        tokens.append((char, count))
    return tokens


class LookAlikes:
    """The existing contacts indexed so a label is compared with a few of them, not all.

    Three indexes each catch one rule of looks_alike: the whole normalised label (same
    name), its first word (same first name), and a prefix filter for similar spellings. Two
    labels with a difflib ratio of at least 0.85 share at least 73 % of the letters of each
    (quick_ratio bounds ratio), so, with the letters of every label ordered rarest first,
    they share one of the first 27 % (plus one) of each: only contacts that hold one of the
    label's rarest letters are compared. Every candidate is then checked with the same rule
    as looks_alike, so the result is exactly that of comparing with every contact.
    """

    def __init__(self, existing: Sequence[Mapping[str, Any]]) -> None:
        self.existing = list(existing)
        self.normals = [_normal(str(c["label"])) for c in self.existing]
        self.frequency: dict[tuple[str, int], int] = {}
        for normal in self.normals:
            for token in set(_tokens(normal)):
                self.frequency[token] = self.frequency.get(token, 0) + 1
        self.firsts = [_first_and_initial(normal) for normal in self.normals]
        self.token_sets = [frozenset(_tokens(normal)) for normal in self.normals]
        self.by_normal: dict[str, list[int]] = {}
        self.by_first: dict[str, list[int]] = {}
        self.by_token: dict[tuple[str, int], list[int]] = {}
        for position, normal in enumerate(self.normals):
            if not normal:
                continue
            self.by_normal.setdefault(normal, []).append(position)
            self.by_first.setdefault(self.firsts[position][0], []).append(position)
            for token in self._prefix(normal):
                self.by_token.setdefault(token, []).append(position)

    def _prefix(self, normal: str) -> list[tuple[str, int]]:
        tokens = sorted(_tokens(normal), key=lambda token: (self.frequency.get(token, 0), token))
        size = len(tokens)
        return tokens[: min(size, size - int(_SHARED_AT_LEAST * size) + 1)]

    def similar(self, label: str) -> list[dict[str, Any]]:
        """Return the existing contacts (id, label, occupation) that look like `label`."""
        normal = _normal(label)
        if not normal:
            return []
        first = _first_and_initial(normal)[0]
        tokens = frozenset(_tokens(normal))
        candidates = set(self.by_normal.get(normal, ()))
        candidates.update(self.by_first.get(first, ()))
        for token in self._prefix(normal):
            candidates.update(self.by_token.get(token, ()))
        found = []
        for position in sorted(candidates):
            other = self.normals[position]
            other_first = self.firsts[position][0]
            if other != normal and other_first != first:
                # difflib's quick_ratio, from letters counted once per label: most candidates
                # stop here, before a SequenceMatcher is built.
                shared = len(tokens & self.token_sets[position])
                if 2.0 * shared / (len(normal) + len(other)) < SIMILAR_RATIO:
                    continue
            if _alike(normal, other):
                contact = self.existing[position]
                found.append(
                    {
                        "id": contact["id"],
                        "label": contact["label"],
                        "occupation": contact["occupation"],
                    }
                )
        return found


def similar_contacts(label: str, existing: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the existing contacts (id, label, occupation) that look like `label`."""
    return LookAlikes(list(existing)).similar(label)


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
    look_alikes = LookAlikes(existing)
    # A file may hold more people than the network has room for: the preview lets the person
    # choose whom to bring in (kring.exchange.selection), and confirming checks the room.
    rows: list[dict[str, Any]] = []
    for index, parsed in enumerate(result.contacts):
        key_hash = hash_key(parsed.key)
        matches: list[dict[str, Any]] = []
        status: RowStatus = "imported" if key_hash in known else "new"
        if status == "new":
            matches = look_alikes.similar(parsed.label)
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


# An enum's .values builds a new list on every use; a thousand rows check these five times.
_RINGS = frozenset(Ring.values)
_QUADRANTS = frozenset(Quadrant.values)
_SECTORS = frozenset(Sector.values)


def _checked_place(row: Mapping[str, Any], decision: Decision) -> tuple[int, str]:
    ring = row["ring"] if decision.ring is None else decision.ring
    quadrant = row["quadrant"] if decision.quadrant is None else decision.quadrant
    if not isinstance(ring, int) or isinstance(ring, bool) or ring not in _RINGS:
        raise ValidationError(
            _("%(name)s: choose a ring from 0 to 4.") % {"name": row["label"]}, code="ring"
        )
    if not isinstance(quadrant, str) or quadrant not in _QUADRANTS:
        raise ValidationError(
            _("%(name)s: choose one of the four quadrants.") % {"name": row["label"]},
            code="quadrant",
        )
    return ring, str(quadrant)


def _fill_for(row: Mapping[str, Any]) -> dict[str, str]:
    """Return what a merged row may fill in on the existing contact (where that is empty)."""
    fill = {"occupation": str(row["occupation"] or "")[:OCCUPATION_MAX]}
    if row["sector"] in _SECTORS:
        fill["sector"] = row["sector"]
    return {name: value for name, value in fill.items() if value}


def _expired() -> ValidationError:
    return ValidationError(
        _("This preview has expired or was already used. Upload the file again.")
    )


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

    Everything that only reads (the plan, the checks of every new contact) happens before
    the write transaction; the transaction itself is a few bulk writes and one
    recomputation of the network, so other people's requests wait as short as possible.
    """
    preview = get_preview(jobseeker, preview_id)
    if preview is None:
        raise _expired()
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
    targets = set(
        Contact.objects.filter(
            owner=jobseeker, pk__in=[contact_id for _row, contact_id in to_merge]
        ).values_list("pk", flat=True)
    )
    fill_empty: dict[int, dict[str, str]] = {}
    for row, contact_id in to_merge:
        if contact_id not in targets:
            raise ValidationError(
                _("%(name)s: the contact to merge with is not in this network.")
                % {"name": row["label"]}
            )
        # Two rows merged into one contact: the first row's value wins, as one by one.
        for name, value in _fill_for(row).items():
            fill_empty.setdefault(contact_id, {}).setdefault(name, value)
        outcome.merged.append(contact_id)
    new = network.contacts_check(
        jobseeker=jobseeker,
        contacts=[
            {
                "label": row["label"],
                "ring": ring,
                "quadrant": quadrant,
                "role": row["role"] if row["role"] else "other",
                "occupation": row["occupation"][:OCCUPATION_MAX],
                "sector": row["sector"] if row["sector"] in _SECTORS else "",
            }
            for row, ring, quadrant in to_add
        ],
    )
    new_keys = {row["key_hash"] for row, _ring, _quadrant in to_add}
    new_keys.update(row["key_hash"] for row, _contact_id in to_merge)
    with transaction.atomic():
        # The preview is used once: a second confirmation (a double click, two tabs) waits
        # here and then finds it gone, or finds its people already imported.
        if not ImportPreview.objects.select_for_update().filter(pk=preview.pk).exists():
            raise _expired()
        stored = ImportedKey.objects.filter(owner=jobseeker).values_list("key_hash", flat=True)
        if not new_keys.isdisjoint(stored):
            raise _expired()
        current = Contact.objects.filter(owner=jobseeker).count()
        if current + len(to_add) > network.MAX_CONTACTS:
            raise ValidationError(
                _(
                    "A network holds at most %(max)d people. It has %(current)d now, so you "
                    "can add %(room)d more. You chose to add %(count)d. Skip some people and "
                    "try again."
                )
                % {
                    "max": network.MAX_CONTACTS,
                    "current": current,
                    "room": max(0, network.MAX_CONTACTS - current),
                    "count": len(to_add),
                }
            )
        added = network.contacts_add_many(
            actor=actor, jobseeker=jobseeker, new=new, fill_empty=fill_empty
        )
        outcome.added = [contact.pk for contact in added]
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
    if not isinstance(payload, dict) or payload.get("schema") != "kring-export":
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
    """Recreate profile, network, moments and questionnaires from an export zip; all or nothing.

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
        if len(contacts) > network.MAX_CONTACTS:
            raise ValidationError(
                _("A network holds at most %(max)d people.") % {"max": network.MAX_CONTACTS}
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
            network.profile_update(actor=actor, jobseeker=jobseeker, **profile_fields)
        made = network.contacts_add_many(actor=actor, jobseeker=jobseeker, new=new)
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
    return RestoreOutcome(
        contacts=len(made),
        ties=len(new.ties),
        snapshots=len(snapshots),
        instruments=len(responses),
    )


def tie_count(jobseeker: User) -> int:
    return Tie.objects.filter(owner=jobseeker).count()
