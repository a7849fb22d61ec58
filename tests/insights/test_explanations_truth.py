"""What "In beeld" says must be true: every sentence is checked against the network itself.

Each network (the three demo networks and generated ones: empty, one person, a star, a
clique, random networks from kring/analysis/tests/factories.py) is stored, its page is
opened as the job seeker sees it (in Dutch), and then:

- every claim a sentence carries (explain.Claim) holds for numbers counted here, straight from
  the stored contacts and the profile, not from the engine;
- the sentence says the number it claims (a count of 0 in words like "niemand"), and a
  sentence that says "niemand" claims a zero or something missing;
- no two sentences state different numbers for one indicator, and there is at most one
  traffic-light reason per indicator;
- the light and its reasons follow DOMAIN.md's default rules;
- every sentence is on the rendered page.

The start page (kring.insights.standing) is held to the same: its light and first reason, its
three numbers and its next step (check_home).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kring.accounts.models import Role, User
from kring.analysis.tests.factories import networks
from kring.insights import explain
from kring.network import services as network
from kring.network.models import FORMAL_ROLES, Contact, NetworkProfile, Tie

pytestmark = pytest.mark.django_db

_people = itertools.count(1)
DEMO_JOBSEEKERS = ("sanne@demo.kring.test", "karim@demo.kring.test", "joke@demo.kring.test")
# Dutch words a sentence may use for a count of zero.
ZERO_WORDS = ("niemand", "leeg", "nog geen")


def new_jobseeker() -> User:
    # No password: hashing one per generated network would make the test slow.
    number = next(_people)
    return User.objects.create_user(
        f"truth{number}@example.org", None, name=f"Truth {number}", role=Role.JOBSEEKER
    )


def store(jobseeker: User, data: dict[str, Any], target_sector: str | None) -> None:
    """Store a network in the plain-dict format of the analysis engine, then the profile."""
    contacts = []
    for item in data["contacts"]:
        fields = {key: value for key, value in item.items() if value is not None}
        contacts.append(
            Contact(
                owner=jobseeker,
                label=f"Contact {item['id']}",
                ring=fields["ring"],
                quadrant=fields.get("quadrant", "friends"),
                role=fields.get("role", ""),
                functions=sorted(set(fields.get("functions", []))),
                influence=fields.get("influence", 0),
                knows_searching=fields.get("knows_searching", "unknown"),
                normalises_unemployment=fields.get("normalises_unemployment", "unknown"),
                approachable=fields.get("approachable", "maybe"),
                employment=fields.get("employment", "unknown"),
                sector=fields.get("sector", ""),
                in_target_sector=fields.get("in_target_sector"),
                is_new=fields.get("is_new", False),
            )
        )
    saved = Contact.objects.bulk_create(contacts)
    pk_of = {item["id"]: contact.pk for item, contact in zip(data["contacts"], saved, strict=True)}
    pairs = {tuple(sorted((pk_of[tie[0]], pk_of[tie[1]]))) for tie in data["ties"]}
    Tie.objects.bulk_create(Tie(owner=jobseeker, a_id=a, b_id=b, strength=1) for a, b in pairs)
    # The profile change goes through its service, which ends in the one recomputation hook.
    network.profile_update(jobseeker=jobseeker, target_sector=target_sector or "")


def counted(jobseeker: User) -> dict[str, Any]:
    """Return the numbers the sentences speak about, counted from the stored rows (DOMAIN.md §4)."""
    people = [
        c
        for c in Contact.objects.filter(owner=jobseeker, ring__gte=1)
        if c.role not in FORMAL_ROLES
    ]
    n = len(people)
    profile = NetworkProfile.objects.filter(jobseeker=jobseeker).first()
    target = (profile.target_sector if profile else "") or None
    # The documented rule: an explicit answer wins; an unknown one follows the contact's
    # sector when a target sector is chosen.
    reach = sum(
        c.in_target_sector is True
        or (c.in_target_sector is None and target is not None and c.sector == target)
        for c in people
    )
    inside = sum(c.employment in ("job_seeking", "benefits") for c in people)
    outside = sum(c.employment in ("employed", "self_employed", "student") for c in people)
    placed = Contact.objects.filter(owner=jobseeker, ring__gte=1)
    return {
        # Every part of the circle that holds someone, formal helpers included (as drawn).
        "by_quadrant": dict(Counter(c.quadrant for c in placed)),
        "size": n,
        "supportive": sum(c.influence >= 1 for c in people),
        "aware_share": sum(c.knows_searching == "yes" for c in people) / n if n else None,
        "discouraging_share": (
            sum(c.influence <= -1 or c.normalises_unemployment == "yes" for c in people) / n
            if n
            else None
        ),
        "strong": sum(c.ring <= 2 for c in people),
        "weak": sum(c.ring >= 3 for c in people),
        "target_sector": target,
        "target_sector_reach": None if target is None and reach == 0 else reach,
        "ei_index": (outside - inside) / (outside + inside) if outside + inside else None,
    }


def expected_reasons(truth: dict[str, Any]) -> list[str]:
    """DOMAIN.md's default traffic light, one reason per indicator, red before orange."""
    supportive, aware, reach = (
        truth["supportive"],
        truth["aware_share"],
        truth["target_sector_reach"],
    )
    discouraging, ei = truth["discouraging_share"], truth["ei_index"]
    reasons = []
    if supportive == 0:
        reasons.append("no_supportive")
    if aware is not None and truth["size"] >= 4 and aware < 0.25:
        reasons.append("few_aware")
    if discouraging is not None and discouraging > 0.5:
        reasons.append("mostly_discouraging")
    if 1 <= supportive <= 2:
        reasons.append("few_supportive")
    if reach is not None and reach == 0:
        reasons.append("no_target_sector_reach")
    if ei is not None and ei < -0.6:
        reasons.append("bubble")
    return reasons


