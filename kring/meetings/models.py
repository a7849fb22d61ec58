"""A network meeting (DOMAIN.md §2 `CircleMeeting`, §7): its invitees and its plan.

Nothing here describes a contact. An invitee links a contact of the network to a meeting; a
plan item names who does what by when. The invitation to a contact, and the task a contact
takes on, are asks of the plan (`kring.plan.models.Ask`), so the answer and the outcome are
recorded the one way the plan records them, and make allies the same way.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.network.models import PRIVACY_HINT
from kring.plan.models import AGREED, Outcome

QUESTION_MAX = 200
PLACE_MAX = 120
AGENDA_MAX = 1000
TASK_MAX = 200
EVALUATION_MAX = 500
# DOMAIN.md §7: follow-up after 4 weeks.
EVALUATE_AFTER = timedelta(weeks=4)


def default_evaluation(meets_on: date | None) -> date | None:
    """Return the evaluation day for a meeting on `meets_on`: four weeks later."""
    return meets_on + EVALUATE_AFTER if meets_on is not None else None


class CircleMeetingQuerySet(models.QuerySet["CircleMeeting"]):
    def of(self, jobseeker: Any) -> CircleMeetingQuerySet:
        return self.filter(owner=jobseeker)


class CircleMeeting(models.Model):
    """One network meeting of a job seeker: the question, when and where, and the agenda."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circle_meetings",
        verbose_name=_("job seeker"),
    )
    question = models.CharField(_("Your question"), max_length=QUESTION_MAX, help_text=PRIVACY_HINT)
    meets_on = models.DateField(_("Date"), null=True, blank=True)
    starts_at = models.TimeField(_("Time"), null=True, blank=True)
    place = models.CharField(_("Place"), max_length=PLACE_MAX, blank=True)
    agenda = models.CharField(_("Agenda"), max_length=AGENDA_MAX, blank=True)
    evaluate_on = models.DateField(_("Evaluation date"), null=True, blank=True)
    evaluated_on = models.DateField(_("Evaluated on"), null=True, blank=True)
    evaluation = models.CharField(
        _("How did it go?"), max_length=EVALUATION_MAX, blank=True, help_text=PRIVACY_HINT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CircleMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-meets_on", "-id"]
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")

    def __str__(self) -> str:
        return f"meeting {self.pk} of {self.owner_id}"

    def evaluation_due(self, day: date) -> bool:
        return (
            self.evaluate_on is not None and self.evaluated_on is None and self.evaluate_on <= day
        )


class Invitee(models.Model):
    """A contact on a meeting's list; `ask` is the invitation once it is sent.

    Removing the contact from the network removes them from the list too: no copy of a name
    stays behind. `suggested_by` is who named them ("who else would want to think along?").
    """

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="invitees")
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    suggested_by = models.ForeignKey(
        "network.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ask = models.OneToOneField(
        "plan.Ask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="invite_a_contact_once"),
        ]

    def __str__(self) -> str:
        return f"invitee {self.pk} of meeting {self.meeting_id}"

    @property
    def answer(self) -> str:
        """Return "not_invited", "invited", "coming" or "not_coming", read from the ask."""
        if self.ask is None:
            return "not_invited"
        if self.ask.outcome == Outcome.PENDING:
            return "invited"
        return "coming" if self.ask.outcome in AGREED else "not_coming"


class Who(models.TextChoices):
    JOBSEEKER = "jobseeker", _("me")
    COACH = "coach", _("the coach")
    CONTACT = "contact", _("someone from my network")


class PlanItem(models.Model):
    """One line of the meeting's plan: who does what by when.

    A contact's task is an ask (`ask`) whose follow-up is the day it is due, so it reminds and
    ends in an outcome like any ask; the job seeker's and the coach's tasks are marked done here.
    """

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="items")
    who = models.CharField(_("Who"), max_length=10, choices=Who.choices)
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task = models.CharField(_("What"), max_length=TASK_MAX, help_text=PRIVACY_HINT)
    due_on = models.DateField(_("By when"))
    done_on = models.DateField(_("Done on"), null=True, blank=True)
    ask = models.OneToOneField(
        "plan.Ask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(who__in=Who.values), name="plan_item_known_who"
            ),
        ]

    def __str__(self) -> str:
        return f"item {self.pk} of meeting {self.meeting_id}"

    @property
    def done(self) -> bool:
        if self.who == Who.CONTACT:
            return self.ask is not None and self.ask.outcome in AGREED
        return self.done_on is not None

    @property
    def who_label(self) -> str:
        """Return the name of who does it: a contact's name, or "me" / "the coach"."""
        if self.who != Who.CONTACT:
            return str(self.get_who_display())
        if self.contact is not None:
            return self.contact.label
        return self.ask.contact_label if self.ask is not None else ""
