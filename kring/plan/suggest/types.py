"""The engine's inputs and outputs: settings, asks, states, profile, offers and suggestions.

Plain frozen dataclasses and named tuples (no Django); `fingerprint` lives here because a
`Suggestion` is identified by it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal, NamedTuple

from kring.analysis import DEFAULT_THRESHOLDS, Network

from .reasons import Reason

ContactId = int | str
OfferId = int | str
Kind = Literal["tell", "introduce", "reconnect", "widen", "protect"]
OfferKind = Literal[
    "job_club",
    "peer_group",
    "buddy",
    "volunteer_centre",
    "neighbourhood_centre",
    "language_cafe",
    "sports_club",
    "professional_conference",
    "other",
]
StateStatus = Literal["dismissed", "postponed", "accepted"]

# DOMAIN.md §6, in ranking order (each kind's band of points is in rules.py).
KINDS: Final[tuple[Kind, ...]] = ("tell", "introduce", "reconnect", "widen", "protect")

OFFER_KINDS: Final[tuple[OfferKind, ...]] = (
    "job_club",
    "peer_group",
    "buddy",
    "volunteer_centre",
    "neighbourhood_centre",
    "language_cafe",
    "sports_club",
    "professional_conference",
    "other",
)

# The gaps (quadrants of the circle, functions) an offer fills when its organisation did not
# say. Only the two quadrants one can widen by joining something are gaps: new family cannot
# be joined, and the professional quadrant is the coach's own.
DEFAULT_OFFER_GAPS: Final[dict[str, frozenset[str]]] = {
    "job_club": frozenset({"quadrant:work_school_club", "function:job_leads", "function:advice"}),
    "peer_group": frozenset({"quadrant:friends", "function:emotional", "function:company"}),
    "buddy": frozenset(
        {"quadrant:friends", "function:practical", "function:company", "function:introduction"}
    ),
    "volunteer_centre": frozenset({"quadrant:work_school_club", "function:reference"}),
    "neighbourhood_centre": frozenset(
        {"quadrant:friends", "function:company", "function:practical"}
    ),
    "language_cafe": frozenset({"quadrant:friends", "function:company", "function:practical"}),
    "sports_club": frozenset({"quadrant:work_school_club", "function:company"}),
    "professional_conference": frozenset(
        {"function:emotional", "function:practical", "function:advice"}
    ),
    "other": frozenset(),
}

# Widen gaps in ranking order: job-search value first (DOMAIN.md §6 rule 4).
WIDEN_GAPS: Final = (
    "quadrant:work_school_club",
    "function:job_leads",
    "function:introduction",
    "function:reference",
    "quadrant:friends",
    "function:emotional",
    "function:practical",
    "function:company",
    "function:advice",
)

# Rajkumar et al. (2022): strong ties help more in less digital industries. DOMAIN.md §6 names
# care (Q), construction (F), logistics (H) and hospitality (I).
LESS_DIGITAL_SECTORS: Final = frozenset("QFHI")


@dataclass(frozen=True, slots=True)
class Settings:
    """The engine's thresholds; conversation aids like the traffic light, not validated norms."""

    # "Many discouraging contacts": the traffic light's red threshold by default.
    discouraging_share_above: float = DEFAULT_THRESHOLDS["red_discouraging_share_above"]
    # De Jong Gierveld 6-item total 0-6; 5-6 is "severely lonely" in the Dutch health monitor.
    loneliness_at_least: int = 5
    dormant_after_days: int = 365
    ask_again_after_days: int = 90
    early_days: int = 90
    moderately_weak_mutual: tuple[int, int] = (1, 10)


SETTINGS: Final = Settings()


