"""Properties of the suggestion engine over random networks, asks, profiles and offers."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kring.analysis import Network, analyse, schema
from kring.analysis.tests.factories import networks
from kring.plan.suggest import (
    OFFER_KINDS,
    Ask,
    History,
    Offer,
    Profile,
    Suggestion,
    SuggestionState,
    suggest,
)

TODAY = date(2024, 6, 1)
FORMAL = set(schema.FORMAL_ROLES)
ASK_KINDS = ("information", "job_leads", "introduction", "reference", "support", "meeting")
OUTCOMES = (None, "no_reply", "no", "helped", "conversation")


class World:
    """One drawn job seeker: network, indicators, history, profile and offers."""

    def __init__(self, data: dict[str, Any], seed: int, limit: int) -> None:
        rng = random.Random(seed)
        self.data = data
        self.limit = limit
        self.indicators = analyse(Network.from_dict(data), as_of=TODAY).as_dict()
        ids = [c["id"] for c in data["contacts"]]
        self.asks = [
            Ask(
                contact_id=rng.choice(ids),
                kind=rng.choice(ASK_KINDS),
                asked_on=TODAY - timedelta(days=rng.randint(0, 365)),
                outcome=rng.choice(OUTCOMES),
                follow_up=rng.choice([None, TODAY + timedelta(days=rng.randint(-10, 10))]),
            )
            for _ in range(rng.randint(0, 12) if ids else 0)
        ]
        self.profile = Profile(
            target_sector=rng.choice([None, "Q", "J", "F", "C"]),
            traject_start=rng.choice([None, TODAY - timedelta(days=rng.randint(0, 400))]),
            loneliness=rng.choice([None, *range(7)]),
            digital_sector=rng.choice([None, True, False]),
            region=rng.choice([None, "Utrecht"]),
            groups=frozenset(rng.sample(["youth", "50plus"], rng.randint(0, 2))),
        )
        self.offers = [
            Offer(
                id=number,
                kind=rng.choice(OFFER_KINDS),
                region=rng.choice([None, "Utrecht", "Zwolle"]),
                target_groups=frozenset(rng.sample(["youth", "50plus"], rng.randint(0, 1))),
            )
            for number in range(rng.randint(0, 6))
        ]

    def run(
        self,
        *,
        data: dict[str, Any] | None = None,
        states: list[SuggestionState] | None = None,
        asks: list[Ask] | None = None,
        offers: list[Offer] | None = None,
    ) -> list[Suggestion]:
        history = History(asks=self.asks if asks is None else asks, states=states or [])
        return suggest(
            self.data if data is None else data,
            self.indicators,
            history,
            self.profile,
            self.offers if offers is None else offers,
            today=TODAY,
            limit=self.limit,
        )


@st.composite
def worlds(draw: st.DrawFn) -> World:
    return World(draw(networks()), draw(st.integers(0, 2**32 - 1)), draw(st.integers(0, 8)))


def _discourages(contact: dict[str, Any]) -> bool:
    influence = contact.get("influence")
    return (influence is not None and influence <= -1) or contact.get(
        "normalises_unemployment"
    ) == "yes"


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_it_never_suggests_a_contact_twice_nor_one_who_discourages(world: World) -> None:
    result = world.run()
    keys = [s.key for s in result]
    assert len(keys) == len(set(keys))
    contact_ids = [s.contact_id for s in result if s.contact_id is not None]
    assert len(contact_ids) == len(set(contact_ids))
    by_id = {c["id"]: c for c in world.data["contacts"]}
    for suggestion in result:
        if suggestion.contact_id is None:
            continue
        person = by_id[suggestion.contact_id]
        assert not _discourages(person)
        assert suggestion.kind != "tell" or person.get("role") not in FORMAL
        assert suggestion.kind != "tell" or person.get("knows_searching") != "yes"
    listed = [s for s in result if not s.prominent]
    assert len(listed) <= world.limit
    assert [s.score for s in listed] == sorted((s.score for s in listed), reverse=True)
    assert all(s.kind == "protect" for s in result if s.prominent)


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_it_never_repeats_an_open_ask_of_the_same_kind(world: World) -> None:
    result = world.run()
    for ask in world.asks:
        if not ask.is_open:
            continue
        for kind in ("tell", "reconnect"):
            assert f"{kind}:contact:{ask.contact_id}" not in [s.key for s in result]
        if ask.kind in ("introduction", "reference"):
            assert f"introduce:contact:{ask.contact_id}" not in [s.key for s in result]


@settings(max_examples=100, deadline=None)
@given(worlds(), st.randoms(use_true_random=False))
def test_it_does_not_depend_on_the_order_of_its_inputs(world: World, rng: random.Random) -> None:
    contacts = list(world.data["contacts"])
    ties = [list(tie) for tie in world.data["ties"]]
    rng.shuffle(contacts)
    rng.shuffle(ties)
    for tie in ties:
        if rng.random() < 0.5:
            tie[0], tie[1] = tie[1], tie[0]
    asks = list(world.asks)
    offers = list(world.offers)
    rng.shuffle(asks)
    rng.shuffle(offers)
    shuffled = world.run(data={"contacts": contacts, "ties": ties}, asks=asks, offers=offers)
    assert shuffled == world.run()


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_it_keeps_dismissed_suggestions_away_until_their_facts_change(world: World) -> None:
    first = world.run()
    states = [SuggestionState(s.key, "dismissed", s.fingerprint) for s in first]
    dismissed = {state.key: state.fingerprint for state in states}
    second = world.run(states=states)
    assert not set(dismissed) & {s.key for s in second}
    # Change every contact's facts: whatever comes back rests on new facts.
    changed = {
        "contacts": [
            {**c, "employment": "employed" if c.get("employment") != "employed" else "student"}
            for c in world.data["contacts"]
        ],
        "ties": world.data["ties"],
    }
    for suggestion in world.run(data=changed, states=states):
        if suggestion.key in dismissed:
            assert suggestion.fingerprint != dismissed[suggestion.key]
