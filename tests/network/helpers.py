"""Small factory functions for network tests."""

from __future__ import annotations

from typing import Any

from kring.accounts.models import User
from kring.network.models import Contact, Tie


def make_contact(owner: User, label: str = "Anna", **fields: Any) -> Contact:
    fields.setdefault("ring", 2)
    fields.setdefault("quadrant", "friends")
    return Contact.objects.create(owner=owner, label=label, **fields)


def make_tie(first: Contact, second: Contact, strength: int = 1) -> Tie:
    a, b = sorted((first, second), key=lambda c: c.pk)
    return Tie.objects.create(owner=first.owner, a=a, b=b, strength=strength)
