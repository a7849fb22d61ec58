"""The indicator engine: every indicator of a chunk of networks with chunk-wide numpy.

The engine reads `Columns` (columns.py): untrusted plain dicts arrive there through the one
validator (`network.read_networks`), stored rows through the trusted `Columns.from_stored`.
Networks are computed in chunks of `_CHUNK`, with per-network sums in input order, so a
network's results do not depend on the rest of its batch.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import date
from itertools import repeat
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from . import schema
from .columns import ENUM_CODES, Columns
from .indicators import Indicators
from .network import Network, read_networks

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_ROLE: Final = ENUM_CODES["role"]


def _member_table(codes: Iterable[int]) -> BoolArray:
    """Give back a lookup table: table[code] is True for the given byte codes."""
    table = np.zeros(256, dtype=np.bool_)
    table[list(codes)] = True
    return table


_FORMAL: Final = _member_table(_ROLE[role] for role in schema.FORMAL_ROLES)
_EMPLOYMENT: Final = ENUM_CODES["employment"]
_WORKING: Final = _member_table(_EMPLOYMENT[e] for e in ("employed", "self_employed"))
_EXTERNAL: Final = _member_table(_EMPLOYMENT[e] for e in ("employed", "self_employed", "student"))
_INTERNAL: Final = _member_table(_EMPLOYMENT[e] for e in ("job_seeking", "benefits"))
_APPROACHABLE: Final = _member_table(ENUM_CODES["approachable"][v] for v in ("yes", "maybe"))
_YES_NORMALISES: Final = ENUM_CODES["normalises_unemployment"]["yes"]
_YES_KNOWS: Final = ENUM_CODES["knows_searching"]["yes"]

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


def _compute(batch: Columns, as_of: date) -> list[Indicators]:
    size = batch.size
    m = batch.contact_count
    network = batch.contact_network
    offsets = batch.contact_offsets
    ring = batch.ring
    role = batch.enums["role"]
    employment = batch.enums["employment"]
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
        _APPROACHABLE[batch.enums["approachable"]],
        influence >= 1,
        (influence <= -1) | (batch.enums["normalises_unemployment"] == _YES_NORMALISES),
        batch.enums["knows_searching"] == _YES_KNOWS,
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
        "quadrant": batch.enums["quadrant"],
        "role": role,
        "employment": employment,
        "sector": batch.enums["sector"],
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


def analyse_columns(columns: Columns, *, as_of: date | None = None) -> list[Indicators]:
    """Give back the indicators of every network in `columns`, in order (the engine alone)."""
    today = as_of or date.today()
    results: list[Indicators] = []
    for start in range(0, columns.size, _CHUNK):
        results += _compute(columns.select(start, min(start + _CHUNK, columns.size)), today)
    return results


def analyse_many(networks: Iterable[Network], *, as_of: date | None = None) -> list[Indicators]:
    """Give back the indicators of every validated network, in order."""
    today = as_of or date.today()
    parts = [network._columns for network in networks]
    results: list[Indicators] = []
    for start in range(0, len(parts), _CHUNK):
        results += _compute(Columns.concat(parts[start : start + _CHUNK]), today)
    return results


def analyse(network: Network, *, as_of: date | None = None) -> Indicators:
    """Give back the indicators of one validated network (as_of defaults to today)."""
    return _compute(network._columns, as_of or date.today())[0]


def analyse_many_dicts(
    networks: Iterable[object], *, as_of: date | None = None
) -> list[Indicators]:
    """Give back the indicators of many plain-dict networks, validating them on the way in.

    Raises NetworkError naming the first invalid network, e.g. ``networks[3]: ties[5]: ...``.
    """
    dicts = networks if isinstance(networks, list) else list(networks)
    today = as_of or date.today()
    results: list[Indicators] = []
    for start in range(0, len(dicts), _CHUNK):
        chunk = read_networks(dicts[start : start + _CHUNK], numbered_from=start)
        results += _compute(chunk, today)
    return results


def analyse_stored(
    networks: Sequence[Hashable],
    contacts: Sequence[Sequence[Any]],
    ties: Sequence[Sequence[Any]],
    *,
    fields: Sequence[str],
    as_of: date | None = None,
) -> list[Indicators]:
    """Give back the indicators of stored networks, one per key of `networks`, in order.

    The trusted path for rows the database already holds to the schema: nothing is checked
    (see `Columns.from_stored` for the row format). A network without rows has no contacts.
    """
    return analyse_columns(
        Columns.from_stored(networks, contacts, ties, fields=fields), as_of=as_of
    )
