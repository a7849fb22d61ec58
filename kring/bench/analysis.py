"""Benchmark of the analysis engine: `python -m kring.bench analysis --help`.

It stores N networks (default 10,000 of 60 contacts and 200 ties) in a throwaway database (a
temporary SQLite file; with DATABASE_URL set, the test database Django's test runner makes
next to the one named, and drops again) and times, best of --repeat interleaved runs:

- the bare read: the contacts and ties of all networks through the app's values_list queries,
  1,000 job seekers per query, against that read plus `analyse_stored` (target: at most 2x);
- the engine alone on those networks as `Columns`, against igraph building the same ego
  graphs from prepared edge lists and computing Burt's constraint alone (target: at most 2x);
- plain dicts through the validator and the engine (`analyse_many_dicts`), against networkx's
  effective size and constraint on a sample (target: Kring at least 1000x faster).

Reads are timed in wall time (the database server does part of the work), the rest in CPU
time (the development machine is shared). It exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from kring.analysis import analyse_many_dicts, analyse_stored, schema
from kring.analysis.columns import ENUM_CODES, Columns
from kring.analysis.engine import analyse_columns
from kring.bench.database import throwaway_database

TARGET_READ_RATIO = 2.0
TARGET_IGRAPH_RATIO = 2.0
TARGET_NETWORKX_SPEEDUP = 1000.0
# Job seekers per query, as a batch over many networks would read them.
OWNERS_PER_QUERY = 1000
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


def _contact_fields(item: dict[str, Any]) -> dict[str, Any]:
    """Give back the Contact model fields of a contact in the plain-dict format."""
    fields = {
        key: value
        for key, value in item.items()
        if key not in ("id", "ally", "added_on", "introduced_by")
    }
    if "last_contact" in fields:
        fields["last_contact"] = date.fromisoformat(fields["last_contact"])
    return fields


def store_networks(networks: Sequence[dict[str, Any]], *, prefix: str = "bench") -> list[int]:
    """Store every network for a new job seeker with bulk_create; give back their ids.

    Contacts are stored in rounds, so that the contact who introduced someone is stored (and
    has its primary key) before the people they introduced.
    """
    from django.db import transaction

    with transaction.atomic():
        return _store(networks, prefix)


def _store(networks: Sequence[dict[str, Any]], prefix: str) -> list[int]:
    from kring.accounts.models import Role, User
    from kring.network.models import Contact, Tie

    owners = User.objects.bulk_create(
        User(email=f"{prefix}-{n}@example.org", name=f"{prefix} {n}", role=Role.JOBSEEKER)
        for n in range(len(networks))
    )
    owner_ids = [owner.pk for owner in owners]
    stored: dict[tuple[int, Any], int] = {}  # (network, id in the dict) -> primary key
    pending = [
        (place, item) for place, network in enumerate(networks) for item in network["contacts"]
    ]
    while pending:
        ready = [
            (place, item)
            for place, item in pending
            if item.get("introduced_by") is None or (place, item["introduced_by"]) in stored
        ]
        made = Contact.objects.bulk_create(
            (
                Contact(
                    owner_id=owner_ids[place],
                    introduced_by_id=stored.get((place, item.get("introduced_by"))),
                    **_contact_fields(item),
                )
                for place, item in ready
            ),
            batch_size=2000,
        )
        for (place, item), contact in zip(ready, made, strict=True):
            stored[place, item["id"]] = contact.pk
        waiting = {id(entry[1]) for entry in ready}
        pending = [entry for entry in pending if id(entry[1]) not in waiting]
    ties = []
    for place, network in enumerate(networks):
        for tie in network["ties"]:
            a, b = sorted((stored[place, tie[0]], stored[place, tie[1]]))
            ties.append(
                Tie(
                    owner_id=owner_ids[place],
                    a_id=a,
                    b_id=b,
                    strength=tie[2] if len(tie) > 2 else 1,
                )
            )
    Tie.objects.bulk_create(ties, batch_size=5000)
    return owner_ids


def _chunks(owners: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(owners), OWNERS_PER_QUERY):
        yield owners[start : start + OWNERS_PER_QUERY]


def read_rows(owners: list[int]) -> Iterator[tuple[list[int], list[Any], list[Any]]]:
    """Give back, per chunk of job seekers, their contact rows and tie rows as the app reads them."""
    from kring.network.models import Contact, Tie

    for chunk in _chunks(owners):
        contacts = Contact.objects.filter(owner_id__in=chunk).order_by().network_rows()
        ties = Tie.objects.filter(owner_id__in=chunk).order_by().network_rows()
        yield chunk, contacts, ties


def bare_read(owners: list[int]) -> None:
    for _chunk in read_rows(owners):
        pass


def read_and_analyse(owners: list[int]) -> None:
    from kring.network.models import CONTACT_ROW

    for chunk, contacts, ties in read_rows(owners):
        results = analyse_stored(chunk, contacts, ties, fields=CONTACT_ROW[1:], as_of=AS_OF)
        assert len(results) == len(chunk)


def stored_columns(owners: list[int]) -> list[Columns]:
    """Give back the stored networks as the engine's columns, one `Columns` per chunk."""
    from kring.network.models import CONTACT_ROW

    return [
        Columns.from_stored(chunk, contacts, ties, fields=CONTACT_ROW[1:])
        for chunk, contacts, ties in read_rows(owners)
    ]


def indicator_stage(parts: list[Columns]) -> None:
    """Kring's whole indicator stage: every indicator of every network, as `Indicators`."""
    for part in parts:
        analyse_columns(part, as_of=AS_OF)


