"""The batch indicator engine: columnar extraction of many networks, then numpy over a chunk.

Networks are processed in chunks of `_CHUNK`. Each chunk is read into flat per-field arrays by
the compiled reader (`_reader.c`, built by `make setup`) or, when it is not built, by `_Batch`:
C-level passes only (dict merge, chain, slices, `bytes(map(dict.__getitem__, ...))`, type
sets; no Python loop per contact or tie). Both give the same arrays (tested). Then every
indicator is computed with chunk-wide
numpy operations (per-network sums in input order, so a network's results do not depend on the
rest of its batch). The fast path only decides valid or not: on anything unexpected the
per-item validator in `network.py` re-checks the networks and gives the exact error message.
"""

from __future__ import annotations

import importlib
import operator
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import chain, compress, repeat
from types import ModuleType
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from . import schema
from .indicators import Indicators
from .network import Network, NetworkError, parse_date_ordinal

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_TOP_LEVEL: Final = frozenset(schema.TOP_LEVEL_FIELDS)
_NONE_TYPE: Final = type(None)


def _enum_codes(values: tuple[str, ...]) -> dict[object, int]:
    # 0 means unknown (absent, null, "unknown" or ""); known values count from 1.
    codes: dict[object, int] = {value: position + 1 for position, value in enumerate(values)}
    for unknown in schema.UNKNOWN_VALUES:
        if unknown in codes:
            codes[unknown] = 0
    codes[None] = 0
    return codes


_ENUM_CODES: Final = {name: _enum_codes(values) for name, values in schema.ENUM_FIELDS.items()}
_FUNCTION_CODES: Final = {name: position for position, name in enumerate(schema.FUNCTIONS)}
_ROLE: Final = _ENUM_CODES["role"]


def _member_table(codes: Iterable[int]) -> BoolArray:
    """Give back a lookup table: table[code] is True for the given byte codes."""
    table = np.zeros(256, dtype=np.bool_)
    table[list(codes)] = True
    return table


_FORMAL: Final = _member_table(_ROLE[role] for role in schema.FORMAL_ROLES)
_EMPLOYMENT: Final = _ENUM_CODES["employment"]
_WORKING: Final = _member_table(_EMPLOYMENT[e] for e in ("employed", "self_employed"))
_EXTERNAL: Final = _member_table(_EMPLOYMENT[e] for e in ("employed", "self_employed", "student"))
_INTERNAL: Final = _member_table(_EMPLOYMENT[e] for e in ("job_seeking", "benefits"))
_APPROACHABLE: Final = _member_table(_ENUM_CODES["approachable"][v] for v in ("yes", "maybe"))
_YES_NORMALISES: Final = _ENUM_CODES["normalises_unemployment"]["yes"]
_YES_KNOWS: Final = _ENUM_CODES["knows_searching"]["yes"]

# (field, number of known categories, K for the IQV). Formal roles never occur in A, so the
# role IQV uses the 19 informal roles.
_BLAU: Final = (
    ("quadrant", len(schema.QUADRANTS), len(schema.QUADRANTS)),
    ("role", len(schema.ROLES), len(schema.ROLES) - len(schema.FORMAL_ROLES)),
    ("employment", len(schema.EMPLOYMENT) - 1, len(schema.EMPLOYMENT) - 1),
    ("sector", len(schema.SECTORS), len(schema.SECTORS)),
)


def _function_table() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    table = []
    for mask in range(1 << len(schema.COUNTED_FUNCTIONS)):
        present = tuple(f for bit, f in enumerate(schema.COUNTED_FUNCTIONS) if mask >> bit & 1)
        missing = tuple(f for f in schema.COUNTED_FUNCTIONS if f not in present)
        table.append((present, missing))
    return table


_FUNCTION_TABLE: Final = _function_table()


def _types(values: Iterable[object]) -> set[type]:
    return set(map(type, values))


class _Invalid(Exception):
    """Some network of the chunk is invalid; the per-item validator finds which and why."""


