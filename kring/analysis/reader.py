"""The fast half of the validator: a chunk of plain-dict networks to `Columns`, or refused.

`read_chunk` checks and converts a chunk in C-level passes over whole columns (dict merges,
slices, `bytes(map(dict.__getitem__, ...))`, sets of types), with no Python loop per contact
or tie. It only knows that a rule is broken; `network.read_networks` then asks
`network._explain` to say which value breaks which rule.
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


class Refused(Exception):
    """A network of the chunk breaks a rule; `_explain` finds which and words why."""


def _refuse_unless(condition: bool) -> None:
    if not condition:
        raise Refused


def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _codes(column: list[Any], codes: Mapping[Any, int]) -> np.ndarray[Any, np.dtype[np.uint8]]:
    try:
        return codes_of(column, codes)
    except (KeyError, TypeError):  # a value without a code, or an unhashable one
        raise Refused from None


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
ALL_NONE: Final = repeat(None)
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
NO_TIES: Final[list[Any]] = []


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
        raise Refused from None
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


def read_chunk(dicts: Sequence[object]) -> Columns:
    """Give back the Columns of a chunk of plain-dict networks; Refused if one is invalid."""
    contact_lists: list[list[Any]] = []
    tie_lists: list[list[Any]] = []
    for data in dicts:
        _refuse_unless(type(data) is dict)
        assert isinstance(data, dict)
        _refuse_unless(data.keys() <= _TOP_LEVEL)
        network_contacts = data.get("contacts")
        network_ties = data.get("ties", NO_TIES)
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
        raise Refused from None
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
        raise Refused from None
    potential = column["potential_functions"]
    _refuse_unless(_types(potential) <= _LIST_TYPES)
    try:
        _refuse_unless(set(chain.from_iterable(filter(None, potential))) <= _FUNCTION_SET)
    except TypeError:  # an unhashable value
        raise Refused from None
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
        raise Refused from None
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
                raise Refused from None
    count = len(first)
    return [
        np.array(a, dtype=np.int64).reshape(count),
        np.array(b, dtype=np.int64).reshape(count),
    ]
