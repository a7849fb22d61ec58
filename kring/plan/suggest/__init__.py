"""The suggestion engine: what a job seeker could do next, ranked and explained (no Django).

A pure, deterministic function of (network, indicators, history, profile, offers, today) that
applies the advice rules of DOMAIN.md §6. See docs/plan.md for the rules, the ranking, the
reason keys and the evidence.

Public API::

    suggest(network, indicators, history, profile, offers, *, today, limit=5, settings=SETTINGS)
        -> list[Suggestion], best first
    suggest_many(cases, *, today, limit=5, settings=SETTINGS) -> list[list[Suggestion]]
    REASONS (reason key -> English template), EVIDENCE (evidence key -> Evidence),
    KINDS, OFFER_KINDS, DEFAULT_OFFER_GAPS, WIDEN_GAPS, Settings

The network is trusted: the analysis engine's plain-dict format as stored (validate untrusted
input with `kring.analysis.Network.from_dict` first) or a `kring.analysis.Network`.

Modules, by job: `types` (inputs, outputs, settings, fingerprint), `reasons` (reason keys and
evidence), `rules` (the five rules of DOMAIN.md §6) and `ranking` (order, history, limit).
"""

from .ranking import suggest, suggest_many
from .reasons import EVIDENCE, REASONS, Evidence, Reason
from .rules import mutual_counts
from .types import (
    DEFAULT_OFFER_GAPS,
    KINDS,
    LESS_DIGITAL_SECTORS,
    OFFER_KINDS,
    SETTINGS,
    WIDEN_GAPS,
    Ask,
    Case,
    History,
    Offer,
    Profile,
    Settings,
    Suggestion,
    SuggestionState,
    fingerprint,
)

__all__ = [
    "DEFAULT_OFFER_GAPS",
    "EVIDENCE",
    "KINDS",
    "LESS_DIGITAL_SECTORS",
    "OFFER_KINDS",
    "REASONS",
    "SETTINGS",
    "WIDEN_GAPS",
    "Ask",
    "Case",
    "Evidence",
    "History",
    "Offer",
    "Profile",
    "Reason",
    "Settings",
    "Suggestion",
    "SuggestionState",
    "fingerprint",
    "mutual_counts",
    "suggest",
    "suggest_many",
]
