"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest
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
