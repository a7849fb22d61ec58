"""Compare two moments (snapshots) of one network: who was added, removed or moved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Change:
    contact_id: int
    label: str
    before_ring: int | None = None
    before_quadrant: str | None = None
    after_ring: int | None = None
    after_quadrant: str | None = None

    @property
    def ring_changed(self) -> bool:
        return self.before_ring != self.after_ring

    @property
    def quadrant_changed(self) -> bool:
        return self.before_quadrant != self.after_quadrant


@dataclass
class Comparison:
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    unchanged: int = 0
    ties_before: int = 0
    ties_after: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.moved)


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    """Return the differences from the network data `before` to `after` (by contact id)."""
    old = {int(c["id"]): c for c in before.get("contacts", [])}
    new = {int(c["id"]): c for c in after.get("contacts", [])}
    result = Comparison(
        ties_before=len(before.get("ties", [])), ties_after=len(after.get("ties", []))
    )
    for contact_id in sorted(new.keys() - old.keys(), key=lambda i: (new[i]["label"], i)):
        contact = new[contact_id]
        result.added.append(
            Change(
                contact_id,
                contact["label"],
                after_ring=contact["ring"],
                after_quadrant=contact["quadrant"],
            )
        )
    for contact_id in sorted(old.keys() - new.keys(), key=lambda i: (old[i]["label"], i)):
        contact = old[contact_id]
        result.removed.append(
            Change(
                contact_id,
                contact["label"],
                before_ring=contact["ring"],
                before_quadrant=contact["quadrant"],
            )
        )
    for contact_id in sorted(old.keys() & new.keys(), key=lambda i: (new[i]["label"], i)):
        first, second = old[contact_id], new[contact_id]
        if (first["ring"], first["quadrant"]) != (second["ring"], second["quadrant"]):
            result.moved.append(
                Change(
                    contact_id,
                    second["label"],
                    before_ring=first["ring"],
                    before_quadrant=first["quadrant"],
                    after_ring=second["ring"],
                    after_quadrant=second["quadrant"],
                )
            )
        else:
            result.unchanged += 1
    return result