_W: Final = len(schema.FIELDS)
# Every allowed field -> None: merging a contact into a copy keeps this key order, so the values
# of the merged dicts, chained, are the fields of every contact in schema.FIELDS order.
# Absent text fields read as "" and absent flags as False, so that a whole column of them can
# be checked in one C-level call ("".join, bytes); an explicit null takes the slower check.
_DEFAULTS: Final[dict[str, Any]] = {
    name: "" if name in schema.TEXT_FIELDS else False if name in schema.BOOL_FIELDS else None
    for name in schema.FIELDS
}
_ID_TYPES: Final = frozenset({int, str})
_OPTIONAL_ID_TYPES: Final = frozenset({int, str, _NONE_TYPE})
_TEXT_TYPES: Final = frozenset({str, _NONE_TYPE})
_BOOL_TYPES: Final = frozenset({bool, _NONE_TYPE})
_LIST_TYPES: Final = frozenset({list, _NONE_TYPE})
_INT: Final = frozenset({int})
_OPTIONAL_INT: Final = frozenset({int, _NONE_TYPE})
_DICT: Final = frozenset({dict})
_LIST: Final = frozenset({list})
_TIE_LENGTHS: Final = frozenset({2, 3})
_STRENGTHS: Final = frozenset(schema.TIE_STRENGTHS)
_FUNCTION_SET: Final = frozenset(schema.FUNCTIONS)
_CONTACT_FREQUENCY: Final = frozenset({*schema.CONTACT_FREQUENCIES, None})
# Byte codes of influence (after a type check, as bool is an int), shifted by 2 to fit a byte.
_INFLUENCE: Final[dict[object, int]] = {value: value + 2 for value in range(-2, 3)}
_INFLUENCE[None] = 2
_TRUE: Final[dict[object, int]] = {True: 1, False: 0, None: 0}
# Date text -> ordinal, None -> -1; grows with the dates seen (bounded like _DATE_CACHE).
_ORDINALS: Final[dict[object, int]] = {None: -1}
_ORDINALS_LIMIT: Final = 100_000


def _codes(column: list[Any], codes: Mapping[Any, int]) -> NDArray[np.uint8]:
    """Give back the byte code of every value; KeyError/TypeError when one is not allowed."""
    return np.frombuffer(bytes(map(codes.__getitem__, column)), dtype=np.uint8)


def _check(condition: bool) -> None:
    if not condition:
        raise _Invalid


def _text(column: list[Any]) -> None:
    try:
        "".join(column)
    except TypeError:
        _check(_types(column) <= _TEXT_TYPES)


def _flags(column: list[Any]) -> BoolArray:
    """Give back true/false of a column of true, false or null (others are invalid)."""
    _check(_types(column) <= _BOOL_TYPES)
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


def _ordinals(column: list[Any], *, values: bool = True) -> IntArray | None:
    """Check an ISO date column; give back the ordinals (-1 for null) if `values`."""
    # A value that is not a string fails in set() (unhashable) or in parse_date_ordinal.
    known = _ORDINALS
    unseen = set(column).difference(known)
    if unseen:
        if len(known) + len(unseen) > _ORDINALS_LIMIT:
            known = {None: -1}
            unseen = set(column).difference(known)
        for text in unseen:
            ordinal = parse_date_ordinal(text)
            _check(ordinal is not None)
            known[text] = ordinal  # type: ignore[assignment]
    if not values:
        return None
    return np.fromiter(map(known.__getitem__, column), dtype=np.int64, count=len(column))