def ego_graphs(parts: list[Columns]) -> list[tuple[int, list[tuple[int, int]]]]:
    """Give back each network's ego graph as igraph takes it: (vertices, edges), ego first.

    The same graph the engine computes constraint on: ego, its informal contacts in rings
    1-4 (A) and the ties among them.
    """
    import numpy as np

    formal = np.zeros(256, dtype=bool)
    formal[[ENUM_CODES["role"][role] for role in schema.FORMAL_ROLES]] = True
    graphs = []
    for part in parts:
        in_a = (part.ring >= 1) & ~formal[part.enums["role"]]
        for n in range(part.size):
            low, high = int(part.contact_offsets[n]), int(part.contact_offsets[n + 1])
            members = np.flatnonzero(in_a[low:high]) + low
            vertex = np.full(high - low, -1)
            vertex[members - low] = np.arange(1, len(members) + 1)
            first, last = int(part.tie_offsets[n]), int(part.tie_offsets[n + 1])
            a, b = vertex[part.tie_a[first:last] - low], vertex[part.tie_b[first:last] - low]
            kept = (a > 0) & (b > 0)
            edges = [(0, m) for m in range(1, len(members) + 1)]
            edges += list(zip(a[kept].tolist(), b[kept].tolist(), strict=True))
            graphs.append((len(members) + 1, edges))
    return graphs


def igraph_constraint(graphs: list[tuple[int, list[tuple[int, int]]]]) -> None:
    import igraph

    for vertices, edges in graphs:
        igraph.Graph(n=vertices, edges=edges).constraint([0])


def networkx_constraint(graphs: list[tuple[int, list[tuple[int, int]]]]) -> None:
    import networkx as nx

    for vertices, edges in graphs:
        graph = nx.Graph()
        graph.add_nodes_from(range(vertices))
        graph.add_edges_from(edges)
        nx.effective_size(graph, [0])
        nx.constraint(graph, [0])


def validate_and_analyse(networks: list[dict[str, Any]]) -> None:
    """Kring: validate every plain-dict network and build its full `Indicators` (public API)."""
    results = analyse_many_dicts(networks, as_of=AS_OF)
    assert len(results) == len(networks)


def _cpu(action: Callable[..., Any], *arguments: Any) -> float:
    gc.collect()
    start = time.process_time()
    action(*arguments)
    return time.process_time() - start


def _wall(action: Callable[..., Any], *arguments: Any) -> float:
    gc.collect()
    start = time.perf_counter()
    action(*arguments)
    return time.perf_counter() - start


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kring.bench analysis",
        description="Time Kring's indicator engine on stored networks against the bare read, "
        "igraph and networkx.",
    )
    parser.add_argument("--networks", type=int, default=10_000, help="networks (default 10000)")
    parser.add_argument("--contacts", type=int, default=60, help="contacts each (default 60)")
    parser.add_argument("--ties", type=int, default=200, help="ties each (default 200)")
    parser.add_argument(
        "--sample", type=int, default=200, help="networks timed with networkx (default 200)"
    )
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; best counts")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; give back 0 when every target is met, 1 otherwise."""
    options = parse(argv)
    with throwaway_database() as vendor:
        return _run(options, vendor)


def _run(options: argparse.Namespace, engine: str) -> int:
    rng = random.Random(options.seed)
    networks = [make_network(rng, options.contacts, options.ties) for _ in range(options.networks)]
    count = len(networks)
    start = time.perf_counter()
    owners = store_networks(networks)
    print(
        f"{count} networks of {options.contacts} contacts and {options.ties} ties (seed "
        f"{options.seed}), stored in {engine} in {time.perf_counter() - start:.0f} s; "
        f"best of {options.repeat}"
    )
    parts = stored_columns(owners)
    graphs = ego_graphs(parts)
    sample = networks[: max(1, min(options.sample, count))]

    reads, analysed, stages, igraphs, validated = [], [], [], [], []
    # Interleaved, so that a busy moment on the machine does not favour one contender.
    for _ in range(max(1, options.repeat)):
        reads.append(_wall(bare_read, owners))
        analysed.append(_wall(read_and_analyse, owners))
        stages.append(_cpu(indicator_stage, parts))
        igraphs.append(_cpu(igraph_constraint, graphs))
        validated.append(_cpu(validate_and_analyse, networks))
    read, total, stage, igraph_time, untrusted = (
        min(times) / count for times in (reads, analysed, stages, igraphs, validated)
    )
    networkx_time = _cpu(networkx_constraint, graphs[: len(sample)]) / len(sample)

    rows = [
        (f"bare read ({OWNERS_PER_QUERY} job seekers a query, wall)", read),
        ("read + analyse_stored (wall)", total),
        ("indicator stage alone, from Columns (CPU)", stage),
        ("igraph: build graph + constraint (CPU)", igraph_time),
        ("dicts: validator + indicators (CPU)", untrusted),
        (f"networkx: eff. size + constraint, {len(sample)} sampled (CPU)", networkx_time),
    ]
    for name, seconds in rows:
        print(f"  {name:58s} {seconds * 1e6:10.1f} µs/network")
    print(f"  {'max RSS':58s} {_rss_mb():10.0f} MB")
    checks = [
        ("(read + analyse) / read", total / read, "<=", TARGET_READ_RATIO),
        ("indicator stage / igraph", stage / igraph_time, "<=", TARGET_IGRAPH_RATIO),
        (
            "networkx / (validator + indicators)",
            networkx_time / untrusted,
            ">=",
            TARGET_NETWORKX_SPEEDUP,
        ),
    ]
    all_met = True
    for name, value, relation, target in checks:
        met = value <= target if relation == "<=" else value >= target
        all_met = all_met and met
        print(
            f"  {name:38s} {value:10.2f}  target {relation} {target:g}  {'PASS' if met else 'MISS'}"
        )
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
