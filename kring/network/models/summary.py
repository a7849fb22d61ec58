"""The stored indicator summary of a network (written only by kring.network.summary)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.network.models.moments import Snapshot


class Light(models.TextChoices):
    RED = "red", _("red")
    ORANGE = "orange", _("orange")
    GREEN = "green", _("green")


class IndicatorSummaryQuerySet(models.QuerySet["IndicatorSummary"]):
    def store_current(self, jobseeker: Any, fields: Mapping[str, Any]) -> bool:
        """Write `fields` into `jobseeker`'s current summary; return False if there is none yet."""
        return bool(self.filter(jobseeker=jobseeker, snapshot=None).update(**fields))


class IndicatorSummary(models.Model):
    """The indicators of one network: the current one (snapshot empty) or a saved moment's.

    Stored by kring.network.summary when the network changes, so pages and dashboards read
    numbers and never recompute. It began in the insights app; its table kept that name.
    """

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="indicator_summaries"
    )
    snapshot = models.OneToOneField(
        Snapshot,
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
    # Allies (DOMAIN.md §4 `allies`) as a column too: the caseload and the organisation's
    # results take medians and shares of it in SQL (docs/coaching.md, "Results and audit").
    allies = models.PositiveIntegerField(default=0)

    objects = IndicatorSummaryQuerySet.as_manager()

    class Meta:
        db_table = "insights_indicatorsummary"
        constraints = [
            models.UniqueConstraint(
                fields=["jobseeker"],
                condition=Q(snapshot__isnull=True),
                name="one_current_summary_per_jobseeker",
            )
        ]
        indexes = [
            models.Index(fields=["light"], name="insights_in_light_19ce33_idx"),
            # The organisation's results read these numbers of 35,000 job seekers at a time:
            # from these narrow indexes alone, not from the wide rows (docs/coaching.md, "Speed").
            models.Index(
                fields=["jobseeker", "supportive", "allies"],
                condition=Q(snapshot__isnull=True),
                name="summary_current_numbers",
            ),
            models.Index(
                fields=["snapshot", "jobseeker", "supportive", "allies"],
                condition=Q(snapshot__isnull=False),
                name="summary_moment_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"summary {self.jobseeker_id} ({self.light})"
