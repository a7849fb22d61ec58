"""The key django-axes counts failed sign-ins under (AXES_USERNAME_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kring.accounts.models import normalise_sign_in_name


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """Return the address or login name as Kring stores it: every spelling shares one counter.

    Without this, "Coach@X" and "coach@x" were two usernames to axes: five failures with
    each spelling instead of five in all.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        data = getattr(request, "POST", None) or {}
        typed = data.get(field)
    return normalise_sign_in_name(typed if isinstance(typed, str) else "")
