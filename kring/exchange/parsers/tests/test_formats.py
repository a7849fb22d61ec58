from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kring.exchange.formats import (
    safe_csv_cell,
    to_edges_csv,
    to_gexf,
    to_graphml,
    to_nodes_csv,
)


def network(**overrides: Any) -> dict[str, Any]:
    contacts: list[dict[str, Any]] = [
        {
            "id": 1,
            "label": 'Sanne <B.> & "co"',
            "ring": 2,
            "quadrant": "friends",
            "role": "friend",
            "influence": -1,
            "can_hire": True,
            "functions": ["E", "P"],
            "note": None,
        },
        {
            "id": 2,
            "label": '=HYPERLINK("x")',
            "ring": 0,
            "quadrant": "family",
            "role": "relative",
            "influence": 2,
            "can_hire": False,
        },
        {"id": 3, "label": "Mo", "ring": 4, "quadrant": "professional", "role": "job_coach"},
    ]
    result: dict[str, Any] = {"contacts": contacts, "ties": [[1, 2, 2], [2, 3, 1]]}
    result.update(overrides)
    return result


def test_it_writes_graphml_that_networkx_reads_with_types() -> None:
    graph = nx.read_graphml(io.BytesIO(to_graphml(network())))
    assert sorted(graph.nodes) == ["1", "2", "3"]
    sanne = graph.nodes["1"]
    assert sanne["label"] == 'Sanne <B.> & "co"'
    assert sanne["ring"] == 2 and isinstance(sanne["ring"], int)
    assert sanne["influence"] == -1
    assert sanne["can_hire"] is True
    assert graph.nodes["2"]["can_hire"] is False
    assert sanne["quadrant"] == "friends"
    assert "note" not in sanne
    assert graph.edges["1", "2"]["strength"] == 2


def test_it_adds_the_ego_node_when_asked() -> None:
    graph = nx.read_graphml(io.BytesIO(to_graphml(network(), include_ego=True)))
    assert graph.nodes["ego"]["ego"] is True
    assert graph.nodes["1"]["ego"] is False
    # ring 0 means "not yet a contact", so no tie to the job seeker
    assert sorted(graph.neighbors("ego")) == ["1", "3"]


def test_it_writes_gexf_that_networkx_reads_with_types() -> None:
    graph = nx.read_gexf(io.BytesIO(to_gexf(network(), include_ego=True)))
    sanne = graph.nodes["1"]
    assert sanne["label"] == 'Sanne <B.> & "co"'
    assert sanne["ring"] == 2 and isinstance(sanne["ring"], int)
    assert sanne["can_hire"] is True
    assert graph.nodes["ego"]["ego"] is True
    assert graph.edges["1", "2"]["strength"] == 2
    assert graph.number_of_edges() == 4


def test_it_refuses_ties_to_unknown_contacts() -> None:
    with pytest.raises(ValueError, match="unknown contact"):
        to_graphml(network(ties=[[1, 99, 1]]))


def test_it_writes_an_empty_network() -> None:
    assert (
        nx.read_graphml(io.BytesIO(to_graphml({"contacts": [], "ties": []}))).number_of_nodes() == 0
    )
    assert (
        nx.read_gexf(io.BytesIO(to_gexf({"contacts": []}, include_ego=True))).number_of_nodes() == 1
    )


def test_it_writes_node_and_edge_csv_with_formulas_neutralised() -> None:
    rows = list(csv.reader(io.StringIO(to_nodes_csv(network()))))
    assert rows[0] == [
        "id",
        "label",
        "quadrant",
        "ring",
        "role",
        "functions",
        "influence",
        "can_hire",
        "note",
    ]
    assert rows[1][1:8] == ['Sanne <B.> & "co"', "friends", "2", "friend", "E|P", "-1", "true"]
    assert rows[2][1] == '\'=HYPERLINK("x")'
    edges = list(csv.reader(io.StringIO(to_edges_csv(network()))))
    assert edges == [["source", "target", "strength"], ["1", "2", "2"], ["2", "3", "1"]]


@given(text=st.text())
def test_it_neutralises_every_formula_start(text: str) -> None:
    cell = safe_csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    if text.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert cell == "'" + text
    else:
        assert cell == text


def test_it_keeps_numbers_as_numbers() -> None:
    assert safe_csv_cell(-2) == "-2"
    assert safe_csv_cell(None) == ""
    assert safe_csv_cell(True) == "true"
    assert safe_csv_cell("-2") == "'-2"


label_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(label_text, min_size=1, max_size=5), ring=st.integers(0, 4))
def test_it_writes_well_formed_xml_for_any_label(labels: list[str], ring: int) -> None:
    net = {
        "contacts": [
            {"id": i, "label": label, "ring": ring, "quadrant": "friends"}
            for i, label in enumerate(labels)
        ],
        "ties": [],
    }
    for data, reader in ((to_graphml(net), nx.read_graphml), (to_gexf(net), nx.read_gexf)):
        graph = reader(io.BytesIO(data))
        assert graph.number_of_nodes() == len(labels)
        for i, label in enumerate(labels):
            read = graph.nodes[str(i)].get("label", "")
            if label.isprintable() and label == label.strip():
                assert read == label
