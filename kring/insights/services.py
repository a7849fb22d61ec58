"""Compute and store indicator summaries; record instrument answers.

`summary_refresh` runs inside the transaction of every network change (called from
kring.network.services.network_changed), so the stored summary is never stale and no page or
dashboard has to recompute a network.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kring.accounts.models import Organisation, User
from kring.analysis import (
    DEFAULT_THRESHOLDS,
    analyse_many_dicts,
    traffic_light,
    traffic_light_reasons,
)
from kring.analysis.schema import ALLOWED_FIELDS, FORMAL_ROLES
from kring.insights.instruments import SCORERS, InstrumentError
from kring.insights.models import IndicatorSummary, InstrumentResponse

if TYPE_CHECKING:
    from kring.network.models import NetworkRows


def analysis_input(data: dict[str, Any]) -> dict[str, Any]:
    """Return the engine's input for network data as stored (blank values mean unknown)."""
    contacts = [
        {
            key: value
            for key, value in contact.items()
            if key in ALLOWED_FIELDS and value is not None and value != ""
        }
        for contact in data.get("contacts", [])
    ]
    return {"contacts": contacts, "ties": [list(tie) for tie in data.get("ties", [])]}


def with_target_sector(
    contacts: list[dict[str, Any]], target_sector: str | None
) -> list[dict[str, Any]]:
    """Return the contacts with an unknown in_target_sector answered from their sector.

    A contact works in the target sector when in_target_sector is yes, or when it is unknown
    and the contact's sector is the profile's target sector; an explicit no stays no
    (docs/analysis.md, "Target sector reach"). Without a target sector nothing changes.
    Changed contacts are copies: the caller's rows are left as they were read.
    """
    if not target_sector:
        return contacts
    return [
        {**contact, "in_target_sector": True}
        if contact.get("in_target_sector") is None and contact.get("sector") == target_sector
        else contact
        for contact in contacts
    ]


def target_sector_of(jobseeker: User) -> str | None:
    """Return the sector the job seeker's profile says they want to work in, or None."""
    from kring.network.models import NetworkProfile

    sector = (
        NetworkProfile.objects.filter(jobseeker=jobseeker)
        .values_list("target_sector", flat=True)
        .first()
    )
    return sector or None


def thresholds_for(jobseeker: User) -> dict[str, float]:
    """Return the traffic-light thresholds of the job seeker's organisation (or the defaults)."""
    organisation = jobseeker.organisation
    merged = dict(DEFAULT_THRESHOLDS)
    if organisation is not None and organisation.indicator_thresholds:
        merged.update(
            {k: v for k, v in organisation.indicator_thresholds.items() if k in DEFAULT_THRESHOLDS}
        )
    return merged


def summarise(
    data: dict[str, Any],
    *,
    as_of: date,
    thresholds: dict[str, float],
    target_sector: str | None = None,
) -> dict[str, Any]:
    """Return the fields of an IndicatorSummary for one network's data."""
    return _summary_fields(
        analysis_input(data),
        data.get("contacts", []),
        as_of=as_of,
        thresholds=thresholds,
        target_sector=target_sector,
    )


def _summary_fields(
    engine_input: dict[str, Any],
    contacts: list[dict[str, Any]],
    *,
    as_of: date,
    thresholds: dict[str, float],
    target_sector: str | None,
) -> dict[str, Any]:
    engine_input = {
        **engine_input,
        "contacts": with_target_sector(engine_input["contacts"], target_sector),
    }
    # The batch path validates and analyses in one vectorised pass, also for one network.
    values = analyse_many_dicts([engine_input], as_of=as_of)[0].as_dict()
    values["target_sector"] = target_sector or None
    if values["target_sector"] is None and values["target_sector_reach"] == 0:
        # Without a chosen sector "nobody works in it" says nothing: the reach is undefined,
        # so no rule fires on it and "In beeld" asks for the sector instead.
        values["target_sector_reach"] = None
    values["by_quadrant"] = dict(Counter(c.get("quadrant") for c in contacts if c.get("ring")))
    values["by_ring"] = {str(k): v for k, v in Counter(c.get("ring") for c in contacts).items()}
    # Like the indicators: informal contacts in rings 1-4 (DOMAIN.md §4, the set A).
    informal = [
        c.get("influence") or 0
        for c in contacts
        if c.get("ring") and c.get("role") not in FORMAL_ROLES
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
    }


def summary_refresh(jobseeker: User, network: NetworkRows | None = None) -> None:
    """Recompute and store the current summary of `jobseeker`'s network.

    `network` is the network as it stands now, if the caller has just read it in this
    transaction (network_changed does); otherwise it is read here.
    """
    from kring.network.models import NetworkRows

    rows = network if network is not None else NetworkRows.read(jobseeker)
    # The rows hold only fields the engine knows, unknowns as None, and ties as [a, b,
    # strength] lists, all in the engine's input format (docs/analysis.md), so they go in as
    # they are: analysis_input would only copy them.
    contacts = rows.indicator_contacts
    engine_input = {"contacts": contacts, "ties": rows.ties}
    fields = _summary_fields(
        engine_input,
        contacts,
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


def snapshot_summary(snapshot: Any) -> IndicatorSummary:
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


@transaction.atomic
def thresholds_update(*, admin: User, thresholds: dict[str, float]) -> Organisation:
    """Save an organisation's traffic-light thresholds and re-light its stored summaries."""
    organisation = admin.organisation
    if admin.role != "admin" or organisation is None:
        raise PermissionError("only organisation admins set thresholds")
    unknown = set(thresholds) - set(DEFAULT_THRESHOLDS)
    if unknown:
        raise ValidationError(f"unknown thresholds: {', '.join(sorted(unknown))}")
    organisation.indicator_thresholds = {
        k: v for k, v in thresholds.items() if v != DEFAULT_THRESHOLDS[k]
    }
    organisation.save(update_fields=["indicator_thresholds"])
    merged = {**DEFAULT_THRESHOLDS, **organisation.indicator_thresholds}
    summaries = IndicatorSummary.objects.filter(jobseeker__organisation=organisation)
    for summary in summaries.iterator():
        summary.light = traffic_light(summary.values, merged)
        summary.reasons = traffic_light_reasons(summary.values, merged)
        summary.save(update_fields=["light", "reasons"])
    return organisation


def instrument_record(
    *, actor: User, jobseeker: User, instrument: str, taken_on: date, answers: dict[str, str]
) -> InstrumentResponse:
    """Score and store one filling-in of an instrument."""
    scorer = SCORERS.get(instrument)
    if scorer is None:
        raise ValidationError({"instrument": ["Unknown instrument."]})
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": ["The date cannot be in the future."]})
    try:
        scores = scorer(answers)
    except InstrumentError as error:
        raise ValidationError({"answers": [str(error)]}) from None
    return InstrumentResponse.objects.create(
        jobseeker=jobseeker,
        instrument=instrument,
        taken_on=taken_on,
        answers=dict(answers),
        scores=scores,
        created_by=actor,
    )
