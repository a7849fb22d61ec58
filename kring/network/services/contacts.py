"""Adding, changing, moving and deleting contacts one at a time (or a few names at once)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import VersionConflict
from kring.network.models import (
    LABEL_MAX,
    Contact,
    NetworkRows,
)
from kring.network.services.rules import (
    MAX_NAMES_AT_ONCE,
    apply_fields,
    check_place,
    check_room,
    conflict_message,
    locked_contact,
    network_changed,
)


@transaction.atomic
def contact_create(*, jobseeker: User, **fields: Any) -> Contact:
    """Return a new contact in `jobseeker`'s network made from the whitelisted `fields`."""
    check_room(jobseeker, 1)
    contact = Contact(owner=jobseeker)
    apply_fields(contact, jobseeker, fields)
    contact.save()
    network_changed(jobseeker)
    return contact


def split_names(text: str) -> list[str]:
    """Return the names in `text` (one per line or separated by commas), without repeats."""
    names: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[\n,;]+", text):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


@transaction.atomic
def contacts_add_names(
    *,
    jobseeker: User,
    names: Iterable[str],
    ring: int,
    quadrant: str,
    **defaults: Any,
) -> list[Contact]:
    """Return the contacts made for `names` at one place; all or nothing."""
    labels = list(names)
    if not labels:
        raise ValidationError({"names": _("Fill in at least one name.")})
    if len(labels) > MAX_NAMES_AT_ONCE:
        raise ValidationError(
            {"names": _("Add at most %(max)d names at once.") % {"max": MAX_NAMES_AT_ONCE}}
        )
    for label in labels:
        if not label.strip() or len(label.strip()) > LABEL_MAX:
            raise ValidationError(
                {
                    "names": _(
                        "“%(name)s” is too long: a name can have at most %(max)d characters."
                    )
                    % {"name": label[:LABEL_MAX] + "…", "max": LABEL_MAX}
                    if label.strip()
                    else _("Fill in a name.")
                }
            )
    ring, quadrant = check_place(ring, quadrant)
    check_room(jobseeker, len(labels))
    made = []
    for label in labels:
        contact = Contact(owner=jobseeker)
        apply_fields(
            contact, jobseeker, {"label": label, "ring": ring, "quadrant": quadrant, **defaults}
        )
        made.append(contact)
    Contact.objects.bulk_create(made)
    network_changed(jobseeker)
    return made


@transaction.atomic
def contacts_set_knows_searching(*, jobseeker: User, contact_ids: Iterable[int]) -> int:
    """Mark the given contacts as knowing the job seeker looks for work; return how many."""
    contacts = (
        Contact.objects.select_for_update()
        .filter(owner=jobseeker, pk__in=list(contact_ids))
        .exclude(knows_searching="yes")
    )
    changed = contacts.update(knows_searching="yes", version=F("version") + 1)
    if changed:
        network_changed(jobseeker)
    return changed


@transaction.atomic
def contact_update(*, jobseeker: User, contact_id: int, version: int, **fields: Any) -> Contact:
    """Return the contact after saving `fields`; raise VersionConflict if it changed meanwhile."""
    contact = locked_contact(jobseeker, contact_id)
    if contact.version != version:
        raise VersionConflict(contact, conflict_message())
    apply_fields(contact, jobseeker, fields)
    if contact.introduced_by_id == contact.pk and contact.pk is not None:
        raise ValidationError({"introduced_by": _("A contact cannot introduce itself.")})
    contact.version += 1
    contact.save()
    network_changed(jobseeker)
    return contact


def contact_move(
    *, jobseeker: User, contact_id: int, ring: int, quadrant: str, version: int
) -> Contact:
    """Return the contact placed at `ring` and `quadrant`; raise VersionConflict when stale."""
    return contact_move_with_network(
        jobseeker=jobseeker,
        contact_id=contact_id,
        ring=ring,
        quadrant=quadrant,
        version=version,
    ).contact


class Moved(NamedTuple):
    """What contact_move_with_network gives back."""

    contact: Contact
    # The network right after the move, as read for the summary; None if nothing moved.
    network: NetworkRows | None


@transaction.atomic
def contact_move_with_network(
    *, jobseeker: User, contact_id: int, ring: int, quadrant: str, version: int
) -> Moved:
    """Return the moved contact and the network rows after the move, to redraw the map from.

    Same rules as contact_move; the rows are the ones the summary was computed from, so the
    map and the stored numbers agree and the network is read once per move.
    """
    ring, quadrant = check_place(ring, quadrant)
    contact = locked_contact(jobseeker, contact_id)
    if contact.version != version:
        raise VersionConflict(contact, conflict_message())
    if (contact.ring, contact.quadrant) == (ring, quadrant):
        return Moved(contact, None)
    contact.ring, contact.quadrant = ring, quadrant
    contact.version += 1
    contact.save(update_fields=["ring", "quadrant", "version", "updated_at"])
    return Moved(contact, network_changed(jobseeker))


@transaction.atomic
def contact_delete(*, jobseeker: User, contact_id: int, version: int | None = None) -> None:
    """Delete a contact and its ties; with `version`, only if nobody changed it meanwhile."""
    contact = locked_contact(jobseeker, contact_id)
    if version is not None and contact.version != version:
        raise VersionConflict(contact, conflict_message())
    contact.delete()
    network_changed(jobseeker)
