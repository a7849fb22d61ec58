"""The job seeker's profile: what they aim for, and the version that counts network changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.network.models.choices import OCCUPATION_MAX, Sector


class NetworkProfileQuerySet(models.QuerySet["NetworkProfile"]):
    def bump(self, jobseeker: Any) -> bool:
        """Add one to `jobseeker`'s network version; return False if there is no profile yet."""
        # update() skips save(), so updated_at (auto_now) is stamped here.
        bumped = self.filter(jobseeker=jobseeker).update(
            network_version=F("network_version") + 1, updated_at=timezone.now()
        )
        return bool(bumped)


class NetworkProfile(models.Model):
    """What the job seeker is aiming for; also the one row that records network changes."""

    jobseeker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_profile"
    )
    target_occupation = models.CharField(
        _("work I am looking for"), max_length=OCCUPATION_MAX, blank=True
    )
    target_sector = models.CharField(
        _("sector I want to work in"), max_length=1, choices=Sector.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=80, blank=True)
    languages = models.CharField(
        _("languages I speak"),
        max_length=120,
        blank=True,
        help_text=_("For example: Dutch, Arabic"),
    )
    network_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NetworkProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"profile of {self.jobseeker_id}"
