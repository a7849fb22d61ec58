"""Stored indicator summaries (dashboards read these, never recompute) and instrument answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Light(models.TextChoices):
    RED = "red", _("red")
    ORANGE = "orange", _("orange")
    GREEN = "green", _("green")


class IndicatorSummaryQuerySet(models.QuerySet["IndicatorSummary"]):
    def store_current(self, jobseeker: Any, fields: Mapping[str, Any]) -> bool:
        """Write `fields` into `jobseeker`'s current summary; return False if there is none yet."""
        return bool(self.filter(jobseeker=jobseeker, snapshot=None).update(**fields))


class IndicatorSummary(models.Model):
    """The indicators of one network: the current one (snapshot empty) or a saved moment's."""

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="indicator_summaries"
    )
    snapshot = models.OneToOneField(
        "network.Snapshot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_summary",
    )
    computed_at = models.DateTimeField(default=timezone.now)
    values = models.JSONField(default=dict)
    light = models.CharField(max_length=8, choices=Light.choices)
    reasons = models.JSONField(default=list)
    # Headline numbers as columns, so organisation statistics aggregate them in SQL.
    size = models.PositiveIntegerField(default=0)
    supportive = models.PositiveIntegerField(default=0)
    aware_share = models.FloatField(null=True)

    objects = IndicatorSummaryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["jobseeker"],
                condition=Q(snapshot__isnull=True),
                name="one_current_summary_per_jobseeker",
            )
        ]
        indexes = [models.Index(fields=["light"])]

    def __str__(self) -> str:
        return f"summary {self.jobseeker_id} ({self.light})"


class Instrument(models.TextChoices):
    LONELINESS = "loneliness", _("loneliness (6 questions)")
    RESOURCES = "resources", _("who can help me find work (12 questions)")


class InstrumentResponse(models.Model):
    """One dated filling-in of an instrument: the answers and their scores."""

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instrument_responses"
    )
    instrument = models.CharField(max_length=16, choices=Instrument.choices)
    taken_on = models.DateField(_("date"))
    answers = models.JSONField()
    scores = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.taken_on} ({self.jobseeker_id})"
