"""The one validator of the plain-dict network format, and the validated `Network`.

Untrusted input (the API, the command line, a restored export, a moment) is read here, by
`read_networks`, into the engine's `Columns`: each chunk in C-level passes over whole columns
(dict merges, slices, `bytes(map(dict.__getitem__, ...))`, sets of types), with no Python
loop per contact or tie. When a rule is broken the reader only knows that; `_explain` then
walks the networks item by item to say which value breaks which rule.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import chain, compress, repeat
from typing import Any, Final

import numpy as np

from . import schema
from .columns import ENUM_CODES, ENUM_COLUMNS, Columns, IntArray, codes_of, function_masks

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


class _Refused(Exception):
    """A network of the chunk breaks a rule; `_explain` finds which and words why."""


def _refuse_unless(condition: bool) -> None:
    if not condition:
        raise _Refused


def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _codes(column: list[Any], codes: Mapping[Any, int]) -> np.ndarray[Any, np.dtype[np.uint8]]:
    try:
        return codes_of(column, codes)
    except (KeyError, TypeError):  # a value without a code, or an unhashable one
        raise _Refused from None


_NONE: Final = type(None)
_TOP_LEVEL: Final = frozenset(schema.TOP_LEVEL_FIELDS)
_W: Final = len(schema.FIELDS)
# Every allowed field -> a default: merging a contact into a copy keeps this key order, so the
# values of the merged dicts, chained, are the fields of every contact in schema.FIELDS order.
# Absent text fields read as "" and absent flags as False, so that a whole column of them can
# be checked in one C-level call ("".join, bytes); an explicit null takes the slower check.
_DEFAULTS: Final[dict[str, Any]] = {
    name: "" if name in schema.TEXT_FIELDS else False if name in schema.BOOL_FIELDS else None
    for name in schema.FIELDS
}
_ALL_NONE: Final = repeat(None)
_ID_TYPES: Final = frozenset({int, str})
_OPTIONAL_ID_TYPES: Final = frozenset({int, str, _NONE})
_TEXT_TYPES: Final = frozenset({str, _NONE})
_BOOL_TYPES: Final = frozenset({bool, _NONE})
_LIST_TYPES: Final = frozenset({list, _NONE})
_INT: Final = frozenset({int})
_OPTIONAL_INT: Final = frozenset({int, _NONE})
_STRENGTHS: Final = frozenset(schema.TIE_STRENGTHS)
_FUNCTION_SET: Final = frozenset(schema.FUNCTIONS)
# Influence after a type check (bool is an int), shifted by 2 to fit a byte; null is 0.
_INFLUENCE: Final[dict[object, int]] = {value: value + 2 for value in range(-2, 3)}
_INFLUENCE[None] = 2
_TRUE: Final[dict[object, int]] = {True: 1, False: 0, None: 0}
# Date text -> ordinal, None -> -1; grows with the dates seen (bounded like _DATE_CACHE).
_ORDINALS: Final[dict[object, int]] = {None: -1}
_ORDINALS_LIMIT: Final = 100_000
_FIRST: Final = operator.itemgetter(0)
_SECOND: Final = operator.itemgetter(1)
_NO_TIES: Final[list[Any]] = []


def _text(column: list[Any]) -> None:
    try:
        "".join(column)
    except TypeError:
        _refuse_unless(_types(column) <= _TEXT_TYPES)


def _flags(column: list[Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Give back true/false of a column of true, false or null (others are refused)."""
    _refuse_unless(_types(column) <= _BOOL_TYPES)
    try:
        values = bytes(column)  # only true and false: one C-level call
    except TypeError:  # an explicit null
        return _codes(column, _TRUE).view(np.bool_)
    return np.frombuffer(values, dtype=np.bool_)


def _int64(values: list[int]) -> IntArray | None:
    """Give back exact ints as int64 (None if one does not fit); bytes() is fast for 0-255."""
    try:
        return np.frombuffer(bytes(values), dtype=np.uint8).astype(np.int64)
    except ValueError:  # an int outside 0-255
        pass
    try:
        return np.array(values, dtype=np.int64).reshape(len(values))
    except OverflowError:
        return None


def _ordinals(column: list[Any]) -> IntArray:
    """Give back the ordinals of an ISO date column (-1 for null)."""
    known = _ORDINALS
    try:
        unseen = set(column).difference(known)
    except TypeError:  # an unhashable value
        raise _Refused from None
    if unseen:
        if len(known) + len(unseen) > _ORDINALS_LIMIT:
            known = {None: -1}
            unseen = set(column).difference(known)
        for text in unseen:
            _refuse_unless(type(text) is str)
            ordinal = parse_date_ordinal(text)
            _refuse_unless(ordinal is not None)
            known[text] = ordinal  # type: ignore[assignment]
    return np.fromiter(map(known.__getitem__, column), dtype=np.int64, count=len(column))


