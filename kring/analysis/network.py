"""Validation of the plain-dict network format and the validated `Network`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from . import schema

ContactId = int | str


class NetworkError(ValueError):
    """Raised for any input that is not a valid network; the message names the item."""


_DATE_CACHE: Final[dict[str, int]] = {}


def parse_date_ordinal(value: str) -> int | None:
    """Give back the proleptic ordinal of an ISO date string, or None when it is not one."""
    ordinal = _DATE_CACHE.get(value)
    if ordinal is None:
        try:
            ordinal = date.fromisoformat(value).toordinal()
        except ValueError:
            return None
        if len(_DATE_CACHE) < 100_000:
            _DATE_CACHE[value] = ordinal
    return ordinal


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


def validate(data: object) -> dict[str, list[Any]]:
    """Give back the canonical form of a network in the plain-dict format, or raise NetworkError.

    The canonical form keeps only the fields that are not null, and writes every tie as
    [id_a, id_b, strength].
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
    ties: list[list[ContactId]] = []
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
        ties.append(tie)
    return {"contacts": contacts, "ties": ties}


class Network:
    """A validated network: contacts (canonical dicts) and ties ([id_a, id_b, strength])."""

    __slots__ = ("_data",)

    def __init__(self, canonical: dict[str, list[Any]]) -> None:
        self._data = canonical

    @classmethod
    def from_dict(cls, data: object) -> Network:
        """Give back a validated Network from the plain-dict format; raise NetworkError if bad."""
        return cls(validate(data))

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
