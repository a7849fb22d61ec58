"""Draw the netwerkcirkel as SVG from contacts and ties (the layout comes from layout.py).

Built as a string rather than through template loops: a map of 150 contacts and 1,000 ties
re-renders on every move, and this keeps that fast. Every piece of user text passes through
`html.escape` before it is joined, so the one `mark_safe` at the end wraps escaped text only.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kring.network.layout import (
    EGO_RADIUS,
    NODE_RADIUS,
    QUADRANT_LABEL_FONT,
    RING_ORDER,
    Layout,
    NodeIn,
    layout,
)
from kring.network.models import Quadrant, Ring, initials_for

SHORT_LABEL = 9


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


def _node_markup(contact: Mapping[str, Any], x: float, y: float) -> list[str]:
    influence = int(contact.get("influence") or 0)
    kind = "supportive" if influence >= 1 else "discouraging" if influence <= -1 else "neutral"
    label = str(contact["label"])
    short = short_label(label)
    fit = ' textLength="66" lengthAdjust="spacingAndGlyphs"' if len(short) > 7 else ""
    parts = [
        f'<circle class="node-dot node-{kind}" r="{NODE_RADIUS}"/>',
        f'<text class="node-initials" y="5" text-anchor="middle">{_e(initials_for(label))}</text>',
        f'<text class="node-label" y="32" text-anchor="middle"{fit}>{_e(short)}</text>',
    ]
    if kind != "neutral":
        sign = "+" if kind == "supportive" else "−"
        parts.append(
            f'<circle class="badge badge-{kind}" cx="-14" cy="-13" r="7"/>'
            f'<text class="badge-text" x="-14" y="-9" text-anchor="middle">{sign}</text>'
        )
    if contact.get("knows_searching") == "yes":
        parts.append(
            '<circle class="badge badge-knows" cx="14" cy="-13" r="7"/>'
            '<text class="badge-text badge-text-knows" x="14" y="-9" text-anchor="middle">✓</text>'
        )
    return parts


def node_description(contact: Mapping[str, Any], words: Mapping[str, str] | None = None) -> str:
    """Return the words a screen reader hears for one contact on the map."""
    words = words or _words()
    parts = [
        str(contact["label"]),
        words[f"ring{int(contact['ring'])}"],
        words[str(contact["quadrant"])],
    ]
    influence = int(contact.get("influence") or 0)
    if influence >= 1:
        parts.append(words["supportive"])
    elif influence <= -1:
        parts.append(words["discouraging"])
    if contact.get("knows_searching") == "yes":
        parts.append(words["knows"])
    return ", ".join(parts)


def _words() -> dict[str, str]:
    """Return the translated words the map repeats, looked up once per drawing."""
    words = {f"ring{value}": str(label) for value, label in Ring.choices}
    words.update({value: str(label) for value, label in Quadrant.choices})
    words["supportive"] = _("supportive")
    words["discouraging"] = _("discouraging")
    words["knows"] = _("knows you are looking for work")
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
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
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
    # Ties are two paths (one per strength), each a run of "M x,y L x,y" segments: far less
    # markup and work than a thousand <line> elements, and the picture is the same.
    points = {key: f"{node.x:g},{node.y:g}" for key, node in nodes.items()}
    segments: dict[bool, list[str]] = {False: [], True: []}
    for tie in ties:
        first, second = points.get(tie[0]), points.get(tie[1])
        if first is not None and second is not None:
            segments[len(tie) > 2 and tie[2] == 2].append(f"M{first}L{second}")
    out.append('<g class="ties">')
    for close, css in ((False, "tie"), (True, "tie tie-close")):
        if segments[close]:
            out.append(f'<path class="{css}" d="{"".join(segments[close])}"/>')
    out.append("</g>")
    out.append(
        f'<circle class="ego" r="{EGO_RADIUS - 6}"/>'
        f'<text class="ego-label" y="6" text-anchor="middle">{_e(options.ego_label or _("Me"))}'
        "</text>"
    )
    if not options.interactive:
        out.append('<g class="nodes">')
        for contact in contacts:
            node = nodes[int(contact["id"])]
            out.append(f'<g class="node" transform="translate({node.x:g} {node.y:g})">')
            out.extend(_node_markup(contact, node.x, node.y))
            out.append("</g>")
        out.append("</g>")
    out.append("</svg>")

    if options.interactive:
        hint_id = f"{prefix}-hint"
        group_label = _("Contacts on the map")
        out.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="netmap netmap-nodes" '
            f'viewBox="{box}" width="{2 * half:g}" height="{2 * half:g}" role="group" '
            f'aria-label="{_e(group_label)}" data-bounds="{bounds}" '
            f'data-editable="{"1" if options.editable else "0"}" '
            f'data-move-url="{_e(options.move_url)}">'
        )
        hint = (
            _("Arrow keys: up and down change the ring, left and right change the quadrant.")
            if options.editable
            else ""
        )
        words = _words()
        for contact in contacts:
            node = nodes[int(contact["id"])]
            contact_id = int(contact["id"])
            url = options.contact_url.replace("{id}", str(contact_id))
            described = f' aria-describedby="{hint_id}"' if hint else ""
            out.append(
                f'<a class="node" href="{_e(url)}" data-id="{contact_id}" '
                f'data-ring="{int(contact["ring"])}" data-quadrant="{_e(contact["quadrant"])}" '
                f'data-version="{int(contact.get("version") or 1)}" '
                f'aria-label="{_e(node_description(contact, words))}"{described} '
                f'transform="translate({node.x:g} {node.y:g})">'
                f"<title>{_e(contact['label'])}</title>"
                f'<rect class="node-hit" x="-36" y="-21" width="72" height="57" rx="8"/>'
            )
            out.extend(_node_markup(contact, node.x, node.y))
            out.append("</a>")
        if hint:
            out.append(f'<desc id="{hint_id}">{_e(hint)}</desc>')
        out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every user value above is escaped
