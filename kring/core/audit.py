"""Write and verify the access log. Every read of a job seeker's data passes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from kring.core.models import AccessLogEntry, ChainHead, Result

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kring.accounts.models import User


def log_access(
    *,
    actor: User | None,
    subject_id: int | None,
    action: str,
    result: str = Result.ALLOWED,
    object_type: str = "",
    object_id: str | int = "",
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    """Append one entry to the access log and return it."""
    with transaction.atomic():
        previous_hash = _locked_head_hash()
        entry = AccessLogEntry(
            at=timezone.now(),
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
        entry.save()
        _set_head_hash(entry.entry_hash)
    return entry


# Every page that shows a job seeker's data appends an entry, so the chain head is read and
# written in plain SQL: the ORM took longer to build these two statements than the database
# took to run them (about half of the 1 ms an entry cost). The entry itself is saved by the
# ORM, which knows how to store each field and get the new id on every database.
_HEAD_ID = 1


def _locked_head_hash() -> str:
    """Return the last hash of the chain, with the head row locked for this transaction."""
    table = connection.ops.quote_name(ChainHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT last_hash FROM {table} WHERE id = %s{lock}",  # noqa: S608 - fixed names
            [_HEAD_ID],
        )
        row = cursor.fetchone()
    if row is None:  # the very first entry: make the head (locked, as get_or_create does)
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=_HEAD_ID)
        return head.last_hash
    last_hash: str = row[0]
    return last_hash


def _set_head_hash(last_hash: str) -> None:
    table = connection.ops.quote_name(ChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_hash = %s WHERE id = %s",  # noqa: S608 - fixed names
            [last_hash, _HEAD_ID],
        )


def verify_chain() -> int | None:
    """Return the id of the first entry whose hash does not hold, or None if the chain is intact."""
    previous = "0" * 64
    for entry in AccessLogEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
            return entry.pk
        previous = entry.entry_hash
    return None
