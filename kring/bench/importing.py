"""Benchmark the contact import: a 30,000-row LinkedIn export through parse().

Run as ``python -m kring.bench import``. Prints the parse time (best of N), plain
csv.DictReader over the same decoded text for comparison, the ratio, the parse's peak
memory (tracemalloc) and PASS/MISS against the targets.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import time
import tracemalloc
from collections.abc import Callable

from kring.exchange.parsers import MAX_BYTES, parse

TARGET_SECONDS = 2.0
TARGET_PEAK_MB = 200.0

_FIRST = [
    "Sanne",
    "Daan",
    "Emma",
    "Noah",
    "Julia",
    "Lucas",
    "Mila",
    "Sem",
    "Tess",
    "Finn",
    "Fatima",
    "Mohammed",
    "Ayoub",
    "Yasmina",
    "Joost",
    "Anouk",
    "Bram",
    "Lotte",
    "Thijs",
    "Sophie",
    "Ahmed",
    "Zeynep",
    "Mehmet",
    "Ilse",
    "Kees",
    "Renée",
    "José",
    "Chloë",
    "Jeroen",
    "Eva",
]
_LAST = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Öztürk",
    "van 't Hof",
    "Dekker",
    "Brouwer",
]
_COMPANIES = [
    "Gemeente Utrecht",
    "Albert Heijn",
    "PostNL",
    "Randstad",
    "Bakker & Zonen, B.V.",
    "Rabobank",
    "Zorggroep Noord, locatie Oost",
    "ASML",
    "Coolblue",
    "Jumbo Supermarkten",
    "Transportbedrijf Zuid",
    "Stichting Buurtwerk",
    "Philips",
    "KLM",
    "UWV",
]
_POSITIONS = [
    "Beleidsmedewerker Werk, Inkomen en Participatie",
    "Monteur",
    "Teamleider logistiek",
    "Recruiter",
    "Software Engineer",
    "Verpleegkundige",
    "Accountmanager",
    "Vakkenvuller",
    "Klantenservicemedewerker",
    "Docent",
    "HR-adviseur",
    "Chauffeur C/E",
    "Projectleider",
]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\r\n\r\n'
)
_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def linkedin_export(rows: int, seed: int) -> bytes:
    """Return a realistic LinkedIn Connections.csv with a preamble, BOM and odd rows."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    buffer.write("\ufeff" + _PREAMBLE + _HEADER)
    writer = csv.writer(buffer)
    for number in range(rows):
        date = f"{rng.randint(1, 28):02d} {rng.choice(_MONTHS)} {rng.randint(2008, 2025)}"
        if rng.random() < 0.01:
            writer.writerow(["", "", "", "", "", "", date])  # LinkedIn's date-only rows
            continue
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        slug = f"{first}-{last}".lower().replace(" ", "-").replace("'", "")
        email = f"{slug}@example.nl" if rng.random() < 0.1 else ""
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}-{number:x}",
                email,
                rng.choice(_COMPANIES) if rng.random() < 0.9 else "",
                rng.choice(_POSITIONS) if rng.random() < 0.9 else "",
                date,
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _best_of(repeat: int, work: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the import benchmark; return 0 when every target passes, 1 otherwise."""
    parser = argparse.ArgumentParser(
        prog="python -m kring.bench import",
        description="Time parse() on a generated LinkedIn export against csv.DictReader.",
    )
    parser.add_argument("--rows", type=int, default=30_000, help="rows to generate (30000)")
    parser.add_argument("--seed", type=int, default=20_240_601, help="random seed")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts (3)")
    args = parser.parse_args(argv)

    data = linkedin_export(args.rows, args.seed)
    text = data.decode("utf-8-sig")
    table_text = text[text.index("First Name,") :]

    def run_parse() -> None:
        parse(data, filename="Connections.csv")

    def run_dictreader() -> None:
        for _row in csv.DictReader(io.StringIO(table_text, newline="")):
            pass

    result = parse(data, filename="Connections.csv")
    parse_seconds = _best_of(args.repeat, run_parse)
    reader_seconds = _best_of(args.repeat, run_dictreader)
    tracemalloc.start()
    run_parse()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 2**20

    time_ok = parse_seconds < TARGET_SECONDS
    memory_ok = peak_mb < TARGET_PEAK_MB
    print(
        f"file          {len(data) / 2**20:.2f} MB, {args.rows:,} rows "
        f"(limit {MAX_BYTES / 2**20:.0f} MB)"
    )
    print(f"contacts      {len(result.contacts):,} kept, {len(result.skipped):,} skipped")
    print(f"parse()       {parse_seconds:.3f} s (best of {args.repeat})")
    print(f"DictReader    {reader_seconds:.3f} s (best of {args.repeat})")
    print(f"ratio         {parse_seconds / reader_seconds:.1f}x DictReader")
    print(f"peak memory   {peak_mb:.1f} MB (tracemalloc, one parse)")
    print(f"time   < {TARGET_SECONDS:.0f} s    {'PASS' if time_ok else 'MISS'}")
    print(f"memory < {TARGET_PEAK_MB:.0f} MB  {'PASS' if memory_ok else 'MISS'}")
    return 0 if time_ok and memory_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
