"""The batch indicator engine: columnar extraction of many networks, then numpy over the batch.

Every network of a batch is read once into flat per-field arrays; all indicators are then
computed with whole-batch numpy operations (per-network sums with np.bincount, which adds in
input order, so a network's results do not depend on the rest of its batch). Validation is done
on the same arrays; the first invalid network is re-checked by the per-item validator in
`network.py`, which gives the exact error message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import chain, repeat
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from . import schema
from .indicators import Indicators
from .network import _DATE_CACHE, Network, NetworkError, parse_date_ordinal

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_FIELD_CODE: Final = {name: code for code, name in enumerate(schema.FIELDS)}
_F: Final = _FIELD_CODE
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
_FORMAL_CODES: Final = np.array([_ROLE[role] for role in schema.FORMAL_ROLES])
_EMPLOYMENT: Final = _ENUM_CODES["employment"]
_WORKING: Final = np.array([_EMPLOYMENT["employed"], _EMPLOYMENT["self_employed"]])
_EXTERNAL: Final = np.array([_EMPLOYMENT[e] for e in ("employed", "self_employed", "student")])
_INTERNAL: Final = np.array([_EMPLOYMENT[e] for e in ("job_seeking", "benefits")])
_APPROACHABLE: Final = np.array([_ENUM_CODES["approachable"][v] for v in ("yes", "maybe")])
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


class _Invalid(Exception):
    """Some network of the batch is invalid; `index` is the lowest one found."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def _fail(networks_of_items: IntArray, bad: BoolArray | IntArray) -> None:
    """Raise _Invalid naming the lowest network that owns a bad item, if there is one."""
    bad_networks = networks_of_items[bad]
    if bad_networks.size:
        raise _Invalid(int(bad_networks.min()))


def _types(values: Iterable[object]) -> set[type]:
    return set(map(type, values))


def _bad_type_positions(values: Sequence[object], allowed: tuple[type, ...]) -> IntArray:
    # Only used on the error path: a Python loop is fine here.
    return np.array(
        [p for p, value in enumerate(values) if type(value) not in allowed], dtype=np.int64
    )


