"""The stored indicator summary of a network: the one place it is computed and written.

`summary_refresh` runs inside the transaction of every network change, from `network_changed`
(kring.network.services.rules), on the rows that change has just read: the summary is never stale,
and no page or dashboard recomputes a network. The rows go into the analysis engine as they
came from the database (`analyse_stored`, the trusted path); a moment's data is plain JSON and
goes through the validator instead (`summarise`). Other apps only read the summaries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from operator import itemgetter
from typing import Any

from django.utils import timezone

from kring.accounts.models import Organisation, User
from kring.analysis import (
    DEFAULT_THRESHOLDS,
    Network,
    analyse,
    analyse_stored,
    traffic_light,
    traffic_light_reasons,
)
from kring.analysis.schema import ALLOWED_FIELDS, FORMAL_ROLES
from kring.network.models import (
    CONTACT_ROW,
    IndicatorSummary,
    NetworkProfile,
    NetworkRows,
    Snapshot,
)

_IN_TARGET_SECTOR = CONTACT_ROW.index("in_target_sector")
_SECTOR = CONTACT_ROW.index("sector")
_BREAKDOWN_OF_ROW = itemgetter(*map(CONTACT_ROW.index, ("ring", "quadrant", "role", "influence")))


def thresholds_for(jobseeker: User) -> dict[str, float]:
    """Return the traffic-light thresholds of the job seeker's organisation (or the defaults)."""
    organisation = jobseeker.organisation
    merged = dict(DEFAULT_THRESHOLDS)
    if organisation is not None and organisation.indicator_thresholds:
        merged.update(
            {k: v for k, v in organisation.indicator_thresholds.items() if k in DEFAULT_THRESHOLDS}
        )
    return merged


def target_sector_of(jobseeker: User) -> str | None:
    """Return the sector the job seeker's profile says they want to work in, or None."""
    sector = (
        NetworkProfile.objects.filter(jobseeker=jobseeker)
        .values_list("target_sector", flat=True)
        .first()
    )
    return sector or None


# The target-sector rule (docs/analysis.md, "Target sector reach"): a contact works in the
# target sector when in_target_sector is yes, or when it is unknown and the contact's sector
# is the profile's target sector; an explicit no stays no. Without a target sector nothing
# changes. Changed contacts are copies: the caller's rows stay as they were read. The rule
# is written twice, once per format the summaries read: stored rows and a moment's dicts.


def _rows_with_target_sector(
    rows: list[tuple[Any, ...]], target_sector: str | None
) -> list[tuple[Any, ...]]:
    if not target_sector:
        return rows
    at = _IN_TARGET_SECTOR
    return [
        (*row[:at], True, *row[at + 1 :])
        if row[at] is None and row[_SECTOR] == target_sector
        else row
        for row in rows
    ]


def with_target_sector(
    contacts: list[dict[str, Any]], target_sector: str | None
) -> list[dict[str, Any]]:
    """Return the contact dicts with an unknown in_target_sector answered from their sector."""
    if not target_sector:
        return contacts
    return [
        {**contact, "in_target_sector": True}
        if contact.get("in_target_sector") is None and contact.get("sector") == target_sector
        else contact
        for contact in contacts
    ]


def _fields(
    values: dict[str, Any],
    breakdown: Iterable[tuple[Any, Any, Any, Any]],
    *,
    thresholds: dict[str, float],
    target_sector: str | None,
) -> dict[str, Any]:
    """Return the fields of an IndicatorSummary from the indicators and (ring, quadrant,
    role, influence) of every contact."""
    values["target_sector"] = target_sector or None
    if values["target_sector"] is None and values["target_sector_reach"] == 0:
        # Without a chosen sector "nobody works in it" says nothing: the reach is undefined,
        # so no rule fires on it and "In beeld" asks for the sector instead.
        values["target_sector_reach"] = None
    places = list(breakdown)
    values["by_quadrant"] = dict(Counter(quadrant for ring, quadrant, _, _ in places if ring))
    values["by_ring"] = {str(k): v for k, v in Counter(ring for ring, *_ in places).items()}
    # Like the indicators: informal contacts in rings 1-4 (DOMAIN.md §4, the set A).
    informal = [
        influence or 0 for ring, _, role, influence in places if ring and role not in FORMAL_ROLES
    ]
    values["by_influence"] = {
        "supportive": sum(1 for i in informal if i >= 1),
        "neutral": sum(1 for i in informal if i == 0),
        "discouraging": sum(1 for i in informal if i <= -1),
    }
    return {
        "values": values,
        "light": traffic_light(values, thresholds),
        "reasons": traffic_light_reasons(values, thresholds),
        "size": values["size"],
        "supportive": values["supportive"],
        "aware_share": values["aware_share"],
        "allies": values["allies"],
    }


