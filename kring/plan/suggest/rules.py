"""The advice rules of DOMAIN.md §6: tell, introduce, reconnect, widen and protect.

Per contact: who qualifies for which kind, its points within the kind, and the reasons,
evidence and facts; per network: the widen gaps and the protect suggestion. The ranking
across them lives in `ranking.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Final, NamedTuple

from kring.analysis.schema import FORMAL_ROLES

from .reasons import Reason
from .types import (
    LESS_DIGITAL_SECTORS,
    OFFER_KINDS,
    WIDEN_GAPS,
    Ask,
    ContactId,
    Kind,
    Offer,
    OfferId,
    Profile,
    Settings,
    Suggestion,
)

# Each kind owns a band of 100 points, so a suggestion of a higher kind always outranks one of
# a lower kind (within-kind points stay below 100).
_BASE: Final[dict[str, int]] = {"tell": 400, "introduce": 300, "reconnect": 200, "widen": 100}
_OFFER_RANK: Final = {kind: rank for rank, kind in enumerate(OFFER_KINDS)}
_WORKING: Final = frozenset({"employed", "self_employed"})
_FORMAL: Final = frozenset(FORMAL_ROLES)
# Roles met through work, school or a club: after former colleagues the best to pick up again.
_WORK_ROLES: Final = frozenset(
    {"colleague", "employer", "classmate", "club_member", "coach_trainer"}
)
_REACH_OUT: Final = frozenset({"tell", "reconnect"})
# Ask kinds (what is asked) that count as the same kind as an introduce suggestion. Any open
# ask already makes contact, so for tell and reconnect every open ask counts (see blocked_kinds).
INTRODUCE_ASKS: Final = frozenset({"introduce", "introduction", "reference"})


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


class Context(NamedTuple):
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


def judge(
    contact: Mapping[str, Any], mutual: Mapping[ContactId, int], context: Context
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


def explain_contact(
    kind: Kind,
    contact: Mapping[str, Any],
    mutual: int,
    traits: _Traits,
    context: Context,
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
        # Tell also goes to people of whom nobody said whether they know: "does not know
        # yet" is only said when that was answered no.
        if contact.get("knows_searching") == "no":
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


def members_of(contacts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Give back the contacts in A: informal, rings 1-4 (DOMAIN.md §4)."""
    return [c for c in contacts if c["ring"] >= 1 and c.get("role") not in _FORMAL]


def count_mutual(member_ids: set[ContactId], ties: Sequence[Sequence[Any]]) -> dict[ContactId, int]:
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
    return count_mutual({c["id"] for c in members_of(contacts)}, ties)


def blocked_kinds(
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


def prefers_strong(profile: Profile) -> bool:
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


def widen_suggestions(
    gaps: Iterable[str], offers: Sequence[Offer], profile: Profile
) -> list[Suggestion]:
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


def protect_suggestion(
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