class _Batch:
    """Flat per-contact and per-tie arrays of a whole batch, validated."""

    def __init__(self, dicts: Sequence[object]) -> None:
        contacts: list[Any] = []
        ties: list[Any] = []
        contact_counts: list[int] = []
        tie_counts: list[int] = []
        for index, data in enumerate(dicts):
            if type(data) is not dict or not data.keys() <= _TOP_LEVEL:
                raise _Invalid(index)
            network_contacts = data.get("contacts")
            network_ties = data.get("ties", ())
            if type(network_contacts) is not list or type(network_ties) not in (list, tuple):
                raise _Invalid(index)
            contacts += network_contacts
            ties += network_ties
            contact_counts.append(len(network_contacts))
            tie_counts.append(len(network_ties))
        self.size = len(dicts)
        self.contact_count = len(contacts)
        self.contact_network: IntArray = np.repeat(
            np.arange(self.size, dtype=np.int64), contact_counts
        )
        self.tie_network: IntArray = np.repeat(np.arange(self.size, dtype=np.int64), tie_counts)
        self.contact_offsets: IntArray = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(contact_counts, out=self.contact_offsets[1:])
        self._read_contacts(contacts)
        self._read_ties(ties)

    # -- contacts ------------------------------------------------------------------------

    def _read_contacts(self, contacts: list[Any]) -> None:
        m = self.contact_count
        if _types(contacts) - {dict}:
            _fail(self.contact_network, _bad_type_positions(contacts, (dict,)))
        lengths = np.fromiter(map(len, contacts), dtype=np.int64, count=m)
        keys = list(chain.from_iterable(contacts))
        values = list(chain.from_iterable(map(dict.values, contacts)))
        owners = np.repeat(np.arange(m, dtype=np.int64), lengths)
        key_codes = np.array(list(map(_FIELD_CODE.get, keys, repeat(-1))), dtype=np.int8)
        _fail(self.contact_network[owners], key_codes < 0)
        order = np.argsort(key_codes, kind="stable")
        bounds = np.searchsorted(key_codes[order], np.arange(len(schema.FIELDS) + 1, dtype=np.int8))
        value_array = np.fromiter(values, dtype=object, count=len(values))
        columns: dict[str, tuple[IntArray, list[Any]]] = {}
        for name, code in _FIELD_CODE.items():
            positions = order[bounds[code] : bounds[code + 1]]
            columns[name] = (owners[positions], value_array[positions].tolist())

        for required in schema.REQUIRED_FIELDS:
            who, column = columns[required]
            has = np.zeros(m, dtype=np.bool_)
            has[who] = True
            if None in column:
                has[who[[v is None for v in column]]] = False
            _fail(self.contact_network, ~has)

        self.ids: list[Any] = [None] * m
        who, column = columns["id"]
        if _types(column) - {int, str}:
            _fail(self.contact_network[who], _bad_type_positions(column, (int, str)))
        for position, value in zip(who.tolist(), column, strict=True):
            self.ids[position] = value

        enums = {name: self._enum(columns[name], codes) for name, codes in _ENUM_CODES.items()}
        self.quadrant = enums["quadrant"]
        self.role = enums["role"]
        self.normalises_unemployment = enums["normalises_unemployment"]
        self.knows_searching = enums["knows_searching"]
        self.approachable = enums["approachable"]
        self.employment = enums["employment"]
        self.sector = enums["sector"]
        self.ring = self._int(columns["ring"], *schema.INT_FIELDS["ring"])
        self.influence = self._int(columns["influence"], *schema.INT_FIELDS["influence"])
        flags = {name: self._bool(columns[name]) for name in schema.BOOL_FIELDS}
        self.in_target_sector = flags["in_target_sector"]
        self.is_new = flags["is_new"]
        self.ally = flags["ally"]
        for name in schema.TEXT_FIELDS:
            who, column = columns[name]
            if _types(column) - {str, _NONE_TYPE}:
                _fail(self.contact_network[who], _bad_type_positions(column, (str, _NONE_TYPE)))
        self.added_on = self._date(columns["added_on"])
        self._date(columns["last_contact"])
        self.functions = self._functions(columns["functions"])
        self._functions(columns["potential_functions"])
        who, column = columns["introduced_by"]
        if _types(column) - {int, str, _NONE_TYPE}:
            allowed = (int, str, _NONE_TYPE)
            _fail(self.contact_network[who], _bad_type_positions(column, allowed))
        introduced = np.fromiter(map(id, column), dtype=np.int64, count=len(column))
        is_set = introduced != id(None)
        self.introduced = np.zeros(m, dtype=np.bool_)
        self.introduced[who[is_set]] = True
        self._introducers = (who[is_set], [v for v in column if v is not None])

    def _enum(self, column: tuple[IntArray, list[Any]], codes: dict[object, int]) -> IntArray:
        who, values = column
        try:
            found = np.fromiter(map(codes.get, values, repeat(-1)), np.int64, len(values))
        except TypeError:  # an unhashable value (list, object)
            found = np.array([codes.get(v, -1) if _hashable(v) else -1 for v in values])
        _fail(self.contact_network[who], found < 0)
        result = np.zeros(self.contact_count, dtype=np.int64)
        result[who] = found
        return result

    def _int(self, column: tuple[IntArray, list[Any]], low: int, high: int) -> IntArray:
        who, values = column
        kinds = _types(values)
        if kinds - {int, _NONE_TYPE}:
            _fail(self.contact_network[who], _bad_type_positions(values, (int, _NONE_TYPE)))
        if _NONE_TYPE in kinds:
            values = [0 if v is None else v for v in values]
        try:
            found = np.array(values, dtype=np.int64)
        except OverflowError:  # ints beyond 64 bits are out of range anyway
            found = np.array([min(max(v, low - 1), high + 1) for v in values], dtype=np.int64)
        _fail(self.contact_network[who], (found < low) | (found > high))
        result = np.zeros(self.contact_count, dtype=np.int64)
        result[who] = found
        return result

    def _bool(self, column: tuple[IntArray, list[Any]]) -> BoolArray:
        who, values = column
        identities = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
        is_true = identities == id(True)
        valid = is_true | (identities == id(False)) | (identities == id(None))
        _fail(self.contact_network[who], ~valid)
        result = np.zeros(self.contact_count, dtype=np.bool_)
        result[who[is_true]] = True
        return result

    def _date(self, column: tuple[IntArray, list[Any]]) -> IntArray:
        who, values = column
        if _types(values) - {str, _NONE_TYPE}:
            _fail(self.contact_network[who], _bad_type_positions(values, (str, _NONE_TYPE)))
        unseen = set(values).difference(_DATE_CACHE)
        unseen.discard(None)
        invalid = {text for text in unseen if parse_date_ordinal(text) is None}
        if invalid:
            _fail(self.contact_network[who], np.array([v in invalid for v in values]))
        known = {**_DATE_CACHE} if unseen else _DATE_CACHE
        for text in unseen:
            ordinal = parse_date_ordinal(text)
            if ordinal is not None:
                known[text] = ordinal
        found = np.fromiter(map(known.get, values, repeat(-1)), np.int64, len(values))
        result = np.full(self.contact_count, -1, dtype=np.int64)
        result[who] = found
        return result

    def _functions(self, column: tuple[IntArray, list[Any]]) -> IntArray:
        """Give back a bit mask per contact of the functions listed (duplicates count once)."""
        who, values = column
        kinds = _types(values)
        if kinds - {list, _NONE_TYPE}:
            _fail(self.contact_network[who], _bad_type_positions(values, (list, _NONE_TYPE)))
        if _NONE_TYPE in kinds:
            values = [v or [] for v in values]
        lengths = np.fromiter(map(len, values), np.int64, len(values))
        flat = list(chain.from_iterable(values))
        owners = np.repeat(who, lengths)
        try:
            codes = np.fromiter(map(_FUNCTION_CODES.get, flat, repeat(-1)), np.int64, len(flat))
        except TypeError:
            codes = np.array(
                [_FUNCTION_CODES.get(v, -1) if _hashable(v) else -1 for v in flat], dtype=np.int64
            )
        _fail(self.contact_network[owners], codes < 0)
        masks = np.zeros(self.contact_count, dtype=np.int64)
        np.bitwise_or.at(masks, owners, np.left_shift(1, codes))
        return masks

    # -- ties ------------------------------------------------------------------------------

    def _read_ties(self, ties: list[Any]) -> None:
        count = len(ties)
        if _types(ties) - {list}:
            _fail(self.tie_network, _bad_type_positions(ties, (list,)))
        lengths = np.fromiter(map(len, ties), np.int64, count)
        _fail(self.tie_network, (lengths < 2) | (lengths > 3))
        flat = np.fromiter(chain.from_iterable(ties), dtype=object, count=int(lengths.sum()))
        starts = np.cumsum(lengths) - lengths
        first = flat[starts].tolist()
        second = flat[starts + 1].tolist()
        for ends in (first, second):
            if _types(ends) - {int, str}:
                _fail(self.tie_network, _bad_type_positions(ends, (int, str)))
        with_strength = np.flatnonzero(lengths == 3)
        strengths = flat[starts[with_strength] + 2].tolist()
        if _types(strengths) - {int}:
            _fail(self.tie_network[with_strength], _bad_type_positions(strengths, (int,)))
        try:
            strength_values = np.array(strengths, dtype=np.int64)
        except OverflowError:
            strength_values = np.zeros(len(strengths), dtype=np.int64)
        _fail(self.tie_network[with_strength], (strength_values < 1) | (strength_values > 2))
        self.strength = np.ones(count, dtype=np.int64)
        self.strength[with_strength] = strength_values

        # Map contact ids to batch-wide contact positions, one dict per network.
        a = np.empty(count, dtype=np.int64)
        b = np.empty(count, dtype=np.int64)
        contact_offsets = self.contact_offsets.tolist()
        tie_offsets = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.tie_network, minlength=self.size), out=tie_offsets[1:])
        tie_bounds = tie_offsets.tolist()
        introducers_who, introducers = self._introducers
        introducer_bounds = np.searchsorted(introducers_who, self.contact_offsets).tolist()
        ids = self.ids
        for network in range(self.size):
            low, high = contact_offsets[network], contact_offsets[network + 1]
            index = dict(zip(ids[low:high], range(low, high), strict=True))
            if len(index) != high - low:
                raise _Invalid(network)
            i_low, i_high = introducer_bounds[network], introducer_bounds[network + 1]
            if i_low != i_high and not index.keys() >= set(introducers[i_low:i_high]):
                raise _Invalid(network)
            t_low, t_high = tie_bounds[network], tie_bounds[network + 1]
            if t_low == t_high:
                continue
            a[t_low:t_high] = np.fromiter(
                map(index.get, first[t_low:t_high], repeat(-1)), np.int64, t_high - t_low
            )
            b[t_low:t_high] = np.fromiter(
                map(index.get, second[t_low:t_high], repeat(-1)), np.int64, t_high - t_low
            )
        _fail(self.tie_network, (a < 0) | (b < 0) | (a == b))
        low_end = np.minimum(a, b)
        high_end = np.maximum(a, b)
        keys = low_end * max(self.contact_count, 1) + high_end
        sorted_keys = np.sort(keys)
        duplicated = sorted_keys[1:] == sorted_keys[:-1]
        if duplicated.any():
            repeated = np.isin(keys, sorted_keys[1:][duplicated])
            _fail(self.tie_network, repeated)
        self.tie_a = a
        self.tie_b = b
        self.sorted_tie_keys = sorted_keys


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _maybe(values: NDArray[Any], defined: BoolArray) -> list[float | None]:
    """Give back values as Python floats, with None where they are undefined."""
    result: list[float | None] = np.where(defined, values, 0.0).tolist()
    for position in np.flatnonzero(~defined).tolist():
        result[position] = None
    return result


