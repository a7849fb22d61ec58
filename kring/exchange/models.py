"""What an import must remember: hashed keys of imported people, and previews awaiting a choice."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

PREVIEW_LIFETIME = timedelta(hours=2)


def hash_key(key: str) -> str:
    """Return the SHA-256 hex digest stored instead of an import key (label | occupation)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ImportedKey(models.Model):
    """One person that came in through an import, by hash only, so a re-import adds nothing.

    A hash and not a field on the contact: the contact record stays as DOMAIN.md §3 defines
    it, and the key (which holds the occupation as the file had it) is not kept readable.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_keys"
    )
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key_hash"], name="one_imported_key_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}:{self.key_hash[:8]}"


class ImportPreviewQuerySet(models.QuerySet["ImportPreview"]):
    def live(self) -> ImportPreviewQuerySet:
        return self.filter(created_at__gt=timezone.now() - PREVIEW_LIFETIME)

    def stale(self) -> ImportPreviewQuerySet:
        return self.filter(created_at__lte=timezone.now() - PREVIEW_LIFETIME)


class ImportPreview(models.Model):
    """The parsed minimal rows between upload and confirmation; never the file itself.

    Rows hold only label, occupation, organisation hint, place, role, sector, key and line.
    A preview lives two hours and is deleted on confirmation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_previews"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=16)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"preview {self.pk} ({self.format})"
