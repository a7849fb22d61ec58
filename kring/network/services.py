"""Every change to a job seeker's network: atomic, version-checked, ending in network_changed.

Callers have already authorised the actor (kring.accounts.access.get_jobseeker_for), and that
door wrote who changed the network to the access log; so these functions take no `actor`, except
`snapshot_create`, which records who saved the moment. They check that every object belongs to
`jobseeker` and that the input is valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.analysis import schema
from kring.core.errors import NotFound, VersionConflict
from kring.network.models import (
    LABEL_MAX,
    Contact,
    NetworkProfile,
    NetworkRows,
    Quadrant,
    Ring,
    Snapshot,
    Tie,
    TieStrength,
)
from kring.network.moments import MAX_MOMENTS, MomentError, check_moment
from kring.network.summary import summary_refresh

# The fields a person may set on a contact; nothing else is accepted (no mass assignment).
# They come from the one list of DOMAIN.md §3 (kring.analysis.schema), in its order, without the
# keys only the engine uses, and with the ISCO code: §3's optional refinement of occupation,
# which no indicator reads. Forms, the API, the details page and restore all use this tuple.
_ENGINE_KEYS = ("id", "ally", "added_on")
_RECORD = tuple(name for name in schema.FIELDS if name not in _ENGINE_KEYS)
_AFTER_OCCUPATION = _RECORD.index("occupation") + 1
CONTACT_FIELDS = (*_RECORD[:_AFTER_OCCUPATION], "isco_code", *_RECORD[_AFTER_OCCUPATION:])
PROFILE_FIELDS = ("target_occupation", "target_sector", "region", "languages")
MAX_NAMES_AT_ONCE = 50
MAX_CONTACTS = 1000


def conflict_message() -> str:
    return _(
        "Someone else has just changed this contact. Nothing was saved. "
        "These are the current details; check them and try again."
    )


def network_changed(jobseeker: User) -> NetworkRows:
    """Record that `jobseeker`'s network changed: the single hook every change ends in.

    It bumps the network version and stores the new indicator summary in the same
    transaction, so pages and dashboards read stored numbers and never recompute. It gives
    back the network rows the summary was computed from (the network as the change leaves
    it), so a caller that redraws the map does not read them again.
    """
    if not NetworkProfile.objects.bump(jobseeker):
        NetworkProfile.objects.create(jobseeker=jobseeker, network_version=1)
    network = NetworkRows.read(jobseeker)
    summary_refresh(jobseeker, network)
    return network


# An enum's .values builds a new list on every use; a big import checks a thousand places.
_RINGS = frozenset(Ring.values)
_QUADRANTS = frozenset(Quadrant.values)


def _check_place(ring: object, quadrant: object) -> tuple[int, str]:
    errors: dict[str, str] = {}
    if not isinstance(ring, int) or isinstance(ring, bool) or ring not in _RINGS:
        errors["ring"] = _("Choose a ring from 0 to 4.")
    if not isinstance(quadrant, str) or quadrant not in _QUADRANTS:
        errors["quadrant"] = _("Choose one of the four quadrants.")
    if errors:
        raise ValidationError(errors)
    assert isinstance(ring, int) and isinstance(quadrant, str)
    return ring, quadrant


def _check_label(label: object) -> str:
    text = label.strip() if isinstance(label, str) else ""
    if not text:
        raise ValidationError({"label": _("Fill in a name.")})
    if len(text) > LABEL_MAX:
        raise ValidationError(
            {"label": _("A name can have at most %(max)d characters.") % {"max": LABEL_MAX}}
        )
    return text


def _apply(
    contact: Contact, jobseeker: User, fields: Mapping[str, Any], *, bulk: bool = False
) -> None:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        if name == "introduced_by":
            if value is not None and not isinstance(value, Contact):
                value = Contact.objects.filter(owner=jobseeker, pk=value).first()
                if value is None:
                    raise ValidationError({"introduced_by": _("Choose someone from this network.")})
            contact.introduced_by = value
        else:
            setattr(contact, name, value)
    if "label" in fields:
        contact.label = _check_label(contact.label)
    _check_place(contact.ring, contact.quadrant)
    if not bulk:
        contact.full_clean(exclude=["owner", "version"])
        return
    # A new contact checked for a bulk write: the defaults of the fields not given are valid,
    # and the fields' own validators say what the table's check constraints say. Checking
    # those too costs three queries and two dozen fields per person, most of a big import.
    given = set(fields)
    contact.full_clean(
        exclude=[f.name for f in Contact._meta.fields if f.name not in given],
        validate_constraints=False,
    )


def _locked(jobseeker: User, contact_id: int) -> Contact:
    contact = Contact.objects.locked(jobseeker, contact_id)
    if contact is None:
        raise NotFound
    return contact


def _check_room(jobseeker: User, adding: int) -> None:
    if Contact.objects.filter(owner=jobseeker).count() + adding > MAX_CONTACTS:
        raise ValidationError(
            _("A network can hold at most %(max)d contacts.") % {"max": MAX_CONTACTS}
        )


@transaction.atomic
def contact_create(*, jobseeker: User, **fields: Any) -> Contact:
    """Return a new contact in `jobseeker`'s network made from the whitelisted `fields`."""
    _check_room(jobseeker, 1)
    contact = Contact(owner=jobseeker)
    _apply(contact, jobseeker, fields)
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
    ring, quadrant = _check_place(ring, quadrant)
    _check_room(jobseeker, len(labels))
    made = []
    for label in labels:
        contact = Contact(owner=jobseeker)
        _apply(contact, jobseeker, {"label": label, "ring": ring, "quadrant": quadrant, **defaults})
        made.append(contact)
    Contact.objects.bulk_create(made)
    network_changed(jobseeker)
    return made


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
        if "introduced_by" in fields:
            raise ValidationError(
                _("These fields cannot be set: %(fields)s") % {"fields": "introduced_by"}
            )
        contact = Contact(owner=jobseeker)
        _apply(contact, jobseeker, fields, bulk=True)
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
        checked_ties.append((*pair, _check_strength(strength)))
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
        unknown = set(wanted) - set(FILLABLE_FIELDS)
        if unknown:
            raise ValidationError(
                _("These fields cannot be set: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
            )
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
    _check_room(jobseeker, len(new.contacts))
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
    contact = _locked(jobseeker, contact_id)
    if contact.version != version:
        raise VersionConflict(contact, conflict_message())
    _apply(contact, jobseeker, fields)
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
    ring, quadrant = _check_place(ring, quadrant)
    contact = _locked(jobseeker, contact_id)
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
    contact = _locked(jobseeker, contact_id)
    if version is not None and contact.version != version:
        raise VersionConflict(contact, conflict_message())
    contact.delete()
    network_changed(jobseeker)


def _check_pair(jobseeker: User, first_id: int, second_id: int) -> tuple[int, int]:
    if first_id == second_id:
        raise ValidationError(_("A contact cannot have a tie with itself."))
    found = Contact.objects.filter(owner=jobseeker, pk__in=[first_id, second_id]).count()
    if found != 2:
        raise ValidationError(_("Both people must be contacts in this network."))
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


def _check_strength(strength: object) -> int:
    if strength not in TieStrength.values or isinstance(strength, bool):
        raise ValidationError({"strength": _("Strength is 1 (know each other) or 2 (close).")})
    assert isinstance(strength, int)
    return strength


@transaction.atomic
def tie_set(
    *,
    jobseeker: User,
    first_id: int,
    second_id: int,
    strength: int = TieStrength.KNOW,
    replace: bool = False,
) -> Tie:
    """Return the tie between two contacts; a second tie for a pair is refused unless `replace`."""
    strength = _check_strength(strength)
    a_id, b_id = _check_pair(jobseeker, first_id, second_id)
    tie = Tie.objects.select_for_update().filter(owner=jobseeker, a_id=a_id, b_id=b_id).first()
    if tie is not None and not replace:
        raise ValidationError(_("These two people are already linked."))
    if tie is None:
        tie = Tie.objects.create(owner=jobseeker, a_id=a_id, b_id=b_id, strength=strength)
    elif tie.strength != strength:
        tie.strength = strength
        tie.save(update_fields=["strength"])
    network_changed(jobseeker)
    return tie


@transaction.atomic
def tie_delete(*, jobseeker: User, tie_id: int) -> None:
    """Remove one tie of `jobseeker`'s network."""
    deleted, _detail = Tie.objects.filter(owner=jobseeker, pk=tie_id).delete()
    if not deleted:
        raise NotFound
    network_changed(jobseeker)


@transaction.atomic
def ties_set_for(*, jobseeker: User, contact_id: int, strengths: Mapping[int, int]) -> int:
    """Set who `contact_id` knows: strength 0 removes a tie, 1 or 2 sets it. Return changes."""
    if not Contact.objects.filter(owner=jobseeker, pk=contact_id).exists():
        raise NotFound
    wanted = {int(other): int(strength) for other, strength in strengths.items()}
    if contact_id in wanted:
        raise ValidationError(_("A contact cannot have a tie with itself."))
    for strength in wanted.values():
        if strength != 0:
            _check_strength(strength)
    known = set(
        Contact.objects.filter(owner=jobseeker, pk__in=list(wanted)).values_list("pk", flat=True)
    )
    if known != set(wanted):
        raise ValidationError(_("Both people must be contacts in this network."))
    existing = {
        tie.other(contact_id): tie
        for tie in Tie.objects.select_for_update().filter(
            Q(a_id=contact_id) | Q(b_id=contact_id), owner=jobseeker
        )
    }
    changes = 0
    to_create: list[Tie] = []
    to_delete: list[int] = []
    for other, strength in wanted.items():
        tie = existing.get(other)
        if strength == 0:
            if tie is not None:
                to_delete.append(tie.pk)
        elif tie is None:
            a_id, b_id = sorted((contact_id, other))
            to_create.append(Tie(owner=jobseeker, a_id=a_id, b_id=b_id, strength=strength))
        elif tie.strength != strength:
            Tie.objects.filter(pk=tie.pk).update(strength=strength)
            changes += 1
    if to_delete:
        Tie.objects.filter(pk__in=to_delete).delete()
    Tie.objects.bulk_create(to_create)
    changes += len(to_delete) + len(to_create)
    if changes:
        network_changed(jobseeker)
    return changes


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def network_data(jobseeker: User) -> dict[str, Any]:
    """Return the whole network as plain JSON data (contacts with every field, and ties).

    `added_on` (the day a contact was added) lets the analysis count new ties per period.
    """
    fields = ["id", *(f if f != "introduced_by" else "introduced_by_id" for f in CONTACT_FIELDS)]
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
    return Snapshot.objects.create(
        owner=jobseeker, name=name, taken_at=now, data=data, created_by=actor
    )


@transaction.atomic
def snapshot_delete(*, jobseeker: User, snapshot_id: int) -> None:
    deleted, _detail = Snapshot.objects.filter(owner=jobseeker, pk=snapshot_id).delete()
    if not deleted:
        raise NotFound


@transaction.atomic
def profile_update(*, jobseeker: User, **fields: Any) -> NetworkProfile:
    """Return the job seeker's profile after saving the whitelisted `fields`."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    profile, _created = NetworkProfile.objects.select_for_update().get_or_create(
        jobseeker=jobseeker
    )
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["jobseeker"])
    profile.save()
    network_changed(jobseeker)
    return profile
