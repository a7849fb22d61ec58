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
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, Final, Literal, NamedTuple

from kring.analysis import DEFAULT_THRESHOLDS, Network
from kring.analysis.schema import FORMAL_ROLES

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
Param = str | int | None

# DOMAIN.md §6, in ranking order. Each kind owns a band of 100 points, so a suggestion of a
# higher kind always outranks one of a lower kind (within-kind points stay below 100).
KINDS: Final[tuple[Kind, ...]] = ("tell", "introduce", "reconnect", "widen", "protect")
_BASE: Final[dict[str, int]] = {"tell": 400, "introduce": 300, "reconnect": 200, "widen": 100}
_KIND_RANK: Final = {kind: rank for rank, kind in enumerate(KINDS)}

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
_OFFER_RANK: Final = {kind: rank for rank, kind in enumerate(OFFER_KINDS)}

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
_WIDEN_QUADRANTS: Final = tuple(g.split(":")[1] for g in WIDEN_GAPS if g.startswith("quadrant:"))
_WIDEN_FUNCTIONS: Final = frozenset(g.split(":")[1] for g in WIDEN_GAPS if g.startswith("function"))

# Rajkumar et al. (2022): strong ties help more in less digital industries. DOMAIN.md §6 names
# care (Q), construction (F), logistics (H) and hospitality (I).
LESS_DIGITAL_SECTORS: Final = frozenset("QFHI")
_WORKING: Final = frozenset({"employed", "self_employed"})
_FORMAL: Final = frozenset(FORMAL_ROLES)
# Roles met through work, school or a club: after former colleagues the best to pick up again.
_WORK_ROLES: Final = frozenset(
    {"colleague", "employer", "classmate", "club_member", "coach_trainer"}
)
_REACH_OUT: Final = frozenset({"tell", "reconnect"})
# Ask kinds (what is asked) that count as the same kind as an introduce suggestion. Any open
# ask already makes contact, so for tell and reconnect every open ask counts (see _blocked).
INTRODUCE_ASKS: Final = frozenset({"introduce", "introduction", "reference"})


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


class Evidence(NamedTuple):
    """A source and what it found, in English (the UI translates the finding)."""

    citation: str
    finding: str


EVIDENCE: Final[dict[str, Evidence]] = {
    "movisie": Evidence(
        "Movisie, method for strengthening the networks of job seekers (DOMAIN.md §1)",
        "Raise the number of supportive contacts early: who knows you are looking, whom could you ask.",
    ),
    "granovetter_1973": Evidence(
        "Granovetter, M. (1973). The strength of weak ties. American Journal of Sociology 78(6), 1360-1380.",
        "Weak ties bring new information and openings that close contacts do not have.",
    ),
    "granovetter_1974": Evidence(
        "Granovetter, M. (1974). Getting a Job. Harvard University Press.",
        "56% found their job through personal contacts, mostly contacts seen only occasionally or rarely.",
    ),
    "rajkumar_2022": Evidence(
        "Rajkumar, K. et al. (2022). A causal test of the strength of weak ties. Science 377, 1304-1310.",
        "Moderately weak ties (about 10 mutual contacts) help most; in less digital sectors strong ties matter more.",
    ),
    "lin_social_resources": Evidence(
        "Lin, N. (2001). Social Capital: A Theory of Social Structure and Action. Cambridge University Press.",
        "Contacts who work, in the field you want, give access to jobs.",
    ),
    "jones_azrin_1973": Evidence(
        "Jones, R. J. & Azrin, N. H. (1973). An experimental application of a social reinforcement approach to the problem of job-finding. JABA 6(3), 345-353.",
        "Most job leads come from friends and relatives who work.",
    ),
    "azrin_1980": Evidence(
        "Azrin, N. H. et al. (1980). Comparative evaluation of the Job Club program with welfare recipients. Journal of Vocational Behavior 16(2), 133-145.",
        "Job club members: 87% employed after 12 months, against 59% in the control group.",
    ),
    "intelligence_group": Evidence(
        "Intelligence Group, Arbeidsmarktgedrag (2017-2020)",
        "In the Netherlands about 18-23% of job changers found their job through their network.",
    ),
    "astri_2012": Evidence(
        "AStri (2012)",
        "58% of low-skilled vacancies are filled via temp agencies or informal networks.",
    ),
    "family_group_conferences": Evidence(
        "Experience with family group conferences (DOMAIN.md §1, §7)",
        "More people are willing to think along than anyone expects beforehand.",
    ),
    "de_jong_gierveld_2006": Evidence(
        "De Jong Gierveld, J. & Van Tilburg, T. (2006). A 6-item scale for overall, emotional, and social loneliness. Research on Aging 28(5), 582-598.",
        "A conversation aid, not a diagnosis.",
    ),
}

