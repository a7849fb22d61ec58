"""The map's printed parts (svg.py, _print_parts): every person on a part small enough to print
names of 8 pt on A4, however large the network. tests/browser/test_print.py measures the print."""

from __future__ import annotations

import random
import re

import pytest
from django.utils import translation

from kring.network.layout import QUADRANT_ANGLES, NodeIn, layout
from kring.network.svg import PRINT_PART_MAX, PRINT_PART_OVERLAP, MapOptions, render_map

VIEWBOX = re.compile(r'class="netmap netmap-part" viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')


@pytest.mark.parametrize(("count", "parts"), [(40, 4), (300, 16)])
def test_it_prints_every_person_on_a_part_small_enough_for_8_pt_names(
    count: int, parts: int
) -> None:
    rng = random.Random(count)
    nodes = [
        NodeIn(i, f"Persoon {i}", rng.choice([0, 1, 2, 3, 4]), rng.choice(list(QUADRANT_ANGLES)))
        for i in range(1, count + 1)
    ]
    contacts = [node._asdict() for node in nodes]
    with translation.override("nl"):
        svg = render_map(contacts, [], MapOptions(title="T", description="D", interactive=True))
    boxes = [tuple(map(float, match)) for match in VIEWBOX.findall(svg)]
    assert len(boxes) == parts
    assert all(width <= PRINT_PART_MAX + PRINT_PART_OVERLAP for _x, _y, width, _h in boxes)
    for node in layout(nodes).nodes.values():
        assert any(x <= node.x <= x + w and y <= node.y <= y + h for x, y, w, h in boxes)
    # The parts repeat both layers of the map; a split part says which piece it is.
    assert svg.count('<use href="#map-picture"') == parts
    assert svg.count('<use href="#map-nodes"') == parts
    if parts > 4:
        assert "<figcaption>familie, stuk 1 van 4</figcaption>" in svg
