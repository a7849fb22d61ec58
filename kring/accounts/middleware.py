"""The second login step: people who must pass it (staff, or anyone who chose it) are sent there."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from kring.accounts.mfa import has_confirmed_device, mfa_required
from kring.core.middleware import API_NAMESPACE, PUBLIC_URL_NAMES, Middleware

# Pages a signed-in person can reach before passing the second step. None of them may change
# a confirmed device: mfa_setup sends such a session on to mfa_verify (accounts.views).
TWO_STEP_URL_NAMES = frozenset({"mfa_setup", "mfa_verify", "logout"})


class TwoStepMiddleware(Middleware):
    """Send people who must pass the second step (staff, or anyone who chose it) to do so."""

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        # OTPMiddleware (before this one) gives every user is_verified().
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        match = request.resolver_match
        # view_name, as LoginRequiredMiddleware reads the allow-list: a bare url_name would
        # also let through every namespaced page that shares one (admin:login is "login").
        if match is None or match.view_name in PUBLIC_URL_NAMES | TWO_STEP_URL_NAMES:
            return None
        if not mfa_required(user):
            return None
        if match.namespace == API_NAMESPACE:
            return JsonResponse(
                {"type": "about:blank", "title": "Two-step login needed", "status": 401},
                status=401,
                content_type="application/problem+json",
            )
        step = "mfa_verify" if has_confirmed_device(user) else "mfa_setup"
        return redirect(reverse(step) + "?" + urlencode({"next": request.get_full_path()}))
