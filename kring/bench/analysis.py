"""Benchmark of the analysis engine: `python -m kring.bench analysis --help`."""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from typing import Any

from kring.analysis import analyse_many_dicts, schema

AS_OF = date(2024, 6, 1)
# Identical strings are shared, as a JSON decoder or the ORM would mostly do for repeated values.
_LABELS: dict[int, str] = {}
_DAYS: dict[int, str] = {}


def _label(contact_id: int) -> str:
    return _LABELS.setdefault(contact_id, f"Contact {contact_id}")


def _day(days_before: int) -> str:
    return _DAYS.setdefault(days_before, (AS_OF - timedelta(days=days_before)).isoformat())


def make_network(rng: random.Random, contacts: int, ties: int) -> dict[str, Any]:
    """Give back one realistic random network in the plain-dict format."""
    items: list[dict[str, Any]] = []
    for contact_id in range(1, contacts + 1):
        item: dict[str, Any] = {
            "id": contact_id,
            "label": _label(contact_id),
            "quadrant": rng.choice(schema.QUADRANTS),
            "ring": rng.randint(0, 4),
            "role": rng.choice(schema.ROLES),
        }
        if rng.random() < 0.8:
            item["functions"] = rng.sample(schema.FUNCTIONS, rng.randint(0, 3))
        if rng.random() < 0.4:
            item["potential_functions"] = rng.sample(schema.FUNCTIONS, rng.randint(0, 2))
        if rng.random() < 0.9:
            item["influence"] = rng.randint(-2, 2)
        if rng.random() < 0.7:
            item["normalises_unemployment"] = rng.choice(schema.NORMALISES)
        if rng.random() < 0.9:
            item["knows_searching"] = rng.choice(schema.KNOWS_SEARCHING)
        if rng.random() < 0.8:
            item["approachable"] = rng.choice(schema.APPROACHABLE)
        if rng.random() < 0.8:
            item["employment"] = rng.choice(schema.EMPLOYMENT)
        if rng.random() < 0.5:
            item["sector"] = rng.choice(schema.SECTORS)
        if rng.random() < 0.4:
            item["occupation"] = "cook"
        if rng.random() < 0.5:
            item["in_target_sector"] = rng.choice([True, False, None])
        if rng.random() < 0.3:
            item["can_introduce"] = rng.random() < 0.5
        if rng.random() < 0.8:
            item["contact_frequency"] = rng.choice(schema.CONTACT_FREQUENCIES)
        if rng.random() < 0.5:
            item["last_contact"] = _day(rng.randint(0, 700))
        if rng.random() < 0.2:
            item["is_new"] = True
            item["added_on"] = _day(rng.randint(0, 90))
            if contact_id > 1 and rng.random() < 0.5:
                item["introduced_by"] = rng.randint(1, contact_id - 1)
        if rng.random() < 0.2:
            item["ally"] = rng.random() < 0.5
        items.append(item)
    seen: set[tuple[int, int]] = set()
    tie_list: list[list[int]] = []
    limit = min(ties, contacts * (contacts - 1) // 2)
    while len(tie_list) < limit:
        a, b = rng.sample(range(1, contacts + 1), 2)
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        tie_list.append([a, b] if rng.random() < 0.7 else [a, b, rng.choice([1, 2])])
    return {"contacts": items, "ties": tie_list}


def read_once(networks: list[dict[str, Any]]) -> int:
    """The floor: touch every contact field and every tie end once, in plain Python."""
    touched = 0
    for network in networks:
        for contact in network["contacts"]:
            for _field in contact.items():
                touched += 1
        for tie in network["ties"]:
            for _end in tie:
                touched += 1
    return touched


def ego_edges(network: dict[str, Any]) -> tuple[list[Any], list[tuple[Any, Any]]]:
    formal = set(schema.FORMAL_ROLES)
    members = [
        c["id"] for c in network["contacts"] if c["ring"] >= 1 and c.get("role") not in formal
    ]
    ids = set(members)
    edges = [("ego", m) for m in members]
    edges += [(t[0], t[1]) for t in network["ties"] if t[0] in ids and t[1] in ids]
    return members, edges


def igraph_constraint(networks: list[dict[str, Any]]) -> None:
    import igraph

    for network in networks:
        members, edges = ego_edges(network)
        position = {m: i + 1 for i, m in enumerate(members)}
        position["ego"] = 0
        graph = igraph.Graph(
            n=len(members) + 1, edges=[(position[a], position[b]) for a, b in edges]
        )
        graph.constraint([0])


def networkx_constraint(networks: list[dict[str, Any]]) -> None:
    import networkx as nx

    for network in networks:
        _, edges = ego_edges(network)
        graph = nx.Graph()
        graph.add_node("ego")
        graph.add_edges_from(edges)
        nx.effective_size(graph, ["ego"])
        nx.constraint(graph, ["ego"])


def analyse_batch(networks: list[dict[str, Any]]) -> None:
    """Kring: validate every network and build its full `Indicators` result (public API)."""
    results = analyse_many_dicts(networks, as_of=AS_OF)
    assert len(results) == len(networks)


def _timed(action: Any, *arguments: Any) -> float:
    """Give back the CPU time of one call (the development box is shared, so not wall time)."""
    gc.collect()
    start = time.process_time()
    action(*arguments)
    return time.process_time() - start


def _traced_peak_mb(action: Any, *arguments: Any) -> float:
    """Give back the peak of memory allocated during one call, as traced by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        action(*arguments)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; give back 0 when every target is met, 1 otherwise."""
    parser = argparse.ArgumentParser(
        prog="python -m kring.bench analysis",
        description="Time Kring's indicator engine against a plain read, igraph and networkx.",
    )
    parser.add_argument("--networks", type=int, default=10_000, help="networks (default 10000)")
    parser.add_argument("--contacts", type=int, default=60, help="contacts each (default 60)")
    parser.add_argument("--ties", type=int, default=200, help="ties each (default 200)")
    parser.add_argument(
        "--sample", type=int, default=200, help="networks timed with networkx (default 200)"
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs of floor, kring, igraph; best counts"
    )
    arguments = parser.parse_args(argv)

    rng = random.Random(arguments.seed)
    networks = [
        make_network(rng, arguments.contacts, arguments.ties) for _ in range(arguments.networks)
    ]
    count = len(networks)
    sample = networks[: max(1, min(arguments.sample, count))]
    fields = sum(len(c) for network in networks for c in network["contacts"]) / count
    input_mb = _rss_mb()
    print(
        f"{count} networks, {arguments.contacts} contacts ({fields / arguments.contacts:.1f} "
        f"fields filled on average) and {arguments.ties} ties each (seed {arguments.seed}); "
        f"input held in memory: max RSS {input_mb:.0f} MB; CPU time, best of {arguments.repeat}"
    )

    # Interleaved, so that a busy moment on the machine does not favour one contender.
    floors, krings, igraphs = [], [], []
    for _ in range(max(1, arguments.repeat)):
        floors.append(_timed(read_once, networks))
        krings.append(_timed(analyse_batch, networks))
        igraphs.append(_timed(igraph_constraint, networks))
    floor, kring, igraph_time = (min(times) / count for times in (floors, krings, igraphs))
    networkx_time = _timed(networkx_constraint, sample) / len(sample)
    peak_mb = _rss_mb()
    traced_mb = _traced_peak_mb(analyse_batch, networks)

    rows = [
        ("floor (read every field and tie end once)", floor),
        ("kring (validate + all indicators + results)", kring),
        ("igraph (build + constraint only)", igraph_time),
        (f"networkx (eff. size + constraint, {len(sample)} sampled)", networkx_time),
    ]
    for name, seconds in rows:
        print(f"  {name:52s} {seconds * 1e6:10.1f} µs/network")
    print(f"  {'kring step, tracemalloc peak':52s} {traced_mb:10.1f} MB")
    checks = [
        ("kring / floor", kring / floor, "<=", 1.5),
        ("kring / igraph", kring / igraph_time, "<=", 2.0),
        ("networkx / kring", networkx_time / kring, ">=", 1000.0),
        ("peak memory (MB)", peak_mb, "<", 1024.0),
    ]
    all_met = True
    for name, value, relation, target in checks:
        met = value <= target if relation == "<=" else value >= target
        if relation == "<":
            met = value < target
        all_met = all_met and met
        print(
            f"  {name:20s} {value:10.2f}  target {relation} {target:g}  {'PASS' if met else 'MISS'}"
        )
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
