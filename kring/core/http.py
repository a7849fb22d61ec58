"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """The request type of views that answer htmx (django-htmx's middleware sets request.htmx)."""

    htmx: HtmxDetails


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Return the `next` address of the request (form, then query) if it stays on this site.

    Anything else (another host, a scheme change) gives `fallback`: no open redirects.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """Return `content` as a file download named `filename`, never stored by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
