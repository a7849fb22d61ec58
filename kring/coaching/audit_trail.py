"""The organisation's access log, exported for an audit (issue 13; docs/coaching.md).

An organisation's entries are those its own people wrote (coaches, admins, job seekers) and
those about its job seekers, whoever tried: a coach of another organisation who was refused
is part of the audit of the organisation whose job seeker it was.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from kring.accounts.models import Organisation, Role, User
from kring.core.models import AccessLogEntry

COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "organisation_id",
    "subject_id",
    "object_type",
    "object_id",
    "action",
    "result",
    "request_id",
    "previous_hash",
    "entry_hash",
)


def entries_of(
    organisation: Organisation, *, start: date | None = None, end: date | None = None
) -> QuerySet[AccessLogEntry]:
    """Return the access log entries of `organisation` from `start` to `end` (whole days)."""
    job_seekers = User.objects.filter(organisation=organisation, role=Role.JOBSEEKER)
    entries = AccessLogEntry.objects.filter(
        Q(organisation_id=organisation.pk) | Q(subject_id__in=job_seekers.values("pk"))
    )
    if start is not None:
        entries = entries.filter(at__gte=_day_start(start))
    if end is not None:
        entries = entries.filter(at__lt=_day_start(end + timedelta(days=1)))
    return entries.order_by("id")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _Echo:
    """A file that gives back what is written to it, for a streamed CSV."""

    def write(self, value: str) -> str:
        return value


def csv_lines(organisation: Organisation, entries: QuerySet[AccessLogEntry]) -> Iterator[str]:
    """Yield the CSV of `entries`, header first, with the names of the organisation's people.

    Each row carries its hashes, so an auditor can recompute them (docs/coaching.md).
    """
    names = dict(User.objects.filter(organisation=organisation).values_list("pk", "name"))
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                entry.pk,
                entry.at.isoformat(),
                entry.actor_id if entry.actor_id is not None else "",
                _neutral(names.get(entry.actor_id or 0, "")),
                entry.actor_role,
                entry.organisation_id if entry.organisation_id is not None else "",
                entry.subject_id if entry.subject_id is not None else "",
                entry.object_type,
                entry.object_id,
                entry.action,
                entry.result,
                entry.request_id,
                entry.previous_hash,
                entry.entry_hash,
            ]
        )


def _neutral(text: str) -> str:
    """Return `text` so a spreadsheet does not read it as a formula (SECURITY.md)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
