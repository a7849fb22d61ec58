"""What a network meeting brings to the daily digest: the evaluation after four weeks, and the
job seeker's and the coach's tasks from its plan (a contact's task is an ask: the plan reminds
of it already).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.meetings.models import CircleMeeting, PlanItem, Who
from kring.plan.reminders import DueItem


def _open_items(day: date) -> Q:
    return Q(
        items__due_on__lte=day,
        items__done_on__isnull=True,
        items__who__in=[Who.JOBSEEKER, Who.COACH],
    )


class MeetingReminders:
    """The meetings' source of due items for `kring.plan.reminders`."""

    def owner_ids(self, day: date) -> Iterable[int]:
        due = Q(evaluate_on__lte=day, evaluated_on__isnull=True) | _open_items(day)
        return CircleMeeting.objects.filter(due).values_list("owner_id", flat=True)

    def due(self, jobseeker: User, day: date) -> list[DueItem]:
        found = []
        for meeting in CircleMeeting.objects.of(jobseeker).filter(
            evaluate_on__lte=day, evaluated_on__isnull=True
        ):
            assert meeting.evaluate_on is not None
            found.append(
                DueItem(
                    _("Network meeting: look back at the plan together"),
                    meeting.evaluate_on,
                    reverse("meetings:detail", args=[jobseeker.pk, meeting.pk]) + "#evaluation",
                )
            )
        items = PlanItem.objects.filter(
            meeting__owner=jobseeker,
            due_on__lte=day,
            done_on__isnull=True,
            who__in=[Who.JOBSEEKER, Who.COACH],
        ).order_by("due_on", "id")
        for item in items:
            found.append(
                DueItem(
                    _("Network meeting, %(who)s: %(task)s")
                    % {"who": item.get_who_display(), "task": item.task},
                    item.due_on,
                    reverse("meetings:detail", args=[jobseeker.pk, item.meeting_id]) + "#plan",
                )
            )
        return found
