"""The engine's input: many networks as flat per-contact and per-tie arrays (`Columns`).

Two doors lead here. Untrusted plain dicts go through the validator (`network.read_networks`),
which checks every value on its way in. Stored rows, which the database already holds to the
schema, go through `Columns.from_stored` (the trusted path): each value is only turned into
its code, with no check and no message.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from . import schema

IntArray = NDArray[np.int64]
ByteArray = NDArray[np.uint8]
BoolArray = NDArray[np.bool_]


def _enum_codes(values: tuple[str, ...]) -> dict[object, int]:
    # 0 means unknown (absent, null, "unknown" or ""); known values count from 1.
    codes: dict[object, int] = {value: position + 1 for position, value in enumerate(values)}
    for unknown in schema.UNKNOWN_VALUES:
        if unknown in codes:
            codes[unknown] = 0
    codes[None] = 0
    return codes


# Byte code of every allowed value of an enumeration (what the validator accepts).
ENUM_CODES: Final = {name: _enum_codes(values) for name, values in schema.ENUM_FIELDS.items()}
# The same, plus every form of "unknown" a stored row can hold (blank text, null).
_STORED_CODES: Final = {
    name: {**codes, **dict.fromkeys(schema.UNKNOWN_VALUES, 0)} for name, codes in ENUM_CODES.items()
}
FUNCTION_CODES: Final = {name: position for position, name in enumerate(schema.FUNCTIONS)}
ENUM_COLUMNS: Final = tuple(schema.ENUM_FIELDS)  # quadrant, role, ..., contact_frequency
_EPOCH_ORDINAL: Final = 719_163  # date(1970, 1, 1).toordinal()


def codes_of(column: Iterable[Any], codes: Mapping[Any, int]) -> ByteArray:
    """Give back the byte code of every value (KeyError or TypeError for one without a code)."""
    return np.frombuffer(bytes(map(codes.__getitem__, column)), dtype=np.uint8)


def function_masks(values: list[Any]) -> IntArray:
    """Give back a bit mask per contact of the functions listed (duplicates count once)."""
    count = len(values)
    lengths = np.fromiter(map(operator.length_hint, values), np.int64, count)
    flat = list(chain.from_iterable(filter(None, values)))
    masks = np.zeros(count, dtype=np.int64)
    if flat:
        bits = np.left_shift(1, codes_of(flat, FUNCTION_CODES).astype(np.int64))
        given = np.flatnonzero(lengths)
        starts = np.cumsum(lengths) - lengths
        masks[given] = np.bitwise_or.reduceat(bits, starts[given])
    return masks


def _offsets(counts: IntArray) -> IntArray:
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


@dataclass(frozen=True, eq=False)
class Columns:
    """Networks as flat arrays: contacts of network i at contact_offsets[i]:[i + 1].

    Enumerations are byte codes (0 = unknown, see ENUM_CODES); influence is the value itself;
    added_on is a date ordinal (-1 = unknown); functions a bit mask per contact; tie_a and
    tie_b the contact positions of a tie's ends, ties of network i at tie_offsets[i]:[i + 1].
    """

    contact_offsets: IntArray
    tie_offsets: IntArray
    ring: ByteArray
    influence: IntArray
    enums: dict[str, ByteArray]
    in_target_sector: BoolArray
    is_new: BoolArray
    ally: BoolArray
    introduced: BoolArray
    added_on: IntArray
    functions: IntArray
    tie_a: IntArray
    tie_b: IntArray

    @property
    def size(self) -> int:
        """Give back the number of networks."""
        return len(self.contact_offsets) - 1

    @property
    def contact_count(self) -> int:
        return int(self.contact_offsets[-1])

    @property
    def contact_network(self) -> IntArray:
        """Give back the network of every contact."""
        counts = np.diff(self.contact_offsets)
        return np.repeat(np.arange(self.size, dtype=np.int64), counts)

    def select(self, start: int, stop: int) -> Columns:
        """Give back networks start..stop-1 (views, positions counted from their first contact)."""
        low, high = int(self.contact_offsets[start]), int(self.contact_offsets[stop])
        tie_low, tie_high = int(self.tie_offsets[start]), int(self.tie_offsets[stop])
        if (start, stop) == (0, self.size):
            return self
        return Columns(
            contact_offsets=self.contact_offsets[start : stop + 1] - low,
            tie_offsets=self.tie_offsets[start : stop + 1] - tie_low,
            ring=self.ring[low:high],
            influence=self.influence[low:high],
            enums={name: codes[low:high] for name, codes in self.enums.items()},
            in_target_sector=self.in_target_sector[low:high],
            is_new=self.is_new[low:high],
            ally=self.ally[low:high],
            introduced=self.introduced[low:high],
            added_on=self.added_on[low:high],
            functions=self.functions[low:high],
            tie_a=self.tie_a[tie_low:tie_high] - low,
            tie_b=self.tie_b[tie_low:tie_high] - low,
        )

    @classmethod
    def concat(cls, parts: Sequence[Columns]) -> Columns:
        """Give back the networks of all parts, in order, as one Columns."""
        if len(parts) == 1:
            return parts[0]
        contact_counts = np.concatenate([np.diff(part.contact_offsets) for part in parts])
        tie_counts = np.concatenate([np.diff(part.tie_offsets) for part in parts])
        shift = np.repeat(
            _offsets(np.array([part.contact_count for part in parts], dtype=np.int64))[:-1],
            [len(part.tie_a) for part in parts],
        )

        def joined(name: str) -> Any:
            return np.concatenate([getattr(part, name) for part in parts])

        return Columns(
            contact_offsets=_offsets(contact_counts),
            tie_offsets=_offsets(tie_counts),
            ring=joined("ring"),
            influence=joined("influence"),
            enums={
                name: np.concatenate([part.enums[name] for part in parts]) for name in ENUM_COLUMNS
            },
            in_target_sector=joined("in_target_sector"),
            is_new=joined("is_new"),
            ally=joined("ally"),
            introduced=joined("introduced"),
            added_on=joined("added_on"),
            functions=joined("functions"),
            tie_a=joined("tie_a") + shift,
            tie_b=joined("tie_b") + shift,
        )

    @classmethod
    def from_stored(
        cls,
        networks: Sequence[Hashable],
        contacts: Sequence[Sequence[Any]],
        ties: Sequence[Sequence[Any]],
        *,
        fields: Sequence[str],
    ) -> Columns:
        """Give back the Columns of stored networks; the trusted path, nothing is checked.

        `contacts` are rows (network, *values of `fields`), e.g. a database query's result;
        `fields` names schema fields and must include id and ring; a field not named is
        unknown for every contact. Values are in the schema's form, except that blank text
        also means unknown and added_on is a `datetime.date`. Contact ids are unique across
        all rows (primary keys). `ties` are rows (id_a, id_b, ...) of those contacts. Rows may
        come in any order; the result follows `networks`.
        """
        width = 1 + len(fields)
        position = {name: place for place, name in enumerate(fields, start=1)}
        count = len(contacts)
        flat = list(chain.from_iterable(contacts))
        assert len(flat) == width * count, "every contact row holds the network and `fields`"

        def column(name: str) -> list[Any] | None:
            place = position.get(name)
            return None if place is None else flat[place::width]

        network_index = {network: place for place, network in enumerate(networks)}
        contact_network = np.fromiter(
            map(network_index.__getitem__, flat[0::width]), np.int64, count
        )
        order: IntArray | None = None
        if count and (np.diff(contact_network) < 0).any():
            order = np.argsort(contact_network, kind="stable")
            contact_network = contact_network[order]

        def arranged(values: NDArray[Any]) -> Any:
            return values if order is None else values[order]

        ids = column("id")
        ring = column("ring")
        assert ids is not None and ring is not None, "fields must include id and ring"
        zero = np.zeros(count, dtype=np.uint8)
        enums = {}
        for name in ENUM_COLUMNS:
            values = column(name)
            enums[name] = (
                zero if values is None else arranged(codes_of(values, _STORED_CODES[name]))
            )
        flags = {}
        for name in ("in_target_sector", "is_new", "ally"):
            values = column(name)
            # bytes() of True/False/0/1 in C; None (unknown) counts as false.
            flags[name] = (
                zero.view(np.bool_)
                if values is None
                else arranged(
                    np.frombuffer(bytes(map(operator.is_, values, repeat(True))), dtype=np.bool_)
                )
            )
        introducers = column("introduced_by")
        introduced = (
            zero.view(np.bool_)
            if introducers is None
            else arranged(
                np.frombuffer(bytes(map(operator.is_not, introducers, repeat(None))), np.bool_)
            )
        )
        added = column("added_on")
        if added is None:
            added_on = np.full(count, -1, dtype=np.int64)
        else:
            days = np.array(added, dtype="datetime64[D]").astype(np.int64)
            added_on = arranged(
                np.where(np.isnat(days.view("datetime64[D]")), -1, days + _EPOCH_ORDINAL)
            )
        functions = column("functions")
        influence = column("influence")

        # Tie ends: contact positions, found by sorting the ids once.
        id_array = arranged(np.array(ids, dtype=np.int64).reshape(count))
        by_id = np.argsort(id_array, kind="stable")
        sorted_ids = id_array[by_id]
        tie_count = len(ties)
        ends = np.array(
            list(chain.from_iterable(map(operator.itemgetter(0, 1), ties))), dtype=np.int64
        ).reshape(tie_count * 2)
        positions = by_id[np.searchsorted(sorted_ids, ends)] if tie_count else ends
        tie_a, tie_b = positions[0::2], positions[1::2]
        tie_network = contact_network[tie_a]
        if tie_count and (np.diff(tie_network) < 0).any():
            tie_order = np.argsort(tie_network, kind="stable")
            tie_a, tie_b, tie_network = tie_a[tie_order], tie_b[tie_order], tie_network[tie_order]
        size = len(networks)
        return cls(
            contact_offsets=_offsets(np.bincount(contact_network, minlength=size)),
            tie_offsets=_offsets(np.bincount(tie_network, minlength=size)),
            ring=arranged(np.frombuffer(bytes(ring), dtype=np.uint8)),
            influence=(
                np.zeros(count, dtype=np.int64)
                if influence is None
                else arranged(np.array(influence, dtype=np.int64).reshape(count))
            ),
            enums=enums,
            in_target_sector=flags["in_target_sector"],
            is_new=flags["is_new"],
            ally=flags["ally"],
            introduced=introduced,
            added_on=added_on,
            functions=(
                np.zeros(count, dtype=np.int64)
                if functions is None
                else arranged(function_masks(functions))
            ),
            tie_a=np.ascontiguousarray(tie_a),
            tie_b=np.ascontiguousarray(tie_b),
        )
