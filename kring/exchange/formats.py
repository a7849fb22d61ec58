"""Network exports: GraphML and GEXF for network tools, CSV for spreadsheets.

Django-free; works on a plain dict::

    {"contacts": [{"id": 1, "label": "Sanne B.", "ring": 2, "quadrant": "friends", ...}],
     "ties": [[1, 2, 1], ...]}  # [contact id, contact id, strength 1 or 2]

XML is written by hand with every text escaped and characters XML 1.0 forbids removed.
CSV cells that a spreadsheet would run as a formula get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from kring.analysis import schema

Network = Mapping[str, Any]

# DOMAIN.md §3 order (the analysis schema's list); other keys follow alphabetically.
FIELD_ORDER = tuple(name for name in schema.FIELDS if name not in ("id", "ally", "added_on"))
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EGO_ID = "ego"


def safe_csv_cell(value: object) -> str:
    """Return value as CSV cell text that a spreadsheet will not run as a formula.

    Text starting with = + - @ tab or carriage return gets a leading apostrophe, so Excel,
    LibreOffice and Google Sheets show it as text. Numbers stay numbers (-2 is a value,
    not a formula); booleans become true/false; None becomes an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        text = "|".join(str(item) for item in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _contacts(network: Network) -> list[Mapping[str, Any]]:
    return list(network.get("contacts") or [])


def _ties(network: Network) -> list[Sequence[Any]]:
    return list(network.get("ties") or [])


def _field_names(contacts: Iterable[Mapping[str, Any]]) -> list[str]:
    present: set[str] = set()
    for contact in contacts:
        present.update(key for key in contact if key != "id")
    ordered = [name for name in FIELD_ORDER if name in present]
    return ordered + sorted(present.difference(FIELD_ORDER))


def _xml_type(values: list[Any]) -> str:
    """Return the GraphML type that holds every value: boolean, int, double or string."""
    present = [value for value in values if value is not None]
    if present and all(isinstance(value, bool) for value in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _xml(value: object) -> str:
    text = _XML_FORBIDDEN.sub("\ufffd", str(value))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
    )


def _value_text(value: object, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(str(item) for item in value)
    return str(value)


def _node_ids(contacts: list[Mapping[str, Any]], include_ego: bool) -> list[str]:
    ids = [str(contact.get("id")) for contact in contacts]
    if len(set(ids)) != len(ids):
        raise ValueError("contact ids must be unique")
    if include_ego and EGO_ID in ids:
        raise ValueError(f"a contact has the id '{EGO_ID}', which is kept for the job seeker")
    return ids


def _edges(
    network: Network, ids: list[str], include_ego: bool
) -> list[tuple[str, str, int | None]]:
    known = set(ids)
    edges: list[tuple[str, str, int | None]] = []
    for tie in _ties(network):
        source, target = str(tie[0]), str(tie[1])
        if source not in known or target not in known:
            raise ValueError(f"tie {source}–{target} refers to an unknown contact")
        strength = int(tie[2]) if len(tie) > 2 and tie[2] is not None else 1
        edges.append((source, target, strength))
    if include_ego:
        # The job seeker knows every contact except the ring-0 "could approach" ones.
        for node_id, contact in zip(ids, _contacts(network), strict=True):
            if contact.get("ring") != 0:
                edges.append((EGO_ID, node_id, None))
    return edges


def _attributes(contacts: list[Mapping[str, Any]], include_ego: bool) -> list[tuple[str, str]]:
    """Return (name, type) for every node attribute except the label."""
    names = list(_field_names(contacts))
    attributes = [(name, _xml_type([c.get(name) for c in contacts])) for name in names]
    if include_ego:
        attributes.append(("ego", "boolean"))
    return attributes


def _attribute_texts(
    contact: Mapping[str, Any], attributes: list[tuple[str, str]]
) -> Iterator[tuple[int, str]]:
    """Yield (attribute index, escaped text) for each attribute the contact has a value for.

    A contact is never the ego, so "ego" is always false; the ego node is written apart.
    """
    for index, (name, kind) in enumerate(attributes):
        value = False if name == "ego" else contact.get(name)
        if value is not None:
            yield index, _xml(_value_text(value, kind))


def to_graphml(network: Network, *, include_ego: bool = False) -> bytes:
    """Return the network as GraphML (UTF-8), with typed node and edge attributes.

    include_ego adds the job seeker as node "ego" tied to every contact in rings 1–4, and
    a boolean "ego" attribute on every node.
    """
    contacts = _contacts(network)
    ids = _node_ids(contacts, include_ego)
    attributes = _attributes(contacts, include_ego)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    key_ids: dict[str, str] = {}
    for index, (name, kind) in enumerate(attributes):
        key_ids[name] = f"n{index}"
        out.append(f'  <key id="n{index}" for="node" attr.name="{_xml(name)}" attr.type="{kind}"/>')
    out.append('  <key id="e0" for="edge" attr.name="strength" attr.type="int"/>')
    out.append('  <graph id="network" edgedefault="undirected">')
    if include_ego:
        out.append(f'    <node id="{EGO_ID}">')
        if "label" in key_ids:
            out.append(f'      <data key="{key_ids["label"]}">{EGO_ID}</data>')
        out.append(f'      <data key="{key_ids["ego"]}">true</data>')
        out.append("    </node>")
    for node_id, contact in zip(ids, contacts, strict=True):
        out.append(f'    <node id="{_xml(node_id)}">')
        for index, text in _attribute_texts(contact, attributes):
            out.append(f'      <data key="n{index}">{text}</data>')
        out.append("    </node>")
    for source, target, strength in _edges(network, ids, include_ego):
        line = f'    <edge source="{_xml(source)}" target="{_xml(target)}"'
        if strength is None:
            out.append(line + "/>")
        else:
            out.append(line + f'><data key="e0">{strength}</data></edge>')
    out.append("  </graph>")
    out.append("</graphml>")
    return ("\n".join(out) + "\n").encode("utf-8")


_GEXF_TYPES = {"boolean": "boolean", "int": "integer", "double": "double", "string": "string"}


def to_gexf(network: Network, *, include_ego: bool = False) -> bytes:
    """Return the network as GEXF 1.2 (UTF-8) for Gephi, with typed node attributes.

    include_ego adds the job seeker as node "ego", as in to_graphml.
    """
    contacts = _contacts(network)
    ids = _node_ids(contacts, include_ego)
    attributes = [item for item in _attributes(contacts, include_ego) if item[0] != "label"]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
        "  <meta><creator>Kring</creator></meta>",
        '  <graph mode="static" defaultedgetype="undirected">',
        '    <attributes class="node" mode="static">',
    ]
    for index, (name, kind) in enumerate(attributes):
        out.append(
            f'      <attribute id="{index}" title="{_xml(name)}" type="{_GEXF_TYPES[kind]}"/>'
        )
    out.append("    </attributes>")
    out.append('    <attributes class="edge" mode="static">')
    out.append('      <attribute id="strength" title="strength" type="integer"/>')
    out.append("    </attributes>")
    out.append("    <nodes>")
    if include_ego:
        ego_index = len(attributes) - 1
        out.append(f'      <node id="{EGO_ID}" label="{EGO_ID}"><attvalues>')
        out.append(f'        <attvalue for="{ego_index}" value="true"/>')
        out.append("      </attvalues></node>")
    for node_id, contact in zip(ids, contacts, strict=True):
        label = contact.get("label")
        label_text = _xml(label if label is not None else node_id)
        out.append(f'      <node id="{_xml(node_id)}" label="{label_text}"><attvalues>')
        for index, text in _attribute_texts(contact, attributes):
            out.append(f'        <attvalue for="{index}" value="{text}"/>')
        out.append("      </attvalues></node>")
    out.append("    </nodes>")
    out.append("    <edges>")
    for index, (source, target, strength) in enumerate(_edges(network, ids, include_ego)):
        line = f'      <edge id="{index}" source="{_xml(source)}" target="{_xml(target)}"'
        if strength is None:
            out.append(line + "/>")
        else:
            out.append(
                line + f' weight="{strength}"><attvalues>'
                f'<attvalue for="strength" value="{strength}"/></attvalues></edge>'
            )
    out.append("    </edges>")
    out.append("  </graph>")
    out.append("</gexf>")
    return ("\n".join(out) + "\n").encode("utf-8")


def write_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """Return the header and rows as CSV text, each cell made safe for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_csv_cell(value) for value in row])
    return buffer.getvalue()


def to_nodes_csv(network: Network) -> str:
    """Return one CSV row per contact: id, then the fields in DOMAIN.md order."""
    contacts = _contacts(network)
    names = _field_names(contacts)
    return write_csv(
        ["id", *names],
        ([contact.get("id"), *(contact.get(n) for n in names)] for contact in contacts),
    )


def to_edges_csv(network: Network) -> str:
    """Return one CSV row per tie: source, target, strength."""
    return write_csv(
        ["source", "target", "strength"],
        ([tie[0], tie[1], tie[2] if len(tie) > 2 else 1] for tie in _ties(network)),
    )
