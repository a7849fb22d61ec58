"""The suggestion engine's five rules (DOMAIN.md §6): tell, introduce, reconnect, widen, protect."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from kring.analysis.tests.factories import contact
from kring.plan.suggest import (
    History,
    Offer,
    Profile,
    suggest,
)
from kring.plan.tests.suggest_helpers import (
    KNOWN,
    OFFERS,
    TODAY,
    by_key,
    contact_keys,
    keys,
    reason_keys,
    run,
)

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


def test_it_says_someone_does_not_know_yet_only_when_that_was_answered_no() -> None:
    # "Ans does not know yet" is false when nobody said so: unknown is not no.
    result = run([contact(1, ring=2, knows_searching="no"), contact(2, ring=2)])
    assert "not_aware" in reason_keys(by_key(result, "tell:contact:1"))
    assert "not_aware" not in reason_keys(by_key(result, "tell:contact:2"))


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
