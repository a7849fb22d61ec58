"""Who knows whom: setting and removing the ties between a job seeker's contacts."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import NotFound
from kring.network.models import (
    Contact,
    Tie,
    TieStrength,
)
from kring.network.services.rules import (
    check_strength,
    network_changed,
)


def _check_pair(jobseeker: User, first_id: int, second_id: int) -> tuple[int, int]:
    if first_id == second_id:
        raise ValidationError(_("A contact cannot have a tie with itself."))
    found = Contact.objects.filter(owner=jobseeker, pk__in=[first_id, second_id]).count()
    if found != 2:
        raise ValidationError(_("Both people must be contacts in this network."))
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


@transaction.atomic
def tie_set(
    *,
    jobseeker: User,
    first_id: int,
    second_id: int,
    strength: int = TieStrength.KNOW,
    replace: bool = False,
) -> Tie:
    """Return the tie between two contacts; a second tie for a pair is refused unless `replace`."""
    strength = check_strength(strength)
    a_id, b_id = _check_pair(jobseeker, first_id, second_id)
    tie = Tie.objects.select_for_update().filter(owner=jobseeker, a_id=a_id, b_id=b_id).first()
    if tie is not None and not replace:
        raise ValidationError(_("These two people are already linked."))
    if tie is None:
        tie = Tie.objects.create(owner=jobseeker, a_id=a_id, b_id=b_id, strength=strength)
    elif tie.strength != strength:
        tie.strength = strength
        tie.save(update_fields=["strength"])
    network_changed(jobseeker)
    return tie


@transaction.atomic
def tie_delete(*, jobseeker: User, tie_id: int) -> None:
    """Remove one tie of `jobseeker`'s network."""
    deleted, _detail = Tie.objects.filter(owner=jobseeker, pk=tie_id).delete()
    if not deleted:
        raise NotFound
    network_changed(jobseeker)


@transaction.atomic
def ties_set_for(*, jobseeker: User, contact_id: int, strengths: Mapping[int, int]) -> int:
    """Set who `contact_id` knows: strength 0 removes a tie, 1 or 2 sets it. Return changes."""
    if not Contact.objects.filter(owner=jobseeker, pk=contact_id).exists():
        raise NotFound
    wanted = {int(other): int(strength) for other, strength in strengths.items()}
    if contact_id in wanted:
        raise ValidationError(_("A contact cannot have a tie with itself."))
    for strength in wanted.values():
        if strength != 0:
            check_strength(strength)
    known = set(
        Contact.objects.filter(owner=jobseeker, pk__in=list(wanted)).values_list("pk", flat=True)
    )
    if known != set(wanted):
        raise ValidationError(_("Both people must be contacts in this network."))
    existing = {
        tie.other(contact_id): tie
        for tie in Tie.objects.select_for_update().filter(
            Q(a_id=contact_id) | Q(b_id=contact_id), owner=jobseeker
        )
    }
    changes = 0
    to_create: list[Tie] = []
    to_delete: list[int] = []
    for other, strength in wanted.items():
        tie = existing.get(other)
        if strength == 0:
            if tie is not None:
                to_delete.append(tie.pk)
        elif tie is None:
            a_id, b_id = sorted((contact_id, other))
            to_create.append(Tie(owner=jobseeker, a_id=a_id, b_id=b_id, strength=strength))
        elif tie.strength != strength:
            Tie.objects.filter(pk=tie.pk).update(strength=strength)
            changes += 1
    if to_delete:
        Tie.objects.filter(pk__in=to_delete).delete()
    Tie.objects.bulk_create(to_create)
    changes += len(to_delete) + len(to_create)
    if changes:
        network_changed(jobseeker)
    return changes
