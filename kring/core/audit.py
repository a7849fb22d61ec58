"""Write and verify the access log. Every read of a job seeker's data passes through here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from django.db import transaction
from django.utils import timezone

from kring.core.models import AccessLogEntry, ChainHead, Result

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest


def log_access(
    *,
    actor: AbstractBaseUser | None,  # core sits below accounts: any user model will do
    subject_id: int | None,
    action: str,
    result: str = Result.ALLOWED,
    object_type: str = "",
    object_id: str | int = "",
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Append one entry to the access log and return it."""
    (entry,) = log_accesses(
        actor=actor,
        targets=[(subject_id, object_id)],
        action=action,
        result=result,
        object_type=object_type,
        request=request,
    )
    return entry


def log_accesses(
    *,
    actor: AbstractBaseUser | None,
    targets: Sequence[tuple[int | None, str | int]],
    action: str,
    result: str = Result.ALLOWED,
    object_type: str = "",
    request: HttpRequest | None = None,
) -> list[AccessLogEntry]:
    """Append one entry per (subject_id, object_id) in `targets`, in that order; return them.

    One transaction and one insert for all of them: a page that shows 25 job seekers writes 25
    entries but locks the chain head and commits once. Each entry still carries the hash of
    the one before it, so the chain is the same as when they are written one by one.
    """
    if not targets:
        return []
    with transaction.atomic():
        head = _locked_head()
        at = timezone.now()
        previous_hash = head.last_hash
        entries = []
        for subject_id, object_id in targets:
            entry = AccessLogEntry(
                at=at,
                actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
                actor_role=getattr(actor, "role", "") or "",
                organisation_id=getattr(actor, "organisation_id", None),
                subject_id=subject_id,
                object_type=object_type,
                object_id=str(object_id),
                action=action,
                result=result,
                request_id=getattr(request, "request_id", "") if request is not None else "",
                previous_hash=previous_hash,
            )
            entry.entry_hash = entry.compute_hash()
            previous_hash = entry.entry_hash
            entries.append(entry)
        # One INSERT under the head's lock: the ids follow the list, so ordered by id the
        # entries form the chain (check_chain reads them that way).
        AccessLogEntry.objects.bulk_create(entries)
        head.last_hash = previous_hash
        head.save(update_fields=["last_hash"])
    return entries


_HEAD_ID = 1


def _locked_head() -> ChainHead:
    """Return the head of the chain (its last hash), locked for this transaction."""
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=_HEAD_ID)
    return head


GENESIS_HASH = "0" * 64


class ChainBreak(NamedTuple):
    """Where the hash chain of the access log first fails, and how."""

    entry_id: int | None  # the entry that fails; None: entries after the last one are gone
    kind: Literal["changed", "missing", "missing_at_end"]
    previous_id: int | None  # the last entry that still holds before the break


class ChainReport(NamedTuple):
    checked: int
    broken: ChainBreak | None


def check_chain() -> ChainReport:
    """Return how many entries the chain holds and where it first breaks (None: intact).

    An entry whose own hash does not hold was changed. An entry whose own hash holds but that
    does not follow the entry before it comes after a gap: an entry before it is missing (or
    was rewritten together with its hash). The chain head remembers the last hash written, so
    entries removed from the end are found too.
    """
    # The head is read first: entries written while the check runs come after it and are
    # checked like the others, and the head's own entry must be among those read.
    head = ChainHead.objects.filter(pk=_HEAD_ID).values_list("last_hash", flat=True).first()
    head_seen = head is None or head == GENESIS_HASH
    previous_hash, previous_id, checked = GENESIS_HASH, None, 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if entry.compute_hash() != entry.entry_hash:
            return ChainReport(checked, ChainBreak(entry.pk, "changed", previous_id))
        if entry.previous_hash != previous_hash:
            return ChainReport(checked, ChainBreak(entry.pk, "missing", previous_id))
        head_seen = head_seen or entry.entry_hash == head
        previous_hash, previous_id = entry.entry_hash, entry.pk
    if not head_seen:
        return ChainReport(checked, ChainBreak(None, "missing_at_end", previous_id))
    return ChainReport(checked, None)


def verify_chain() -> int | None:
    """Return the id of the first entry where the chain breaks, or None if it is intact.

    When only entries after the last one are gone, that is the id of the last entry.
    """
    broken = check_chain().broken
    if broken is None:
        return None
    return broken.entry_id if broken.entry_id is not None else broken.previous_id or 0
