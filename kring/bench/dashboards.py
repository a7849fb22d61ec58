"""Benchmark: the dashboards of a city-sized organisation, against a trivial signed-in page.

Run with `python -m kring.bench dashboards [--requests N]`. On a database filled by
`python -m kring.bench generate` (DATABASE_URL, e.g. the kring_city PostgreSQL database) it
reads the newest generated organisation; on any other database it makes a throwaway test
database and generates a smaller organisation into it first (--job-seekers, default 2000).

It times, interleaved in one run, N requests each of a trivial signed-in page (/privacy/),
the caseload of the coach with the largest caseload (their start page, /) and the
organisation's results page, and prints the median (p50) and 95th percentile (p95) server
time of each and their ratio to the trivial page. Targets (issue 13): caseload p95 at most
150 ms, results p95 at most 500 ms.

On a generated database the run signs the coach and the admin in with a second step (it adds
a TOTP device to each, as a real sign-in would need) and their requests are written to the
access log, as any request is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

    from kring.accounts.models import Organisation, User

TARGET_CASELOAD_P95_MS = 150.0
TARGET_RESULTS_P95_MS = 500.0
GENERATED_SUFFIX = "(generated)"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kring.bench dashboards",
        description="Time the caseload and the organisation results against a trivial page.",
    )
    parser.add_argument(
        "--requests", type=int, default=100, help="timed requests of each page (default 100)"
    )
    parser.add_argument(
        "--job-seekers",
        type=int,
        default=2000,
        help="job seekers to generate when the database holds no generated organisation "
        "(default 2000)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()
    organisation = _generated_organisation()
    if organisation is not None:
        return _run(organisation, options.requests)
    from kring.bench.database import throwaway_database
    from kring.bench.generate import generate

    with throwaway_database(sqlite_file=False):
        generate(
            job_seekers=options.job_seekers, coaches=20, largest_caseload=300, contacts=60, seed=1
        )
        found = _generated_organisation()
        assert found is not None
        return _run(found, options.requests)


def _generated_organisation() -> Organisation | None:
    from django.db import connection
    from django.db.utils import DatabaseError

    from kring.accounts.models import Organisation

    try:
        if "accounts_organisation" not in connection.introspection.table_names():
            return None
        return Organisation.objects.filter(name__endswith=GENERATED_SUFFIX).order_by("-id").first()
    except DatabaseError:
        return None


def _signed_in(user: User) -> Client:
    """Return a test client of `user`, past the second step as after a real sign-in."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if user.role != "jobseeker":
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _timer(client: Client, url: str, expect: bytes) -> Callable[[], float]:
    def timed() -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        assert expect in response.content, (url, expect)
        return elapsed

    return timed


def _run(organisation: Organisation, requests: int) -> int:
    from django.db import connection
    from django.db.models import Count, Q

    from kring.accounts.models import Role, User

    admin = User.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    coach = (
        User.objects.filter(organisation=organisation, role=Role.COACH)
        .annotate(caseload=Count("grants_received", filter=Q(grants_received__revoked_at=None)))
        .order_by("-caseload", "id")
        .first()
    )
    assert admin is not None and coach is not None, "a generated organisation has both"
    job_seekers = User.objects.filter(organisation=organisation, role=Role.JOBSEEKER).count()
    caseload_size: Any = getattr(coach, "caseload", 0)
    pages = {
        "trivial signed-in page (/privacy/)": _timer(_signed_in(coach), "/privacy/", b"<main"),
        f"caseload of {caseload_size} job seekers (/)": _timer(_signed_in(coach), "/", b"<table"),
        "organisation results (/organisation/results/)": _timer(
            _signed_in(admin), "/organisation/results/", b"results-table"
        ),
    }
    for _warm_up in range(5):
        for timed in pages.values():
            timed()
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _round in range(requests):
        for name, timed in pages.items():
            times[name].append(timed())
    print(
        f"{organisation.name}: {job_seekers:,} job seekers on {connection.vendor}, "
        f"{requests} requests of each page, interleaved (server time per request)"
    )
    trivial_p50 = statistics.median(next(iter(times.values()))) * 1000
    p95s = []
    for name, samples in times.items():
        p50 = statistics.median(samples) * 1000
        p95 = statistics.quantiles(samples, n=20)[-1] * 1000
        p95s.append(p95)
        print(f"  {name:<48} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  ({p50 / trivial_p50:5.1f}x)")
    caseload_p95, results_p95 = p95s[1], p95s[2]
    met = caseload_p95 <= TARGET_CASELOAD_P95_MS and results_p95 <= TARGET_RESULTS_P95_MS
    print(
        f"  caseload p95 {caseload_p95:.0f} ms (target <= {TARGET_CASELOAD_P95_MS:g}), "
        f"results p95 {results_p95:.0f} ms (target <= {TARGET_RESULTS_P95_MS:g}): "
        f"{'PASS' if met else 'MISS'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