class _Batch:
    """Flat per-contact and per-tie arrays of a chunk of networks, validated.

    Only C-level passes touch each value: contacts are merged into copies of `_DEFAULTS`,
    chained into one flat list and sliced into columns; each column is checked with a set of
    its types and turned into byte codes with one dict lookup per value. Anything unexpected
    raises (_Invalid, KeyError, TypeError, ValueError); the caller then asks the per-item
    validator for the exact message.
    """

    def __init__(self, dicts: Sequence[object]) -> None:
        contact_lists: list[list[Any]] = []
        tie_lists: list[list[Any]] = []
        for data in dicts:
            _check(type(data) is dict)
            assert isinstance(data, dict)
            _check(data.keys() <= _TOP_LEVEL)
            network_contacts: list[Any] = data.get("contacts")  # type: ignore[assignment]
            network_ties: list[Any] = data.get("ties", _NO_TIES)
            _check(type(network_contacts) is list and type(network_ties) is list)
            contact_lists.append(network_contacts)
            tie_lists.append(network_ties)
        size = len(dicts)
        self._shape(
            np.fromiter(map(len, contact_lists), np.int64, size),
            np.fromiter(map(len, tie_lists), np.int64, size),
        )
        self._read_contacts(list(chain.from_iterable(contact_lists)))
        self._read_ties(list(chain.from_iterable(tie_lists)))

    def _shape(self, contact_counts: IntArray, tie_counts: IntArray) -> None:
        """Set the sizes, offsets and owning network of every contact and tie."""
        self.size = size = len(contact_counts)
        networks = np.arange(size, dtype=np.int64)
        self.contact_network: IntArray = np.repeat(networks, contact_counts)
        self.tie_network: IntArray = np.repeat(networks, tie_counts)
        self.contact_offsets: IntArray = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(contact_counts, out=self.contact_offsets[1:])
        self.tie_offsets: IntArray = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(tie_counts, out=self.tie_offsets[1:])
        self.contact_count = int(self.contact_offsets[-1])

    def _read_contacts(self, contacts: list[Any]) -> None:
        _check(_types(contacts) <= _DICT)
        # {**_DEFAULTS, **contact} in C, chained at once: each merged dict is freed right after
        # its values are read (so memory is reused while hot, and the GC never sees them).
        merged = map(_DEFAULTS.__or__, contacts)
        flat = list(chain.from_iterable(map(dict.values, merged)))
        _check(len(flat) == _W * self.contact_count)  # more values: an unknown field
        column = {name: flat[code::_W] for code, name in enumerate(schema.FIELDS)}
        del flat

        self.ids = column["id"]
        self.id_types = _types(self.ids)
        _check(self.id_types <= _ID_TYPES)
        _check(_types(column["ring"]) <= _INT)
        self.ring = np.frombuffer(bytes(column["ring"]), dtype=np.uint8)  # ValueError if < 0
        _check(not (self.ring > 4).any())
        _check(_types(column["influence"]) <= _OPTIONAL_INT)
        self.influence = _codes(column["influence"], _INFLUENCE).astype(np.int64) - 2
        self.quadrant = _codes(column["quadrant"], _ENUM_CODES["quadrant"])
        self.role = _codes(column["role"], _ENUM_CODES["role"])
        self.normalises_unemployment = _codes(
            column["normalises_unemployment"], _ENUM_CODES["normalises_unemployment"]
        )
        self.knows_searching = _codes(column["knows_searching"], _ENUM_CODES["knows_searching"])
        self.approachable = _codes(column["approachable"], _ENUM_CODES["approachable"])
        self.employment = _codes(column["employment"], _ENUM_CODES["employment"])
        self.sector = _codes(column["sector"], _ENUM_CODES["sector"])
        _check(set(column["contact_frequency"]) <= _CONTACT_FREQUENCY)
        for name in schema.TEXT_FIELDS:
            _text(column[name])
        _check(_types(column["can_introduce"]) <= _BOOL_TYPES)
        _check(_types(column["can_hire"]) <= _BOOL_TYPES)
        self.in_target_sector = _flags(column["in_target_sector"])
        self.is_new = _flags(column["is_new"])
        self.ally = _flags(column["ally"])
        added_on = _ordinals(column["added_on"])
        assert added_on is not None
        self.added_on = added_on
        _ordinals(column["last_contact"], values=False)
        self.functions = self._functions(column["functions"])
        potential = column["potential_functions"]
        _check(_types(potential) <= _LIST_TYPES)
        _check(set(chain.from_iterable(filter(None, potential))) <= _FUNCTION_SET)
        introducers = column["introduced_by"]
        _check(_types(introducers) <= _OPTIONAL_ID_TYPES)
        has_introducer = bytes(map(operator.is_not, introducers, repeat(None)))
        self.introduced = np.frombuffer(has_introducer, dtype=np.bool_)
        self._introducers = list(compress(introducers, has_introducer))

    def _functions(self, values: list[Any]) -> IntArray:
        """Give back a bit mask per contact of the functions listed (duplicates count once)."""
        _check(_types(values) <= _LIST_TYPES)
        m = self.contact_count
        lengths = np.fromiter(map(operator.length_hint, values), np.int64, m)
        flat = list(chain.from_iterable(filter(None, values)))
        masks = np.zeros(m, dtype=np.int64)
        if flat:
            bits = np.left_shift(1, _codes(flat, _FUNCTION_CODES).astype(np.int64))
            given = np.flatnonzero(lengths)
            starts = np.cumsum(lengths) - lengths
            masks[given] = np.bitwise_or.reduceat(bits, starts[given])
        return masks

    def _read_ties(self, ties: list[Any]) -> None:
        _check(_types(ties) <= _LIST)
        lengths = np.frombuffer(bytes(map(len, ties)), dtype=np.uint8)  # ValueError if > 255
        _check(bool(((lengths == 2) | (lengths == 3)).all()))
        long_ties = np.flatnonzero(lengths == 3)
        found = None
        if self.id_types <= _INT and _types(self._introducers) <= _INT:
            # Integer ids: every tie value in one flat int64 array, ends found by offset.
            flat = list(chain.from_iterable(ties))
            if _types(flat) <= _INT:
                values = _int64(flat)
                if values is not None:
                    starts = np.cumsum(lengths, dtype=np.int64) - lengths
                    strengths = values[starts[long_ties] + 2]
                    _check(bool(((strengths == 1) | (strengths == 2)).all()))
                    found = self._dense_positions(
                        (values[starts], self.tie_network),
                        (values[starts + 1], self.tie_network),
                        (self._introducers, self.contact_network[self.introduced]),
                    )
        if found is None:
            first = list(map(_FIRST, ties))
            second = list(map(_SECOND, ties))
            _check(_types(first) | _types(second) <= _ID_TYPES)
            strengths_list = [ties[position][2] for position in long_ties.tolist()]
            _check(_types(strengths_list) <= _INT and set(strengths_list) <= _STRENGTHS)
            found = self._dict_positions(first, second)
        tie_a, tie_b = found[0], found[1]
        _check(not (tie_a == tie_b).any())
        keys = np.minimum(tie_a, tie_b) * max(self.contact_count, 1) + np.maximum(tie_a, tie_b)
        keys.sort()
        _check(not (keys[1:] == keys[:-1]).any())
        self.tie_a = tie_a
        self.tie_b = tie_b

    def _dense_positions(
        self, *lookups: tuple[list[int] | IntArray, IntArray]
    ) -> list[IntArray] | None:
        """Map integer ids to chunk positions with a numpy table, or None if ids are sparse."""
        m = self.contact_count
        ids = _int64(self.ids)
        if ids is None:
            return None
        counts = np.diff(self.contact_offsets)
        filled = np.flatnonzero(counts)
        starts = self.contact_offsets[filled]
        low = np.zeros(self.size, dtype=np.int64)
        high = np.full(self.size, -1, dtype=np.int64)
        if m:
            low[filled] = np.minimum.reduceat(ids, starts)
            high[filled] = np.maximum.reduceat(ids, starts)
        if (high.astype(np.float64) - low.astype(np.float64)).max(initial=0) > 4 * m + 1024:
            return None
        span = high - low + 1
        base = np.cumsum(span) - span
        slots = base[self.contact_network] + ids - low[self.contact_network]
        table = np.full(int(span.sum()), -1, dtype=np.int64)
        positions = np.arange(m, dtype=np.int64)
        table[slots] = positions
        _check(bool((table[slots] == positions).all()))  # else a duplicate id
        found = []
        for values, owners in lookups:
            local = np.asarray(values, dtype=np.int64).reshape(len(values)) - low[owners]
            _check(bool(((local >= 0) & (local < span[owners])).all()))
            where = table[base[owners] + local]
            _check(bool((where >= 0).all()))
            found.append(where)
        return found

    def _dict_positions(self, first: list[Any], second: list[Any]) -> list[IntArray]:
        """Map ids to chunk positions with one dict per network (built and read in C)."""
        ids = self.ids
        a: list[int] = []
        b: list[int] = []
        contact_bounds = self.contact_offsets.tolist()
        tie_bounds = self.tie_offsets.tolist()
        introducers = self._introducers
        introducer_bounds = np.searchsorted(
            np.flatnonzero(self.introduced), self.contact_offsets
        ).tolist()
        for network in range(self.size):
            low, high = contact_bounds[network], contact_bounds[network + 1]
            index = dict(zip(ids[low:high], range(low, high), strict=True))
            _check(len(index) == high - low)
            i_low, i_high = introducer_bounds[network], introducer_bounds[network + 1]
            if i_low != i_high:
                _check(index.keys() >= set(introducers[i_low:i_high]))
            t_low, t_high = tie_bounds[network], tie_bounds[network + 1]
            if t_low != t_high:
                a += map(index.__getitem__, first[t_low:t_high])
                b += map(index.__getitem__, second[t_low:t_high])
        count = len(first)
        return [
            np.array(a, dtype=np.int64).reshape(count),
            np.array(b, dtype=np.int64).reshape(count),
        ]


