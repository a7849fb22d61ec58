"""The network as plain data, and the moments (frozen copies) made from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import NotFound
from kring.network.models import (
    Contact,
    Snapshot,
    Tie,
)
from kring.network.moments import MAX_MOMENTS, MomentError, check_moment
from kring.network.services.rules import (
    CONTACT_FIELDS,
)
from kring.network.summary import snapshot_summary


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def network_data(jobseeker: User) -> dict[str, Any]:
    """Return the whole network as plain JSON data (contacts with every field, and ties).

    `added_on` (the day a contact was added) lets the analysis count new ties per period.
    """
    # ally: not a field a person sets, but part of the network's state (DOMAIN.md §2), so a
    # moment keeps its "Bondgenoten" count.
    fields = [
        "id",
        *(f if f != "introduced_by" else "introduced_by_id" for f in CONTACT_FIELDS),
        "ally",
    ]
    contacts = []
    for row in Contact.objects.filter(owner=jobseeker).order_by("id").values(*fields, "created_at"):
        created_at = row.pop("created_at")
        contact = {
            ("introduced_by" if key == "introduced_by_id" else key): _json_value(value)
            for key, value in row.items()
        }
        contact["added_on"] = timezone.localdate(created_at).isoformat()
        contacts.append(contact)
    ties = [
        [a_id, b_id, strength]
        for a_id, b_id, strength in Tie.objects.filter(owner=jobseeker)
        .order_by("a_id", "b_id")
        .values_list("a_id", "b_id", "strength")
    ]
    return {"contacts": contacts, "ties": ties}


@transaction.atomic
def snapshot_create(*, actor: User, jobseeker: User, name: str = "") -> Snapshot:
    """Return a new moment: a frozen copy of the network as it is now."""
    now = timezone.now()
    name = " ".join(name.split())
    if len(name) > 80:
        raise ValidationError(
            {"name": _("A name can have at most %(max)d characters.") % {"max": 80}}
        )
    if not name:
        name = _("Moment of %(date)s") % {"date": timezone.localtime(now).strftime("%d-%m-%Y")}
    if Snapshot.objects.filter(owner=jobseeker).count() >= MAX_MOMENTS:
        raise ValidationError(
            _("You can keep at most %(max)d moments. Delete a moment first.") % {"max": MAX_MOMENTS}
        )
    data = network_data(jobseeker)
    try:
        check_moment(data)
    except MomentError as error:
        raise ValidationError(
            _("This network cannot be saved as a moment: %(problem)s.") % {"problem": error}
        ) from None
    snapshot = Snapshot.objects.create(
        owner=jobseeker, name=name, taken_at=now, data=data, created_by=actor
    )
    # Stored now, not when first looked at: the organisation's results read a job seeker's
    # first moment as their intake and never compute a network on a request.
    snapshot_summary(snapshot)
    return snapshot


@transaction.atomic
def snapshot_delete(*, jobseeker: User, snapshot_id: int) -> None:
    deleted, _detail = Snapshot.objects.filter(owner=jobseeker, pk=snapshot_id).delete()
    if not deleted:
        raise NotFound
