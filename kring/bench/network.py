"""Benchmark: moving a contact on a network of 150 contacts and 1,000 ties, map included.

Run with `python -m kring.bench network [--requests N]`. It builds the network in a throwaway
test database (SQLite, or the PostgreSQL of DATABASE_URL), then times, in the same run and interleaved, N requests of a trivial signed-in
page (/privacy/) and N moves (POST move, URL-encoded as map.js sends it through htmx, so the
response is the re-rendered map partial). Target (issue 10): the move's median at most 4x the
trivial page's median, and the move's 95th percentile under 50 ms, with the plain ORM.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from urllib.parse import urlencode

from kring.bench.database import throwaway_database

TARGET_RATIO = 4.0
TARGET_P95_MS = 50.0


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kring.bench network",
        description="Time a contact move (with map re-render) against a trivial signed-in page.",
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="timed requests of each kind (default 200)"
    )
    parser.add_argument("--contacts", type=int, default=150, help="contacts (default 150)")
    parser.add_argument("--ties", type=int, default=1000, help="ties (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    with throwaway_database(sqlite_file=False):
        return _run(options)


def _build(contacts: int, ties: int, seed: int) -> tuple[object, list[int]]:
    from kring.accounts.models import Role, User
    from kring.network.models import Contact, Quadrant, Tie

    rng = random.Random(seed)
    jobseeker = User.objects.create_user(
        "bench-jobseeker@example.org", None, name="Bench", role=Role.JOBSEEKER
    )
    made = Contact.objects.bulk_create(
        Contact(
            owner=jobseeker,
            label=f"Contact {index:03d}",
            ring=rng.choice([0, 1, 2, 3, 4]),
            quadrant=rng.choice(Quadrant.values),
            influence=rng.choice([-2, -1, 0, 1, 2]),
            knows_searching=rng.choice(["yes", "no", "unknown"]),
        )
        for index in range(contacts)
    )
    ids = [contact.pk for contact in made]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ties:
        first, second = sorted(rng.sample(ids, 2))
        pairs.add((first, second))
    Tie.objects.bulk_create(
        Tie(owner=jobseeker, a_id=a, b_id=b, strength=rng.choice([1, 2])) for a, b in pairs
    )
    return jobseeker, ids


def _run(options: argparse.Namespace) -> int:
    from django.test import Client

    from kring.network.models import Contact

    jobseeker, ids = _build(options.contacts, options.ties, options.seed)
    client = Client()
    client.force_login(jobseeker)  # type: ignore[arg-type]
    move_url = f"/jobseekers/{jobseeker.pk}/contacts/{{id}}/move/"  # type: ignore[attr-defined]
    contact = Contact.objects.get(pk=ids[0])
    version, ring = contact.version, contact.ring

    def trivial() -> float:
        start = time.perf_counter()
        response = client.get("/privacy/")
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed

    def move() -> float:
        nonlocal version, ring
        ring = 1 if ring != 1 else 3
        start = time.perf_counter()
        # Posted as map.js posts a move through htmx: URL-encoded, asking for the map back.
        response = client.post(
            move_url.format(id=contact.pk),
            urlencode({"ring": ring, "quadrant": "family", "version": version}),
            content_type="application/x-www-form-urlencoded",
            headers={"HX-Request": "true", "HX-Target": "map-region"},
        )
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        assert b"netmap-nodes" in response.content
        version = Contact.objects.values_list("version", flat=True).get(pk=contact.pk)
        return elapsed

    for _warm_up in range(10):
        trivial()
        move()
    trivial_times, move_times = [], []
    for _round in range(options.requests):
        trivial_times.append(trivial())
        move_times.append(move())
    trivial_ms = statistics.median(trivial_times) * 1000
    move_ms = statistics.median(move_times) * 1000
    move_p95_ms = statistics.quantiles(move_times, n=20)[-1] * 1000
    ratio = move_ms / trivial_ms
    met = ratio <= TARGET_RATIO and move_p95_ms < TARGET_P95_MS
    verdict = "PASS" if met else "MISS"
    print(
        f"network of {options.contacts} contacts and {options.ties} ties, "
        f"{options.requests} requests of each kind (server time per request)"
    )
    print(f"  trivial signed-in page (/privacy/), p50: {trivial_ms:8.2f} ms")
    print(f"  move + re-rendered map, p50:             {move_ms:8.2f} ms")
    print(f"  move + re-rendered map, p95:             {move_p95_ms:8.2f} ms")
    print(
        f"  ratio {ratio:.2f}x, p95 {move_p95_ms:.1f} ms "
        f"(target <= {TARGET_RATIO:g}x and p95 < {TARGET_P95_MS:g} ms): {verdict}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