def holds(claim: explain.Claim, value: Any) -> bool:
    if claim.relation == "none":
        return value is None
    if claim.relation == "contains":
        return claim.number in value
    if claim.relation == "lacks":
        return claim.number not in value
    if claim.relation == "len":
        return len(value) == claim.number
    if value is None:
        return False
    number = claim.number
    assert isinstance(number, int | float)
    relations: dict[str, bool] = {
        "eq": abs(value - number) < 1e-9,
        "lt": value < number,
        "le": value <= number,
        "gt": value > number,
        "ge": value >= number,
    }
    return relations[claim.relation]


def says(text: str, claim: explain.Claim) -> bool:
    """Whether `text` states the number an "eq" or "len" claim makes."""
    number = claim.number
    if number == 0 and any(word in text.lower() for word in ZERO_WORDS):
        return True
    if isinstance(number, float) or claim.indicator.endswith("_share"):
        return explain.percent(number) in text  # type: ignore[arg-type]
    return re.search(rf"(?<![\d%]){number}(?![\d%])", text) is not None


def check_page(client: Client, jobseeker: User) -> dict[str, Any]:
    """Open "In beeld" as the job seeker and check every sentence against the counted numbers."""
    response = client.get(reverse("insight", args=[jobseeker.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    summary = response.context["summary"]
    truth = counted(jobseeker)
    for key, value in truth.items():  # the stored numbers agree with a plain count
        stored = summary.values[key]
        assert stored == (
            value if value is None or isinstance(value, str) else pytest.approx(value)
        ), key

    reasons = expected_reasons(truth)
    light = (
        "red"
        if {"no_supportive", "few_aware", "mostly_discouraging"} & set(reasons)
        else "orange"
        if reasons
        else "green"
    )
    assert summary.reasons == reasons
    assert summary.light == light
    assert f"light light-{light}" in page
    assert escape(explain.light_text(light)) in page

    better = response.context["could_be_better"]
    sentences = [(card.sentence, card.claims, None) for card in response.context["cards"]] + [
        (line.text, line.claims, line.key) for line in [*response.context["going_well"], *better]
    ]
    stated: dict[str, Any] = {}
    for text, claims, key in sentences:
        assert claims, f"a sentence without claims: {text}"
        if key is None:
            assert f"<p>{escape(text)}</p>" in page, text
        else:
            assert f'<li data-line="{key}">{escape(text)}</li>' in page, text
        for claim in claims:
            value = truth.get(claim.indicator, summary.values.get(claim.indicator))
            assert holds(claim, value), f"{text!r} claims {claim}, the network has {value!r}"
            if claim.relation in ("eq", "len"):
                assert says(text, claim), f"{text!r} does not say {claim.number}"
                # Two sentences about one indicator never give two different numbers.
                assert stated.setdefault(claim.indicator, claim.number) == claim.number, text
        # "3 mensen kennen niemand anders" counts people; every other "niemand" is a zero.
        if "niemand" in text.lower().replace("niemand anders", ""):
            assert any(
                (c.relation == "eq" and c.number == 0)
                or c.relation in ("contains", "lacks", "none")
                for c in claims
            ), f"{text!r} says nobody without claiming a zero"

    # "All there" is said of the circle only when every part of it holds someone.
    variety = next(card for card in response.context["cards"] if card.key == "blau_quadrant")
    if "allemaal" in variety.sentence:
        assert len(truth["by_quadrant"]) == 4, variety.sentence

    reason_lines = [line for line in better if line.key in reasons]
    assert [line.key for line in reason_lines] == reasons
    if truth["target_sector"] is None:
        assert "Je hebt nog geen sector gekozen." in page
        assert "no_target_sector_reach" not in summary.reasons
    else:
        assert "Je hebt nog geen sector gekozen." not in page
    return truth


def expected_step(truth: dict[str, Any], aware: int) -> str:
    """The next-step rule of the start page, on counted numbers (docs/analysis.md)."""
    if truth["size"] == 0:
        return "add_people"
    if aware / truth["size"] < 0.5:
        return "mark_who_knows"
    if truth["supportive"] == 0:
        return "mark_supporters"
    return "look_at_insight"


def check_home(client: Client, jobseeker: User, truth: dict[str, Any]) -> None:
    """Open the start page as the job seeker; check the light, reason, numbers and next step.

    Run after check_page, which has checked the stored light and reasons against `truth`.
    """
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    where = response.context["standing"]
    people = Contact.objects.filter(owner=jobseeker, ring__gte=1).exclude(role__in=FORMAL_ROLES)
    facts = {
        **truth,
        "aware": sum(c.knows_searching == "yes" for c in people),
        # An ally is a contact the plan marked so (an ask that helped, or the job seeker).
        "allies": sum(c.ally for c in people),
    }
    reasons = expected_reasons(truth)
    light = where.light
    # The light is a word as well as a colour, and the word is the light the rules give.
    assert f'data-light="{light}"' in page
    assert escape(where.light_text) in page
    assert where.light_text.startswith(explain.light_name(light).capitalize() + ":")
    assert (light == "green") == (not reasons)
    # The next step is the plan's first idea when there is one, except in an empty network.
    first = response.context["first_suggestion"]
    suggestions = response.context["suggestions"]
    lines = [*where.numbers] if first else [*where.numbers, where.next_step]
    if reasons:
        assert where.reason is not None and where.reason.key == reasons[0]
        assert f'<p data-line="{reasons[0]}">{escape(where.reason.text)}</p>' in page
        lines.append(where.reason)
    else:
        assert where.reason is None
    assert [line.key for line in where.numbers] == ["supportive", "aware", "allies"]
    for line in where.numbers:
        assert f'<li data-line="{line.key}">{escape(line.text)}</li>' in page, line.text
    assert where.next_step.key == expected_step(truth, facts["aware"])
    if truth["size"] == 0 or not suggestions:
        assert first is None
        assert f'data-step="{where.next_step.key}">{escape(where.next_step.text)}</a>' in page
    else:
        assert first == suggestions[0]
        assert f'data-suggestion="{first.key}">{escape(first.text)}</a>' in page
        assert f'data-step="{where.next_step.key}"' not in page
    for line in lines:
        for claim in line.claims:
            value = facts.get(claim.indicator, truth.get(claim.indicator))
            assert holds(claim, value), f"{line.text!r} claims {claim}, the network has {value!r}"
            if claim.relation == "eq" and line in where.numbers:
                # "De enige persoon" says one in a word.
                said = says(line.text, claim) or (claim.number == 1 and "enige" in line.text)
                assert said, f"{line.text!r} does not say {claim.number}"
    # Percentages with decimals are for coaches; the start page says "3 van de 7".
    numbers_text = " ".join(line.text for line in where.numbers)
    assert "%" not in numbers_text and not re.search(r"\d[.,]\d", numbers_text)


def test_it_tells_every_demo_job_seeker_only_what_is_true() -> None:
    call_command("seed_demo", quiet=True)
    seen = {}
    for email in DEMO_JOBSEEKERS:
        jobseeker = User.objects.get(email=email)
        client = Client()
        client.force_login(jobseeker)
        seen[email] = check_page(client, jobseeker)
        check_home(client, jobseeker, seen[email])
    # Sanne wants work in care (Q) and seven of her contacts work there.
    assert seen["sanne@demo.kring.test"]["target_sector_reach"] == 7
    # Karim has nobody who supports him: one reason says so, not also "only a few".
    assert seen["karim@demo.kring.test"]["supportive"] == 0


def _star(size: int, **fields: Any) -> dict[str, Any]:
    contacts = [{"id": i, "ring": 1 + i % 4, **fields} for i in range(1, size + 1)]
    return {"contacts": contacts, "ties": [[1, i] for i in range(2, size + 1)]}


def _clique(size: int, **fields: Any) -> dict[str, Any]:
    contacts = [{"id": i, "ring": 1 + i % 4, **fields} for i in range(1, size + 1)]
    pairs = itertools.combinations(range(1, size + 1), 2)
    return {"contacts": contacts, "ties": [list(pair) for pair in pairs]}


def _three_parts() -> dict[str, Any]:
    """Two people in each of three parts of the circle: varied, yet one part is empty."""
    parts = ("family", "friends", "work_school_club")
    contacts = [{"id": i, "ring": 2, "quadrant": parts[i % 3]} for i in range(1, 7)]
    return {"contacts": contacts, "ties": []}


SHAPES: dict[str, dict[str, Any]] = {
    "three parts of the circle, evenly": _three_parts(),
    "empty": {"contacts": [], "ties": []},
    "one person": {"contacts": [{"id": 1, "ring": 2, "influence": 2}], "ties": []},
    "one discouraging person": {
        "contacts": [{"id": 1, "ring": 1, "influence": -2, "sector": "Q"}],
        "ties": [],
    },
    "a star of supporters in care": _star(
        6, influence=1, knows_searching="yes", sector="Q", employment="employed"
    ),
    "a star where an explicit no wins": _star(5, influence=2, sector="Q", in_target_sector=False),
    "a clique of two supporters": _clique(4, influence=1, employment="benefits", sector="C"),
    "a clique with one explicit yes": _clique(
        5, influence=0, knows_searching="no", in_target_sector=True
    ),
}


@pytest.mark.parametrize("target_sector", [None, "Q", "C"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_it_tells_generated_networks_only_what_is_true(
    shape: str, target_sector: str | None
) -> None:
    jobseeker = new_jobseeker()
    store(jobseeker, SHAPES[shape], target_sector)
    client = Client()
    client.force_login(jobseeker)
    check_home(client, jobseeker, check_page(client, jobseeker))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=networks(max_contacts=15), target_sector=st.sampled_from([None, "Q", "C", "F"]))
def test_it_tells_random_networks_only_what_is_true(
    data: dict[str, Any], target_sector: str | None
) -> None:
    jobseeker = new_jobseeker()
    store(jobseeker, data, target_sector)
    client = Client()
    client.force_login(jobseeker)
    check_home(client, jobseeker, check_page(client, jobseeker))


def test_it_counts_the_sector_again_when_the_profile_changes() -> None:
    jobseeker = new_jobseeker()
    store(jobseeker, _star(3, influence=2, sector="Q"), None)
    client = Client()
    client.force_login(jobseeker)
    assert check_page(client, jobseeker)["target_sector_reach"] is None
    network.profile_update(jobseeker=jobseeker, target_sector="Q")
    assert check_page(client, jobseeker)["target_sector_reach"] == 3
    network.profile_update(jobseeker=jobseeker, target_sector="F")
    assert check_page(client, jobseeker)["target_sector_reach"] == 0
