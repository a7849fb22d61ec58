"""The organisation's local offers (sociale kaart) and the referrals of job seekers to them.

An offer is the organisation's own information about a place, not about a person. A referral
is the job seeker's data: it keeps a copy of the offer's name, so it outlives the offer (an
organisation may remove a place from its list) and restores into another Kring.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.network.models import PRIVACY_HINT

NAME_MAX = 120
REGION_MAX = 80
ROUTE_MAX = 200
DESCRIPTION_MAX = 600
NOTE_MAX = 300


class OfferKind(models.TextChoices):
    """The kinds of place of DOMAIN.md §6 rule 4; equal to the plan engine's OFFER_KINDS."""

    JOB_CLUB = "job_club", _("job club")
    PEER_GROUP = "peer_group", _("group of fellow job seekers")
    BUDDY = "buddy", _("buddy project")
    VOLUNTEER_CENTRE = "volunteer_centre", _("volunteer centre")
    NEIGHBOURHOOD_CENTRE = "neighbourhood_centre", _("neighbourhood centre")
    LANGUAGE_CAFE = "language_cafe", _("language café")
    SPORTS_CLUB = "sports_club", _("sports club or association")
    PROFESSIONAL_CONFERENCE = "professional_conference", _("family group conference")
    OTHER = "other", _("other")


class TargetGroup(models.TextChoices):
    YOUTH = "youth", _("young people (up to 27)")
    OVER_50 = "50plus", _("people over 50")
    NEWCOMERS = "newcomers", _("newcomers")
    PARENTS = "parents", _("parents")


class Gap(models.TextChoices):
    """What is missing in a network that an offer helps fill; the plan engine's WIDEN_GAPS."""

    WORK_QUADRANT = "quadrant:work_school_club", _("people from work, school or a club")
    JOB_LEADS = "function:job_leads", _("tips about jobs")
    INTRODUCTION = "function:introduction", _("an introduction to an employer")
    REFERENCE = "function:reference", _("a reference")
    FRIENDS_QUADRANT = "quadrant:friends", _("friends and acquaintances")
    EMOTIONAL = "function:emotional", _("support")
    PRACTICAL = "function:practical", _("practical help")
    COMPANY = "function:company", _("company")
    ADVICE = "function:advice", _("advice")


def _validate_list(value: Any, choices: list[str], message: str) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(message)
    if len(set(value)) != len(value) or not set(value) <= set(choices):
        raise ValidationError(message)


def validate_target_groups(value: Any) -> None:
    _validate_list(value, TargetGroup.values, str(_("Choose groups from the list.")))


def validate_gaps(value: Any) -> None:
    _validate_list(value, Gap.values, str(_("Choose what it helps with from the list.")))


class OfferQuerySet(models.QuerySet["Offer"]):
    def of(self, organisation_id: int | None) -> OfferQuerySet:
        """The offers of one organisation (none for a person without an organisation)."""
        if organisation_id is None:
            return self.none()
        return self.filter(organisation_id=organisation_id)

    def active(self) -> OfferQuerySet:
        return self.filter(active=True)

    def visible_to(self, user: Any) -> OfferQuerySet:
        """The offers `user` may read: their organisation's; only its admins see inactive ones."""
        offers = self.of(getattr(user, "organisation_id", None))
        return offers if getattr(user, "is_org_admin", False) else offers.active()


class Offer(models.Model):
    """A place that widens a network: a job club, a buddy project, a language café, ..."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="offers"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(_("kind of place"), max_length=24, choices=OfferKind.choices)
    region = models.CharField(
        _("region"),
        max_length=REGION_MAX,
        blank=True,
        help_text=_("The town or area, as job seekers write it. Empty: for everyone."),
    )
    target_groups = models.JSONField(
        _("for whom"),
        default=list,
        blank=True,
        validators=[validate_target_groups],
        help_text=_("Empty: for everyone."),
    )
    gaps = models.JSONField(
        _("helps with"),
        default=list,
        blank=True,
        validators=[validate_gaps],
        help_text=_("Empty: what this kind of place usually gives."),
    )
    contact_route = models.CharField(
        _("how to get in touch"),
        max_length=ROUTE_MAX,
        help_text=_("For example: walk in on Tuesday morning, or via your coach."),
    )
    website = models.URLField(_("website"), blank=True, max_length=200)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX,
        help_text=_("Short sentences and common words, as you would say it."),
    )
    active = models.BooleanField(_("on the list"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("local offer")
        verbose_name_plural = _("local offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OfferKind.values), name="offer_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(value).label) for value in self.target_groups]

    def gap_labels(self) -> list[str]:
        return [str(Gap(value).label) for value in self.gaps]


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("not known yet")
    JOINED = "joined", _("takes part")
    VISITED = "visited", _("went once")
    DID_NOT_GO = "did_not_go", _("did not go")
    NOT_SUITABLE = "not_suitable", _("it did not fit")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def of(self, jobseeker: Any) -> ReferralQuerySet:
        return self.filter(jobseeker=jobseeker)


class Referral(models.Model):
    """A job seeker sent to a local offer, by their coach (or themselves), and how it went."""

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("job seeker"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("place"),
    )
    # A copy of the name: the referral outlives the offer, and restores without it.
    offer_name = models.CharField(_("place"), max_length=NAME_MAX)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_on = models.DateField(_("referred on"))
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=ReferralOutcome.choices,
        default=ReferralOutcome.PENDING,
    )
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True, help_text=PRIVACY_HINT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=ReferralOutcome.values),
                name="referral_known_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} of {self.jobseeker_id}"

    @property
    def by_coach(self) -> bool:
        return self.referred_by_id is not None and self.referred_by_id != self.jobseeker_id

    @property
    def offer_removed(self) -> bool:
        return self.offer_id is None
