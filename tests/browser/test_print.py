"""The printed map: readable names on A4 (at least 8 pt) and nothing carried by colour alone.

The browser prints A4 with 15 mm margins (print.css), so the content is 18 cm wide: 680 CSS
pixels at 96 per inch. A page that wide in print media lays the map out as the printer does;
8 pt is 10.67 CSS pixels. Each test also writes the PDF to test-artifacts/ to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse

from kring.accounts.models import User
from kring.network.models import Contact
from tests.browser.conftest import page_in
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_CONTENT_WIDTH = 680  # 180 mm at 96 CSS pixels an inch
EIGHT_POINT = 8 * 96 / 72

# Each printed part of the circle: the size its names print at, its caption, the part of the
# circle it shows (viewBox) and whether it starts a page.
PARTS = """() => [...document.querySelectorAll('.map-print-part')].map((figure) => {
    const svg = figure.querySelector('svg');
    const label = document.querySelector('.node-label');
    const box = svg.viewBox.baseVal;
    return {
        size: parseFloat(getComputedStyle(label).fontSize) * svg.getScreenCTM().a,
        caption: figure.querySelector('figcaption').textContent.trim(),
        box: [box.x, box.y, box.width, box.height],
        newPage: getComputedStyle(figure).breakBefore,
        // The ring numbers drawn inside this part: its own and those of the picture it repeats.
        rings: [...svg.querySelectorAll('.ring-number'),
                ...document.querySelectorAll('svg.netmap-picture .ring-number')]
            .filter((t) => {
                const x = t.x.baseVal[0].value, y = t.y.baseVal[0].value;
                return box.x <= x && x <= box.x + box.width && box.y <= y && y <= box.y + box.height;
            })
            .map((t) => t.textContent),
    };
})"""
# The size the names print at on the whole circle.
WHOLE = """() => {
    const svg = document.querySelector('svg.netmap-picture');
    const label = document.querySelector('.node-label');
    return parseFloat(getComputedStyle(label).fontSize) * svg.getScreenCTM().a;
}"""
# Every colour the map paints with in print, as [r, g, b].
COLOURS = """() => {
    const colours = [];
    for (const element of document.querySelectorAll('.map-stack svg *, .report-map-picture svg *')) {
        const style = getComputedStyle(element);
        for (const value of [style.fill, style.stroke, style.color]) {
            const match = value.match(/rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(, ([\\d.]+))?\\)/);
            if (match && (match[5] === undefined || parseFloat(match[5]) > 0)) {
                colours.push([match[1], match[2], match[3]].map(Number));
            }
        }
    }
    return colours;
}"""
NODES = """() => [...document.querySelectorAll('.node')].map((node) =>
    node.getAttribute('transform').slice(10, -1).split(' ').map(Number))"""


@pytest.fixture
def printer(browser: Any) -> Iterator[Any]:
    """A page laid out as the browser prints it on A4."""
    yield from page_in(browser, viewport={"width": A4_CONTENT_WIDTH, "height": 1000})


def _check_printed_map(page: Any, jobseeker: User, name: str) -> list[dict[str, Any]]:
    page.emulate_media(media="print")
    parts = page.evaluate(PARTS)
    # The whole circle comes first; then each part of it on its own page, names at least 8 pt.
    assert page.evaluate(WHOLE) > 0
    assert len(parts) >= 4
    assert min(part["size"] for part in parts) >= EIGHT_POINT, parts
    assert {part["newPage"] for part in parts} == {"page"}
    # Every person shows on a printed part, and each part says in words which part it is.
    nodes = page.evaluate(NODES)
    assert len(nodes) == Contact.objects.filter(owner=jobseeker).count()
    for x, y in nodes:
        assert any(
            box[0] <= x <= box[0] + box[2] and box[1] <= y <= box[1] + box[3]
            for box in (part["box"] for part in parts)
        ), (x, y)
    captions = " ".join(part["caption"] for part in parts)
    for quadrant in ("familie", "vrienden & kennissen", "werk, school & vereniging"):
        assert quadrant in captions
    # Rings show by their number on every part, not by their shade.
    assert all(set(part["rings"]) >= {"1", "2", "3", "4"} for part in parts), parts
    # Black and white: every colour the map prints is a grey.
    colours = page.evaluate(COLOURS)
    assert all(r == g == b for r, g, b in colours), {tuple(c) for c in colours if len(set(c)) > 1}
    page.pdf(path=f"test-artifacts/{name}.pdf", format="A4", print_background=False)
    return list(parts)


def test_it_prints_the_map_on_a4_with_names_of_at_least_8_pt_in_black_and_white(
    printer: Any, live_url: str, login: Callable[..., None], sanne: User
) -> None:
    login(printer, sanne.email, TEST_PASSWORD)
    printer.goto(live_url + reverse("network:map", args=[sanne.pk]))
    _check_printed_map(printer, sanne, "print-map-a4")


def test_it_prints_the_report_map_on_a4_with_names_of_at_least_8_pt(
    printer: Any, live_url: str, login: Callable[..., None], sanne: User
) -> None:
    login(printer, sanne.email, TEST_PASSWORD)
    printer.goto(live_url + reverse("exchange:report", args=[sanne.pk]))
    _check_printed_map(printer, sanne, "print-report-a4")
