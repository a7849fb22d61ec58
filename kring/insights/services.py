"""Organisation thresholds and instrument answers.

The indicator summaries are computed and stored by the network app (kring.network.summary),
inside every network change; this app only reads them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kring.accounts.models import Organisation, User
from kring.analysis import DEFAULT_THRESHOLDS
from kring.insights.instruments import SCORERS, InstrumentError
from kring.insights.models import InstrumentResponse
from kring.network.summary import summaries_relight


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
    summaries_relight(organisation, {**DEFAULT_THRESHOLDS, **organisation.indicator_thresholds})
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
