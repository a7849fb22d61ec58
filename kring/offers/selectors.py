"""Reads of the local offers: the list a person may see, and the rows the plan's engine matches.

The engine (kring.plan.suggest, above this app) matches an offer's region to the job seeker's
by equality. People write a region as they like ("Demostad", "demostad en omgeving"), so both
sides are brought to one key here first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
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


def engine_offers(organisation_ids: Iterable[int | None]) -> dict[int, list[EngineOffer]]:
    """Return the active offers of each organisation, as the engine reads them (one query)."""
    found: dict[int, list[EngineOffer]] = defaultdict(list)
    rows = Offer.objects.filter(organisation_id__in=[o for o in organisation_ids if o is not None])
    for organisation, pk, kind, region, groups, gaps in (
        rows.active()
        .order_by("organisation_id", "id")
        .values_list("organisation_id", "id", "kind", "region", "target_groups", "gaps")
    ):
        found[organisation].append(
            EngineOffer(pk, kind, normalise_region(region), frozenset(groups), frozenset(gaps))
        )
    return dict(found)


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
