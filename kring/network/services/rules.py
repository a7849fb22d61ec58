"""What every change to a network shares: the fields and limits, the checks, and the one hook it ends in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.analysis import schema
from kring.core.errors import NotFound
from kring.network.models import (
    LABEL_MAX,
    Contact,
    NetworkProfile,
    NetworkRows,
    Quadrant,
    Ring,
    TieStrength,
)
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


def refuse_unknown(fields: Iterable[str], allowed: Iterable[str]) -> None:
    """Raise ValidationError naming the `fields` not in `allowed` (no mass assignment)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be set: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


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


def check_place(ring: object, quadrant: object) -> tuple[int, str]:
    errors: dict[str, str] = {}
    if not isinstance(ring, int) or isinstance(ring, bool) or ring not in _RINGS:
        errors["ring"] = _("Choose a ring from 0 to 4.")
    if not isinstance(quadrant, str) or quadrant not in _QUADRANTS:
        errors["quadrant"] = _("Choose one of the four quadrants.")
    if errors:
        raise ValidationError(errors)
    assert isinstance(ring, int) and isinstance(quadrant, str)
    return ring, quadrant


def check_label(label: object) -> str:
    text = label.strip() if isinstance(label, str) else ""
    if not text:
        raise ValidationError({"label": _("Fill in a name.")})
    if len(text) > LABEL_MAX:
        raise ValidationError(
            {"label": _("A name can have at most %(max)d characters.") % {"max": LABEL_MAX}}
        )
    return text


def apply_fields(
    contact: Contact, jobseeker: User, fields: Mapping[str, Any], *, bulk: bool = False
) -> None:
    refuse_unknown(fields, CONTACT_FIELDS)
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
        contact.label = check_label(contact.label)
    check_place(contact.ring, contact.quadrant)
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


def locked_contact(jobseeker: User, contact_id: int) -> Contact:
    contact = Contact.objects.locked(jobseeker, contact_id)
    if contact is None:
        raise NotFound
    return contact


def check_room(jobseeker: User, adding: int) -> None:
    if Contact.objects.filter(owner=jobseeker).count() + adding > MAX_CONTACTS:
        raise ValidationError(
            _("A network can hold at most %(max)d contacts.") % {"max": MAX_CONTACTS}
        )


def check_strength(strength: object) -> int:
    if strength not in TieStrength.values or isinstance(strength, bool):
        raise ValidationError({"strength": _("Strength is 1 (know each other) or 2 (close).")})
    assert isinstance(strength, int)
    return strength
