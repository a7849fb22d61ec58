"""Write and verify the access log. Every read of a job seeker's data passes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    with transaction.atomic():
        head = _locked_head()
        previous_hash = head.last_hash
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
        head.last_hash = entry.entry_hash
        head.save(update_fields=["last_hash"])
    return entry


_HEAD_ID = 1


def _locked_head() -> ChainHead:
    """Return the head of the chain (its last hash), locked for this transaction."""
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=_HEAD_ID)
    return head


def verify_chain() -> int | None:
    """Return the id of the first entry whose hash does not hold, or None if the chain is intact."""
    previous = "0" * 64
    for entry in AccessLogEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous or entry.compute_hash() != entry.entry_hash:
            return entry.pk
        previous = entry.entry_hash
    return None
