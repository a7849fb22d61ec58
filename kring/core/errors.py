"""Domain errors the services raise, and the error pages: mapped once for pages, once for the API.

Services know nothing of HTTP: they raise `NotFound`, `VersionConflict` or
`kring.core.ratelimit.RateLimited`. Pages get them mapped by `DomainErrorMiddleware`
(kring.core.middleware) to 404, 409 and 429; the API by its exception handlers
(kring.api.api). A view catches one itself only when it has something better to show, such as
the form again with the current values after a conflict.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class NotFound(Exception):
    """What the caller asked for is not there, or not theirs: pages and the API answer 404."""


class VersionConflict(Exception):
    """Someone saved the object after the caller read it: pages and the API answer 409.

    `current` is the object as it is stored now, to show or merge; `message` says what
    happened in words a person understands.
    """

    def __init__(self, current: Any, message: str) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} changed: {message}")
        self.current = current
        self.message = message


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def too_many(request: HttpRequest) -> HttpResponse:
    """Return the page for an action tried too often (429)."""
    return render(request, "core/too_many.html", status=429)


def conflict(request: HttpRequest, error: VersionConflict) -> HttpResponse:
    """Return the page for a change that came too late: someone saved first (409)."""
    return render(request, "core/conflict.html", {"message": error.message}, status=409)
