"""Deterministic placement of contacts on the netwerkcirkel, from stored ring and quadrant only.

Geometry (SVG units, the job seeker at 0,0, y grows downwards): rings are drawn inside out in
the order 1, 2, 3, 4 and then 0 (people one could approach) as the outer band. Each ring is a
band of one or more circular *tracks*. A contact's drawing (circle, badges and short label)
fits in a box of NODE_BOX; two boxes never overlap when their centres are at least SPACING
apart (SPACING exceeds the box diagonal). Tracks lie SPACING apart, neighbours on a track are
SPACING apart along the chord, and every node keeps SPACING / 2 from the quadrant axes, so
nodes of different tracks, rings or quadrants cannot touch either. A crowded ring simply gets
more tracks and the picture grows; the SVG viewBox scales it to any screen.

No Django here: the same code draws the live network and the frozen snapshots.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

RING_ORDER = (1, 2, 3, 4, 0)
# Clockwise from the top right, in degrees as SVG measures them (0° = right, 90° = down).
QUADRANT_ANGLES: dict[str, tuple[float, float]] = {
    "friends": (270.0, 360.0),
    "work_school_club": (0.0, 90.0),
    "professional": (90.0, 180.0),
    "family": (180.0, 270.0),
}
QUADRANT_ORDER = ("friends", "work_school_club", "professional", "family")

NODE_RADIUS = 18
# The node's box relative to its centre: circle, badges above it, label below it.
NODE_BOX = (-36.0, -21.0, 36.0, 36.0)
NODE_WIDTH = NODE_BOX[2] - NODE_BOX[0]
NODE_HEIGHT = NODE_BOX[3] - NODE_BOX[1]
SPACING = math.ceil(math.hypot(NODE_WIDTH, NODE_HEIGHT)) + 2
EGO_RADIUS = 48
PADDING = 24
QUADRANT_LABEL_FONT = 15
QUADRANT_LABEL_CHAR = 0.62 * QUADRANT_LABEL_FONT  # generous average glyph width


# Named tuples rather than frozen dataclasses: every redraw makes one of each per contact, and a
# named tuple is about three times cheaper to make.
class NodeIn(NamedTuple):
    id: int
    label: str
    ring: int
    quadrant: str


class PlacedNode(NamedTuple):
    id: int
    x: float
    y: float
    ring: int
    quadrant: str
    track: int

    def box(self) -> tuple[float, float, float, float]:
        """Return the node's bounding box (x0, y0, x1, y1) in SVG units."""
        return (
            self.x + NODE_BOX[0],
            self.y + NODE_BOX[1],
            self.x + NODE_BOX[2],
            self.y + NODE_BOX[3],
        )


@dataclass(frozen=True)
class Layout:
    nodes: dict[int, PlacedNode]
    # Outer radius of the ego circle, then of rings 1, 2, 3, 4 and 0, in that order.
    bounds: tuple[float, ...]
    half_size: float
    quadrant_labels: dict[str, tuple[float, float, str]]  # x, y, text-anchor

    def ring_for_radius(self, radius: float) -> int | None:
        """Return the ring drawn at `radius` (None inside the ego circle)."""
        return ring_for_radius(self.bounds, radius)


def ring_for_radius(bounds: Sequence[float], radius: float) -> int | None:
    """Return the ring at `radius` given the band bounds; beyond ring 4 is ring 0."""
    if radius < bounds[0]:
        return None
    for ring, outer in zip(RING_ORDER[:4], bounds[1:5], strict=True):
        if radius <= outer:
            return ring
    return 0


def quadrant_for_angle(degrees: float) -> str:
    """Return the quadrant that holds the direction `degrees` (SVG angle, clockwise)."""
    degrees %= 360.0
    for quadrant, (start, end) in QUADRANT_ANGLES.items():
        if start <= degrees < end:
            return quadrant
    return "friends"


def track_capacity(radius: float) -> int:
    """Return how many nodes fit on one quadrant's arc of a track at `radius`."""
    half = SPACING / 2
    if radius <= half:
        return 0
    margin = math.asin(half / radius)
    span = math.pi / 2 - 2 * margin
    if span < 0:
        return 0
    step = 2 * math.asin(min(1.0, half / radius))
    return max(1, int(span / step + 1e-9))


