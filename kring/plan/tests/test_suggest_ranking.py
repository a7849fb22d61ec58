"""The suggestion engine's ranking, history, edge cases and contracts (DOMAIN.md §6)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kring.analysis import Network, analyse
from kring.analysis.tests.factories import contact, network
from kring.plan.suggest import (
    EVIDENCE,
    REASONS,
    Case,
    History,
    Profile,
    SuggestionState,
    mutual_counts,
    suggest,
    suggest_many,
)
from kring.plan.tests.suggest_helpers import (
    KNOWN,
    OFFERS,
    TODAY,
    ask,
    by_key,
    contact_keys,
    keys,
    reason_keys,
    run,
)

ROOT = Path(__file__).resolve().parents[3]


# --- ranking ----------------------------------------------------------------------------


def test_it_ranks_tell_introduce_reconnect_widen_protect() -> None:
    result = run(
        [
            contact(1, ring=3, employment="employed", contact_frequency="dormant", **KNOWN),
            contact(2, ring=2, can_introduce=True, **KNOWN),
            contact(3, ring=4, knows_searching="no", quadrant="friends"),
            contact(4, ring=1, influence=-2),
            contact(5, ring=1, influence=-1),
            contact(6, ring=1, normalises_unemployment="yes"),
            contact(7, ring=1, influence=-1),
        ],
        limit=4,
    )
    assert [s.kind for s in result] == ["tell", "introduce", "reconnect", "widen", "protect"]
    scores = [s.score for s in result]
    assert scores == sorted(scores, reverse=True)


def test_it_tells_who_works_in_the_target_sector_first() -> None:
    result = run(
        [
            contact(1, ring=2),
            contact(2, ring=2, employment="employed"),
            contact(3, ring=2, employment="employed", in_target_sector=True),
            contact(4, ring=2, in_target_sector=True),
        ]
    )
    assert contact_keys(result) == [
        "tell:contact:3",
        "tell:contact:4",
        "tell:contact:2",
        "tell:contact:1",
    ]


def _tie_network() -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """Contact 1 close; 2 an acquaintance with 3 mutual contacts; 3 with none; 4 with 12."""
    people = [
        contact(1, ring=2, knows_searching="no"),
        contact(2, ring=3, knows_searching="no"),
        contact(3, ring=3, knows_searching="no"),
        contact(4, ring=4, knows_searching="no"),
    ]
    people += [contact(10 + i, ring=4, role="neighbour", influence=-1) for i in range(12)]
    ties = [[2, 10], [2, 11], [2, 12]] + [[4, 10 + i] for i in range(12)]
    return people, ties


def test_it_counts_mutual_contacts_from_the_ties() -> None:
    people, ties = _tie_network()
    people.append(contact(99, ring=0))  # ring 0 is not in A: a tie to it is no mutual contact
    ties.append([2, 99])
    counts = mutual_counts(people, ties)
    assert [counts.get(i, 0) for i in (1, 2, 3, 4, 99)] == [0, 3, 0, 12, 1]


def test_it_tells_moderately_weak_ties_first_in_a_digital_sector() -> None:
    people, ties = _tie_network()
    result = run(people, ties, profile=Profile(target_sector="J"))
    assert contact_keys(result)[:4] == [
        "tell:contact:2",
        "tell:contact:1",
        "tell:contact:3",
        "tell:contact:4",
    ]
    moderately_weak = by_key(result, "tell:contact:2")
    assert moderately_weak.reasons[1].key == "moderately_weak_tie"
    assert moderately_weak.reasons[1].params["mutual"] == 3
    assert "rajkumar_2022" in moderately_weak.evidence


@pytest.mark.parametrize("sector", ["Q", "F", "H", "I"])
def test_it_tells_strong_ties_first_in_a_less_digital_sector(sector: str) -> None:
    people, ties = _tie_network()
    result = run(people, ties, profile=Profile(target_sector=sector))
    assert contact_keys(result)[:2] == ["tell:contact:1", "tell:contact:2"]
    assert "strong_tie" in reason_keys(result[0])


def test_it_follows_the_digital_hint_over_the_sector_letter() -> None:
    people, ties = _tie_network()
    result = run(people, ties, profile=Profile(target_sector="Q", digital_sector=True))
    assert contact_keys(result)[:2] == ["tell:contact:2", "tell:contact:1"]


def test_it_keeps_to_the_limit() -> None:
    people = [contact(i, ring=2) for i in range(1, 20)]
    assert len(run(people, limit=3)) == 3
    assert len(run(people)) == 5
    assert keys(run(people, limit=0, profile=Profile(loneliness=6))) == ["protect:coach"]


# --- history ----------------------------------------------------------------------------


def test_it_skips_a_contact_with_an_open_ask_of_the_same_kind() -> None:
    people = [
        contact(1, ring=2, can_introduce=True, **KNOWN),
        contact(2, ring=2, knows_searching="no"),
    ]
    open_asks = History(asks=[ask(1, "introduction", 10), ask(2, "information", 3)])
    assert contact_keys(run(people, history=open_asks)) == []
    # A pending follow-up keeps an ask open even with an outcome.
    pending = History(asks=[ask(1, "introduction", 200, outcome="conversation", follow_up=TODAY)])
    assert contact_keys(run(people, history=pending)) == ["tell:contact:2"]


def test_it_asks_again_only_after_a_while() -> None:
    people = [contact(1, ring=2, can_introduce=True, **KNOWN)]
    recent = History(asks=[ask(1, "introduction", 30, outcome="no")])
    long_ago = History(asks=[ask(1, "introduction", 120, outcome="no")])
    other_kind = History(asks=[ask(1, "support", 5, outcome="helped")])
    assert contact_keys(run(people, history=recent)) == []
    assert contact_keys(run(people, history=long_ago)) == ["introduce:contact:1"]
    assert contact_keys(run(people, history=other_kind)) == ["introduce:contact:1"]


def test_it_keeps_a_dismissed_suggestion_away_until_its_facts_change() -> None:
    people = [contact(1, ring=2, influence=1), contact(2, ring=2)]
    first = run(people)
    dismissed = History(
        states=[SuggestionState("tell:contact:1", "dismissed", first[0].fingerprint)]
    )
    assert contact_keys(run(people, history=dismissed)) == ["tell:contact:2"]
    people[0]["employment"] = "employed"  # a new fact: the suggestion comes back
    again = run(people, history=dismissed)
    assert contact_keys(again) == ["tell:contact:1", "tell:contact:2"]
    assert again[0].fingerprint != first[0].fingerprint


def test_it_treats_an_accepted_suggestion_like_a_dismissed_one() -> None:
    people = [contact(1, ring=2)]
    first = run(people)
    accepted = History(states=[SuggestionState("tell:contact:1", "accepted", first[0].fingerprint)])
    assert contact_keys(run(people, history=accepted)) == []


def test_it_keeps_a_postponed_suggestion_away_until_its_date() -> None:
    people = [contact(1, ring=2)]
    later = History(
        states=[SuggestionState("tell:contact:1", "postponed", until=TODAY + timedelta(days=7))]
    )
    assert contact_keys(run(people, history=later)) == []
    assert contact_keys(run(people, history=later, today=TODAY + timedelta(days=7))) == [
        "tell:contact:1"
    ]


def test_it_hides_dismissed_widen_and_protect_until_they_change() -> None:
    base = run([], profile=Profile(loneliness=6), limit=1)
    states = [SuggestionState(s.key, "dismissed", s.fingerprint) for s in base]
    again = run([], profile=Profile(loneliness=6), limit=1, history=History(states=states))
    assert keys(again) == ["widen:function:job_leads"]
    worse = run([], profile=Profile(loneliness=5), limit=1, history=History(states=states))
    assert keys(worse) == ["widen:function:job_leads", "protect:coach"]


# --- edge cases and contracts -------------------------------------------------------------


def test_it_suggests_only_widening_for_an_empty_network() -> None:
    result = suggest({"contacts": [], "ties": []}, {}, History(), Profile(), (), today=TODAY)
    assert keys(result) == ["widen:quadrant:work_school_club", "widen:quadrant:friends"]
    full = run([])
    assert [s.kind for s in full] == ["widen"] * 5


def test_it_handles_a_network_of_one() -> None:
    assert contact_keys(run([contact(1, ring=1)])) == ["tell:contact:1"]
    assert contact_keys(run([contact(1, ring=1, knows_searching="yes")])) == []


def test_it_only_protects_and_widens_when_everyone_discourages() -> None:
    people = [contact(i, ring=1 + i % 4, influence=-1, can_introduce=True) for i in range(1, 9)]
    result = run(people)
    assert {s.kind for s in result} == {"widen", "protect"}
    assert result[-1].kind == "protect"


def test_it_reads_a_validated_network_like_the_plain_dict() -> None:
    people, ties = _tie_network()
    data = network(people, ties)
    validated = Network.from_dict(data)
    indicators = analyse(validated, as_of=TODAY).as_dict()
    plain = suggest(data, indicators, History(), Profile(), (), today=TODAY)
    checked = suggest(validated, indicators, History(), Profile(), (), today=TODAY)
    assert plain == checked


def test_it_gives_the_same_answer_twice_and_as_json() -> None:
    people, ties = _tie_network()
    history = History(asks=[ask(1, "information", 5)])
    first = run(people, ties, history=history, offers=OFFERS, profile=Profile(loneliness=6))
    second = run(people, ties, history=history, offers=OFFERS, profile=Profile(loneliness=6))
    assert first == second
    text = json.dumps([s.as_dict() for s in first])
    assert json.loads(text)[0]["reasons"][0]["text"].startswith("Tell ")


def test_it_renders_every_reason_and_names_known_evidence() -> None:
    people, ties = _tie_network()
    people += [
        contact(30, ring=0, can_hire=True, can_introduce=True, in_target_sector=True),
        contact(
            31, ring=3, employment="employed", role="former_colleague", last_contact="2020-01-01"
        ),
        contact(32, ring=3, employment="employed", role="colleague", contact_frequency="dormant"),
    ]
    result = run(
        people,
        ties,
        limit=40,
        offers=OFFERS,
        profile=Profile(target_sector="Q", loneliness=6, traject_start=TODAY),
    )
    seen = {r.key for s in result for r in s.reasons}
    assert len(seen) >= 15
    for suggestion in result:
        assert suggestion.evidence and set(suggestion.evidence) <= set(EVIDENCE)
        for reason in suggestion.reasons:
            assert reason.key in REASONS
            assert "{" not in reason.text()


def test_it_gives_the_same_in_a_batch_as_one_by_one() -> None:
    people, ties = _tie_network()
    cases = [
        Case(
            network(people, ties),
            analyse(Network.from_dict(network(people, ties)), as_of=TODAY).as_dict(),
            History(asks=[ask(2, "information", 1)]) if number % 2 else History(),
            Profile(target_sector="QJ"[number % 2], loneliness=number),
            OFFERS,
        )
        for number in range(7)
    ]
    batch = suggest_many(cases, today=TODAY)
    assert batch == [suggest(*case, today=TODAY) for case in cases]


def test_it_imports_no_django() -> None:
    code = "import sys, kring.plan.suggest; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"
