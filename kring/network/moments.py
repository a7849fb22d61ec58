"""What a moment (snapshot) may hold: checked on every write, and again on every read.

A moment is frozen network data as `services.network_data` gives it:
``{"contacts": [{"id": 1, "label": "Anna", "quadrant": "family", "ring": 2, ...}],
"ties": [[a_id, b_id, strength], ...]}``. The analysis engine's validator
(`kring.analysis.network.validate`) is the one check of a network's contacts and ties (rings,
quadrants and every closed answer, ties only between contacts of the moment, no duplicates);
this module adds what a moment needs on top of it: whole-number ids, a name and a quadrant
for every person (the map and the comparison draw them), the lengths of the text fields and
the size limits. Moments stored before these checks may fail them; pages and the API show
such a moment as "cannot be read" instead of failing.
"""

from __future__ import annotations

from typing import Any, Final

from kring.analysis.network import NetworkError, show, validate
from kring.network.models import LABEL_MAX, NOTE_MAX, OCCUPATION_MAX

# A job seeker keeps at most this many moments (one a week for two years, with room).
MAX_MOMENTS: Final = 100
# A moment is a copy of a network, so it holds at most what a network holds
# (services.rules.MAX_CONTACTS) ...
MAX_MOMENT_CONTACTS: Final = 1000
# ... and at most this many ties (a network of 1,000 people where each knows 100 others).
MAX_MOMENT_TIES: Final = 50_000

_TEXT_MAX: Final = {"label": LABEL_MAX, "occupation": OCCUPATION_MAX, "note": NOTE_MAX}
# Stored with a contact but not part of the engine's input format.
_MOMENT_ONLY: Final = ("isco_code",)


class MomentError(ValueError):
    """Moment data that is not valid; the message (English) names the item."""


def _check_contact(position: int, contact: object) -> None:
    if type(contact) is not dict:
        return  # the engine's validator names the problem
    where = f"contacts[{position}]"
    contact_id = contact.get("id")
    if type(contact_id) is not int:
        raise MomentError(f"{where}: id must be a whole number, got {show(contact_id)}")
    where = f"{where} (id {contact_id})"
    label = contact.get("label")
    if type(label) is not str or not label.strip():
        raise MomentError(f"{where}: label must be a name, got {show(label)}")
    if contact.get("quadrant") is None:
        raise MomentError(f"{where}: quadrant is required")
    for name, limit in _TEXT_MAX.items():
        value = contact.get(name)
        if type(value) is str and len(value) > limit:
            raise MomentError(f"{where}: {name} is longer than {limit} characters")
    isco = contact.get("isco_code")
    if isco not in (None, "") and (type(isco) is not str or len(isco) > 4 or not isco.isdigit()):
        raise MomentError(f"{where}: isco_code must be up to 4 digits, got {show(isco)}")


def _engine_contact(contact: object) -> object:
    """Give back the contact in the engine's input format: blank text and null mean unknown."""
    if type(contact) is not dict:
        return contact
    return {
        key: value
        for key, value in contact.items()
        if key not in _MOMENT_ONLY and value is not None and value != ""
    }


def check_moment(data: object) -> dict[str, Any]:
    """Give back `data` unchanged when it is a valid moment; raise MomentError when it is not."""
    if type(data) is not dict:
        raise MomentError(f"a moment must be an object, got {show(data)}")
    contacts, ties = data.get("contacts"), data.get("ties", [])
    if type(contacts) is list and len(contacts) > MAX_MOMENT_CONTACTS:
        raise MomentError(
            f"a moment holds at most {MAX_MOMENT_CONTACTS} people, this one {len(contacts)}"
        )
    if type(ties) is list and len(ties) > MAX_MOMENT_TIES:
        raise MomentError(f"a moment holds at most {MAX_MOMENT_TIES} ties, this one {len(ties)}")
    if type(contacts) is list:
        for position, contact in enumerate(contacts):
            _check_contact(position, contact)
        engine_input = {**data, "contacts": [_engine_contact(c) for c in contacts]}
    else:
        engine_input = data
    try:
        validate(engine_input)
    except NetworkError as error:
        raise MomentError(str(error)) from None
    return data
