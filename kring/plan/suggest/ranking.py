"""The ranking: contact suggestions best first, then widen, then protect; history applied.

`suggest` and `suggest_many` are the engine's doors (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, Final

from kring.analysis import Network

from .rules import (
    Context,
    blocked_kinds,
    count_mutual,
    explain_contact,
    judge,
    members_of,
    prefers_strong,
    protect_suggestion,
    widen_suggestions,
)
from .types import (
    KINDS,
    SETTINGS,
    WIDEN_GAPS,
    Case,
    History,
    Offer,
    Profile,
    Settings,
    Suggestion,
    SuggestionState,
    fingerprint,
)

_KIND_RANK: Final = {kind: rank for rank, kind in enumerate(KINDS)}
_WIDEN_QUADRANTS: Final = tuple(g.split(":")[1] for g in WIDEN_GAPS if g.startswith("quadrant:"))
_WIDEN_FUNCTIONS: Final = frozenset(g.split(":")[1] for g in WIDEN_GAPS if g.startswith("function"))


def _parts(
    network: Network | Mapping[str, Any],
) -> tuple[Sequence[Mapping[str, Any]], Sequence[Sequence[Any]]]:
    if isinstance(network, Network):
        return network.contacts, network.ties
    return network["contacts"], network.get("ties") or ()


def _hidden(state: SuggestionState | None, facts: Mapping[str, Any], today: date) -> bool:
    """Give back whether an earlier state still hides a suggestion resting on these facts."""
    if state is None:
        return False
    if state.status == "postponed" and state.until is not None:
        return today < state.until
    return state.fingerprint == fingerprint(facts)


def _suggest(
    network: Network | Mapping[str, Any],
    indicators: Mapping[str, Any],
    history: History,
    profile: Profile,
    offers: Sequence[Offer],
    *,
    today: date,
    limit: int,
    settings: Settings,
) -> list[Suggestion]:
    contacts, ties = _parts(network)
    members = members_of(contacts)
    mutual = count_mutual({c["id"] for c in members}, ties)
    low, high = settings.moderately_weak_mutual
    context = Context(
        target_sector=profile.target_sector or None,
        prefer_strong=prefers_strong(profile),
        dormant_before=(today - timedelta(days=settings.dormant_after_days)).isoformat(),
        low=low,
        high=high,
        blocked=blocked_kinds(history.asks, today, settings),
        early=profile.traject_start is not None
        and (today - profile.traject_start).days <= settings.early_days,
    )
    judged = []
    for place, contact in enumerate(contacts):
        verdict = judge(contact, mutual, context)
        if verdict is not None:
            kind, score, traits, also = verdict
            judged.append((-score, _KIND_RANK[kind], str(contact["id"]), place, kind, traits, also))
    judged.sort(key=itemgetter(0, 1, 2))

    states = {state.key: state for state in history.states}
    chosen: list[Suggestion] = []
    for minus_score, _, _, place, kind, traits, also in judged:
        if len(chosen) >= limit:
            break
        contact = contacts[place]
        key = f"{kind}:contact:{contact['id']}"
        mutual_count = mutual.get(contact["id"], 0)
        reasons, evidence, facts = explain_contact(kind, contact, mutual_count, traits, context)
        if _hidden(states.get(key), facts, today):
            continue
        chosen.append(
            Suggestion(
                key=key,
                kind=kind,
                score=-minus_score,
                contact_id=contact["id"],
                gap=None,
                reasons=reasons,
                evidence=evidence,
                offer_ids=(),
                facts=facts,
                also=also,
            )
        )
    if len(chosen) < limit:
        missing = indicators.get("functions_missing") or ()
        quadrants_present = {c.get("quadrant") for c in members}
        gaps = {f"quadrant:{q}" for q in _WIDEN_QUADRANTS if q not in quadrants_present}
        gaps.update(f"function:{f}" for f in missing if f in _WIDEN_FUNCTIONS)
        for suggestion in widen_suggestions(gaps, offers, profile):
            if len(chosen) >= limit:
                break
            if not _hidden(states.get(suggestion.key), suggestion.facts, today):
                chosen.append(suggestion)
    protect = protect_suggestion(indicators, profile, settings)
    if protect is not None and not _hidden(states.get(protect.key), protect.facts, today):
        chosen.append(protect)
    return chosen


def suggest(
    network: Network | Mapping[str, Any],
    indicators: Mapping[str, Any],
    history: History,
    profile: Profile,
    offers: Sequence[Offer],
    *,
    today: date,
    limit: int = 5,
    settings: Settings = SETTINGS,
) -> list[Suggestion]:
    """Give back at most `limit` ranked suggestions, best first, plus a prominent protect one.

    `indicators` is `Indicators.as_dict()` of the same network. Deterministic: the same inputs
    give the same list, whatever the order of contacts, ties, asks, states or offers.
    """
    return _suggest(
        network,
        indicators,
        history,
        profile,
        offers,
        today=today,
        limit=limit,
        settings=settings,
    )


def suggest_many(
    cases: Iterable[Case],
    *,
    today: date,
    limit: int = 5,
    settings: Settings = SETTINGS,
) -> list[list[Suggestion]]:
    """Give back `suggest(...)` of every case, in order (the batch door for benchmarks and jobs).

    Each network is still done on its own: one numpy bincount of mutual counts over all
    networks' ties measured slower than the per-network loop (0.10 s against 0.06 s for 2,000
    networks of 200 ties), because mapping ids to positions is most of that work. See the
    figures in docs/plan.md.
    """
    return [
        _suggest(
            case.network,
            case.indicators,
            case.history,
            case.profile,
            case.offers,
            today=today,
            limit=limit,
            settings=settings,
        )
        for case in cases
    ]
