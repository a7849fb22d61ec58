"""Helpers shared by the suggestion engine's tests: one call of `suggest` and readers of its list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kring.analysis import Network, analyse
from kring.analysis.tests.factories import network
from kring.plan.suggest import (
    SETTINGS,
    Ask,
    History,
    Offer,
    Profile,
    Settings,
    Suggestion,
    suggest,
)

TODAY = date(2024, 6, 1)


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


OFFERS = (
    Offer(id=1, kind="job_club", region="Utrecht"),
    Offer(id=2, kind="job_club", region="Zwolle"),
    Offer(id=3, kind="sports_club", region=None),
    Offer(id=4, kind="volunteer_centre", region="Utrecht", target_groups=frozenset({"youth"})),
    Offer(id=5, kind="other", region="Utrecht", gaps=frozenset({"quadrant:work_school_club"})),
    Offer(id=6, kind="peer_group", region="Utrecht"),
)


def ask(contact_id: int, kind: str, days_ago: int, **fields: Any) -> Ask:
    return Ask(
        contact_id=contact_id, kind=kind, asked_on=TODAY - timedelta(days=days_ago), **fields
    )
