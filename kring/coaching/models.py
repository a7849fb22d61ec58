"""A coach's notes about a job seeker, written for the job seeker to read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kring.network.models import PRIVACY_HINT

NOTE_TEXT_MAX = 2000


class NoteQuerySet(models.QuerySet["Note"]):
    def of(self, jobseeker_id: int) -> NoteQuerySet:
        return self.filter(jobseeker_id=jobseeker_id)


class Note(models.Model):
    """What a coach wrote down about their work with one job seeker.

    The job seeker reads every note on their own page, in the API and in their data download:
    Kring keeps no secret files about people (SECURITY.md). When the author's account is deleted
    the note stays with the job seeker, without the author: a deleted account leaves no trace.
    """

    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_notes",
        verbose_name=_("job seeker"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("note"), max_length=NOTE_TEXT_MAX, help_text=PRIVACY_HINT)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    edited_at = models.DateTimeField(_("changed on"), null=True, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [
            models.Index(fields=["jobseeker", "-created_at"], name="note_jobseeker_created"),
        ]

    def __str__(self) -> str:
        return f"note {self.pk} about {self.jobseeker_id}"

    @property
    def edited(self) -> bool:
        return self.edited_at is not None