# Reason key -> English template; params in braces. The first reason of a suggestion is its
# headline (the one B1 sentence the UI shows); the others are what it rests on.
REASONS: Final[dict[str, str]] = {
    "tell": "Tell {label} that you are looking for work.",
    "introduce": "Ask {label} to introduce you to someone who can help you find work.",
    "reconnect": "Get back in touch with {label} and say that you are looking for work.",
    "widen_quadrant": "Meet new people: your circle has nobody in {quadrant} yet.",
    "widen_function": "Meet new people: nobody in your circle gives {function} yet.",
    "protect": "Talk with your coach about the people around you and how you feel.",
    "not_aware": "{label} does not know yet that you are looking for work.",
    "supportive": "{label} supports you.",
    "works": "{label} has work.",
    "in_target_sector": "{label} works in the sector where you want to work.",
    "moderately_weak_tie": "{label} knows {mutual} people you know. Such contacts often hear of jobs.",
    "strong_tie": "{label} is close to you. In your sector close contacts often help you find work.",
    "could_approach": "You said you could approach {label}.",
    "early": "The earlier people know, the sooner they can help.",
    "can_introduce": "{label} can introduce you to others.",
    "can_hire": "{label} can hire people.",
    "dormant": "You have not been in touch with {label} for a long time.",
    "former_colleague": "{label} is a former colleague.",
    "met_through_work": "You know {label} from work, school or a club.",
    "offers_nearby": "There are {count} places near you where you can meet people.",
    "no_offers": "Ask your coach where you can meet people.",
    "many_discouraging": "{count} of the {size} people around you do not help you look for work.",
    "high_loneliness": "You said you often feel alone.",
}


class Reason(NamedTuple):
    """A reason key and its parameters; `text()` gives the English sentence."""

    key: str
    params: Mapping[str, Param]

    def text(self) -> str:
        return REASONS[self.key].format_map(
            {k: ("this person" if v is None else v) for k, v in self.params.items()}
        )


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


# --- per contact -------------------------------------------------------------------------


class _Traits(NamedTuple):
    """What the rules read of one contact, computed once; scores and reasons come from it."""

    works: bool
    in_target: bool
    band: str  # strong, moderately_weak, weak or none (ring 0, formal)
    influence: int | None
    can_introduce: bool
    can_hire: bool
    former_colleague: bool
    met_through_work: bool
    dormant: bool
    could_approach: bool
    approachable_yes: bool


class _Context(NamedTuple):
    target_sector: str | None
    prefer_strong: bool
    dormant_before: str  # ISO date: a last contact before it is long ago
    low: int
    high: int
    blocked: Mapping[ContactId, frozenset[str]]
    early: bool


def _tie_points(traits: _Traits, prefer_strong: bool) -> int:
    preferred, other = (
        ("strong", "moderately_weak") if prefer_strong else ("moderately_weak", "strong")
    )
    if traits.band == preferred:
        return 15
    return 7 if traits.band == other else 0


def _support_points(influence: int | None) -> int:
    if influence is None or influence < 1:
        return 0
    return 10 if influence == 1 else 12


