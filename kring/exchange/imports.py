"""Importing contacts: a stored preview of a file, then an all-or-nothing confirmation.

Uploads are parsed in memory by `kring.exchange.parsers`; only the minimal fields of each
contact are kept between preview and confirmation (ImportPreview), never the file. Whom to
bring in from a large file is chosen in `kring.exchange.selection`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.accounts.models import User
from kring.exchange.lookalikes import LookAlikes
from kring.exchange.messages import (
    ImportRefused,
    dropped_text,
    reason_text,
    refused_file,
    refused_size,
)
from kring.exchange.models import ImportedKey, ImportPreview, hash_key
from kring.exchange.parsers import FORMATS, MAX_BYTES, ImportFileError, parse
from kring.network import services as network
from kring.network.models import OCCUPATION_MAX, Contact, Quadrant, Ring, Sector

IMPORT_FORMATS = ("auto", *FORMATS)

RowStatus = Literal["new", "duplicate", "imported"]
DecisionAction = Literal["add", "skip", "merge"]


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
        raise refused_size(len(data))
    try:
        result = parse(data, format=format, filename=filename)
    except ImportFileError as error:
        raise refused_file(error) from None
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
            "room": max(0, network.rules.MAX_CONTACTS - len(existing)),
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


def expired_preview() -> ValidationError:
    """Return the refusal of a preview that has expired or was confirmed already."""
    return ValidationError(
        _("This preview has expired or was already used. Upload the file again.")
    )


def unknown_rows(indexes: Iterable[int]) -> ValidationError:
    """Return the refusal of choices for rows the preview does not have."""
    return ValidationError(
        _("Unknown row: %(rows)s.") % {"rows": ", ".join(str(i) for i in sorted(indexes))}
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
        raise expired_preview()
    rows = preview.data["rows"]
    unknown = set(decisions) - {row["index"] for row in rows}
    if unknown:
        raise unknown_rows(unknown)
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
            raise expired_preview()
        stored = ImportedKey.objects.filter(owner=jobseeker).values_list("key_hash", flat=True)
        if not new_keys.isdisjoint(stored):
            raise expired_preview()
        current = Contact.objects.filter(owner=jobseeker).count()
        if current + len(to_add) > network.rules.MAX_CONTACTS:
            raise ValidationError(
                _(
                    "A network holds at most %(max)d people. It has %(current)d now, so you "
                    "can add %(room)d more. You chose to add %(count)d. Skip some people and "
                    "try again."
                )
                % {
                    "max": network.rules.MAX_CONTACTS,
                    "current": current,
                    "room": max(0, network.rules.MAX_CONTACTS - current),
                    "count": len(to_add),
                }
            )
        added = network.contacts_add_many(jobseeker=jobseeker, new=new, fill_empty=fill_empty)
        outcome.added = [contact.pk for contact in added]
        ImportedKey.objects.bulk_create(
            [ImportedKey(owner=jobseeker, key_hash=key) for key in sorted(new_keys)],
            ignore_conflicts=True,
        )
        preview.delete()
    return outcome