# The compiled reader (_reader.c, built by `make setup`) does what _Batch.__init__ does, in C.
# Without it, the pure-Python reader gives the same results, three to four times slower.
def _load_compiled_reader() -> ModuleType | None:
    try:
        return importlib.import_module("kring.analysis._reader")
    except ImportError:  # pragma: no cover - depends on the build
        return None


_compiled_reader: ModuleType | None = _load_compiled_reader()

# Output columns of the compiled reader (uint8 each); other fields are only checked.
_C_COLUMNS: Final = (
    "ring",
    "influence",
    "quadrant",
    "role",
    "normalises_unemployment",
    "knows_searching",
    "approachable",
    "employment",
    "sector",
    "in_target_sector",
    "is_new",
    "ally",
    "introduced_by",
)
# Field kinds, as numbered in _reader.c.
_K_ID, _K_INT, _K_ENUM, _K_TEXT, _K_BOOL, _K_DATE, _K_FUNCTIONS, _K_INTRODUCER = range(8)
_STORE_ONLY: Final = frozenset({"functions", "added_on"})  # kept in their own int64 output


def _reader_spec() -> tuple[tuple[int, int, int, int, object], ...]:
    """Give back (kind, column, low, high, table) per field of schema.FIELDS, for _reader.c."""
    columns = {name: position for position, name in enumerate(_C_COLUMNS)}
    spec: list[tuple[int, int, int, int, object]] = []
    for name in schema.FIELDS:
        column = columns.get(name, 0 if name in _STORE_ONLY else -1)
        if name == "id":
            spec.append((_K_ID, -1, 0, 0, None))
        elif name == "introduced_by":
            spec.append((_K_INTRODUCER, column, 0, 0, None))
        elif name in schema.INT_FIELDS:
            low, high = schema.INT_FIELDS[name]
            spec.append((_K_INT, column, low, high, None))
        elif name in schema.ENUM_FIELDS:
            spec.append((_K_ENUM, column, 0, 0, _ENUM_CODES[name]))
        elif name in schema.LIST_FIELDS:
            spec.append((_K_FUNCTIONS, column, 0, 0, _FUNCTION_CODES))
        elif name in schema.BOOL_FIELDS:
            spec.append((_K_BOOL, column, 0, 0, None))
        elif name in schema.TEXT_FIELDS:
            spec.append((_K_TEXT, column, 0, 0, None))
        elif name in schema.DATE_FIELDS:
            spec.append((_K_DATE, column, 0, 0, None))
        else:  # pragma: no cover - every field has a kind
            raise AssertionError(f"field {name} has no kind")
    return tuple(spec)


