"""The suggestion engine (DOMAIN.md §6): rule by rule, the ranking, the history, edge cases."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kring.analysis import Network, analyse
from kring.analysis.tests.factories import contact, network
from kring.plan.suggest import (
    EVIDENCE,
    REASONS,
    SETTINGS,
    Ask,
    Case,
    History,
    Offer,
    Profile,
    Settings,
    Suggestion,
    SuggestionState,
    mutual_counts,
    suggest,
    suggest_many,
)

TODAY = date(2024, 6, 1)
ROOT = Path(__file__).resolve().parents[3]


def run(
    contacts: list[dict[str, Any]],
    ties: list[list[Any]] | None = None,
    *,
    history: History | None = None,
    profile: Profile | None = None,
    offers: tuple[Offer, ...] = (),
    limit: int = 5,
    settings: Settings = SETTINGS,
    today: date = TODAY,
) -> list[Suggestion]:
    data = network(contacts, ties)
    indicators = analyse(Network.from_dict(data), as_of=today).as_dict()
    return suggest(
        data,
        indicators,
        history or History(),
        profile or Profile(),
        offers,
        today=today,
        limit=limit,
        settings=settings,
    )


def keys(result: list[Suggestion]) -> list[str]:
    return [s.key for s in result]


def contact_keys(result: list[Suggestion]) -> list[str]:
    return [s.key for s in result if s.contact_id is not None]


def reason_keys(suggestion: Suggestion) -> list[str]:
    return [r.key for r in suggestion.reasons]


def by_key(result: list[Suggestion], key: str) -> Suggestion:
    return next(s for s in result if s.key == key)


# Someone who already knows you are looking: no "tell", so other rules show alone.
KNOWN: dict[str, Any] = {"knows_searching": "yes", "quadrant": "work_school_club"}


# --- tell -------------------------------------------------------------------------------


def test_it_tells_a_supportive_contact_who_does_not_know_yet() -> None:
    result = run([contact(1, ring=2, influence=1, knows_searching="no", label="Ans")])
    first = result[0]
    assert first.key == "tell:contact:1"
    assert first.kind == "tell" and first.contact_id == 1
    assert reason_keys(first)[0] == "tell"
    assert {"supportive", "not_aware"} <= set(reason_keys(first))
    assert first.reasons[0].text() == "Tell Ans that you are looking for work."
    assert "movisie" in first.evidence


def test_it_tells_neutral_and_unknown_influence_but_not_who_already_knows() -> None:
    result = run(
        [
            contact(1, ring=2, influence=0),
            contact(2, ring=2),
            contact(3, ring=2, influence=2, knows_searching="yes"),
        ]
    )
    assert contact_keys(result) == ["tell:contact:1", "tell:contact:2"]


@pytest.mark.parametrize(
    "fields",
    [
        {"influence": -1},
        {"influence": -2},
        {"normalises_unemployment": "yes"},
        {"approachable": "no"},
    ],
)
def test_it_never_suggests_a_discouraging_or_unapproachable_contact(fields: dict[str, Any]) -> None:
    # This contact would qualify for every contact kind if it did not discourage.
    person = contact(
        1,
        ring=3,
        employment="employed",
        in_target_sector=True,
        can_introduce=True,
        contact_frequency="dormant",
        role="former_colleague",
        **fields,
    )
    assert contact_keys(run([person])) == []


def test_it_does_not_tell_formal_contacts_but_asks_them_for_an_introduction() -> None:
    result = run(
        [
            contact(1, ring=4, role="job_coach", knows_searching="no"),
            contact(2, ring=4, role="case_manager", knows_searching="no", can_introduce=True),
        ]
    )
    assert contact_keys(result) == ["introduce:contact:2"]


def test_it_does_not_tell_an_ally() -> None:
    assert contact_keys(run([contact(1, ring=2, ally=True, knows_searching="unknown")])) == []


def test_it_tells_a_ring_zero_contact_with_its_own_reason() -> None:
    result = run([contact(1, ring=0, knows_searching="no")])
    assert keys(result)[0] == "tell:contact:1"
    assert "could_approach" in reason_keys(result[0])


def test_it_says_early_in_the_traject_that_telling_early_helps() -> None:
    person = [contact(1, ring=2)]
    early = run(person, profile=Profile(traject_start=TODAY - timedelta(days=20)))
    late = run(person, profile=Profile(traject_start=TODAY - timedelta(days=200)))
    assert "early" in reason_keys(early[0])
    assert "early" not in reason_keys(late[0])


# --- introduce --------------------------------------------------------------------------


def test_it_asks_for_an_introduction_from_who_can_introduce_or_hire() -> None:
    result = run(
        [
            contact(1, ring=2, can_introduce=True, **KNOWN),
            contact(2, ring=2, can_hire=True, **KNOWN),
            contact(3, ring=2, **KNOWN),
        ]
    )
    assert contact_keys(result) == ["introduce:contact:1", "introduce:contact:2"]
    assert "can_introduce" in reason_keys(result[0])
    assert "can_hire" in reason_keys(result[1])


def test_it_asks_for_an_introduction_from_who_works_in_the_target_sector() -> None:
    result = run(
        [
            contact(1, ring=2, in_target_sector=True, **KNOWN),
            contact(2, ring=2, sector="Q", **KNOWN),  # in_target_sector unknown: the letter decides
            contact(3, ring=2, sector="Q", in_target_sector=False, **KNOWN),  # said no: it is no
            contact(4, ring=2, sector="F", **KNOWN),
        ],
        profile=Profile(target_sector="Q"),
    )
    assert sorted(contact_keys(result)) == ["introduce:contact:1", "introduce:contact:2"]
    assert by_key(result, "introduce:contact:2").reasons[1].params["sector"] == "Q"


def test_it_gives_one_suggestion_per_contact_the_best_and_names_the_others() -> None:
    result = run([contact(1, ring=2, can_introduce=True, knows_searching="no")])
    assert contact_keys(result) == ["tell:contact:1"]
    assert result[0].also == ("introduce",)


# --- reconnect --------------------------------------------------------------------------


def test_it_reconnects_with_a_dormant_contact_who_works() -> None:
    old = (TODAY - timedelta(days=400)).isoformat()
    recent = (TODAY - timedelta(days=40)).isoformat()
    result = run(
        [
            contact(1, ring=3, employment="employed", contact_frequency="dormant", **KNOWN),
            contact(2, ring=3, employment="self_employed", last_contact=old, **KNOWN),
            contact(3, ring=3, employment="employed", last_contact=recent, **KNOWN),
            contact(4, ring=3, employment="benefits", contact_frequency="dormant", **KNOWN),
        ]
    )
    assert sorted(contact_keys(result)) == ["reconnect:contact:1", "reconnect:contact:2"]
    assert "dormant" in reason_keys(result[0])


def test_it_reads_a_last_contact_stored_as_a_date() -> None:
    person = {"id": 1, "ring": 3, "employment": "employed", "knows_searching": "yes"}
    data = {"contacts": [{**person, "last_contact": TODAY - timedelta(days=500)}], "ties": []}
    result = suggest(data, {}, History(), Profile(), (), today=TODAY)
    assert contact_keys(result) == ["reconnect:contact:1"]


def test_it_reconnects_former_colleagues_first() -> None:
    dormant = dict(employment="employed", contact_frequency="dormant", **KNOWN)
    result = run(
        [
            contact(1, ring=3, role="friend", **dormant),
            contact(2, ring=3, role="club_member", **dormant),
            contact(3, ring=3, role="former_colleague", **dormant),
        ]
    )
    assert contact_keys(result) == [
        "reconnect:contact:3",
        "reconnect:contact:2",
        "reconnect:contact:1",
    ]
    assert "former_colleague" in reason_keys(result[0])


def test_it_reconnects_rather_than_tells_a_dormant_contact_who_works() -> None:
    result = run([contact(1, ring=3, employment="employed", contact_frequency="dormant")])
    assert contact_keys(result) == ["reconnect:contact:1"]
    assert "say that you are looking" in result[0].reasons[0].text()


# --- widen ------------------------------------------------------------------------------

OFFERS = (
    Offer(id=1, kind="job_club", region="Utrecht"),
    Offer(id=2, kind="job_club", region="Zwolle"),
    Offer(id=3, kind="sports_club", region=None),
    Offer(id=4, kind="volunteer_centre", region="Utrecht", target_groups=frozenset({"youth"})),
    Offer(id=5, kind="other", region="Utrecht", gaps=frozenset({"quadrant:work_school_club"})),
    Offer(id=6, kind="peer_group", region="Utrecht"),
)


def test_it_widens_an_empty_quadrant_with_matching_offers_in_the_region() -> None:
    result = run(
        [contact(1, ring=2, quadrant="friends", knows_searching="yes")],
        offers=OFFERS,
        profile=Profile(region="Utrecht"),
    )
    work = by_key(result, "widen:quadrant:work_school_club")
    assert work.kind == "widen" and work.gap == "quadrant:work_school_club"
    # Zwolle is elsewhere, the volunteer centre is for youth, the peer group fills friends.
    assert work.offer_ids == (1, 3, 5)
    assert reason_keys(work) == ["widen_quadrant", "offers_nearby"]
    assert work.reasons[1].params == {"count": 3}
    assert "azrin_1980" in work.evidence
    assert "widen:quadrant:friends" not in keys(result)


def test_it_matches_target_groups_and_says_so_when_no_offer_fits() -> None:
    youth = run([], offers=OFFERS, profile=Profile(region="Utrecht", groups=frozenset({"youth"})))
    assert 4 in by_key(youth, "widen:quadrant:work_school_club").offer_ids
    bare = run([], profile=Profile(region="Utrecht"))
    assert reason_keys(by_key(bare, "widen:quadrant:work_school_club")) == [
        "widen_quadrant",
        "no_offers",
    ]


def test_it_widens_a_missing_function_from_the_indicators() -> None:
    everything = ["emotional", "practical", "company", "advice", "introduction", "reference"]
    result = run(
        [
            contact(1, ring=2, functions=everything, knows_searching="yes", quadrant="friends"),
            contact(2, ring=2, **KNOWN),
        ],
        offers=OFFERS,
    )
    assert keys(result) == ["widen:function:job_leads"]
    assert by_key(result, "widen:function:job_leads").offer_ids == (1, 2)


def test_it_orders_widen_gaps_by_job_search_value_and_offers() -> None:
    result = run([], limit=9)
    assert keys(result) == [
        "widen:quadrant:work_school_club",
        "widen:function:job_leads",
        "widen:function:introduction",
        "widen:function:reference",
        "widen:quadrant:friends",
        "widen:function:emotional",
        "widen:function:practical",
        "widen:function:company",
        "widen:function:advice",
    ]
    # A gap that a local offer fills goes first: something you can do today.
    with_offer = run([], limit=2, offers=(Offer(id=9, kind="peer_group"),))
    assert keys(with_offer) == ["widen:quadrant:friends", "widen:function:emotional"]


# --- protect ----------------------------------------------------------------------------


def test_it_suggests_talking_with_the_coach_when_most_contacts_discourage() -> None:
    result = run(
        [
            contact(1, ring=1, influence=-2),
            contact(2, ring=2, normalises_unemployment="yes"),
            contact(3, ring=2, influence=1, knows_searching="no"),
        ]
    )
    protect = result[-1]
    assert protect.key == "protect:coach" and protect.kind == "protect"
    assert protect.prominent and protect.contact_id is None
    assert reason_keys(protect) == ["protect", "many_discouraging"]
    assert protect.reasons[1].params == {"count": 2, "size": 3}
    # It never advises cutting people off: it names nobody and asks only for a talk.
    assert "coach" in protect.reasons[0].text()
    assert keys(result)[0] == "tell:contact:3"


def test_it_suggests_talking_with_the_coach_when_loneliness_is_high() -> None:
    people = [contact(1, ring=2, influence=1)]
    high = run(people, profile=Profile(loneliness=5))
    assert reason_keys(high[-1]) == ["protect", "high_loneliness"]
    assert "de_jong_gierveld_2006" in high[-1].evidence
    assert "protect:coach" not in keys(run(people, profile=Profile(loneliness=4)))
    assert "protect:coach" not in keys(run(people))


def test_it_keeps_protect_even_when_the_limit_is_full() -> None:
    people = [contact(i, ring=2, influence=1) for i in range(1, 8)]
    result = run(people, profile=Profile(loneliness=6), limit=3)
    assert [s.kind for s in result] == ["tell", "tell", "tell", "protect"]


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


def ask(contact_id: int, kind: str, days_ago: int, **fields: Any) -> Ask:
    return Ask(
        contact_id=contact_id, kind=kind, asked_on=TODAY - timedelta(days=days_ago), **fields
    )


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
