"""Instrument answers (the indicator summaries are stored by the network app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