_SPEC: Final = _reader_spec()
_FIELD_INDEX: Final = {name: position for position, name in enumerate(schema.FIELDS)}
_REQUIRED: Final = sum(1 << schema.FIELDS.index(name) for name in schema.REQUIRED_FIELDS)


def _read_compiled(dicts: list[object]) -> _Batch:
    """Read a chunk with the compiled reader into a _Batch; _Invalid when a network is bad."""
    assert _compiled_reader is not None
    found = _compiled_reader.read(
        dicts,
        _FIELD_INDEX,
        _SPEC,
        _REQUIRED,
        len(_C_COLUMNS),
        _ORDINALS,
        parse_date_ordinal,
        _ORDINALS_LIMIT,
    )
    if found is None:
        raise _Invalid
    contact_counts, tie_counts, column_bytes, dates, masks, tie_a, tie_b = (
        np.frombuffer(found[0], dtype=np.int64),
        np.frombuffer(found[1], dtype=np.int64),
        np.frombuffer(found[2], dtype=np.uint8),
        np.frombuffer(found[3], dtype=np.int64),
        np.frombuffer(found[4], dtype=np.int64),
        np.frombuffer(found[5], dtype=np.int64),
        np.frombuffer(found[6], dtype=np.int64),
    )
    batch = _Batch.__new__(_Batch)
    batch._shape(contact_counts, tie_counts)
    m = batch.contact_count
    column = dict(zip(_C_COLUMNS, column_bytes.reshape(len(_C_COLUMNS), m), strict=True))
    batch.ring = column["ring"]
    batch.influence = column["influence"].astype(np.int64) - 2
    batch.quadrant = column["quadrant"]
    batch.role = column["role"]
    batch.normalises_unemployment = column["normalises_unemployment"]
    batch.knows_searching = column["knows_searching"]
    batch.approachable = column["approachable"]
    batch.employment = column["employment"]
    batch.sector = column["sector"]
    batch.in_target_sector = column["in_target_sector"].view(np.bool_)
    batch.is_new = column["is_new"].view(np.bool_)
    batch.ally = column["ally"].view(np.bool_)
    batch.introduced = column["introduced_by"].view(np.bool_)
    batch.added_on = dates
    batch.functions = masks
    batch.tie_a = tie_a
    batch.tie_b = tie_b
    return batch


