"""Small factory functions and hypothesis strategies for analysis tests."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from kring.analysis import schema


def contact(contact_id: int | str, ring: int = 1, **fields: Any) -> dict[str, Any]:
    """Give back one contact in the plain-dict format."""
    return {"id": contact_id, "ring": ring, **fields}


def network(contacts: list[dict[str, Any]], ties: list[list[Any]] | None = None) -> dict[str, Any]:
    """Give back a network in the plain-dict format."""
    return {"contacts": contacts, "ties": ties or []}


_OPTIONAL: dict[str, tuple[Any, ...]] = {
    "role": schema.ROLES,
    "quadrant": schema.QUADRANTS,
    "influence": (-2, -1, 0, 1, 2),
    "knows_searching": schema.KNOWS_SEARCHING,
    "normalises_unemployment": schema.NORMALISES,
    "approachable": schema.APPROACHABLE,
    "employment": schema.EMPLOYMENT,
    "sector": (*schema.SECTORS, ""),
    "in_target_sector": (True, False),
    "is_new": (True, False),
    "ally": (True, False),
    "added_on": ("2024-05-01", "2024-05-20", "2024-06-01"),
}
_ID_STYLES: dict[str, Any] = {
    "small": lambda number: number,
    "sparse": lambda number: number * 1_000_003 - 7,
    "text": lambda number: f"c{number}",
}


@st.composite
def networks(draw: st.DrawFn, max_contacts: int = 40) -> dict[str, Any]:
    """Draw a valid random network: rings 0-4, formal roles, random ties and fields.

    Hypothesis draws the shape (size, tie probability, id style) and a seed; the fields and
    ties come from a seeded `random.Random`, which is much faster than drawing each value.
    """
    count = draw(st.integers(0, max_contacts))
    tie_probability = draw(st.sampled_from([0.0, 0.05, 0.2, 0.6, 1.0]))
    make_id = _ID_STYLES[draw(st.sampled_from(sorted(_ID_STYLES)))]
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    contacts = []
    for number in range(1, count + 1):
        item: dict[str, Any] = {"id": make_id(number), "ring": rng.randint(0, 4)}
        for name, values in _OPTIONAL.items():
            chance = rng.random()
            if chance < 0.15:
                item[name] = None
            elif chance < 0.6:
                item[name] = rng.choice(values)
        if rng.random() < 0.5:
            item["functions"] = rng.choices(schema.FUNCTIONS, k=rng.randint(0, 4))
        if number > 1 and rng.random() < 0.3:
            item["introduced_by"] = make_id(rng.randint(1, number - 1))
        contacts.append(item)
    ties: list[list[Any]] = []
    for a in range(1, count + 1):
        for b in range(a + 1, count + 1):
            if len(ties) < 200 and rng.random() < tie_probability:
                end_a, end_b = (make_id(a), make_id(b))
                if rng.random() < 0.5:
                    end_a, end_b = end_b, end_a
                strength = rng.choice([None, 1, 2])
                ties.append([end_a, end_b] if strength is None else [end_a, end_b, strength])
    rng.shuffle(ties)
    return {"contacts": contacts, "ties": ties}
