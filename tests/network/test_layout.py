from __future__ import annotations

import itertools
import math
import random

import pytest

from kring.network.layout import (
    QUADRANT_ANGLES,
    NodeIn,
    boxes_overlap,
    layout,
    quadrant_for_angle,
    quadrant_label_box,
)
from kring.network.svg import MapOptions, render_map

QUADRANTS = list(QUADRANT_ANGLES)


def random_nodes(seed: int, count: int) -> list[NodeIn]:
    rng = random.Random(seed)
    return [
        NodeIn(i, "x" * rng.randint(1, 40), rng.choice([0, 1, 2, 3, 4]), rng.choice(QUADRANTS))
        for i in range(1, count + 1)
    ]


def assert_no_overlaps(nodes: list[NodeIn]) -> None:
    placed = layout(nodes)
    assert set(placed.nodes) == {n.id for n in nodes}
    boxes = [p.box() for p in placed.nodes.values()]
    for first, second in itertools.combinations(boxes, 2):
        assert not boxes_overlap(first, second), (first, second)
    for x, y, anchor in placed.quadrant_labels.values():
        label = quadrant_label_box(x, y, anchor, "w" * 26)
        assert all(not boxes_overlap(label, box) for box in boxes)
        assert -placed.half_size <= label[0] and label[2] <= placed.half_size


@pytest.mark.parametrize("seed", range(5))
def test_150_contacts_never_overlap(seed: int) -> None:
    assert_no_overlaps(random_nodes(seed, 150))


def test_150_contacts_in_one_crowded_cell_never_overlap() -> None:
    assert_no_overlaps([NodeIn(i, "Anna", 1, "family") for i in range(150)])


def test_200_contacts_in_the_outer_band_never_overlap() -> None:
    assert_no_overlaps([NodeIn(i, "Bo", 0, QUADRANTS[i % 4]) for i in range(200)])


def test_the_layout_is_deterministic() -> None:
    nodes = random_nodes(7, 60)
    assert layout(nodes) == layout(list(reversed(nodes)))


def test_each_node_sits_in_its_ring_band_and_quadrant() -> None:
    placed = layout(random_nodes(3, 120))
    order = (1, 2, 3, 4, 0)
    for node in placed.nodes.values():
        radius = math.hypot(node.x, node.y)
        index = order.index(node.ring)
        assert placed.bounds[index] < radius < placed.bounds[index + 1]
        assert placed.ring_for_radius(radius) == node.ring
        angle = math.degrees(math.atan2(node.y, node.x)) % 360
        assert quadrant_for_angle(angle) == node.quadrant


def test_the_svg_escapes_labels_and_has_an_accessible_name() -> None:
    contacts = [
        {
            "id": 1,
            "label": "<script>x</script>",
            "ring": 1,
            "quadrant": "family",
            "influence": 2,
            "knows_searching": "yes",
            "version": 1,
        },
        {
            "id": 2,
            "label": "Bram",
            "ring": 0,
            "quadrant": "friends",
            "influence": -1,
            "knows_searching": "no",
            "version": 3,
        },
    ]
    svg = render_map(
        contacts,
        [(1, 2, 2)],
        MapOptions(
            title="T",
            description="D",
            interactive=True,
            editable=True,
            contact_url="/c/{id}/",
            move_url="/m/{id}/",
        ),
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'role="img" aria-labelledby="map-title map-desc"' in svg
    assert 'href="/c/2/"' in svg and 'data-version="3"' in svg
    assert "tie tie-close" in svg and ' d="M' in svg
    assert "style=" not in svg


def test_the_svg_draws_its_own_symbols_as_character_references() -> None:
    contacts = [
        {"id": 1, "label": "Jan-Willem van Dam", "ring": 1, "quadrant": "family", "influence": 1},
        {"id": 2, "label": "Ann     Bobby", "ring": 2, "quadrant": "friends", "influence": -2},
        {"id": 3, "label": "Zoë & Co", "ring": 3, "quadrant": "professional"},
        {"id": 4, "label": "Bo", "ring": 0, "quadrant": "family", "knows_searching": "yes"},
    ]
    svg = render_map(contacts, [], MapOptions(title="T", description="D"))
    # A usual map is plain ASCII (the symbols are references), so Python keeps it compact.
    assert "−" not in svg and "✓" not in svg and "…" not in svg
    assert ">&#8722;</text>" in svg and ">&#10003;</text>" in svg
    # Labels are cut as short_label cuts them; the fit attribute follows the cut length.
    assert ">Jan-Will&#8230;</text>" in svg
    assert 'text-anchor="middle">Ann&#8230;</text>' in svg
    assert ">Zoë &amp; Co</text>" in svg
    assert 'textLength="66" lengthAdjust="spacingAndGlyphs">Jan-Will&#8230;' in svg
