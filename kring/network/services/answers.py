"""The answers of the network conversation: new people with their answers, and ticks on people
already in the network. One transaction and one recomputation per call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.network.conversation import ANSWER_KEYS, answer_fields, has_answer
from kring.network.models import Contact
from kring.network.services.bulk import contacts_add_many, contacts_check
from kring.network.services.rules import network_changed


class NewPerson(NamedTuple):
    """A person named in the conversation or written on a paper circle."""

    label: str
    quadrant: str
    ring: int
    answers: frozenset[str] = frozenset()


class Answered(NamedTuple):
    made: list[Contact]
    marked: int  # how many people already in the network gained an answer


def _check_answer(answer: str) -> str:
    if answer not in ANSWER_KEYS:
        raise ValidationError(_("This is not one of the questions."))
    return answer


def _mark(jobseeker: User, marks: Mapping[str, Iterable[int]]) -> int:
    """Record the answers on existing contacts, in one write; return how many changed."""
    wanted: dict[int, set[str]] = {}
    for answer, contact_ids in marks.items():
        _check_answer(answer)
        for contact_id in contact_ids:
            wanted.setdefault(int(contact_id), set()).add(answer)
    if not wanted:
        return 0
    contacts = list(Contact.objects.select_for_update().filter(owner=jobseeker, pk__in=wanted))
    if len(contacts) != len(wanted):
        raise ValidationError(_("Choose someone from this network."))
    changed: list[Contact] = []
    names: set[str] = set()
    now = timezone.now()
    for contact in contacts:
        fields: dict[str, Any] = {}
        for answer in sorted(wanted[contact.pk]):
            if not has_answer(contact, answer):
                fields.update(answer_fields(answer, contact))
        if not fields:
            continue
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.version += 1
        contact.updated_at = now
        names.update(fields)
        changed.append(contact)
    if changed:
        Contact.objects.bulk_update(changed, [*sorted(names), "version", "updated_at"])
    return len(changed)


@transaction.atomic
def contacts_answer(
    *,
    jobseeker: User,
    people: Sequence[NewPerson] = (),
    marks: Mapping[str, Iterable[int]] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> Answered:
    """Return the new contacts and how many existing ones gained an answer. All or nothing.

    `people` come in through the bulk path (contacts_check, contacts_add_many), each with the
    fields of its answers over `defaults` (a prompt's defaults); `marks` maps an answer to
    the ids of contacts already in the network that give it.
    """
    rows = []
    for person in people:
        fields: dict[str, Any] = {
            name: list(value) if isinstance(value, list) else value
            for name, value in (defaults or {}).items()
        }
        for answer in sorted(person.answers):
            fields.update(answer_fields(_check_answer(answer), fields or None))
        rows.append(
            {**fields, "label": person.label, "quadrant": person.quadrant, "ring": person.ring}
        )
    new = contacts_check(jobseeker=jobseeker, contacts=rows)
    marked = _mark(jobseeker, marks or {})
    made = contacts_add_many(jobseeker=jobseeker, new=new) if rows else []
    if marked and not made:
        network_changed(jobseeker)
    return Answered(made, marked)