def _read_chunk(dicts: Sequence[object]) -> Columns:
    """Give back the Columns of a chunk of plain-dict networks; _Refused if one is invalid."""
    contact_lists: list[list[Any]] = []
    tie_lists: list[list[Any]] = []
    for data in dicts:
        _refuse_unless(type(data) is dict)
        assert isinstance(data, dict)
        _refuse_unless(data.keys() <= _TOP_LEVEL)
        network_contacts = data.get("contacts")
        network_ties = data.get("ties", _NO_TIES)
        _refuse_unless(type(network_contacts) is list and type(network_ties) is list)
        contact_lists.append(network_contacts)  # type: ignore[arg-type]
        tie_lists.append(network_ties)
    size = len(dicts)
    contact_counts = np.fromiter(map(len, contact_lists), np.int64, size)
    tie_counts = np.fromiter(map(len, tie_lists), np.int64, size)
    contact_offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(contact_counts, out=contact_offsets[1:])
    tie_offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(tie_counts, out=tie_offsets[1:])
    contact_network = np.repeat(np.arange(size, dtype=np.int64), contact_counts)
    tie_network = np.repeat(np.arange(size, dtype=np.int64), tie_counts)
    m = int(contact_offsets[-1])

    contacts = list(chain.from_iterable(contact_lists))
    _refuse_unless(_types(contacts) <= {dict})
    # {**_DEFAULTS, **contact} in C, chained at once: each merged dict is freed right after
    # its values are read (so memory is reused while hot, and the GC never sees them).
    flat = list(chain.from_iterable(map(dict.values, map(_DEFAULTS.__or__, contacts))))
    _refuse_unless(len(flat) == _W * m)  # more values: an unknown field
    column = {name: flat[code::_W] for code, name in enumerate(schema.FIELDS)}
    del flat

    ids = column["id"]
    id_types = _types(ids)
    _refuse_unless(id_types <= _ID_TYPES)
    _refuse_unless(_types(column["ring"]) <= _INT)
    try:
        ring = np.frombuffer(bytes(column["ring"]), dtype=np.uint8)
    except ValueError:  # below 0 or above 255
        raise _Refused from None
    _refuse_unless(not (ring > 4).any())
    _refuse_unless(_types(column["influence"]) <= _OPTIONAL_INT)
    influence = _codes(column["influence"], _INFLUENCE).astype(np.int64) - 2
    enums = {name: _codes(column[name], ENUM_CODES[name]) for name in ENUM_COLUMNS}
    for name in schema.TEXT_FIELDS:
        _text(column[name])
    for name in ("can_introduce", "can_hire"):
        _refuse_unless(_types(column[name]) <= _BOOL_TYPES)
    added_on = _ordinals(column["added_on"])
    _ordinals(column["last_contact"])
    _refuse_unless(_types(column["functions"]) <= _LIST_TYPES)
    try:
        functions = function_masks(column["functions"])
    except (KeyError, TypeError):
        raise _Refused from None
    potential = column["potential_functions"]
    _refuse_unless(_types(potential) <= _LIST_TYPES)
    try:
        _refuse_unless(set(chain.from_iterable(filter(None, potential))) <= _FUNCTION_SET)
    except TypeError:  # an unhashable value
        raise _Refused from None
    introducers = column["introduced_by"]
    _refuse_unless(_types(introducers) <= _OPTIONAL_ID_TYPES)
    has_introducer = bytes(map(operator.is_not, introducers, repeat(None)))
    introduced = np.frombuffer(has_introducer, dtype=np.bool_)
    introducer_ids = list(compress(introducers, has_introducer))

    ties = list(chain.from_iterable(tie_lists))
    _refuse_unless(_types(ties) <= {list})
    try:
        lengths = np.frombuffer(bytes(map(len, ties)), dtype=np.uint8)
    except ValueError:  # longer than 255
        raise _Refused from None
    _refuse_unless(bool(((lengths == 2) | (lengths == 3)).all()))
    long_ties = np.flatnonzero(lengths == 3)
    found = None
    if id_types <= _INT and _types(introducer_ids) <= _INT:
        # Integer ids: every tie value in one flat int64 array, ends found by offset.
        values_list = list(chain.from_iterable(ties))
        if _types(values_list) <= _INT:
            values = _int64(values_list)
            if values is not None:
                starts = np.cumsum(lengths, dtype=np.int64) - lengths
                strengths = values[starts[long_ties] + 2]
                _refuse_unless(bool(((strengths == 1) | (strengths == 2)).all()))
                found = _dense_positions(
                    ids,
                    contact_offsets,
                    contact_network,
                    (values[starts], tie_network),
                    (values[starts + 1], tie_network),
                    (introducer_ids, contact_network[introduced]),
                )
    if found is None:
        first = list(map(_FIRST, ties))
        second = list(map(_SECOND, ties))
        _refuse_unless(_types(first) | _types(second) <= _ID_TYPES)
        strength_values = [ties[position][2] for position in long_ties.tolist()]
        _refuse_unless(_types(strength_values) <= _INT and set(strength_values) <= _STRENGTHS)
        found = _dict_positions(
            ids, introducer_ids, introduced, contact_offsets, tie_offsets, first, second
        )
    tie_a, tie_b = found[0], found[1]
    _refuse_unless(not (tie_a == tie_b).any())
    keys = np.minimum(tie_a, tie_b) * max(m, 1) + np.maximum(tie_a, tie_b)
    keys.sort()
    _refuse_unless(not (keys[1:] == keys[:-1]).any())
    return Columns(
        contact_offsets=contact_offsets,
        tie_offsets=tie_offsets,
        ring=ring,
        influence=influence,
        enums=enums,
        in_target_sector=_flags(column["in_target_sector"]),
        is_new=_flags(column["is_new"]),
        ally=_flags(column["ally"]),
        introduced=introduced,
        added_on=added_on,
        functions=functions,
        tie_a=tie_a,
        tie_b=tie_b,
    )


