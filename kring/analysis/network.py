"""The one validator of the plain-dict network format, and the validated `Network`.

Untrusted input (the API, the command line, a restored export, a moment) is read here, by
`read_networks`, into the engine's `Columns`: each chunk in C-level passes over whole columns
(`reader.read_chunk`). When a rule is broken the reader only knows that; `_explain` then
walks the networks item by item to say which value breaks which rule.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from itertools import compress
from typing import Any

from . import schema
from .columns import Columns
from .reader import ALL_NONE, NO_TIES, Refused, parse_date_ordinal, read_chunk

ContactId = int | str


class NetworkError(ValueError):
    """Raised for any input that is not a valid network; the message names the item."""


def show(value: object) -> str:
    """Give back a short, safe rendering of a JSON-like value for an error message."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, int):
        # Huge ints cannot always be turned into text (sys.int_info.str_digits_check_threshold).
        return str(value) if -(10**30) < value < 10**30 else "a very large number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _is_id(value: object) -> bool:
    return type(value) is int or type(value) is str


def _check_field(name: str, value: Any) -> str | None:
    """Give back what is wrong with one contact field value, or None when it is valid."""
    if value is None:
        return f"{name} is required" if name in schema.REQUIRED_FIELDS else None
    if name == "id":
        if not _is_id(value):
            return f"id must be an integer or a string, got {_type_name(value)}"
        return None
    if name in schema.ENUM_FIELDS:
        allowed = schema.ENUM_FIELDS[name]
        if type(value) is not str or value not in allowed:
            shown = ", ".join(v for v in allowed if v)
            return f"{name} must be one of {shown} (or null), got {show(value)}"
        return None
    if name in schema.INT_FIELDS:
        low, high = schema.INT_FIELDS[name]
        separator = "-" if name == "ring" else ".."
        if type(value) is not int:
            return f"{name} must be an integer {low}{separator}{high}, got {_type_name(value)}"
        if not low <= value <= high:
            return f"{name} must be {low}{separator}{high}, got {show(value)}"
        return None
    if name in schema.LIST_FIELDS:
        if type(value) is not list:
            return f"{name} must be a list, got {_type_name(value)}"
        for position, item in enumerate(value):
            if type(item) is not str or item not in schema.FUNCTIONS:
                shown = ", ".join(schema.FUNCTIONS)
                return f"{name}[{position}] must be one of {shown}, got {show(item)}"
        return None
    if name in schema.BOOL_FIELDS:
        if type(value) is not bool:
            return f"{name} must be true, false or null, got {show(value)}"
        return None
    if name in schema.TEXT_FIELDS:
        if type(value) is not str:
            return f"{name} must be a string or null, got {_type_name(value)}"
        return None
    if name in schema.DATE_FIELDS:
        if type(value) is not str or parse_date_ordinal(value) is None:
            return f"{name} must be an ISO date (YYYY-MM-DD) or null, got {show(value)}"
        return None
    if name == "introduced_by":
        if not _is_id(value):
            return f"introduced_by must be a contact id or null, got {_type_name(value)}"
        return None
    raise AssertionError(f"field {name} has no rule")  # pragma: no cover


def _validate_contact(position: int, raw: object) -> dict[str, Any]:
    where = f"contacts[{position}]"
    if type(raw) is not dict:
        raise NetworkError(f"{where} must be an object, got {_type_name(raw)}")
    contact_id = raw.get("id")
    if _is_id(contact_id):
        where = f"{where} (id {show(contact_id)})"
    for key in raw:
        if key not in schema.ALLOWED_FIELDS:
            raise NetworkError(f"{where}: unknown field {show(key)}")
    clean: dict[str, Any] = {}
    for name in schema.FIELDS:
        value = raw.get(name)
        problem = _check_field(name, value)
        if problem is not None:
            raise NetworkError(f"{where}: {problem}")
        if value is not None:
            clean[name] = list(value) if name in schema.LIST_FIELDS else value
    return clean


def _validate_tie(position: int, raw: object, ids: Mapping[ContactId, int]) -> list[ContactId]:
    where = f"ties[{position}]"
    if type(raw) is not list or len(raw) not in (2, 3):
        raise NetworkError(
            f"{where} must be a list [id_a, id_b] or [id_a, id_b, strength], got {show(raw)}"
        )
    first, second = raw[0], raw[1]
    for end in (first, second):
        if not _is_id(end):
            raise NetworkError(f"{where}: contact ids must be integers or strings, got {show(end)}")
        if end not in ids:
            raise NetworkError(f"{where}: contact {show(end)} does not exist")
    if first == second:
        raise NetworkError(f"{where}: a contact cannot be tied to itself (id {show(first)})")
    strength = raw[2] if len(raw) == 3 else 1
    if type(strength) is not int or strength not in schema.TIE_STRENGTHS:
        raise NetworkError(f"{where}: strength must be 1 or 2, got {show(strength)}")
    return [first, second, strength]


