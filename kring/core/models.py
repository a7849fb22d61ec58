"""The append-only access log (NEN 7513 style) with a hash chain."""

from __future__ import annotations

import hashlib
import json
from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a row of the access log."""


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("the access log cannot be deleted")

    def about(self, subject_id: int) -> AccessLogQuerySet:
        return self.filter(subject_id=subject_id)


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    CHANGE = "change", _("changed")
    EXPORT = "export", _("exported")
    GRANT = "grant", _("access given")
    GRANT_CHANGE = "grant_change", _("access changed")
    REVOKE = "revoke", _("access withdrawn")


class Result(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AccessLogEntry(models.Model):
    """One access to a job seeker's data. Ids, not names: no note contents, ever.

    Actor and subject are kept as plain ids (not foreign keys) so the log outlives accounts
    and cannot cascade away.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_role = models.CharField(max_length=16, blank=True)
    organisation_id = models.BigIntegerField(null=True)
    subject_id = models.BigIntegerField(null=True, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    result = models.CharField(max_length=8, choices=Result.choices, default=Result.ALLOWED)
    request_id = models.CharField(max_length=40, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # The audit export reads one organisation's entries by time.
        indexes = [models.Index(fields=["organisation_id", "at"], name="accesslog_org_at")]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("the access log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("the access log cannot be deleted")

    def canonical(self) -> str:
        """Return the fields that the hash covers, as one stable string."""
        return json.dumps(
            [
                self.at.isoformat() if self.at else "",
                self.actor_id,
                self.actor_role,
                self.organisation_id,
                self.subject_id,
                self.object_type,
                self.object_id,
                self.action,
                self.result,
                self.request_id,
                self.previous_hash,
            ],
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()


class ChainHead(models.Model):
    """A single row locked while appending, so the hash chain stays linear under concurrency."""

    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return self.last_hash