@dataclass(frozen=True, slots=True)
class Ask:
    """One ask so far: to whom, what (e.g. "introduction"), when, and how it ended.

    `outcome` None means no outcome yet; `follow_up` is the date of a follow-up still to do
    (None when there is none or it was done).
    """

    contact_id: ContactId
    kind: str
    asked_on: date
    outcome: str | None = None
    follow_up: date | None = None

    @property
    def is_open(self) -> bool:
        return self.outcome is None or self.follow_up is not None


@dataclass(frozen=True, slots=True)
class SuggestionState:
    """What the person did with a suggestion: dismissed, postponed (until a date) or accepted.

    `fingerprint` is the suggestion's fingerprint at that moment: a dismissed or accepted
    suggestion comes back only when the facts it rests on changed.
    """

    key: str
    status: StateStatus
    fingerprint: str = ""
    until: date | None = None


@dataclass(frozen=True, slots=True)
class History:
    """The asks so far and the states of earlier suggestions."""

    asks: Sequence[Ask] = ()
    states: Sequence[SuggestionState] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """What the engine knows about the job seeker besides the network.

    `target_sector` is an SBI section letter; `loneliness` the De Jong Gierveld total (0-6);
    `digital_sector` overrides the guess from the target sector (None: guess); `region` and
    `groups` (target group tags) select local offers.
    """

    target_sector: str | None = None
    traject_start: date | None = None
    loneliness: int | None = None
    digital_sector: bool | None = None
    region: str | None = None
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Offer:
    """A local offer (sociale kaart) that widens a network.

    `region` None means everywhere; empty `target_groups` means everyone. `gaps` are the gaps
    it fills ("quadrant:friends", "function:job_leads"); empty means `DEFAULT_OFFER_GAPS`.
    """

    id: OfferId
    kind: OfferKind
    region: str | None = None
    target_groups: frozenset[str] = frozenset()
    gaps: frozenset[str] = frozenset()

    def fills(self) -> frozenset[str]:
        # .get: a kind added to the model before it is added here fills nothing, not a 500.
        return self.gaps or DEFAULT_OFFER_GAPS.get(self.kind, frozenset())


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked suggestion: what to do, about whom or which gap, why, and on what evidence.

    `key` is stable ("tell:contact:17", "widen:quadrant:friends", "protect:coach"); `facts`
    are what it rests on and `fingerprint` their hash; `prominent` suggestions (protect) are
    shown apart from the list and never crowded out by the limit.
    """

    key: str
    kind: Kind
    score: int
    contact_id: ContactId | None
    gap: str | None
    reasons: tuple[Reason, ...]
    evidence: tuple[str, ...]
    offer_ids: tuple[OfferId, ...]
    facts: Mapping[str, Any]
    also: tuple[Kind, ...] = ()
    prominent: bool = False

    @property
    def fingerprint(self) -> str:
        """Give back the hash of the facts (computed on demand: most are never stored)."""
        return fingerprint(self.facts)

    def as_dict(self) -> dict[str, Any]:
        """Give back a plain, JSON-serialisable dict."""
        return {
            "key": self.key,
            "kind": self.kind,
            "score": self.score,
            "contact_id": self.contact_id,
            "gap": self.gap,
            "reasons": [
                {"key": r.key, "params": dict(r.params), "text": r.text()} for r in self.reasons
            ],
            "evidence": list(self.evidence),
            "offer_ids": list(self.offer_ids),
            "facts": dict(self.facts),
            "fingerprint": self.fingerprint,
            "also": list(self.also),
            "prominent": self.prominent,
        }


class Case(NamedTuple):
    """The inputs of one job seeker for `suggest_many`."""

    network: Network | Mapping[str, Any]
    indicators: Mapping[str, Any]
    history: History
    profile: Profile
    offers: Sequence[Offer]


def fingerprint(facts: Mapping[str, Any]) -> str:
    """Give back a short stable hash of a suggestion's facts."""
    # repr of the sorted items: the facts are plain values (str, int, bool, None, lists of
    # them), whose repr is stable; json.dumps with options costs ten times as much.
    text = repr(sorted(facts.items()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
