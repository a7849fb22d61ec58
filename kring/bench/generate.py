"""Fill a database with a city-sized organisation, for the dashboards benchmark and load trials.

Run with `python -m kring.bench generate --job-seekers 35000` against a database made for it:

    createdb -h 127.0.0.1 -U postgres kring_city
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kring_city \\
        .venv/bin/python -m kring.bench generate --job-seekers 35000

It makes one organisation with an admin, coaches (the first has the largest caseload, 300
job seekers by default; the others share the rest) and job seekers of about 60 contacts each,
with ties, a year of asks with outcomes, an intake moment for everyone (a smaller, less
supportive network, saved on the day they joined) and a later moment for a third of them,
and every summary stored as Kring stores it (kring.network.summary), so dashboards read what
they would read in production. Random, but the same for the same --seed.

Safety: it refuses to run in production, and on a database that already holds people unless
the database's name says it is meant for generated data (it contains "city", "bench" or
"generated"); then it adds another organisation next to what is there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from kring.accounts.models import Organisation, User

NAMED_FOR_GENERATED_DATA = re.compile(r"city|bench|generated", re.IGNORECASE)
CHUNK = 250  # job seekers written per transaction: steady progress, bounded memory
BATCH = 5000  # rows per INSERT
DAYS = 365  # the year the asks and moments are spread over

FIRST_NAMES = (
    *("Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gert", "Hanna", "Ilse", "Jan"),
    *("Kees", "Lotte", "Mo", "Nadia", "Omar", "Petra", "Rik", "Saskia", "Tom", "Umut"),
    *("Vera", "Wim", "Yara", "Zeynep", "Ahmed", "Bas", "Chantal", "Dirk", "Els", "Fleur"),
)

# (quadrant, roles, ring weights 1-4) by share of a network.
QUADRANTS = (
    ("family", ("partner", "parent", "sibling", "relative", "child"), (5, 4, 2, 1)),
    ("friends", ("friend", "neighbour", "acquaintance", "online"), (2, 4, 4, 2)),
    (
        "work_school_club",
        ("colleague", "former_colleague", "classmate", "club_member", "peer", "coach_trainer"),
        (1, 2, 5, 3),
    ),
    ("professional", ("case_manager", "job_coach", "care_worker", "employer"), (0, 1, 3, 5)),
)
QUADRANT_WEIGHTS = (3, 4, 4, 1)
FUNCTIONS = ("emotional", "practical", "company", "advice", "job_leads", "introduction")
EMPLOYMENT = (
    ("employed", 40),
    ("self_employed", 6),
    ("job_seeking", 8),
    ("benefits", 8),
    ("student", 6),
    ("retired", 10),
    ("caring", 3),
    ("unknown", 19),
)
SECTORS = "CFGHIJMNOPQRS"
OUTCOMES = (
    ("pending", 12),
    ("no_reply", 14),
    ("no", 10),
    ("helped", 24),
    ("new_contact", 9),
    ("conversation", 13),
    ("interview", 9),
    ("job_offer", 4),
    ("job", 5),
)
AGREED = {"helped", "new_contact", "conversation", "interview", "job_offer", "job"}
ASK_KINDS = (
    ("job_leads", 35),
    ("introduction", 20),
    ("information", 15),
    ("reference", 8),
    ("practical_help", 10),
    ("support", 10),
    ("meeting", 2),
)
ASK_HOW = ("in_person", "phone", "message", "email", "other")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kring.bench generate",
        description=(
            "Fill the database of DATABASE_URL with a generated city-sized organisation. "
            "Refused in production and on a database with people in it unless its name "
            "contains city, bench or generated."
        ),
    )
    parser.add_argument(
        "--job-seekers", type=int, default=35_000, help="job seekers (default 35000)"
    )
    parser.add_argument("--coaches", type=int, default=200, help="coaches (default 200)")
    parser.add_argument(
        "--largest-caseload",
        type=int,
        default=300,
        help="job seekers of the first coach, the one the benchmark reads (default 300)",
    )
    parser.add_argument(
        "--contacts", type=int, default=60, help="average contacts per job seeker (default 60)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    options = parser.parse_args(argv)
    if options.job_seekers < 1 or options.coaches < 1 or options.contacts < 1:
        parser.error("--job-seekers, --coaches and --contacts must be at least 1")
    if options.largest_caseload < 1:
        parser.error("--largest-caseload must be at least 1")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()
    refusal = refusal_reason()
    if refusal:
        print(f"generate: refused: {refusal}", file=sys.stderr)
        return 2
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    made = generate(
        job_seekers=options.job_seekers,
        coaches=options.coaches,
        largest_caseload=options.largest_caseload,
        contacts=options.contacts,
        seed=options.seed,
        progress=None if options.quiet else sys.stderr,
    )
    elapsed = time.perf_counter() - started
    print(
        f"made organisation {made.organisation_name!r}: {made.job_seekers:,} job seekers, "
        f"{made.coaches:,} coaches, {made.contacts:,} contacts, {made.ties:,} ties, "
        f"{made.moments:,} moments, {made.asks:,} asks in {elapsed / 60:.1f} minutes"
    )
    print(f"admin: {made.admin_email}; coach with the largest caseload: {made.coach_email}")
    return 0


def database_name() -> str:
    """Return the name of the default database (for SQLite, the file's name)."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    return Path(name).name if connection.vendor == "sqlite" else name


def refusal_reason() -> str:
    """Return why generating here is refused, or "" when it may go ahead."""
    from django.conf import settings
    from django.db import connection

    if settings.PRODUCTION:
        return "this is a production configuration"
    name = database_name()
    if NAMED_FOR_GENERATED_DATA.search(name):
        return ""
    if "accounts_user" not in connection.introspection.table_names():
        return ""  # a new, empty database
    from kring.accounts.models import User

    if User.objects.exists():
        return (
            f"database {name!r} already holds people; use an empty database or one whose "
            "name contains city, bench or generated (e.g. kring_city)"
        )
    return ""


@dataclass
class Made:
    organisation_name: str = ""
    admin_email: str = ""
    coach_email: str = ""
    job_seekers: int = 0
    coaches: int = 0
    contacts: int = 0
    ties: int = 0
    moments: int = 0
    asks: int = 0


@dataclass
class Progress:
    """A plain-text progress bar on one line of a terminal (or a log: one line per update)."""

    total: int
    out: TextIO | None
    started: float = field(default_factory=time.perf_counter)
    shown_at: float = 0.0

    def show(self, done: int, *, final: bool = False) -> None:
        if self.out is None:
            return
        now = time.perf_counter()
        if not final and now - self.shown_at < 0.5:
            return
        self.shown_at = now
        elapsed = now - self.started
        share = done / self.total if self.total else 1.0
        left = elapsed / share - elapsed if share else 0.0
        bar = "#" * int(share * 30)
        line = (
            f"\rjob seekers {done:>7,}/{self.total:,} [{bar:<30}] {share:4.0%} "
            f"{_clock(elapsed)} elapsed, about {_clock(left)} left "
        )
        self.out.write(line + ("\n" if final else ""))
        self.out.flush()


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def generate(
    *,
    job_seekers: int,
    coaches: int,
    largest_caseload: int,
    contacts: int,
    seed: int,
    progress: TextIO | None = None,
) -> Made:
    """Make the organisation and return what was made."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import transaction

    from kring.accounts.models import Organisation, Role, User

    rng = random.Random(seed)
    tag = f"{int(time.time()) % 1_000_000:06d}"
    organisation = Organisation.objects.create(name=f"Gemeente Stadsbeek {tag} (generated)")
    made = Made(organisation_name=organisation.name, coaches=coaches)
    admin = User.objects.create_user(
        f"admin.{tag}@city.kring.test",
        None,
        name="Admin Stadsbeek",
        role=Role.ADMIN,
        organisation=organisation,
    )
    made.admin_email = admin.email
    coach_users = User.objects.bulk_create(
        User(
            email=f"coach{number:03d}.{tag}@city.kring.test",
            password=UNUSABLE_PASSWORD_PREFIX,  # nobody signs in with a password
            name=f"Coach {number:03d}",
            role=Role.COACH,
            organisation=organisation,
        )
        for number in range(1, coaches + 1)
    )
    made.coach_email = coach_users[0].email
    bar = Progress(job_seekers, progress)
    today = date.today()
    for start in range(0, job_seekers, CHUNK):
        numbers = range(start, min(start + CHUNK, job_seekers))
        with transaction.atomic():
            _chunk(
                rng,
                organisation,
                coach_users,
                numbers,
                largest_caseload,
                contacts,
                tag,
                today,
                made,
            )
        bar.show(numbers.stop)
    bar.show(job_seekers, final=True)
    return made


def _coach_for(number: int, coach_users: list[User], largest_caseload: int) -> User:
    """The first coach has the largest caseload; the others share the rest in turn."""
    if number < largest_caseload or len(coach_users) == 1:
        return coach_users[0]
    return coach_users[1 + (number - largest_caseload) % (len(coach_users) - 1)]


@dataclass
class _Person:
    """One generated contact: its fields now and at intake, and whether it was there then."""

    fields: dict[str, Any]
    at_intake: bool
    influence_at_intake: int
    knows_at_intake: str


def _person(rng: random.Random, index: int, target_sector: str) -> _Person:
    quadrant, roles, ring_weights = rng.choices(QUADRANTS, QUADRANT_WEIGHTS)[0]
    ring = rng.choices((1, 2, 3, 4), ring_weights)[0] if rng.random() > 0.05 else 0
    influence = rng.choices((-2, -1, 0, 1, 2), (2, 6, 42, 32, 18))[0]
    employment = rng.choices(*zip(*EMPLOYMENT, strict=True))[0]
    sector = rng.choice(SECTORS) if employment in ("employed", "self_employed") else ""
    knows = rng.choices(("yes", "no", "unknown"), (45, 25, 30))[0]
    fields = {
        "label": f"{rng.choice(FIRST_NAMES)} {index}",
        "quadrant": quadrant,
        "ring": ring,
        "role": rng.choice(roles),
        "functions": rng.sample(FUNCTIONS, rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]),
        "potential_functions": [],
        "influence": influence,
        "normalises_unemployment": rng.choices(
            ("yes", "sometimes", "no", "unknown"), (8, 12, 45, 35)
        )[0],
        "knows_searching": knows,
        "approachable": rng.choices(("yes", "maybe", "no"), (45, 40, 15))[0],
        "employment": employment,
        "sector": sector,
        "occupation": "",
        "isco_code": "",
        "in_target_sector": True if sector and sector == target_sector else None,
        "can_introduce": True if sector and rng.random() < 0.15 else None,
        "can_hire": None,
        "contact_frequency": rng.choice(("daily", "weekly", "monthly", "few_per_year", "")),
        "last_contact": None,
        "is_new": False,
        "note": "",
        "ally": False,
    }
    # Intake was smaller and less supportive: a third of today's contacts came later, and
    # some who support or know now did not then.
    influence_then = influence if influence < 1 or rng.random() < 0.6 else 0
    knows_then = knows if knows != "yes" or rng.random() < 0.5 else "unknown"
    return _Person(fields, rng.random() < 0.67, influence_then, knows_then)


def _chunk(
    rng: random.Random,
    organisation: Organisation,
    coach_users: list[User],
    numbers: range,
    largest_caseload: int,
    average_contacts: int,
    tag: str,
    today: date,
    made: Made,
) -> None:
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.utils import timezone

    from kring.accounts.models import AccessGrant, Role, Scope, User
    from kring.network.models import (
        CONTACT_ROW,
        Contact,
        IndicatorSummary,
        NetworkProfile,
        NetworkRows,
        Snapshot,
        Tie,
    )
    from kring.network.summary import summarise_rows, thresholds_for
    from kring.plan.models import Ask

    now = timezone.now()
    joined = [
        now - timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(600)) for _ in numbers
    ]
    people = User.objects.bulk_create(
        [
            User(
                email=f"js{number:06d}.{tag}@city.kring.test",
                password=UNUSABLE_PASSWORD_PREFIX,  # nobody signs in with a password
                name=f"Werkzoekende {number:06d}",
                role=Role.JOBSEEKER,
                organisation=organisation,
                date_joined=joined_at,
            )
            for number, joined_at in zip(numbers, joined, strict=True)
        ],
        batch_size=BATCH,
    )
    sectors = [rng.choice(SECTORS) for _ in people]
    NetworkProfile.objects.bulk_create(
        [
            NetworkProfile(jobseeker=person, target_sector=sector, network_version=1)
            for person, sector in zip(people, sectors, strict=True)
        ],
        batch_size=BATCH,
    )
    AccessGrant.objects.bulk_create(
        [
            AccessGrant(
                jobseeker=person,
                coach=_coach_for(number, coach_users, largest_caseload),
                organisation=organisation,
                scope=Scope.EDIT if rng.random() < 0.7 else Scope.VIEW,
            )
            for number, person in zip(numbers, people, strict=True)
        ],
        batch_size=BATCH,
    )
    # Contacts, and the asks that made some of them allies.
    networks: list[list[_Person]] = []
    asks: list[tuple[int, int, dict[str, Any]]] = []  # (person index, contact index, fields)
    for index, joined_at in enumerate(joined):
        size = max(8, min(150, round(rng.gauss(average_contacts, average_contacts * 0.3))))
        network = [_person(rng, number, sectors[index]) for number in range(size)]
        networks.append(network)
        days_in = max(1, (today - joined_at.date()).days)
        for _ask in range(min(40, int(rng.expovariate(1 / 8) * days_in / DAYS * 2) + 1)):
            contact_index = rng.randrange(size)
            asked_on = joined_at.date() + timedelta(days=rng.randrange(days_in))
            outcome = rng.choices(*zip(*OUTCOMES, strict=True))[0]
            outcome_on = None
            if outcome != "pending":
                outcome_on = min(today, asked_on + timedelta(days=rng.randrange(1, 30)))
            if outcome in AGREED:
                agreed = network[contact_index].fields
                agreed["ally"] = True
                agreed["knows_searching"] = "yes"
                agreed["influence"] = max(1, agreed["influence"])
            asks.append(
                (
                    index,
                    contact_index,
                    {
                        "kind": rng.choices(*zip(*ASK_KINDS, strict=True))[0],
                        "how": rng.choice(ASK_HOW),
                        "asked_on": asked_on,
                        "outcome": outcome,
                        "outcome_on": outcome_on,
                    },
                )
            )
    flat_ids = _insert(
        Contact,
        [
            {
                "owner_id": person.pk,
                **contact.fields,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for person, network in zip(people, networks, strict=True)
            for contact in network
        ],
        ids=True,
    )
    ids: list[list[int]] = []
    position = 0
    for network in networks:
        ids.append(flat_ids[position : position + len(network)])
        position += len(network)
    made.contacts += len(flat_ids)
    # Ties: about one per contact, mostly inside a quadrant (family knows family).
    ties: list[list[tuple[int, int, int]]] = []
    for network in networks:
        pairs: set[tuple[int, int]] = set()
        by_quadrant: dict[str, list[int]] = {}
        for position, contact in enumerate(network):
            by_quadrant.setdefault(contact.fields["quadrant"], []).append(position)
        for _tie in range(len(network)):
            group = by_quadrant[network[rng.randrange(len(network))].fields["quadrant"]]
            if len(group) < 2 or rng.random() < 0.15:
                group = list(range(len(network)))
            first, second = rng.sample(group, 2)
            pairs.add((min(first, second), max(first, second)))
        ties.append([(a, b, 1 if rng.random() < 0.7 else 2) for a, b in sorted(pairs)])
    _insert(
        Tie,
        [
            {
                "owner_id": person.pk,
                "a_id": ids_[a],
                "b_id": ids_[b],
                "strength": strength,
                "created_at": now,
            }
            for person, ids_, network_ties in zip(people, ids, ties, strict=True)
            for a, b, strength in network_ties
        ],
    )
    made.ties += sum(map(len, ties))
    Ask.objects.bulk_create(
        [
            Ask(
                owner=people[index],
                contact_id=ids[index][contact_index],
                contact_label=networks[index][contact_index].fields["label"],
                created_by=people[index],
                **fields,
            )
            for index, contact_index, fields in asks
        ],
        batch_size=BATCH,
    )
    made.asks += len(asks)
    # Summaries, computed as Kring computes them: the current network, the intake moment and,
    # for a third, a later moment.
    thresholds = thresholds_for(people[0])
    summaries: list[dict[str, Any]] = []
    moments: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (moment row, its summary)
    for index, person in enumerate(people):
        network, network_ids, network_ties = networks[index], ids[index], ties[index]
        rows = [
            _row(person.pk, network_ids[position], contact.fields, CONTACT_ROW)
            for position, contact in enumerate(network)
        ]
        tie_rows = [[network_ids[a], network_ids[b], s] for a, b, s in network_ties]
        current = summarise_rows(
            NetworkRows([], rows, tie_rows),
            key=person.pk,
            as_of=today,
            thresholds=thresholds,
            target_sector=sectors[index],
        )
        summaries.append(
            {"jobseeker_id": person.pk, "snapshot_id": None, "computed_at": now, **current}
        )
        kept = {position for position, contact in enumerate(network) if contact.at_intake}
        then = [
            {
                **contact.fields,
                "influence": contact.influence_at_intake,
                "knows_searching": contact.knows_at_intake,
                "ally": False,
            }
            for position, contact in enumerate(network)
            if position in kept
        ]
        then_ids = [network_ids[position] for position in sorted(kept)]
        then_ties = [
            [network_ids[a], network_ids[b], s]
            for a, b, s in network_ties
            if a in kept and b in kept
        ]
        intake = summarise_rows(
            NetworkRows(
                [],
                [
                    _row(person.pk, contact_id, fields, CONTACT_ROW)
                    for contact_id, fields in zip(then_ids, then, strict=True)
                ],
                then_ties,
            ),
            key=person.pk,
            as_of=joined[index].date(),
            thresholds=thresholds,
            target_sector=sectors[index],
        )
        moments.append(
            (
                {
                    "owner_id": person.pk,
                    "name": "Intake",
                    "taken_at": joined[index],
                    "data": _moment_data(then_ids, then, then_ties, joined[index].date()),
                    "created_by_id": person.pk,
                },
                intake,
            )
        )
        if rng.random() < 1 / 3:
            halfway = joined[index] + (now - joined[index]) / 2
            moments.append(
                (
                    {
                        "owner_id": person.pk,
                        "name": "Halverwege",
                        "taken_at": halfway,
                        "data": _moment_data(
                            network_ids, [c.fields for c in network], tie_rows, halfway.date()
                        ),
                        "created_by_id": person.pk,
                    },
                    current,
                )
            )
    snapshot_ids = _insert(Snapshot, [moment for moment, _ in moments], ids=True)
    made.moments += len(snapshot_ids)
    summaries += [
        {
            "jobseeker_id": moment["owner_id"],
            "snapshot_id": snapshot_id,
            "computed_at": now,
            **fields,
        }
        for snapshot_id, (moment, fields) in zip(snapshot_ids, moments, strict=True)
    ]
    _insert(IndicatorSummary, summaries)
    made.job_seekers += len(people)


# Contacts, ties, moments and summaries go in by COPY on PostgreSQL: bulk_create spent most
# of the run composing and quoting 60 million parameters (and escaping every quote of each
# moment's JSON), which took the 35,000 run past its 15 minutes on a shared machine. Elsewhere
# (SQLite in the tests) bulk_create does it.
def _insert(model: Any, rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
    """Insert `rows` (column attname -> value) into `model`'s table; return the new ids if asked."""
    from django.db import connection

    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return [row.pk for row in made] if ids else []
    table = model._meta.db_table
    new_ids = _new_ids(table, len(rows)) if ids else []
    columns = (*(("id",) if ids else ()), *rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    # The cursor underneath Django's wrapper is psycopg's; COPY is not in Django's API.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for position, row in enumerate(rows):
            values = [
                json.dumps(value) if isinstance(value, dict | list) else value
                for value in row.values()
            ]
            copy.write_row([new_ids[position], *values] if ids else values)
    return new_ids


def _new_ids(table: str, count: int) -> list[int]:
    """Return `count` ids taken from the id sequence of `table` (PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _row(
    owner_id: int, contact_id: int, fields: dict[str, Any], layout: tuple[str, ...]
) -> tuple[Any, ...]:
    """Return a contact in the stored-row format (kring.network.models.CONTACT_ROW)."""
    values = {
        **fields,
        "owner": owner_id,
        "id": contact_id,
        "introduced_by": None,
        "added_on": None,
        "version": 1,
    }
    return tuple(values[name] for name in layout)


def _moment_data(
    ids: list[int], contacts: list[dict[str, Any]], ties: list[list[int]], day: date
) -> dict[str, Any]:
    """Return a moment's data in the format kring.network.services.moments writes."""
    return {
        "contacts": [
            {"id": contact_id, **contact, "introduced_by": None, "added_on": day.isoformat()}
            for contact_id, contact in zip(ids, contacts, strict=True)
        ],
        "ties": ties,
    }


if __name__ == "__main__":
    raise SystemExit(main())
