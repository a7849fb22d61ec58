"""The plan's demo data (seed_demo): Sanne's asks over the two months of her traject.

The demo's story: Sanne saved her moment "Start traject" 60 days ago, on the day she gave her
coach Mehmet access. Her asks and their outcomes since then make the progress page tell that
story: a first ally after 10 days, a new contact through an introduction, one ask without a
reply that she follows up, and one still open. Safe to run again: nothing is added once Sanne
has asks.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kring.accounts.models import AccessGrant, User
from kring.network.models import FORMAL_ROLES, Contact, Snapshot
from kring.network.services import network_changed
from kring.plan import services

SANNE = "sanne@demo.kring.test"
# (days ago asked, kind, how, outcome or "", days ago answered, follow-up in days or None)
SANNE_ASKS = [
    (55, "job_leads", "in_person", "helped", 50, None),
    (40, "introduction", "phone", "new_contact", 35, None),
    (20, "job_leads", "message", "no_reply", 13, 3),
    (6, "reference", "email", "", 0, 2),
]
NEW_CONTACT = "Yara"


@transaction.atomic
def seed_plan(users: dict[str, Any]) -> None:
    """Give Sanne her asks and outcomes, and date her traject from her first moment."""
    sanne: User | None = users.get(SANNE)
    if sanne is None or sanne.asks.exists():
        return
    start = (
        Snapshot.objects.filter(owner=sanne, name="Start traject")
        .values_list("taken_at", flat=True)
        .first()
    )
    if start is None:
        return
    # The demo's grants are made when seed_demo runs; the story says the traject, and so
    # Mehmet's access, began with the first moment.
    AccessGrant.objects.filter(jobseeker=sanne).update(created_at=start)
    # Supportive informal people close by, the first ones Sanne would ask.
    people = list(
        Contact.objects.filter(owner=sanne, ring__in=[1, 2, 3], influence__gte=1)
        .exclude(role__in=FORMAL_ROLES)
        .order_by("ring", "id")[: len(SANNE_ASKS)]
    )
    today = timezone.localdate()
    for person, (asked, kind, how, outcome, answered, follow_up) in zip(
        people, SANNE_ASKS, strict=False
    ):
        ask = services.ask_create(
            jobseeker=sanne,
            actor=sanne,
            contact_id=person.pk,
            kind=kind,
            how=how,
            asked_on=today - timedelta(days=asked),
            follow_up=today + timedelta(days=follow_up) if follow_up and not outcome else None,
        )
        if not outcome:
            continue
        recorded = services.ask_record_outcome(
            jobseeker=sanne,
            actor=sanne,
            ask_id=ask.pk,
            version=ask.version,
            outcome=outcome,
            outcome_on=today - timedelta(days=answered),
            follow_up=today + timedelta(days=follow_up) if follow_up else None,
            new_contact_label=NEW_CONTACT if outcome == "new_contact" else None,
        )
        if recorded.new_contact is not None:
            # Met on the day of the outcome, not on the day the demo was loaded.
            Contact.objects.filter(pk=recorded.new_contact.pk).update(
                created_at=timezone.now() - timedelta(days=answered)
            )
    network_changed(sanne)  # the new contact's day counts in the stored summary