def _read(dicts: list[object]) -> _Batch:
    """Read and check one chunk with the compiled reader if it is built, else in Python."""
    return _Batch(dicts) if _compiled_reader is None else _read_compiled(dicts)


_FIRST: Final = operator.itemgetter(0)
_SECOND: Final = operator.itemgetter(1)
_NO_TIES: Final[list[Any]] = []


def _maybe(values: NDArray[Any], defined: BoolArray) -> list[float | None]:
    """Give back values as Python floats, with None where they are undefined."""
    result: list[float | None] = values.astype(np.float64, copy=False).tolist()
    if not defined.all():
        for position in np.flatnonzero(~defined).tolist():
            result[position] = None
    return result


def _ratio(top: IntArray | FloatArray, bottom: IntArray | FloatArray) -> list[float | None]:
    defined = bottom > 0
    return _maybe(top / np.where(defined, bottom, 1), defined)


_POPCOUNT: Final = np.array([bin(mask).count("1") for mask in range(1 << len(schema.FUNCTIONS))])
_COUNTED_BITS: Final = (1 << len(schema.COUNTED_FUNCTIONS)) - 1


def _compute(batch: _Batch, as_of: date) -> list[Indicators]:
    size = batch.size
    m = batch.contact_count
    network = batch.contact_network
    offsets = batch.contact_offsets
    ring = batch.ring
    role = batch.role
    employment = batch.employment
    influence = batch.influence

    formal = _FORMAL[role]
    in_a = ~formal & (ring >= 1)
    network_a = network[in_a]

    # Ties among A only; ties that touch ring-0 or formal contacts are ignored.
    a, b = batch.tie_a, batch.tie_b
    keep = in_a[a] & in_a[b]
    a, b = a[keep], b[keep]
    ties_a = np.bincount(network[a], minlength=size)
    degree = np.bincount(a, minlength=m) + np.bincount(b, minlength=m)

    weak_ring = ring >= 3
    new = batch.is_new
    today = as_of.toordinal()
    added = batch.added_on
    masks = np.where(in_a, batch.functions, 0)
    # Per-contact counts, one row each; per-network sums from one cumulative sum per row.
    in_a_only = [
        _APPROACHABLE[batch.approachable],
        influence >= 1,
        (influence <= -1) | (batch.normalises_unemployment == _YES_NORMALISES),
        batch.knows_searching == _YES_KNOWS,
        batch.ally,
        ring <= 2,
        weak_ring,
        weak_ring & (degree >= 1) & (degree <= 10),
        _WORKING[employment],
        batch.in_target_sector,
        _EXTERNAL[employment],
        _INTERNAL[employment],
        degree == 0,
        new & (added > today - 30) & (added <= today),
        new & batch.introduced,
        new,
    ]
    rows = 4 + len(in_a_only)
    per_contact = np.empty((rows, m), dtype=np.int32)
    per_contact[0] = in_a
    per_contact[1] = ring == 0
    per_contact[2] = formal & (ring >= 1)
    per_contact[3] = _POPCOUNT[masks]
    for row, flag in enumerate(in_a_only, start=4):
        np.logical_and(flag, in_a, out=per_contact[row], casting="unsafe")
    sums = np.zeros((rows, m + 1), dtype=np.int32)
    np.cumsum(per_contact, axis=1, out=sums[:, 1:])
    counts = (sums[:, offsets[1:]] - sums[:, offsets[:-1]]).astype(np.int64)
    (
        n,
        ring_zero,
        formal_count,
        function_total,
        approachable,
        supportive,
        discouraging,
        aware,
        allies,
        strong,
        weak,
        moderately_weak,
        working,
        target,
        external,
        internal,
        isolates,
        new_ties,
        brokered,
        new_count,
    ) = counts

    # Functions given by A: OR of the bit masks per network.
    counted_mask = np.zeros(size, dtype=np.int64)
    filled = np.flatnonzero(offsets[1:] > offsets[:-1])
    if filled.size:
        counted_mask[filled] = np.bitwise_or.reduceat(masks, offsets[filled])
    counted_mask &= _COUNTED_BITS
    function_coverage = (_POPCOUNT[counted_mask] / len(schema.COUNTED_FUNCTIONS)).tolist()
    function_lists = list(map(_FUNCTION_TABLE.__getitem__, counted_mask.tolist()))
    multiplexity = _ratio(function_total.astype(np.float64), n)

    attributes = {
        "quadrant": batch.quadrant,
        "role": role,
        "employment": employment,
        "sector": batch.sector,
    }
    blau: dict[str, list[float | None]] = {}
    iqv: dict[str, list[float | None]] = {}
    for name, categories, k in _BLAU:
        codes = attributes[name]
        known = in_a & (codes > 0)
        table = np.bincount(
            network[known] * categories + codes[known] - 1, minlength=size * categories
        ).reshape(size, categories)
        total = table.sum(axis=1)
        defined = total > 0
        shares = table / np.where(defined, total, 1)[:, None]
        heterogeneity = 1.0 - (shares * shares).sum(axis=1)
        blau[name] = _maybe(heterogeneity, defined)
        iqv[name] = _maybe(heterogeneity / (1.0 - 1.0 / k), defined)

    ei_index = _ratio(external - internal, external + internal)

    pairs = n * (n - 1) / 2
    density = _ratio(ties_a, pairs)
    has_contacts = n > 0
    safe_n = np.where(has_contacts, n, 1)
    effective = n - 2 * ties_a / safe_n
    effective_size = _maybe(effective, has_contacts)
    efficiency = _maybe(effective / safe_n, has_contacts)

    # Burt's constraint of ego on ego + A: p_ej = 1/n, p_qj = 1/(1 + degree of q within A).
    weight = 1.0 / (1.0 + degree)
    indirect = np.bincount(a, weights=weight[b], minlength=m) + np.bincount(
        b, weights=weight[a], minlength=m
    )
    local = ((1.0 + indirect[in_a]) / safe_n[network_a]) ** 2
    constraint = _maybe(np.bincount(network_a, weights=local, minlength=size), has_contacts)

    # Components: ties among A in one block-diagonal graph of the whole chunk. Contacts outside
    # A have no kept tie, so each is a component of its own and is subtracted again.
    # The CSR arrays are built here: going through scipy's COO constructor costs more than the
    # search itself for a single network (the map redraw after every move).
    order = np.argsort(a, kind="stable")
    row_starts = np.zeros(m + 1, dtype=np.int32)
    np.cumsum(np.bincount(a, minlength=m), out=row_starts[1:])
    graph = csr_matrix(
        (np.ones(a.size), b[order].astype(np.int32), row_starts), shape=(m, m), copy=False
    )
    component_count, labels = connected_components(graph, directed=False)
    component_network = np.zeros(component_count, dtype=np.int64)
    component_network[labels] = network
    outside_a = (offsets[1:] - offsets[:-1]) - n
    components = np.bincount(component_network, minlength=size) - outside_a

    columns: list[list[Any]] = [
        n.tolist(),
        (ring_zero + approachable).tolist(),
        supportive.tolist(),
        _ratio(discouraging, n),
        _ratio(aware, n),
        allies.tolist(),
        function_coverage,
        [present for present, _ in function_lists],
        [missing for _, missing in function_lists],
        multiplexity,
        strong.tolist(),
        weak.tolist(),
        moderately_weak.tolist(),
        _ratio(working, n),
        target.tolist(),
        blau["quadrant"],
        blau["role"],
        blau["employment"],
        blau["sector"],
        iqv["quadrant"],
        iqv["role"],
        iqv["employment"],
        iqv["sector"],
        ei_index,
        density,
        effective_size,
        efficiency,
        constraint,
        components.tolist(),
        isolates.tolist(),
        _ratio(formal_count, formal_count + n),
        new_ties.tolist(),
        _ratio(brokered, new_count),
    ]
    # tuple.__new__ is what Indicators._make does, without a Python-level call per network.
    return list(map(tuple.__new__, repeat(Indicators), zip(*columns, strict=True)))


