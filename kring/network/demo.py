"""Realistic demo networks for the demo job seekers (seed_demo); safe to run again."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kring.accounts.models import User
from kring.analysis import schema
from kring.network.models import Contact, NetworkProfile, Snapshot, Tie
from kring.network.moments import check_moment
from kring.network.services import network_changed, network_data
from kring.network.summary import snapshot_summary

# label, quadrant, ring, role, influence, knows_searching, employment, normalises
Row = tuple[str, str, int, str, int, str, str, str]

SMALL_DISCOURAGING: list[Row] = [
    ("Moeder", "family", 1, "parent", -1, "yes", "retired", "yes"),
    ("Broer Ali", "family", 2, "sibling", -2, "yes", "benefits", "yes"),
    ("Youssef", "friends", 2, "friend", -1, "yes", "job_seeking", "yes"),
    ("Buurman Kees", "friends", 3, "neighbour", 0, "no", "retired", "sometimes"),
    ("Klantmanager", "professional", 4, "case_manager", 1, "yes", "employed", "no"),
    (
        "Oud-collega Rob",
        "work_school_club",
        4,
        "former_colleague",
        0,
        "unknown",
        "employed",
        "unknown",
    ),
]

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Fenna",
    "Gijs",
    "Hanna",
    "Ivo",
    "Jasmijn",
    "Koen",
    "Lotte",
    "Mo",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Rosa",
    "Sem",
    "Tess",
    "Umar",
    "Vera",
    "Wim",
    "Xander",
    "Yara",
    "Zoë",
    "Ahmed",
    "Bo",
    "Cor",
    "Dewi",
    "Eva",
    "Fatima",
    "Gerrit",
    "Hamza",
    "Iris",
    "Joris",
    "Karin",
    "Lars",
    "Mila",
    "Nadia",
    "Otto",
    "Pien",
    "Ruben",
    "Sara",
    "Thijs",
    "Ufuk",
    "Vince",
    "Wendy",
    "Yusuf",
    "Zara",
    "Aisha",
    "Bas",
    "Cas",
    "Dirk",
    "Elif",
    "Floor",
    "Guus",
    "Hugo",
    "Ilse",
    "Jesse",
]
ROLES_BY_QUADRANT = {
    "family": ["parent", "sibling", "relative", "child", "partner"],
    "friends": ["friend", "neighbour", "acquaintance", "neighbourhood_contact", "online"],
    "work_school_club": [
        "former_colleague",
        "colleague",
        "classmate",
        "club_member",
        "coach_trainer",
        "peer",
    ],
    "professional": ["job_coach", "case_manager", "care_worker", "employer", "buddy"],
}
EMPLOYMENTS = [
    "employed",
    "employed",
    "employed",
    "self_employed",
    "job_seeking",
    "benefits",
    "student",
    "retired",
    "unknown",
]


def _generated(seed: int, count: int, ring_weights: list[int]) -> list[Contact]:
    rng = random.Random(seed)  # deterministic: the demo looks the same on every machine
    contacts = []
    quadrants = list(ROLES_BY_QUADRANT)
    for index in range(count):
        quadrant = rng.choice(quadrants)
        ring = rng.choices([0, 1, 2, 3, 4], weights=ring_weights)[0]
        influence = rng.choices([-2, -1, 0, 1, 2], weights=[1, 2, 5, 4, 2])[0]
        contacts.append(
            Contact(
                label=FIRST_NAMES[index % len(FIRST_NAMES)]
                + ("" if index < len(FIRST_NAMES) else f" {index // len(FIRST_NAMES) + 1}"),
                quadrant=quadrant,
                ring=ring,
                role=rng.choice(ROLES_BY_QUADRANT[quadrant]),
                influence=influence,
                knows_searching=rng.choice(["yes", "yes", "no", "unknown"]),
                employment=rng.choice(EMPLOYMENTS),
                normalises_unemployment=rng.choice(["no", "no", "sometimes", "unknown"]),
                approachable="yes" if ring == 0 else rng.choice(["yes", "maybe", "no"]),
                functions=sorted(rng.sample(schema.FUNCTIONS, rng.randint(0, 3))),
                contact_frequency=rng.choice(
                    ["daily", "weekly", "monthly", "few_per_year", "yearly_or_less", "dormant"]
                ),
                sector=rng.choice(["", "", "F", "G", "H", "I", "Q", "P", "J"]),
            )
        )
    return contacts


def _save(jobseeker: User, contacts: list[Contact], tie_count: int, seed: int) -> list[Contact]:
    for contact in contacts:
        contact.owner = jobseeker
    saved = Contact.objects.bulk_create(contacts)
    rng = random.Random(seed + 1)
    ids = sorted(c.pk for c in saved)
    pairs: set[tuple[int, int]] = set()
    attempts = 0
    while len(pairs) < tie_count and attempts < tie_count * 20 and len(ids) > 1:
        attempts += 1
        a_id, b_id = sorted(rng.sample(ids, 2))
        pairs.add((a_id, b_id))
    Tie.objects.bulk_create(
        Tie(owner=jobseeker, a_id=a, b_id=b, strength=rng.choice([1, 1, 2])) for a, b in pairs
    )
    return saved


def _small(jobseeker: User) -> None:
    contacts = [
        Contact(
            label=label,
            quadrant=quadrant,
            ring=ring,
            role=role,
            influence=influence,
            knows_searching=knows,
            employment=employment,
            normalises_unemployment=normal,
        )
        for label, quadrant, ring, role, influence, knows, employment, normal in SMALL_DISCOURAGING
    ]
    saved = _save(jobseeker, contacts, 0, 3)
    by_label = {c.label: c.pk for c in saved}
    for first, second, strength in [("Moeder", "Broer Ali", 2), ("Broer Ali", "Youssef", 1)]:
        a_id, b_id = sorted((by_label[first], by_label[second]))
        Tie.objects.create(owner=jobseeker, a_id=a_id, b_id=b_id, strength=strength)
    NetworkProfile.objects.update_or_create(
        jobseeker=jobseeker,
        defaults={
            "target_occupation": "Magazijnmedewerker",
            "target_sector": "H",
            "region": "Demostad",
            "languages": "Nederlands, Arabisch",
        },
    )


def _large(jobseeker: User) -> None:
    saved = _save(jobseeker, _generated(11, 48, [2, 3, 5, 6, 4]), 90, 11)
    # An earlier moment, so "compare" has something to show.
    data = network_data(jobseeker)
    rng = random.Random(5)
    earlier = [dict(c) for c in data["contacts"][:-8]]
    for contact in rng.sample(earlier, 6):
        contact["ring"] = min(4, contact["ring"] + 1) if contact["ring"] else 3
    # The eight people added since were not there yet, so neither were their ties, nor
    # who they introduced.
    present = {contact["id"] for contact in earlier}
    for contact in earlier:
        if contact.get("introduced_by") not in present:
            contact["introduced_by"] = None
    ties = [tie for tie in data["ties"] if tie[0] in present and tie[1] in present]
    moment = Snapshot.objects.create(
        owner=jobseeker,
        name="Start traject",
        taken_at=timezone.now() - timedelta(days=60),
        data=check_moment({"contacts": earlier, "ties": ties[: len(ties) // 2]}),
        created_by=jobseeker,
    )
    del saved
    NetworkProfile.objects.update_or_create(
        jobseeker=jobseeker,
        defaults={
            "target_occupation": "Verzorgende IG",
            "target_sector": "Q",
            "region": "Demostad en omgeving",
            "languages": "Nederlands, Engels",
        },
    )
    # As saving a moment in Kring does: its summary is stored with it (caseload, results).
    snapshot_summary(moment)


def _weak(jobseeker: User) -> None:
    _save(jobseeker, _generated(23, 36, [3, 1, 1, 8, 9]), 20, 23)
    NetworkProfile.objects.update_or_create(
        jobseeker=jobseeker,
        defaults={
            "target_occupation": "Administratief medewerker",
            "target_sector": "N",
            "region": "Demostad",
            "languages": "Nederlands",
        },
    )


DEMO_NETWORKS = {
    "karim@demo.kring.test": _small,  # small and discouraging
    "sanne@demo.kring.test": _large,  # large and mixed
    "joke@demo.kring.test": _weak,  # many weak ties
}


@transaction.atomic
def seed_networks(users: dict[str, User]) -> None:
    """Give each demo job seeker a network, unless they already have contacts."""
    for email, build in DEMO_NETWORKS.items():
        jobseeker = users.get(email)
        if jobseeker is None or Contact.objects.filter(owner=jobseeker).exists():
            continue
        build(jobseeker)
        network_changed(jobseeker)