def _explain(data: object) -> None:
    """Raise NetworkError for the first problem of a network, item by item; None if it has none.

    The reader below only says whether a chunk is valid; this walk words why not, in the order
    a person reads the network (top level, each contact, ids, introducers, each tie).
    """
    if type(data) is not dict:
        raise NetworkError(f"a network must be an object, got {_type_name(data)}")
    for key in data:
        if key not in schema.TOP_LEVEL_FIELDS:
            raise NetworkError(f"unknown top-level field {show(key)} (expected contacts, ties)")
    if "contacts" not in data:
        raise NetworkError("a network needs a 'contacts' list")
    raw_contacts = data["contacts"]
    raw_ties = data.get("ties", [])
    if type(raw_contacts) is not list:
        raise NetworkError(f"contacts must be a list, got {_type_name(raw_contacts)}")
    if type(raw_ties) is not list:
        raise NetworkError(f"ties must be a list, got {_type_name(raw_ties)}")
    contacts = [_validate_contact(position, raw) for position, raw in enumerate(raw_contacts)]
    ids: dict[ContactId, int] = {}
    for position, contact in enumerate(contacts):
        contact_id = contact["id"]
        if contact_id in ids:
            raise NetworkError(
                f"contacts[{position}] (id {show(contact_id)}): duplicate id "
                f"(also contacts[{ids[contact_id]}])"
            )
        ids[contact_id] = position
    for position, contact in enumerate(contacts):
        introducer = contact.get("introduced_by")
        if introducer is not None and introducer not in ids:
            raise NetworkError(
                f"contacts[{position}] (id {show(contact['id'])}): introduced_by: "
                f"contact {show(introducer)} does not exist"
            )
    seen: dict[tuple[ContactId, ContactId], int] = {}
    for position, raw in enumerate(raw_ties):
        tie = _validate_tie(position, raw, ids)
        first, second = tie[0], tie[1]
        key = (first, second) if ids[first] < ids[second] else (second, first)
        if key in seen:
            raise NetworkError(
                f"ties[{position}]: duplicate tie between {show(key[0])} and {show(key[1])} "
                f"(also ties[{seen[key]}])"
            )
        seen[key] = position


def read_networks(dicts: Sequence[object], *, numbered_from: int = 0) -> Columns:
    """Give back the Columns of untrusted plain-dict networks; NetworkError if one is invalid.

    The message names the first invalid network, ``networks[3]: ties[5]: ...``, counting
    from `numbered_from`.
    """
    try:
        return read_chunk(dicts)
    except Refused:
        pass
    for position, data in enumerate(dicts, start=numbered_from):
        try:
            _explain(data)
        except NetworkError as error:
            raise NetworkError(f"networks[{position}]: {error}") from None
    raise AssertionError("the reader refused networks that every rule accepts")  # a bug


def _canonical(data: dict[str, Any]) -> dict[str, list[Any]]:
    """Give back the canonical form of a valid network: no nulls, ties [id_a, id_b, strength]."""
    # compress() with `is not None` keeps the non-null fields in C, a dict per contact.
    return {
        "contacts": [
            dict(compress(contact.items(), map(operator.is_not, contact.values(), ALL_NONE)))
            for contact in data["contacts"]
        ],
        "ties": [
            [tie[0], tie[1], tie[2] if len(tie) == 3 else 1] for tie in data.get("ties", NO_TIES)
        ],
    }


def _read_one(data: object) -> tuple[dict[str, list[Any]], Columns]:
    try:
        columns = read_networks([data])
    except NetworkError as error:
        raise NetworkError(str(error).removeprefix("networks[0]: ")) from None
    assert isinstance(data, dict)
    return _canonical(data), columns


def validate(data: object) -> dict[str, list[Any]]:
    """Give back the canonical form of a network in the plain-dict format, or raise NetworkError.

    The canonical form keeps only the fields that are not null, and writes every tie as
    [id_a, id_b, strength].
    """
    return _read_one(data)[0]


class Network:
    """A validated network: contacts (canonical dicts) and ties ([id_a, id_b, strength])."""

    __slots__ = ("_columns", "_data")

    def __init__(self, canonical: dict[str, list[Any]], columns: Columns) -> None:
        self._data = canonical
        self._columns = columns  # what the engine reads, so analyse() does not read it again

    @classmethod
    def from_dict(cls, data: object) -> Network:
        """Give back a validated Network from the plain-dict format; raise NetworkError if bad."""
        return cls(*_read_one(data))

    @property
    def contacts(self) -> list[dict[str, Any]]:
        """Give back the validated contacts (do not modify them)."""
        return self._data["contacts"]

    @property
    def ties(self) -> list[list[ContactId]]:
        """Give back the validated ties as [id_a, id_b, strength] (do not modify them)."""
        return self._data["ties"]

    def as_dict(self) -> dict[str, list[Any]]:
        """Give back the canonical plain-dict form (a copy that is safe to modify)."""
        return {
            "contacts": [dict(contact) for contact in self.contacts],
            "ties": [list(tie) for tie in self.ties],
        }

    def __repr__(self) -> str:
        return f"<Network: {len(self.contacts)} contacts, {len(self.ties)} ties>"
