"""Exchange URLs for the wrong-actor matrix in tests/test_security.py."""

from __future__ import annotations

from django.urls import reverse

from kring.accounts.models import User
from kring.exchange import imports

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Bakker;Sanne;;;\r\nEND:VCARD\r\n"
READERS_ONLY_WRONG = [
    "other_jobseeker",
    "coach_without_grant",
    "other_org_coach",
    "admin",
    "other_org_admin",
]


def exchange_object_urls(world: dict[str, User]) -> dict[str, tuple[str, list[str]]]:
    """Return url name → (url, wrong actors) for every exchange URL that names a job seeker."""
    owner = world["owner"]
    preview = imports.import_preview(actor=owner, jobseeker=owner, data=VCARD, filename="a.vcf")
    return {
        "exchange:import": (reverse("exchange:import", args=[owner.pk]), READERS_ONLY_WRONG),
        "exchange:restore": (reverse("exchange:restore", args=[owner.pk]), READERS_ONLY_WRONG),
        "exchange:preview": (
            reverse("exchange:preview", args=[owner.pk, preview.pk]),
            READERS_ONLY_WRONG,
        ),
        "exchange:export": (reverse("exchange:export", args=[owner.pk]), READERS_ONLY_WRONG),
        "exchange:export_network": (
            reverse("exchange:export_network", args=[owner.pk, "graphml"]),
            READERS_ONLY_WRONG,
        ),
        "exchange:report": (reverse("exchange:report", args=[owner.pk]), READERS_ONLY_WRONG),
    }
