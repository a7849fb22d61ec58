"""Small factory functions and hypothesis strategies for analysis tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from kring.analysis import schema


def contact(contact_id: int | str, ring: int = 1, **fields: Any) -> dict[str, Any]:
    """Give back one contact in the plain-dict format."""
    return {"id": contact_id, "ring": ring, **fields}


def network(contacts: list[dict[str, Any]], ties: list[list[Any]] | None = None) -> dict[str, Any]:
    """Give back a network in the plain-dict format."""
    return {"contacts": contacts, "ties": ties or []}


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(None), strategy)


@st.composite
def networks(draw: st.DrawFn, max_contacts: int = 40) -> dict[str, Any]:
    """Draw a valid random network: rings 0-4, formal roles, random ties and fields."""
    count = draw(st.integers(0, max_contacts))
    contacts = []
    for contact_id in range(1, count + 1):
        item: dict[str, Any] = {"id": contact_id, "ring": draw(st.integers(0, 4))}
        optional: dict[str, Any] = {
            "role": _maybe(st.sampled_from(schema.ROLES)),
            "quadrant": _maybe(st.sampled_from(schema.QUADRANTS)),
            "influence": _maybe(st.integers(-2, 2)),
            "knows_searching": _maybe(st.sampled_from(schema.KNOWS_SEARCHING)),
            "normalises_unemployment": _maybe(st.sampled_from(schema.NORMALISES)),
            "approachable": _maybe(st.sampled_from(schema.APPROACHABLE)),
            "employment": _maybe(st.sampled_from(schema.EMPLOYMENT)),
            "sector": _maybe(st.sampled_from((*schema.SECTORS, ""))),
            "functions": _maybe(st.lists(st.sampled_from(schema.FUNCTIONS), max_size=4)),
            "in_target_sector": _maybe(st.booleans()),
            "is_new": _maybe(st.booleans()),
            "ally": _maybe(st.booleans()),
            "added_on": _maybe(st.sampled_from(["2024-05-01", "2024-05-20", "2024-06-01"])),
        }
        for name, strategy in optional.items():
            if draw(st.booleans()):
                item[name] = draw(strategy)
        if contact_id > 1 and draw(st.booleans()):
            item["introduced_by"] = draw(st.integers(1, contact_id - 1))
        contacts.append(item)
    pairs = [(a, b) for a in range(1, count + 1) for b in range(a + 1, count + 1)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=120)) if pairs else []
    ties: list[list[Any]] = []
    for a, b in chosen:
        strength = draw(st.sampled_from([None, 1, 2]))
        end_a, end_b = (a, b) if draw(st.booleans()) else (b, a)
        ties.append([end_a, end_b] if strength is None else [end_a, end_b, strength])
    return {"contacts": contacts, "ties": ties}