def _score(kind: Kind, traits: _Traits, prefer_strong: bool) -> int:
    """Give back the within-kind points (0-99) of a contact suggestion."""
    points = _tie_points(traits, prefer_strong) + _support_points(traits.influence)
    points += 2 if traits.approachable_yes else 0
    if kind == "tell":
        points += 30 * traits.in_target + 20 * traits.works
        points += 5 if traits.can_introduce or traits.can_hire else 0
    elif kind == "introduce":
        points += 30 * traits.in_target + 15 * traits.works
        points += 20 * (traits.can_introduce or traits.can_hire)
        points += 5 * (traits.can_introduce and traits.can_hire)
    else:
        points += 25 * traits.in_target
        points += 30 if traits.former_colleague else 15 if traits.met_through_work else 0
    return points


def _judge(
    contact: Mapping[str, Any], mutual: Mapping[ContactId, int], context: _Context
) -> tuple[Kind, int, _Traits, tuple[Kind, ...]] | None:
    """Give back (best kind, score, traits, other kinds) for one contact, or None."""
    get = contact.get
    influence = get("influence")
    # Never ask someone who discourages (DOMAIN.md §4 discouraging) or says no to approaching.
    if influence is not None and influence <= -1:
        return None
    approachable = get("approachable")
    if approachable == "no" or get("normalises_unemployment") == "yes":
        return None
    role = get("role")
    formal = role in _FORMAL
    ring = contact["ring"]
    works = get("employment") in _WORKING
    last = get("last_contact")
    # str(): a stored row may hold a date, the plain-dict format an ISO string.
    dormant = ring >= 1 and (
        get("contact_frequency") == "dormant"
        or (last is not None and str(last) < context.dormant_before)
    )
    in_target = get("in_target_sector")
    if in_target is None:
        in_target = context.target_sector is not None and get("sector") == context.target_sector
    can_introduce = get("can_introduce") is True
    can_hire = get("can_hire") is True

    # The kinds it qualifies for, in ranking order.
    kinds: list[Kind] = []
    reconnect = dormant and works and not formal
    # A dormant contact who works is a reconnect, whose wording includes telling.
    if not (formal or reconnect or get("knows_searching") == "yes" or get("ally") is True):
        kinds.append("tell")
    if can_introduce or can_hire or in_target:
        kinds.append("introduce")
    if reconnect:
        kinds.append("reconnect")
    blocked = context.blocked.get(contact["id"])
    if blocked:
        kinds = [kind for kind in kinds if kind not in blocked]
    if not kinds:
        return None

    if ring == 0 or formal:
        band = "none"
    elif ring <= 2:
        band = "strong"
    elif context.low <= mutual.get(contact["id"], 0) <= context.high:
        band = "moderately_weak"
    else:
        band = "weak"
    # Positional: a keyword NamedTuple call costs as much as the rest of this function.
    traits = _Traits(
        works,
        bool(in_target),
        band,
        influence,
        can_introduce,
        can_hire,
        role == "former_colleague",
        role in _WORK_ROLES,
        dormant,
        ring == 0,
        approachable == "yes",
    )
    best = kinds[0]
    return best, _BASE[best] + _score(best, traits, context.prefer_strong), traits, tuple(kinds[1:])