def _tracks_needed(count: int, inner: float) -> list[int]:
    """Return how many of `count` nodes go on each track of a band starting at `inner`."""
    per_track: list[int] = []
    left = count
    track = 0
    while left > 0:
        capacity = track_capacity(inner + SPACING / 2 + track * SPACING)
        take = min(capacity, left)
        per_track.append(take)
        left -= take
        track += 1
    return per_track


def layout(nodes: Iterable[NodeIn]) -> Layout:
    """Return the placement of `nodes`; the same input always gives the same picture."""
    cells: dict[tuple[int, str], list[NodeIn]] = {}
    for node in nodes:
        ring = node.ring if node.ring in RING_ORDER else 0
        quadrant = node.quadrant if node.quadrant in QUADRANT_ANGLES else "friends"
        cells.setdefault((ring, quadrant), []).append(node)
    for cell in cells.values():
        cell.sort(key=_member_order)

    placed: dict[int, PlacedNode] = {}
    bounds: list[float] = [float(EGO_RADIUS)]
    inner = float(EGO_RADIUS)
    for ring in RING_ORDER:
        band_tracks = 1
        for quadrant in QUADRANT_ORDER:
            members = cells.get((ring, quadrant))
            if not members:
                continue
            spots = _cell_spots(inner, len(members), quadrant)
            band_tracks = max(band_tracks, spots[-1][2] + 1)
            for member, (x, y, track) in zip(members, spots, strict=True):
                placed[member.id] = PlacedNode(member.id, x, y, ring, quadrant, track)
        inner += band_tracks * SPACING
        bounds.append(inner)

    outer = bounds[-1]
    half_size, labels = _quadrant_labels(outer)
    return Layout(nodes=placed, bounds=tuple(bounds), half_size=half_size, quadrant_labels=labels)


def _member_order(node: NodeIn) -> tuple[str, int]:
    return (node.label.casefold(), node.id)


@lru_cache(maxsize=2048)
def _cell_spots(inner: float, count: int, quadrant: str) -> tuple[tuple[float, float, int], ...]:
    """Return (x, y, track) for the `count` places of one cell, in the order they are filled.

    The places depend only on where the ring band starts, how many people the cell holds and
    the quadrant, and the same few combinations come back on every redraw, so they are kept.
    """
    spots: list[tuple[float, float, int]] = []
    start_deg, _end_deg = QUADRANT_ANGLES[quadrant]
    for track, on_track in enumerate(_tracks_needed(count, inner)):
        radius = inner + SPACING / 2 + track * SPACING
        margin = math.asin(min(1.0, (SPACING / 2) / radius))
        span = math.pi / 2 - 2 * margin
        start = math.radians(start_deg) + margin
        for index in range(on_track):
            angle = start + (index + 0.5) * span / on_track
            spots.append(
                (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1), track)
            )
    return tuple(spots)


def quadrant_label_box(
    x: float, y: float, anchor: str, text: str
) -> tuple[float, float, float, float]:
    """Return the box of a quadrant label drawn at x, y (baseline) with `anchor`."""
    width = len(text) * QUADRANT_LABEL_CHAR
    x0 = x if anchor == "start" else x - width
    return (x0, y - QUADRANT_LABEL_FONT, x0 + width, y + 4)


QUADRANT_LABEL_WIDTH_CHARS = 26  # the longest quadrant name in any language we ship


def _quadrant_labels(outer: float) -> tuple[float, dict[str, tuple[float, float, str]]]:
    """Return the canvas half size and the corner positions of the quadrant names.

    The names sit in the corners of the square canvas, outside the outer circle; the canvas
    grows until a name of QUADRANT_LABEL_WIDTH_CHARS clears the circle.
    """
    width = QUADRANT_LABEL_WIDTH_CHARS * QUADRANT_LABEL_CHAR
    half = outer + PADDING
    while math.hypot(max(0.0, half - 8 - width), half - 8 - QUADRANT_LABEL_FONT - 4) < outer + 4:
        half += 8
    edge = half - 8
    return half, {
        "friends": (edge, -edge + QUADRANT_LABEL_FONT, "end"),
        "work_school_club": (edge, edge - 4, "end"),
        "professional": (-edge, edge - 4, "start"),
        "family": (-edge, -edge + QUADRANT_LABEL_FONT, "start"),
    }


def boxes_overlap(
    first: tuple[float, float, float, float], second: tuple[float, float, float, float]
) -> bool:
    """Return whether two (x0, y0, x1, y1) boxes share any area."""
    return not (
        first[2] <= second[0]
        or second[2] <= first[0]
        or first[3] <= second[1]
        or second[3] <= first[1]
    )
