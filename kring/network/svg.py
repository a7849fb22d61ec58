"""Draw the netwerkcirkel as SVG from contacts and ties (the layout comes from layout.py).

Built as a string rather than through template loops: a map of 150 contacts and 1,000 ties
re-renders on every move, and this keeps that fast. Every piece of user text passes through
`html.escape` before it is joined, so the one `mark_safe` at the end wraps escaped text only.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kring.network.layout import (
    EGO_RADIUS,
    NODE_RADIUS,
    QUADRANT_ANGLES,
    QUADRANT_LABEL_FONT,
    QUADRANT_ORDER,
    RING_ORDER,
    Layout,
    NodeIn,
    layout,
)
from kring.network.models import Quadrant, Ring, initials_for

SHORT_LABEL = 9
# The geometry map.js needs to turn a drop point or an arrow key into a ring and a quadrant,
# from layout.py so the script does not repeat it: rings from the centre out, and each
# quadrant clockwise from the top right (the order of the arrow keys) with its angles.
_RINGS_ATTRIBUTE = ",".join(map(str, RING_ORDER))
_QUADRANTS_ATTRIBUTE = html.escape(
    json.dumps([[name, *QUADRANT_ANGLES[name]] for name in QUADRANT_ORDER], separators=(",", ":"))
)


def short_label(label: str) -> str:
    """Return the label cut to fit under a node on the map."""
    return label if len(label) <= SHORT_LABEL else label[: SHORT_LABEL - 1].rstrip() + "…"


@dataclass(frozen=True)
class MapOptions:
    title: str
    description: str
    id_prefix: str = "map"
    interactive: bool = False
    editable: bool = False
    contact_url: str = ""  # contains "{id}"
    move_url: str = ""  # contains "{id}"
    ego_label: str = ""
    focus_id: int | None = None


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# The symbols the map draws itself are written as character references: then the markup of a
# usual map is all ASCII, and Python builds, joins and encodes it as one-byte text instead of
# widening the whole map (135 kB for 150 contacts) to two bytes a character for a few symbols.
_MINUS, _CHECK, _ELLIPSIS = "&#8722;", "&#10003;", "&#8230;"  # −, ✓ and …
# Badges drawn on a node, by kind of influence and whether they know the person is looking.
_SIGN = {"supportive": "+", "discouraging": _MINUS}
_KNOWS_BADGE = (
    '<circle class="badge badge-knows" cx="14" cy="-13" r="7"/>'
    f'<text class="badge-text badge-text-knows" x="14" y="-9" text-anchor="middle">{_CHECK}</text>'
)
_BADGES = {
    (kind, knows): (
        f'<circle class="badge badge-{kind}" cx="-14" cy="-13" r="7"/>'
        f'<text class="badge-text" x="-14" y="-9" text-anchor="middle">{_SIGN[kind]}</text>'
        if kind in _SIGN
        else ""
    )
    + (_KNOWS_BADGE if knows else "")
    for kind in ("supportive", "neutral", "discouraging")
    for knows in (False, True)
}
_FIT = ' textLength="66" lengthAdjust="spacingAndGlyphs"'
# An ally (DOMAIN.md §2: agreed to a concrete action) gets a small star under the dot; the
# accessible name says it in words too, so the star is never the only sign.
_ALLY_BADGE = (
    '<circle class="badge badge-ally" cx="14" cy="13" r="7"/>'
    '<text class="badge-text badge-text-ally" x="14" y="17" text-anchor="middle">&#9733;</text>'
)


def _influence_kind(contact: Mapping[str, Any]) -> str:
    influence = int(contact.get("influence") or 0)
    return "supportive" if influence >= 1 else "discouraging" if influence <= -1 else "neutral"


def _node_body(label: str, escaped_label: str, kind: str, knows: bool, ally: bool = False) -> str:
    """Return the markup inside one node: dot, initials, short label and badges."""
    # The label as short_label cuts it, escaped, with the ellipsis as a reference.
    if len(label) <= SHORT_LABEL:
        short, length = escaped_label, len(label)
    else:
        cut = label[: SHORT_LABEL - 1].rstrip()
        short, length = _e(cut) + _ELLIPSIS, len(cut) + 1
    return (
        f'<circle class="node-dot node-{kind}" r="{NODE_RADIUS}"/>'
        f'<text class="node-initials" y="5" text-anchor="middle">{_e(initials_for(label))}</text>'
        f'<text class="node-label" y="32" text-anchor="middle"{_FIT if length > 7 else ""}>'
        f"{short}</text>{_BADGES[kind, knows]}{_ALLY_BADGE if ally else ''}"
    )


def node_description(contact: Mapping[str, Any], words: Mapping[str, str] | None = None) -> str:
    """Return the words a screen reader hears for one contact on the map."""
    return _describe(
        str(contact["label"]),
        int(contact["ring"]),
        contact["quadrant"],
        _influence_kind(contact),
        contact.get("knows_searching") == "yes",
        words or _words(),
        ally=contact.get("ally") is True,
    )


def _describe(
    label: str,
    ring: int,
    quadrant: object,
    kind: str,
    knows: bool,
    words: Mapping[str, str],
    *,
    ally: bool = False,
) -> str:
    description = f"{label}, {words[f'ring{ring}']}, {words[str(quadrant)]}"
    if kind != "neutral":
        description += ", " + words[kind]
    if knows:
        description += ", " + words["knows"]
    if ally:
        description += ", " + words["ally"]
    return description


def _words() -> dict[str, str]:
    """Return the translated words the map repeats, looked up once per drawing."""
    words = {f"ring{value}": str(label) for value, label in Ring.choices}
    words.update({value: str(label) for value, label in Quadrant.choices})
    words["supportive"] = _("supportive")
    words["discouraging"] = _("discouraging")
    words["knows"] = _("knows you are looking for work")
    words["ally"] = _("ally: agreed to help you")
    return words


def render_map(
    contacts: Sequence[Mapping[str, Any]],
    ties: Iterable[Sequence[int]],
    options: MapOptions,
    placed: Layout | None = None,
) -> SafeString:
    """Return the map as SVG markup: a picture layer (role=img) and, if asked, a node layer."""
    placement = placed or layout(
        NodeIn(int(c["id"]), str(c["label"]), int(c["ring"]), str(c["quadrant"])) for c in contacts
    )
    half = placement.half_size
    box = f"{-half:g} {-half:g} {2 * half:g} {2 * half:g}"
    prefix = _e(options.id_prefix)
    bounds = ",".join(f"{b:g}" for b in placement.bounds)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="netmap netmap-picture" viewBox="{box}" '
        f'id="{prefix}-picture" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'width="{2 * half:g}" height="{2 * half:g}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{prefix}-title">{_e(options.title)}</title>',
        f'<desc id="{prefix}-desc">{_e(options.description)}</desc>',
        '<g class="rings">',
    ]
    # Outermost first so inner discs paint over outer ones.
    for index in range(len(placement.bounds) - 1, -1, -1):
        radius = placement.bounds[index]
        css = "ring-ego" if index == 0 else f"ring ring-{RING_ORDER[index - 1]}"
        out.append(f'<circle class="{css}" r="{radius:g}"/>')
    out.append(
        f'<line class="axis" x1="{-placement.bounds[-1]:g}" y1="0" x2="{placement.bounds[-1]:g}" '
        f'y2="0"/><line class="axis" x1="0" y1="{-placement.bounds[-1]:g}" x2="0" '
        f'y2="{placement.bounds[-1]:g}"/>'
    )
    for index, ring in enumerate(RING_ORDER):
        inner, outer = placement.bounds[index], placement.bounds[index + 1]
        middle = (inner + outer) / 2
        out.append(
            f'<text class="ring-number" x="{middle:g}" y="5" text-anchor="middle">{ring}</text>'
        )
    out.append("</g>")
    out.append('<g class="quadrant-names">')
    for quadrant, (x, y, anchor) in placement.quadrant_labels.items():
        out.append(
            f'<text class="quadrant-name" x="{x:g}" y="{y:g}" text-anchor="{anchor}" '
            f'font-size="{QUADRANT_LABEL_FONT}">{_e(Quadrant(quadrant).label)}</text>'
        )
    out.append("</g>")
    nodes = placement.nodes
    # Each node's position as text, formatted once for the ties and the node.
    starts: dict[object, str] = {}
    ends: dict[object, str] = {}
    translations: dict[int, str] = {}
    for key, node in nodes.items():
        x_text, y_text = f"{node.x:g}", f"{node.y:g}"
        starts[key] = f"M{x_text},{y_text}"
        ends[key] = f"L{x_text},{y_text}"
        translations[key] = f"translate({x_text} {y_text})"
    out.append('<g class="ties">')
    out.extend(_tie_paths(ties, starts, ends))
    out.append("</g>")
    out.append(
        f'<circle class="ego" r="{EGO_RADIUS - 6}"/>'
        f'<text class="ego-label" y="6" text-anchor="middle">{_e(options.ego_label or _("Me"))}'
        "</text>"
    )
    if not options.interactive:
        out.append('<g class="nodes">')
        for contact in contacts:
            label = str(contact["label"])
            body = _node_body(
                label,
                _e(label),
                _influence_kind(contact),
                contact.get("knows_searching") == "yes",
                contact.get("ally") is True,
            )
            out.append(f'<g class="node" transform="{translations[int(contact["id"])]}">{body}</g>')
        out.append("</g>")
    out.append("</svg>")
    if options.interactive:
        out.extend(_node_layer(contacts, translations, options, box, half, bounds, prefix))
    out.extend(_print_parts(placement, prefix, layers=2 if options.interactive else 1))
    return mark_safe("".join(out))  # noqa: S308 - every user value above is escaped


# The printed parts of the circle are at most PRINT_PART_MAX + PRINT_PART_OVERLAP SVG units
# wide, so that on 18 cm of A4 (680 CSS px) a name, 16 units high in print (network.css),
# prints at 11.6 px (8.7 pt) or more.
PRINT_PART_MAX = 900
# Each part reaches this far past the axes, so a person drawn near an axis is not cut off.
PRINT_PART_OVERLAP = 40
# The parts in the order the map's own links name them, with the signs of their x and y.
_PRINT_QUADRANTS = (
    ("family", -1, -1),
    ("friends", 1, -1),
    ("work_school_club", 1, 1),
    ("professional", -1, 1),
)


def _print_parts(placement: Layout, prefix: str, *, layers: int) -> list[str]:
    """Return the map's print-only pages: each part of the circle, enlarged to read on paper.

    The whole circle on one A4 page prints names too small to read (5 pt for 50 people, less
    for more). After it come the four parts (each split further on a very large map), each on
    its own page at a scale where names print at 8 pt or more. They repeat the drawing with <use>, so they add little markup and follow
    the map when a move redraws it; on screen they are not shown (network.css).
    """
    half = placement.half_size
    pieces = max(1, math.ceil(half / PRINT_PART_MAX))
    size = half / pieces + PRINT_PART_OVERLAP
    ids = [f"{prefix}-picture", f"{prefix}-nodes"][:layers]
    uses = "".join(
        f'<use href="#{layer}" x="{-half:g}" y="{-half:g}" width="{2 * half:g}" '
        f'height="{2 * half:g}"/>'
        for layer in ids
    )
    out = ['<div class="map-print-parts" aria-hidden="true">']
    for quadrant, sign_x, sign_y in _PRINT_QUADRANTS:
        # Ring numbers on this part's horizontal axis: the picture draws them on the right only.
        numbers = (
            "".join(
                f'<text class="ring-number" x="{sign_x * (inner + outer) / 2:g}" y="5" '
                f'text-anchor="middle">{ring}</text>'
                for ring, inner, outer in zip(
                    RING_ORDER, placement.bounds, placement.bounds[1:], strict=False
                )
            )
            if sign_x < 0
            else ""
        )
        name = _e(Quadrant(quadrant).label)
        for row in range(pieces):
            for column in range(pieces):
                # Columns and rows counted from the centre outwards.
                x0 = -PRINT_PART_OVERLAP + column * (size - PRINT_PART_OVERLAP)
                y0 = -PRINT_PART_OVERLAP + row * (size - PRINT_PART_OVERLAP)
                x = x0 if sign_x > 0 else -x0 - size
                y = y0 if sign_y > 0 else -y0 - size
                number = row * pieces + column + 1
                caption = (
                    name
                    if pieces == 1
                    else _e(
                        _("%(part)s, piece %(number)d of %(count)d")
                        % {
                            "part": Quadrant(quadrant).label,
                            "number": number,
                            "count": pieces * pieces,
                        }
                    )
                )
                out.append(
                    f'<figure class="map-print-part"><figcaption>{caption}</figcaption>'
                    f'<svg xmlns="http://www.w3.org/2000/svg" class="netmap netmap-part" '
                    f'viewBox="{x:g} {y:g} {size:g} {size:g}" width="{size:g}" '
                    f'height="{size:g}">{uses}{numbers}</svg></figure>'
                )
    out.append("</div>")
    return out


def _tie_paths(
    ties: Iterable[Sequence[int]], starts: Mapping[object, str], ends: Mapping[object, str]
) -> list[str]:
    """Return the tie layer's paths: one per strength, each a run of "M x,y L x,y" segments.

    One path per strength is far less markup and work than a thousand <line> elements, and the
    picture is the same. Ties whose ends are not both on the map are left out.
    """
    ties = ties if isinstance(ties, list | tuple) else list(ties)
    try:
        # The usual case, [a, b, strength] with both ends drawn: two quick passes.
        runs = (
            [starts[a] + ends[b] for a, b, strength in ties if strength != 2],
            [starts[a] + ends[b] for a, b, strength in ties if strength == 2],
        )
    except (KeyError, ValueError, TypeError):
        runs = ([], [])
        for tie in ties:
            start, end = starts.get(tie[0]), ends.get(tie[1])
            if start is not None and end is not None:
                runs[len(tie) > 2 and tie[2] == 2].append(start + end)
    return [
        f'<path class="{css}" d="{"".join(run)}"/>'
        for run, css in zip(runs, ("tie", "tie tie-close"), strict=True)
        if run
    ]


def _node_layer(
    contacts: Sequence[Mapping[str, Any]],
    translations: Mapping[int, str],
    options: MapOptions,
    box: str,
    half: float,
    bounds: str,
    prefix: str,
) -> list[str]:
    """Return the focusable node layer: one link per contact that map.js drags or moves."""
    hint_id = f"{prefix}-hint"
    group_label = _("Contacts on the map")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="netmap netmap-nodes" '
        f'id="{prefix}-nodes" viewBox="{box}" width="{2 * half:g}" height="{2 * half:g}" '
        f'role="group" '
        f'aria-label="{_e(group_label)}" data-bounds="{bounds}" '
        f'data-rings="{_RINGS_ATTRIBUTE}" data-quadrants="{_QUADRANTS_ATTRIBUTE}" '
        f'data-editable="{"1" if options.editable else "0"}" '
        f'data-move-url="{_e(options.move_url)}">'
    ]
    hint = (
        _("Arrow keys: up and down change the ring, left and right change the quadrant.")
        if options.editable
        else ""
    )
    described = f' aria-describedby="{hint_id}"' if hint else ""
    # Escaping works character by character, so escaped pieces joined with ", " equal the
    # escaped description; the words and the URL template are escaped once per drawing.
    words = {key: _e(word) for key, word in _words().items()}
    url = _e(options.contact_url)
    quadrants: dict[object, str] = {}
    for contact in contacts:
        contact_id = int(contact["id"])
        label = str(contact["label"])
        escaped_label = _e(label)
        kind = _influence_kind(contact)
        knows = contact.get("knows_searching") == "yes"
        quadrant = contact["quadrant"]
        escaped_quadrant = quadrants.get(quadrant)
        if escaped_quadrant is None:
            escaped_quadrant = quadrants[quadrant] = _e(quadrant)
        ring = int(contact["ring"])
        ally = contact.get("ally") is True
        description = _describe(escaped_label, ring, quadrant, kind, knows, words, ally=ally)
        out.append(
            f'<a class="node" href="{url.replace("{id}", str(contact_id))}" '
            f'data-id="{contact_id}" data-ring="{ring}" '
            f'data-quadrant="{escaped_quadrant}" '
            f'data-version="{int(contact.get("version") or 1)}" '
            f'aria-label="{description}"{described} '
            f'transform="{translations[contact_id]}">'
            f"<title>{escaped_label}</title>"
            f'<rect class="node-hit" x="-36" y="-21" width="72" height="57" rx="8"/>'
            f"{_node_body(label, escaped_label, kind, knows, ally)}</a>"
        )
    if hint:
        out.append(f'<desc id="{hint_id}">{_e(hint)}</desc>')
    out.append("</svg>")
    return out
