"""Many contacts at once, for an import or a restore: checked first, then stored in one write per table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.network.models import (
    Contact,
    Tie,
)
from kring.network.services.rules import (
    CONTACT_FIELDS,
    apply_fields,
    check_room,
    check_strength,
    network_changed,
    refuse_unknown,
)

# Introductions name contacts by position here, so `introduced_by` itself is not accepted.
_NOT_INTRODUCED_BY = tuple(name for name in CONTACT_FIELDS if name != "introduced_by")


@dataclass(frozen=True)
class NewContacts:
    """Contacts checked by contacts_check and not stored yet; contacts_add_many stores them."""

    contacts: list[Contact]
    # (position, position of the introducer), both in `contacts`.
    introductions: list[tuple[int, int]]
    # (position, position, strength), both positions in `contacts`.
    ties: list[tuple[int, int, int]]


def contacts_check(
    *,
    jobseeker: User,
    contacts: Sequence[Mapping[str, Any]],
    introductions: Iterable[tuple[int, int]] = (),
    ties: Iterable[tuple[int, int, int]] = (),
) -> NewContacts:
    """Return new contacts made from whitelisted `fields`, checked but not stored.

    It only reads, so a big import or restore runs it before its write transaction and keeps
    that transaction short. Introductions and ties name contacts by their position in
    `contacts`; `introduced_by` itself is not accepted in the fields.
    """
    made: list[Contact] = []
    for fields in contacts:
        refuse_unknown(fields, _NOT_INTRODUCED_BY)
        contact = Contact(owner=jobseeker)
        apply_fields(contact, jobseeker, fields, bulk=True)
        made.append(contact)
    positions = range(len(made))
    checked_introductions = []
    for position, introducer in introductions:
        if position not in positions or introducer not in positions:
            raise ValidationError({"introduced_by": _("Choose someone from this network.")})
        if position == introducer:
            raise ValidationError({"introduced_by": _("A contact cannot introduce itself.")})
        checked_introductions.append((position, introducer))
    checked_ties = []
    pairs: set[tuple[int, int]] = set()
    for first, second, strength in ties:
        if first not in positions or second not in positions:
            raise ValidationError(_("Both people must be contacts in this network."))
        if first == second:
            raise ValidationError(_("A contact cannot have a tie with itself."))
        pair = (min(first, second), max(first, second))
        if pair in pairs:
            raise ValidationError(_("These two people are already linked."))
        pairs.add(pair)
        checked_ties.append((*pair, check_strength(strength)))
    return NewContacts(made, checked_introductions, checked_ties)


# What a merge may fill in on an existing contact, and only where it is empty.
FILLABLE_FIELDS = ("occupation", "sector")


def _fill_empty(jobseeker: User, fills: Mapping[int, Mapping[str, Any]]) -> int:
    """Fill empty FILLABLE_FIELDS of existing contacts in one write; return how many changed."""
    if not fills:
        return 0
    contacts = list(Contact.objects.select_for_update().filter(owner=jobseeker, pk__in=list(fills)))
    if len(contacts) != len(fills):
        raise ValidationError(_("Choose someone from this network."))
    now = timezone.now()
    changed: list[Contact] = []
    for contact in contacts:
        wanted = fills[contact.pk]
        refuse_unknown(wanted, FILLABLE_FIELDS)
        fill = {
            name: value for name, value in wanted.items() if value and not getattr(contact, name)
        }
        if not fill:
            continue
        for name, value in fill.items():
            setattr(contact, name, value)
        contact.clean_fields(exclude=[f.name for f in Contact._meta.fields if f.name not in fill])
        contact.version += 1
        contact.updated_at = now
        changed.append(contact)
    Contact.objects.bulk_update(changed, [*FILLABLE_FIELDS, "version", "updated_at"])
    return len(changed)


@transaction.atomic
def contacts_add_many(
    *,
    jobseeker: User,
    new: NewContacts,
    fill_empty: Mapping[int, Mapping[str, Any]] | None = None,
) -> list[Contact]:
    """Return the stored new contacts; also fill empty fields of existing ones. All or nothing.

    One bulk write per table and one recomputation for the whole call, however many people
    come in (an import or a restore). `fill_empty` maps an existing contact's id to values
    for FILLABLE_FIELDS, used only where the contact has none: a merge never overwrites.
    """
    check_room(jobseeker, len(new.contacts))
    filled = _fill_empty(jobseeker, fill_empty or {})
    made = Contact.objects.bulk_create(new.contacts)
    introduced = []
    for position, introducer in new.introductions:
        made[position].introduced_by_id = made[introducer].pk
        introduced.append(made[position])
    Contact.objects.bulk_update(introduced, ["introduced_by"])
    Tie.objects.bulk_create(
        Tie(owner=jobseeker, a_id=a_id, b_id=b_id, strength=strength)
        for a_id, b_id, strength in (
            (*sorted((made[first].pk, made[second].pk)), strength)
            for first, second, strength in new.ties
        )
    )
    if made or filled:
        network_changed(jobseeker)
    return made
