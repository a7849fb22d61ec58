"""Small factories for the offers tests."""

from __future__ import annotations

from typing import Any

from kring.accounts.models import Organisation
from kring.offers.models import Offer


def make_offer(organisation: Organisation, name: str = "Jobclub Testdorp", **fields: Any) -> Offer:
    fields.setdefault("kind", "job_club")
    fields.setdefault("region", "Testdorp")
    fields.setdefault("contact_route", "Via je klantmanager.")
    fields.setdefault("description", "Samen zoeken naar werk.")
    return Offer.objects.create(organisation=organisation, name=name, **fields)
