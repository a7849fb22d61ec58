"""Every change to offers and referrals: keyword-only, atomic, checked against its owner.

Offers belong to an organisation and only its admins change them. Referrals belong to a job
seeker; callers have authorised the actor with `get_jobseeker_for` (which logged it), and the
offer must be an active offer of the job seeker's own organisation: any other is not found.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import NotFound, VersionConflict
from kring.offers.models import NOTE_MAX, Offer, Referral, ReferralOutcome

# The fields an admin sets; organisation, version and dates are never taken from input.
OFFER_FIELDS = (
    "name",
    "kind",
    "region",
    "target_groups",
    "gaps",
    "contact_route",
    "website",
    "description",
    "active",
)
# A referral or outcome date may lie this far from today, either way.
MAX_DAYS_AWAY = 3 * 366


def _admin_organisation(actor: User) -> int:
    if not actor.is_org_admin or actor.organisation_id is None:
        raise PermissionError("only an organisation admin changes the list of offers")
    return actor.organisation_id


def _clean(offer: Offer) -> Offer:
    for name in ("name", "region", "contact_route", "website", "description"):
        setattr(offer, name, (getattr(offer, name) or "").strip())
    offer.full_clean(exclude=["organisation", "version"])
    return offer


@transaction.atomic
def offer_create(*, actor: User, **fields: Any) -> Offer:
    """Return a new offer of the admin's organisation; raise ValidationError on bad input."""
    organisation_id = _admin_organisation(actor)
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    offer = _clean(Offer(organisation_id=organisation_id, **fields))
    offer.save()
    return offer


def offer_conflict_message() -> str:
    return _(
        "Someone else has just changed this place. Nothing was saved. "
        "These are the current details; check them and try again."
    )


@transaction.atomic
def offer_update(*, actor: User, offer_id: int, version: int, **fields: Any) -> Offer:
    """Return the offer after changing `fields`; another organisation's offer is not found."""
    organisation_id = _admin_organisation(actor)
    offer = Offer.objects.select_for_update().of(organisation_id).filter(pk=offer_id).first()
    if offer is None:
        raise NotFound
    if offer.version != version:
        raise VersionConflict(offer, offer_conflict_message())
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(offer, name, value)
    _clean(offer)
    offer.version += 1
    offer.save()
    return offer


def _check_day(name: str, value: date | None) -> None:
    if value is not None and abs((value - timezone.localdate()).days) > MAX_DAYS_AWAY:
        raise ValidationError({name: _("Choose a date within three years of today.")})


def _check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("A note can have at most %(max)d characters.") % {"max": NOTE_MAX}}
        )
    return note


@transaction.atomic
def referral_create(
    *,
    jobseeker: User,
    actor: User,
    offer_id: int,
    referred_on: date | None = None,
    note: str = "",
) -> Referral:
    """Return a new referral of `jobseeker` to an active offer of their organisation.

    An offer of another organisation, or one taken off the list, is not found.
    """
    offer = Offer.objects.of(jobseeker.organisation_id).active().filter(pk=offer_id).first()
    if offer is None:
        raise NotFound
    referred_on = referred_on or timezone.localdate()
    _check_day("referred_on", referred_on)
    return Referral.objects.create(
        jobseeker=jobseeker,
        offer=offer,
        offer_name=offer.name,
        referred_by=actor,
        referred_on=referred_on,
        note=_check_note(note),
    )


def referral_conflict_message() -> str:
    return _(
        "Someone else has just changed this. Nothing was saved. "
        "These are the current details; check them and try again."
    )


@transaction.atomic
def referral_record_outcome(
    *,
    jobseeker: User,
    actor: User,
    referral_id: int,
    version: int,
    outcome: str,
    outcome_on: date | None = None,
    note: str | None = None,
) -> Referral:
    """Return the referral after recording how it went (a stale `version` is a conflict).

    "pending" sets it back to not known yet and clears the date.
    """
    referral = Referral.objects.select_for_update().of(jobseeker).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound
    if referral.version != version:
        raise VersionConflict(referral, referral_conflict_message())
    if not isinstance(outcome, str) or outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": _("Choose how it went.")})
    _check_day("outcome_on", outcome_on)
    referral.outcome = outcome
    referral.outcome_on = (
        None if outcome == ReferralOutcome.PENDING else outcome_on or timezone.localdate()
    )
    if note is not None:
        referral.note = _check_note(note)
    referral.version += 1
    referral.save()
    return referral