def summarise(
    data: dict[str, Any],
    *,
    as_of: date,
    thresholds: dict[str, float],
    target_sector: str | None = None,
) -> dict[str, Any]:
    """Return the fields of an IndicatorSummary for network data in the plain-dict format.

    The data goes through the validator (a moment holds JSON, not checked rows); blank
    values mean unknown. Raises kring.analysis.NetworkError for data that is not a network.
    """
    contacts = data.get("contacts", [])
    engine_input = {
        "contacts": with_target_sector(
            [
                {
                    key: value
                    for key, value in contact.items()
                    if key in ALLOWED_FIELDS and value is not None and value != ""
                }
                for contact in contacts
            ],
            target_sector,
        ),
        "ties": [list(tie) for tie in data.get("ties", [])],
    }
    values = analyse(Network.from_dict(engine_input), as_of=as_of).as_dict()
    breakdown = (
        (c.get("ring"), c.get("quadrant"), c.get("role"), c.get("influence")) for c in contacts
    )
    return _fields(values, breakdown, thresholds=thresholds, target_sector=target_sector)


def summarise_rows(
    network: NetworkRows,
    *,
    key: object,
    as_of: date,
    thresholds: dict[str, float],
    target_sector: str | None = None,
) -> dict[str, Any]:
    """Return the fields of an IndicatorSummary for a network as read from the database.

    `key` is the owner column of the rows (the job seeker's id). Nothing is checked again:
    the database holds the rows to the schema.
    """
    rows = _rows_with_target_sector(network.rows, target_sector)
    [indicators] = analyse_stored([key], rows, network.ties, fields=CONTACT_ROW[1:], as_of=as_of)
    breakdown = map(_BREAKDOWN_OF_ROW, network.rows)
    return _fields(
        indicators.as_dict(), breakdown, thresholds=thresholds, target_sector=target_sector
    )


def summary_refresh(jobseeker: User, network: NetworkRows | None = None) -> None:
    """Recompute and store the current summary of `jobseeker`'s network.

    `network` is the network as it stands now, if the caller has just read it in this
    transaction (network_changed does); otherwise it is read here.
    """
    rows = network if network is not None else NetworkRows.read(jobseeker)
    fields = summarise_rows(
        rows,
        key=jobseeker.pk,
        as_of=timezone.localdate(),
        thresholds=thresholds_for(jobseeker),
        target_sector=target_sector_of(jobseeker),
    )
    fields["computed_at"] = timezone.now()
    if not IndicatorSummary.objects.store_current(jobseeker, fields):
        IndicatorSummary.objects.create(jobseeker=jobseeker, snapshot=None, **fields)


def current_summary(jobseeker: User) -> IndicatorSummary:
    """Return the stored current summary, computing it once if it was never stored."""
    summary = IndicatorSummary.objects.filter(jobseeker=jobseeker, snapshot=None).first()
    if summary is None:
        summary_refresh(jobseeker)
        summary = IndicatorSummary.objects.get(jobseeker=jobseeker, snapshot=None)
    return summary


def snapshot_summary(snapshot: Snapshot) -> IndicatorSummary:
    """Return the stored summary of a saved moment, storing it the first time."""
    existing = IndicatorSummary.objects.filter(snapshot=snapshot).first()
    if existing is not None:
        return existing
    # A moment holds contacts and ties, not the profile: its reach is counted against the
    # sector the job seeker wants when the moment is first looked at.
    fields = summarise(
        snapshot.data,
        as_of=timezone.localdate(snapshot.taken_at),
        thresholds=thresholds_for(snapshot.owner),
        target_sector=target_sector_of(snapshot.owner),
    )
    return IndicatorSummary.objects.create(
        jobseeker=snapshot.owner, snapshot=snapshot, computed_at=timezone.now(), **fields
    )


def summaries_relight(organisation: Organisation, thresholds: dict[str, float]) -> None:
    """Light the stored summaries of an organisation's job seekers again with `thresholds`."""
    summaries = IndicatorSummary.objects.filter(jobseeker__organisation=organisation)
    for summary in summaries.iterator():
        summary.light = traffic_light(summary.values, thresholds)
        summary.reasons = traffic_light_reasons(summary.values, thresholds)
        summary.save(update_fields=["light", "reasons"])