def _explain_contact(
    kind: Kind,
    contact: Mapping[str, Any],
    mutual: int,
    traits: _Traits,
    context: _Context,
) -> tuple[tuple[Reason, ...], tuple[str, ...], dict[str, Any]]:
    """Give back the reasons, evidence keys and facts of a contact suggestion."""
    label = contact.get("label")
    who = {"label": label}
    reasons = [Reason(kind, who)]
    evidence = ["movisie"] if kind == "tell" else []
    if kind == "reconnect":
        reasons.append(Reason("dormant", who))
        evidence.append("granovetter_1974")
    if traits.in_target:
        reasons.append(Reason("in_target_sector", {**who, "sector": context.target_sector}))
    if traits.works:
        reasons.append(Reason("works", who))
    if traits.in_target or traits.works:
        evidence += ["lin_social_resources", "jones_azrin_1973"]
    if traits.can_hire:
        reasons.append(Reason("can_hire", who))
    if traits.can_introduce:
        reasons.append(Reason("can_introduce", who))
    if kind == "reconnect" and traits.former_colleague:
        reasons.append(Reason("former_colleague", who))
    elif kind == "reconnect" and traits.met_through_work:
        reasons.append(Reason("met_through_work", who))
    if traits.band == "moderately_weak":
        reasons.append(Reason("moderately_weak_tie", {**who, "mutual": mutual}))
        evidence += ["granovetter_1973", "rajkumar_2022"]
    elif traits.band == "strong" and context.prefer_strong:
        reasons.append(Reason("strong_tie", who))
        evidence += ["rajkumar_2022", "astri_2012"]
    if traits.influence is not None and traits.influence >= 1:
        reasons.append(Reason("supportive", who))
    if traits.could_approach:
        reasons.append(Reason("could_approach", who))
    if kind == "tell":
        reasons.append(Reason("not_aware", who))
        if context.early:
            reasons.append(Reason("early", {}))
    evidence += ["granovetter_1974", "intelligence_group"]
    facts = {
        "kind": kind,
        "ring": contact["ring"],
        "knows_searching": contact.get("knows_searching"),
        "influence": traits.influence,
        "employment": contact.get("employment"),
        "in_target_sector": traits.in_target,
        "target_sector": context.target_sector,
        "can_introduce": traits.can_introduce,
        "can_hire": traits.can_hire,
        "tie": traits.band,
        "dormant": traits.dormant,
        "role": contact.get("role"),
    }
    return tuple(reasons), tuple(dict.fromkeys(evidence)), facts


# --- the whole network --------------------------------------------------------------------


def _parts(
    network: Network | Mapping[str, Any],
) -> tuple[Sequence[Mapping[str, Any]], Sequence[Sequence[Any]]]:
    if isinstance(network, Network):
        return network.contacts, network.ties
    return network["contacts"], network.get("ties") or ()


