"""Indicator values: hand-checked cases, a plain reference implementation and networkx."""

from __future__ import annotations

import json
import math
import random
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kring.analysis import (
    INDICATORS,
    Indicators,
    Network,
    NetworkError,
    analyse,
    analyse_many,
    analyse_many_dicts,
    engine,
    schema,
)
from kring.bench.analysis import make_network

from .factories import contact, network, networks

AS_OF = date(2024, 6, 1)
FORMAL = set(schema.FORMAL_ROLES)


def indicators_of(data: dict[str, Any]) -> dict[str, Any]:
    return analyse(Network.from_dict(data), as_of=AS_OF).as_dict()


def members(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in data["contacts"] if c["ring"] >= 1 and c.get("role") not in FORMAL]


def ego_graph(data: dict[str, Any]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("ego")
    ids = {c["id"] for c in members(data)}
    for contact_id in ids:
        graph.add_edge("ego", contact_id)
    for tie in data["ties"]:
        if tie[0] in ids and tie[1] in ids:
            graph.add_edge(tie[0], tie[1])
    return graph


def reference(data: dict[str, Any]) -> dict[str, Any]:
    """Give back indicators computed the slow, obvious way from DOMAIN.md §4."""
    a = members(data)
    n = len(a)
    ids = {c["id"] for c in a}
    mutual = {c["id"]: 0 for c in a}
    for tie in data["ties"]:
        if tie[0] in ids and tie[1] in ids:
            mutual[tie[0]] += 1
            mutual[tie[1]] += 1

    def share(count: int, total: int) -> float | None:
        return count / total if total else None

    def blau(field: str) -> float | None:
        values = [c.get(field) for c in a if c.get(field) not in (None, "", "unknown")]
        if not values:
            return None
        return 1 - sum((values.count(v) / len(values)) ** 2 for v in set(values))

    emp = [c.get("employment") for c in a]
    external = sum(e in ("employed", "self_employed", "student") for e in emp)
    internal = sum(e in ("job_seeking", "benefits") for e in emp)
    given = {f for c in a for f in c.get("functions") or []}
    new = [c for c in a if c.get("is_new")]
    formal = sum(1 for c in data["contacts"] if c["ring"] >= 1 and c.get("role") in FORMAL)
    recent = [
        c
        for c in new
        if c.get("added_on")
        and AS_OF - timedelta(days=30) < date.fromisoformat(c["added_on"]) <= AS_OF
    ]
    return {
        "size": n,
        "potential": sum(c["ring"] == 0 for c in data["contacts"])
        + sum(c.get("approachable") in ("yes", "maybe") for c in a),
        "supportive": sum((c.get("influence") or 0) >= 1 for c in a),
        "discouraging_share": share(
            sum(
                (c.get("influence") or 0) <= -1 or c.get("normalises_unemployment") == "yes"
                for c in a
            ),
            n,
        ),
        "aware_share": share(sum(c.get("knows_searching") == "yes" for c in a), n),
        "allies": sum(bool(c.get("ally")) for c in a),
        "function_coverage": len(given & set(schema.COUNTED_FUNCTIONS)) / 7,
        "functions_missing": [f for f in schema.COUNTED_FUNCTIONS if f not in given],
        "multiplexity": share(sum(len(set(c.get("functions") or [])) for c in a), n),
        "strong": sum(c["ring"] <= 2 for c in a),
        "weak": sum(c["ring"] >= 3 for c in a),
        "moderately_weak": sum(c["ring"] >= 3 and 1 <= mutual[c["id"]] <= 10 for c in a),
        "working_share": share(sum(e in ("employed", "self_employed") for e in emp), n),
        "target_sector_reach": sum(c.get("in_target_sector") is True for c in a),
        "blau_quadrant": blau("quadrant"),
        "blau_role": blau("role"),
        "blau_employment": blau("employment"),
        "blau_sector": blau("sector"),
        "ei_index": share(external - internal, external + internal),
        "isolates": sum(mutual[i] == 0 for i in ids),
        "formal_share": share(formal, formal + n),
        "new_ties_30d": len(recent),
        "brokered_share": share(sum(c.get("introduced_by") is not None for c in new), len(new)),
    }


def assert_close(actual: Any, expected: Any) -> None:
    if expected is None or actual is None:
        assert actual is expected
    elif isinstance(expected, float):
        assert actual == pytest.approx(expected, abs=1e-9)
    else:
        assert actual == expected


@settings(max_examples=60, deadline=None)
@given(networks())
def test_it_matches_networkx_and_the_reference(data: dict[str, Any]) -> None:
    result = indicators_of(data)
    for key, expected in reference(data).items():
        assert_close(result[key], expected)

    graph = ego_graph(data)
    contacts_only = graph.subgraph([node for node in graph if node != "ego"])
    n = contacts_only.number_of_nodes()
    if n == 0:
        assert result["effective_size"] is None
        assert result["constraint"] is None
        assert result["components"] == 0
    else:
        assert abs(result["effective_size"] - nx.effective_size(graph)["ego"]) < 1e-9
        assert abs(result["constraint"] - nx.constraint(graph, ["ego"])["ego"]) < 1e-9
        assert result["components"] == nx.number_connected_components(contacts_only)
        assert result["isolates"] == nx.number_of_isolates(contacts_only)
    if n < 2:
        assert result["density"] is None
    else:
        assert abs(result["density"] - nx.density(contacts_only)) < 1e-12
    assert not any(isinstance(v, float) and math.isnan(v) for v in result.values())
    json.dumps(result, allow_nan=False)


@settings(max_examples=30, deadline=None)
@given(st.lists(networks(max_contacts=12), max_size=4))
def test_analyse_many_matches_analyse(datas: list[dict[str, Any]]) -> None:
    single = [analyse(Network.from_dict(d), as_of=AS_OF) for d in datas]
    assert analyse_many([Network.from_dict(d) for d in datas], as_of=AS_OF) == single
    assert analyse_many_dicts(list(datas), as_of=AS_OF) == single


def test_it_defines_everything_for_an_empty_network() -> None:
    result = indicators_of(network([]))
    assert result["size"] == 0
    assert result["components"] == 0
    for key in ("density", "effective_size", "efficiency", "constraint", "aware_share"):
        assert result[key] is None
    assert result["function_coverage"] == 0.0
    assert result["functions_missing"] == list(schema.COUNTED_FUNCTIONS)


def test_it_handles_a_single_contact() -> None:
    result = indicators_of(network([contact(1)]))
    assert result["density"] is None
    assert result["effective_size"] == 1.0
    assert result["efficiency"] == 1.0
    assert result["constraint"] == 1.0
    assert result["components"] == 1
    assert result["isolates"] == 1


def test_it_handles_a_star_and_a_clique() -> None:
    contacts = [contact(i) for i in range(1, 5)]
    star = indicators_of(network(contacts))
    assert star["density"] == 0.0
    assert star["effective_size"] == 4.0
    assert star["constraint"] == pytest.approx(0.25)
    assert star["components"] == 4
    clique_ties = [[a, b] for a in range(1, 5) for b in range(a + 1, 5)]
    clique = indicators_of(network(contacts, clique_ties))
    assert clique["density"] == 1.0
    assert clique["effective_size"] == 1.0
    assert clique["components"] == 1
    assert clique["isolates"] == 0


def test_it_excludes_ring_zero_and_formal_contacts_and_their_ties() -> None:
    contacts = [
        contact(1),
        contact(2, ring=2),
        contact(3, ring=0, approachable="yes"),
        contact(4, ring=1, role="job_coach"),
        contact(5, ring=0, role="case_manager"),
    ]
    result = indicators_of(network(contacts, [[1, 3], [2, 4], [3, 4]]))
    assert result["size"] == 2
    assert result["density"] == 0.0
    assert result["potential"] == 2
    assert result["formal_share"] == pytest.approx(1 / 3)
    assert result["isolates"] == 2


def test_it_counts_new_ties_in_the_last_30_days() -> None:
    contacts = [
        contact(1),
        contact(2, is_new=True, added_on="2024-06-01", introduced_by=1),
        contact(3, is_new=True, added_on="2024-05-03"),
        contact(4, is_new=True, added_on="2024-05-02"),
        contact(5, is_new=True),
        contact(6, is_new=True, added_on="2024-06-02"),
    ]
    result = indicators_of(network(contacts))
    assert result["new_ties_30d"] == 2
    assert result["brokered_share"] == pytest.approx(1 / 5)


def test_it_leaves_unknown_categories_out_of_blau() -> None:
    contacts = [
        contact(1, employment="employed"),
        contact(2, employment="unknown", sector=""),
        contact(3, employment="benefits"),
    ]
    result = indicators_of(network(contacts))
    assert result["blau_employment"] == 0.5
    assert result["iqv_employment"] == pytest.approx(0.5 / (1 - 1 / 7))
    assert result["blau_sector"] is None
    assert result["ei_index"] == 0.0


def test_it_reports_every_documented_key() -> None:
    keys = set(indicators_of(network([contact(1)])))
    assert keys == set(Indicators._fields) == set(INDICATORS)


def test_batches_larger_than_a_chunk_give_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "_CHUNK", 7)
    rng = random.Random(7)
    datas = [make_network(rng, rng.randint(0, 12), 20) for _ in range(40)]
    single = [analyse(Network.from_dict(d), as_of=AS_OF) for d in datas]
    assert analyse_many_dicts(datas, as_of=AS_OF) == single
    datas[17] = network([contact(1, ring=9)])
    with pytest.raises(NetworkError, match=r"^networks\[17\]: contacts\[0\]"):
        analyse_many_dicts(datas, as_of=AS_OF)
