"""Reads of the local offers: the list a person may see, and the rows the plan's engine matches.

The engine (kring.plan.suggest, above this app) matches an offer's region to the job seeker's
by equality. People write a region as they like ("Demostad", "demostad en omgeving"), so both
sides are brought to one key here first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kring.accounts.models import User
from kring.offers.models import Offer, Referral


def normalise_region(region: str) -> str:
    """Return `region` in lower case with single spaces: the form regions are compared in."""
    return " ".join(region.casefold().split())


def region_key(region: str, known: set[str]) -> str:
    """Return the job seeker's region as the offers' regions spell it.

    `known` holds the normalised regions of the organisation's offers. A region that names one
    of them as whole words ("Demostad en omgeving" names "demostad") becomes that region (the
    longest when it names several); any other region stays as it is, normalised.
    """
    mine = normalise_region(region)
    if not mine or mine in known:
        return mine
    named = [
        candidate
        for candidate in known
        if candidate and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", mine)
    ]
    return max(named, key=lambda candidate: (len(candidate), candidate)) if named else mine


@dataclass(frozen=True)
class EngineOffer:
    """One active offer as the plan engine reads it (region normalised; "" = everywhere)."""

    id: int
    kind: str
    region: str
    target_groups: frozenset[str]
    gaps: frozenset[str]


@dataclass(frozen=True)
class EngineInputs:
    offers: list[EngineOffer]
    region: str  # the job seeker's region as a key of the offers' regions; "" = unknown


def engine_inputs(jobseeker: User, region: str) -> EngineInputs:
    """Return the active offers of the job seeker's organisation, and `region` (the job seeker's,
    as they wrote it) as a key of the offers' regions."""
    rows = Offer.objects.of(jobseeker.organisation_id).active().order_by("id")
    offers = [
        EngineOffer(
            id=pk,
            kind=kind,
            region=normalise_region(region),
            target_groups=frozenset(groups),
            gaps=frozenset(gaps),
        )
        for pk, kind, region, groups, gaps in rows.values_list(
            "id", "kind", "region", "target_groups", "gaps"
        )
    ]
    known = {offer.region for offer in offers if offer.region}
    return EngineInputs(offers, region_key(region, known))


def offers_by_id(user: User, ids: set[int]) -> dict[int, Offer]:
    """Return the offers among `ids` that `user` may read, by id (one query)."""
    if not ids:
        return {}
    return {offer.pk: offer for offer in Offer.objects.visible_to(user).filter(pk__in=ids)}


def referrals_of(jobseeker: User) -> list[Referral]:
    """Return the job seeker's referrals: open ones first, then the newest."""
    referrals = list(
        Referral.objects.of(jobseeker)
        .select_related("offer", "referred_by")
        .order_by("-referred_on", "-id")
    )
    referrals.sort(key=lambda r: r.outcome != "pending")
    return referrals