def _members(contacts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Give back the contacts in A: informal, rings 1-4 (DOMAIN.md §4)."""
    return [c for c in contacts if c["ring"] >= 1 and c.get("role") not in _FORMAL]


def _mutual(member_ids: set[ContactId], ties: Sequence[Sequence[Any]]) -> dict[ContactId, int]:
    # A plain loop: Counter over compress()ed tie ends measured slower for 200 ties.
    counts: dict[ContactId, int] = {}
    for tie in ties:
        a, b = tie[0], tie[1]
        if b in member_ids:
            counts[a] = counts.get(a, 0) + 1
        if a in member_ids:
            counts[b] = counts.get(b, 0) + 1
    return counts


def mutual_counts(
    contacts: Sequence[Mapping[str, Any]], ties: Sequence[Sequence[Any]]
) -> dict[ContactId, int]:
    """Give back, per contact id, how many members of A it is tied to (absent: none)."""
    return _mutual({c["id"] for c in _members(contacts)}, ties)


def _blocked(
    asks: Iterable[Ask], today: date, settings: Settings
) -> dict[ContactId, frozenset[str]]:
    """Give back, per contact, the kinds an open or recent ask rules out."""
    recent = today - timedelta(days=settings.ask_again_after_days)
    blocked: dict[ContactId, set[str]] = {}
    for ask in asks:
        is_open = ask.is_open
        if not is_open and ask.asked_on < recent:
            continue
        kinds = blocked.setdefault(ask.contact_id, set())
        if ask.kind in INTRODUCE_ASKS:
            kinds.add("introduce")
        # Any ask already reaches out: an open one rules out telling and reconnecting.
        if is_open or ask.kind in _REACH_OUT:
            kinds.update(_REACH_OUT)
    return {contact_id: frozenset(kinds) for contact_id, kinds in blocked.items()}


def _prefer_strong(profile: Profile) -> bool:
    if profile.digital_sector is not None:
        return not profile.digital_sector
    return profile.target_sector in LESS_DIGITAL_SECTORS


def _matching_offers(gap: str, offers: Sequence[Offer], profile: Profile) -> tuple[OfferId, ...]:
    found = [
        offer
        for offer in offers
        if gap in offer.fills()
        and (offer.region is None or profile.region is None or offer.region == profile.region)
        and (not offer.target_groups or offer.target_groups & profile.groups)
    ]
    found.sort(
        key=lambda offer: (_OFFER_RANK.get(offer.kind, 99), type(offer.id).__name__, offer.id)
    )
    return tuple(offer.id for offer in found)


def _widen(gaps: Iterable[str], offers: Sequence[Offer], profile: Profile) -> list[Suggestion]:
    suggestions = []
    for place, gap in enumerate(WIDEN_GAPS):
        if gap not in gaps:
            continue
        what, name = gap.split(":")
        offer_ids = _matching_offers(gap, offers, profile)
        headline = (
            Reason("widen_quadrant", {"quadrant": name})
            if what == "quadrant"
            else Reason("widen_function", {"function": name})
        )
        found = (
            Reason("offers_nearby", {"count": len(offer_ids)})
            if offer_ids
            else Reason("no_offers", {})
        )
        evidence = ["granovetter_1973", "family_group_conferences"]
        if gap in ("quadrant:work_school_club", "function:job_leads"):
            evidence.insert(0, "azrin_1980")
        facts = {"kind": "widen", "gap": gap, "offers": [str(o) for o in offer_ids]}
        suggestions.append(
            Suggestion(
                key=f"widen:{gap}",
                kind="widen",
                score=_BASE["widen"] + 60 - 5 * place + (30 if offer_ids else 0),
                contact_id=None,
                gap=gap,
                reasons=(headline, found),
                evidence=tuple(evidence),
                offer_ids=offer_ids,
                facts=facts,
            )
        )
    suggestions.sort(key=lambda suggestion: -suggestion.score)  # stable: WIDEN_GAPS order on ties
    return suggestions


def _protect(
    indicators: Mapping[str, Any], profile: Profile, settings: Settings
) -> Suggestion | None:
    reasons = [Reason("protect", {})]
    evidence = ["movisie"]
    facts: dict[str, Any] = {"kind": "protect"}
    share = indicators.get("discouraging_share")
    size = indicators.get("size") or 0
    if isinstance(share, int | float) and share > settings.discouraging_share_above:
        count = round(share * size)
        reasons.append(Reason("many_discouraging", {"count": count, "size": size}))
        facts["discouraging"] = [count, size]
    if profile.loneliness is not None and profile.loneliness >= settings.loneliness_at_least:
        reasons.append(Reason("high_loneliness", {}))
        evidence.append("de_jong_gierveld_2006")
        facts["loneliness"] = profile.loneliness
    if len(reasons) == 1:
        return None
    return Suggestion(
        key="protect:coach",
        kind="protect",
        score=0,
        contact_id=None,
        gap=None,
        reasons=tuple(reasons),
        evidence=tuple(evidence),
        offer_ids=(),
        facts=facts,
        prominent=True,
    )


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
    members = _members(contacts)
    mutual = _mutual({c["id"] for c in members}, ties)
    low, high = settings.moderately_weak_mutual
    context = _Context(
        target_sector=profile.target_sector or None,
        prefer_strong=_prefer_strong(profile),
        dormant_before=(today - timedelta(days=settings.dormant_after_days)).isoformat(),
        low=low,
        high=high,
        blocked=_blocked(history.asks, today, settings),
        early=profile.traject_start is not None
        and (today - profile.traject_start).days <= settings.early_days,
    )
    judged = []
    for place, contact in enumerate(contacts):
        verdict = _judge(contact, mutual, context)
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
        reasons, evidence, facts = _explain_contact(kind, contact, mutual_count, traits, context)
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
        for suggestion in _widen(gaps, offers, profile):
            if len(chosen) >= limit:
                break
            if not _hidden(states.get(suggestion.key), suggestion.facts, today):
                chosen.append(suggestion)
    protect = _protect(indicators, profile, settings)
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
