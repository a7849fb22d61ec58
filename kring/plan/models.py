"""The plan: asks to contacts with their outcomes, and what the person did with suggestions.

An ask is the job seeker's own record (DOMAIN.md §2 "vraag / actie"). It keeps a copy of the
contact's name, so an ask to someone who was later removed from the network is kept and shown
as "person removed" instead of vanishing from the history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.network.models import LABEL_MAX, PRIVACY_HINT

NOTE_MAX = 300


class AskKind(models.TextChoices):
    INFORMATION = "information", _("information or advice")
    JOB_LEADS = "job_leads", _("tips about jobs")
    INTRODUCTION = "introduction", _("an introduction")
    REFERENCE = "reference", _("a reference")
    PRACTICAL_HELP = "practical_help", _("practical help")
    SUPPORT = "support", _("support")
    MEETING = "meeting", _("to join a network meeting")


class AskHow(models.TextChoices):
    IN_PERSON = "in_person", _("face to face")
    PHONE = "phone", _("by phone")
    MESSAGE = "message", _("by text message")
    EMAIL = "email", _("by e-mail")
    OTHER = "other", _("another way")


class Outcome(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    NO_REPLY = "no_reply", _("no reply")
    NO = "no", _("said no")
    HELPED = "helped", _("helped")
    NEW_CONTACT = "new_contact", _("new contact")
    CONVERSATION = "conversation", _("a talk")
    INTERVIEW = "interview", _("a job interview")
    JOB_OFFER = "job_offer", _("a job offer")
    JOB = "job", _("a job")


# Any answer but silence means the person now knows the job seeker is looking for work.
ANSWERED = frozenset(Outcome.values) - {Outcome.PENDING, Outcome.NO_REPLY}
# Outcomes in which the person did something concrete: they become an ally (DOMAIN.md §2).
AGREED = frozenset(
    {
        Outcome.HELPED,
        Outcome.NEW_CONTACT,
        Outcome.CONVERSATION,
        Outcome.INTERVIEW,
        Outcome.JOB_OFFER,
        Outcome.JOB,
    }
)


class AskQuerySet(models.QuerySet["Ask"]):
    def of(self, jobseeker: Any) -> AskQuerySet:
        return self.filter(owner=jobseeker)


class Ask(models.Model):
    """Something the job seeker asks of a contact, how and when, and how it ended."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="asks",
        verbose_name=_("job seeker"),
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="asks",
        verbose_name=_("person"),
    )
    # A copy of the name when the ask was made: the ask outlives the contact.
    contact_label = models.CharField(_("name"), max_length=LABEL_MAX)
    kind = models.CharField(_("what you ask"), max_length=16, choices=AskKind.choices)
    how = models.CharField(_("how"), max_length=12, choices=AskHow.choices)
    asked_on = models.DateField(_("asked on"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    follow_up = models.DateField(_("follow up on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True, help_text=PRIVACY_HINT)
    # The job seeker or a coach with an edit grant; a coach's asks are marked as theirs.
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

    objects = AskQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_on", "-id"]
        verbose_name = _("ask")
        verbose_name_plural = _("asks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values), name="ask_known_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"ask {self.pk} of {self.owner_id}"

    @property
    def is_open(self) -> bool:
        """Open while it has no outcome or a follow-up is still to do (as the engine reads it)."""
        return self.outcome == Outcome.PENDING or self.follow_up is not None

    @property
    def person_removed(self) -> bool:
        return self.contact_id is None

    @property
    def by_coach(self) -> bool:
        return self.created_by_id is not None and self.created_by_id != self.owner_id

    @property
    def outcome_text(self) -> str:
        """Return the outcome in words; for an invitation to a network meeting, yes is 'coming'."""
        if self.kind == AskKind.MEETING and self.outcome == Outcome.HELPED:
            return str(_("is coming"))
        return str(self.get_outcome_display())


class SuggestionStatus(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    POSTPONED = "postponed", _("later")
    DISMISSED = "dismissed", _("not now")


class SuggestionState(models.Model):
    """What the person did with one suggestion (by its stable key)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestion_states"
    )
    key = models.CharField(max_length=80)
    state = models.CharField(max_length=10, choices=SuggestionStatus.choices)
    until = models.DateField(null=True, blank=True)
    # The suggestion's fingerprint when it was dismissed: it comes back when its facts change.
    fingerprint = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="one_state_per_suggestion"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.state}"


# A coach's idea is one or two short sentences (docs/plan.md, "Ideas of the coach").
COACH_TEXT_MAX = 200
COACH_KEY_PREFIX = "coach:idea:"


class CoachSuggestionQuerySet(models.QuerySet["CoachSuggestion"]):
    def of(self, jobseeker: Any) -> CoachSuggestionQuerySet:
        return self.filter(owner=jobseeker)

    def current(self, today: date) -> CoachSuggestionQuerySet:
        """Not decided yet, or postponed to `today` or earlier: what the plan shows."""
        return self.filter(
            models.Q(state="") | models.Q(state=SuggestionStatus.POSTPONED, until__lte=today)
        )


class CoachSuggestion(models.Model):
    """An idea a coach with an edit grant adds to the job seeker's plan ("Idee van je coach").

    Like the engine's suggestions the job seeker accepts it (it becomes an ask), postpones it
    or dismisses it; unlike them it does not come back once dismissed: nothing in the network
    made it, a person did. It may name a contact; it is deleted with that contact (an open
    idea about someone who left the network is of no use, and keeps nothing about them).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_suggestions",
        verbose_name=_("job seeker"),
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_suggestions",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("what to ask"), max_length=16, choices=AskKind.choices)
    text = models.CharField(_("idea"), max_length=COACH_TEXT_MAX, help_text=PRIVACY_HINT)
    # Blank while the job seeker has not decided; then accepted, postponed or dismissed.
    state = models.CharField(max_length=10, choices=SuggestionStatus.choices, blank=True)
    until = models.DateField(null=True, blank=True)
    # The ask it became when accepted (none for an idea without a person).
    ask = models.ForeignKey(Ask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The coach; None once that account is gone or after a restore into a new account.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoachSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idea of the coach")
        verbose_name_plural = _("ideas of the coach")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["", *SuggestionStatus.values]),
                name="coach_suggestion_known_state",
            ),
        ]

    def __str__(self) -> str:
        return f"coach suggestion {self.pk} for {self.owner_id}"

    @property
    def key(self) -> str:
        """The key the plan's suggestion actions take, next to the engine's keys."""
        return f"{COACH_KEY_PREFIX}{self.pk}"

    def is_current(self, today: date) -> bool:
        """Whether the plan shows it on `today` (as `CoachSuggestionQuerySet.current`)."""
        if self.state == SuggestionStatus.POSTPONED:
            return self.until is not None and self.until <= today
        return self.state == ""

    @property
    def coach_name(self) -> str:
        """The coach's name, or "" when the account is gone (the page then says "your coach")."""
        return self.created_by.name if self.created_by is not None else ""


class ReminderSettings(models.Model):
    """A person's reminder choices: the e-mail digest (off unless chosen) and the calendar feed.

    The feed secret is the only credential of the public .ics URL; a new one revokes the old.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reminder_settings",
    )
    email_digest = models.BooleanField(_("e-mail me a daily list"), default=False)
    feed_secret = models.CharField(max_length=64, unique=True, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reminders of {self.user_id}"


class ReminderDigest(models.Model):
    """One daily digest of due follow-ups: at most one per person per day (the unique key)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    day = models.DateField()
    ask_count = models.PositiveIntegerField()
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_per_day"),
        ]

    def __str__(self) -> str:
        return f"digest of {self.user_id} on {self.day}"