# Networks per chunk: large enough for numpy to pay off, small enough to stay in cache.
_CHUNK: Final = 500


def _run(dicts: Sequence[object], as_of: date | None) -> list[Indicators]:
    today = as_of or date.today()
    results: list[Indicators] = []
    for start in range(0, len(dicts), _CHUNK):
        results += _compute(_read(list(dicts[start : start + _CHUNK])), today)
    return results


def analyse_many(networks: Iterable[Network], *, as_of: date | None = None) -> list[Indicators]:
    """Give back the indicators of every validated network, in order."""
    canonical = [network._data for network in networks]
    try:
        return _run(canonical, as_of)
    except _Invalid:  # pragma: no cover - a validated network always passes
        raise AssertionError("a validated network was rejected") from None


def analyse(network: Network, *, as_of: date | None = None) -> Indicators:
    """Give back the indicators of one validated network (as_of defaults to today)."""
    return analyse_many([network], as_of=as_of)[0]


def analyse_many_dicts(
    networks: Iterable[object], *, as_of: date | None = None
) -> list[Indicators]:
    """Give back the indicators of many plain-dict networks, validating them in the same pass.

    Raises NetworkError naming the first invalid network, e.g. ``networks[3]: ties[5]: ...``.
    """
    dicts = networks if isinstance(networks, list) else list(networks)
    try:
        return _run(dicts, as_of)
    except Exception:  # noqa: S110 - on any surprise the per-item validator decides
        pass
    validated = []
    for position, data in enumerate(dicts):
        try:
            validated.append(Network.from_dict(data))
        except NetworkError as error:
            raise NetworkError(f"networks[{position}]: {error}") from None
    return analyse_many(validated, as_of=as_of)