def _ratio(top: IntArray | FloatArray, bottom: IntArray | FloatArray) -> list[float | None]:
    defined = bottom > 0
    return _maybe(top / np.where(defined, bottom, 1), defined)


def _compute(batch: _Batch, as_of: date) -> list[Indicators]:
    size = batch.size
    network = batch.contact_network
    ring = batch.ring
    role = batch.role
    employment = batch.employment

    def count(mask: BoolArray) -> IntArray:
        return np.bincount(network[mask], minlength=size)

    formal = np.isin(role, _FORMAL_CODES)
    in_a = ~formal & (ring >= 1)
    n = count(in_a)
    network_a = network[in_a]

    potential: IntArray = count(ring == 0) + count(
        in_a & np.isin(batch.approachable, _APPROACHABLE)
    )
    supportive = count(in_a & (batch.influence >= 1))
    discouraging = count(
        in_a & ((batch.influence <= -1) | (batch.normalises_unemployment == _YES_NORMALISES))
    )
    aware = count(in_a & (batch.knows_searching == _YES_KNOWS))
    allies = count(in_a & batch.ally)

    masks = batch.functions
    counted_mask = np.zeros(size, dtype=np.int64)
    for bit in range(len(schema.COUNTED_FUNCTIONS)):
        given = count(in_a & ((masks >> bit) & 1).astype(np.bool_)) > 0
        counted_mask |= given.astype(np.int64) << bit
    function_counts = np.zeros(batch.contact_count, dtype=np.int64)
    for bit in range(len(schema.FUNCTIONS)):
        function_counts += (masks >> bit) & 1
    covered = np.zeros(size, dtype=np.int64)
    for bit in range(len(schema.COUNTED_FUNCTIONS)):
        covered += (counted_mask >> bit) & 1
    function_coverage = (covered / len(schema.COUNTED_FUNCTIONS)).tolist()
    function_lists = [_FUNCTION_TABLE[mask] for mask in counted_mask.tolist()]
    multiplexity = _ratio(np.bincount(network_a, weights=function_counts[in_a], minlength=size), n)

    # Ties among A only; ties that touch ring-0 or formal contacts are ignored.
    a, b = batch.tie_a, batch.tie_b
    keep = in_a[a] & in_a[b]
    a, b = a[keep], b[keep]
    ties_a = np.bincount(network[a], minlength=size)
    m = batch.contact_count
    degree = np.bincount(a, minlength=m) + np.bincount(b, minlength=m)

    strong = count(in_a & (ring <= 2))
    weak = count(in_a & (ring >= 3))
    moderately_weak = count(in_a & (ring >= 3) & (degree >= 1) & (degree <= 10))
    working = count(in_a & np.isin(employment, _WORKING))
    target = count(in_a & batch.in_target_sector)

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

    external = count(in_a & np.isin(employment, _EXTERNAL))
    internal = count(in_a & np.isin(employment, _INTERNAL))
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

    # Components: ties among A in one block-diagonal graph of the whole batch. Contacts outside
    # A have no kept tie, so each is a component of its own and is subtracted again.
    order = np.argsort(a * max(m, 1) + b, kind="stable") if a.size else a
    rows = a[order]
    graph = csr_matrix(
        (np.ones(rows.size, dtype=np.int8), b[order], np.searchsorted(rows, np.arange(m + 1))),
        shape=(m, m),
    )
    component_count, labels = connected_components(graph, directed=False)
    labels = np.asarray(labels, dtype=np.int64)
    component_network = np.zeros(component_count, dtype=np.int64)
    component_network[labels] = network
    components = np.bincount(component_network, minlength=size) - count(~in_a)
    isolates = count(in_a & (degree == 0))

    formal_count = count(formal & (ring >= 1))
    formal_share = _ratio(formal_count, formal_count + n)
    today = as_of.toordinal()
    added = batch.added_on
    new = in_a & batch.is_new
    new_ties = count(new & (added > today - 30) & (added <= today))
    brokered_share = _ratio(count(new & batch.introduced), count(new))

    columns: list[list[Any]] = [
        n.tolist(),
        potential.tolist(),
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
        formal_share,
        new_ties.tolist(),
        brokered_share,
    ]
    return list(map(Indicators._make, zip(*columns, strict=True)))


def _run(dicts: Sequence[object], as_of: date | None) -> list[Indicators]:
    if not dicts:
        return []
    return _compute(_Batch(dicts), as_of or date.today())


def analyse_many(networks: Iterable[Network], *, as_of: date | None = None) -> list[Indicators]:
    """Give back the indicators of every validated network, in order."""
    canonical = [network._data for network in networks]
    try:
        return _run(canonical, as_of)
    except _Invalid as invalid:  # pragma: no cover - a validated network always passes
        raise AssertionError(f"validated network {invalid.index} was rejected") from None


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
