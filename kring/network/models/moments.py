"""A moment: a frozen copy of the network, kept to compare later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """A moment: a frozen copy of the network (contacts and ties) to compare later."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="snapshots"
    )
    name = models.CharField(_("name of this moment"), max_length=80)
    taken_at = models.DateTimeField(_("saved on"))
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at", "-id"]
        # A job seeker's first moment is their intake in the organisation's results, the last
        # one is compared in the caseload; with the id the index alone gives either, ties
        # broken as the code breaks them (docs/coaching.md, "Speed").
        indexes = [models.Index(fields=["owner", "taken_at", "id"], name="snapshot_owner_taken_id")]
        verbose_name = _("moment")
        verbose_name_plural = _("moments")

    def __str__(self) -> str:
        return self.name

    @property
    def contact_count(self) -> int:
        # Moments stored before their data was checked may hold anything (kring.network.moments).
        contacts = self.data.get("contacts") if isinstance(self.data, dict) else None
        return len(contacts) if isinstance(contacts, list) else 0
