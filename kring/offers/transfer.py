"""Referrals in "download all my data", and back in a restore (kring.exchange).

A referral names its place by name (the offer belongs to the organisation, not to the job
seeker). A restore links it again to an offer of that name in the job seeker's organisation
when there is one; otherwise it keeps the name only, as for a place taken off the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.offers.models import NAME_MAX, NOTE_MAX, Offer, Referral, ReferralOutcome

MAX_REFERRALS = 1000
REFERRAL_COLUMNS = [
    "offer_name",
    "referred_on",
    "referred_by_role",
    "referred_by_name",
    "outcome",
    "outcome_on",
    "note",
]


class ReferralsRefused(ValueError):
    """The export's referrals cannot be restored; the message says why (already translated)."""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def referrals_data(user: User) -> list[dict[str, Any]]:
    """Return `user`'s referrals as plain JSON data, the oldest first."""
    referrals = (
        Referral.objects.of(user).select_related("referred_by").order_by("referred_on", "id")
    )
    return [
        {
            "offer_name": referral.offer_name,
            "referred_on": _iso(referral.referred_on),
            # The author as role and name, as asks name theirs: an id means nothing elsewhere.
            "referred_by_role": referral.referred_by.role if referral.referred_by else "",
            "referred_by_name": referral.referred_by.name if referral.referred_by else "",
            "outcome": referral.outcome,
            "outcome_on": _iso(referral.outcome_on),
            "note": referral.note,
        }
        for referral in referrals
    ]


class _Problem(ValueError):
    pass


def _text(record: Mapping[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = record.get(name) or ""
    if not isinstance(value, str):
        raise _Problem(_("“%(field)s” must be text") % {"field": name})
    value = value.strip()
    if required and not value:
        raise _Problem(_("“%(field)s” is empty") % {"field": name})
    if len(value) > limit:
        raise _Problem(
            _("“%(field)s” is longer than %(max)d characters") % {"field": name, "max": limit}
        )
    return value


def _day(record: Mapping[str, Any], name: str, *, required: bool = False) -> date | None:
    value = record.get(name)
    if value is None and not required:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise _Problem(_("“%(field)s” is not a valid date") % {"field": name}) from None


def check_referrals(records: list[Any]) -> list[dict[str, Any]]:
    """Return the export's referrals as model fields, every value checked.

    Raises ReferralsRefused, naming the referral and the problem, for the first bad one.
    """
    if len(records) > MAX_REFERRALS:
        raise ReferralsRefused(
            _("This export holds more than %(max)d referrals. Nothing was stored.")
            % {"max": MAX_REFERRALS}
        )
    rows = []
    for number, record in enumerate(records, start=1):
        try:
            if not isinstance(record, dict):
                raise _Problem(_("it is not an object"))
            outcome = record.get("outcome")
            if not isinstance(outcome, str) or outcome not in ReferralOutcome.values:
                raise _Problem(_("“%(field)s” has an unknown value") % {"field": "outcome"})
            rows.append(
                {
                    "offer_name": _text(record, "offer_name", NAME_MAX, required=True),
                    "referred_on": _day(record, "referred_on", required=True),
                    "outcome": outcome,
                    "outcome_on": _day(record, "outcome_on"),
                    "note": _text(record, "note", NOTE_MAX),
                    "by_jobseeker": record.get("referred_by_role") == "jobseeker",
                }
            )
        except _Problem as problem:
            raise ReferralsRefused(
                _(
                    "Referral %(number)d in this export cannot be restored: %(problem)s. "
                    "Nothing was stored."
                )
                % {"number": number, "problem": problem}
            ) from None
    return rows


def restore_referrals(*, jobseeker: User, rows: list[dict[str, Any]]) -> list[Referral]:
    """Store checked referrals for `jobseeker` (inside the caller's transaction)."""
    names = {row["offer_name"] for row in rows}
    offers: dict[str, int] = {}
    for pk, name in (
        Offer.objects.of(jobseeker.organisation_id)
        .filter(name__in=names)
        .order_by("-active", "id")
        .values_list("id", "name")
    ):
        offers.setdefault(name, pk)
    return Referral.objects.bulk_create(
        Referral(
            jobseeker=jobseeker,
            offer_id=offers.get(row["offer_name"]),
            # The job seeker's own entries stay theirs; a coach's belonged to the old
            # organisation, like the grants, so it comes back without an author.
            referred_by=jobseeker if row["by_jobseeker"] else None,
            **{key: value for key, value in row.items() if key != "by_jobseeker"},
        )
        for row in rows
    )