def _dense_positions(
    ids: list[Any],
    contact_offsets: IntArray,
    contact_network: IntArray,
    *lookups: tuple[list[int] | IntArray, IntArray],
) -> list[IntArray] | None:
    """Map integer ids to chunk positions with a numpy table, or None if ids are sparse."""
    size = len(contact_offsets) - 1
    m = len(ids)
    id_array = _int64(ids)
    if id_array is None:
        return None
    filled = np.flatnonzero(np.diff(contact_offsets))
    starts = contact_offsets[filled]
    low = np.zeros(size, dtype=np.int64)
    high = np.full(size, -1, dtype=np.int64)
    if m:
        low[filled] = np.minimum.reduceat(id_array, starts)
        high[filled] = np.maximum.reduceat(id_array, starts)
    if (high.astype(np.float64) - low.astype(np.float64)).max(initial=0) > 4 * m + 1024:
        return None
    span = high - low + 1
    base = np.cumsum(span) - span
    slots = base[contact_network] + id_array - low[contact_network]
    table = np.full(int(span.sum()), -1, dtype=np.int64)
    positions = np.arange(m, dtype=np.int64)
    table[slots] = positions
    _refuse_unless(bool((table[slots] == positions).all()))  # else a duplicate id
    found = []
    for values, owners in lookups:
        local = np.asarray(values, dtype=np.int64).reshape(len(values)) - low[owners]
        _refuse_unless(bool(((local >= 0) & (local < span[owners])).all()))
        where = table[base[owners] + local]
        _refuse_unless(bool((where >= 0).all()))
        found.append(where)
    return found


def _dict_positions(
    ids: list[Any],
    introducer_ids: list[Any],
    introduced: np.ndarray[Any, np.dtype[np.bool_]],
    contact_offsets: IntArray,
    tie_offsets: IntArray,
    first: list[Any],
    second: list[Any],
) -> list[IntArray]:
    """Map ids to chunk positions with one dict per network (built and read in C)."""
    a: list[int] = []
    b: list[int] = []
    contact_bounds = contact_offsets.tolist()
    tie_bounds = tie_offsets.tolist()
    introducer_bounds = np.searchsorted(np.flatnonzero(introduced), contact_offsets).tolist()
    for network in range(len(contact_bounds) - 1):
        low, high = contact_bounds[network], contact_bounds[network + 1]
        index = dict(zip(ids[low:high], range(low, high), strict=True))
        _refuse_unless(len(index) == high - low)
        i_low, i_high = introducer_bounds[network], introducer_bounds[network + 1]
        if i_low != i_high:
            _refuse_unless(index.keys() >= set(introducer_ids[i_low:i_high]))
        t_low, t_high = tie_bounds[network], tie_bounds[network + 1]
        if t_low != t_high:
            try:
                a += map(index.__getitem__, first[t_low:t_high])
                b += map(index.__getitem__, second[t_low:t_high])
            except KeyError:  # a tie to a contact that does not exist
                raise _Refused from None
    count = len(first)
    return [
        np.array(a, dtype=np.int64).reshape(count),
        np.array(b, dtype=np.int64).reshape(count),
    ]


def read_networks(dicts: Sequence[object], *, numbered_from: int = 0) -> Columns:
    """Give back the Columns of untrusted plain-dict networks; NetworkError if one is invalid.

    The message names the first invalid network, ``networks[3]: ties[5]: ...``, counting
    from `numbered_from`.
    """
    try:
        return _read_chunk(dicts)
    except _Refused:
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
            dict(compress(contact.items(), map(operator.is_not, contact.values(), _ALL_NONE)))
            for contact in data["contacts"]
        ],
        "ties": [
            [tie[0], tie[1], tie[2] if len(tie) == 3 else 1] for tie in data.get("ties", _NO_TIES)
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
