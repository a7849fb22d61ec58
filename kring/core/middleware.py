"""Request ids, login-required by default, the idle timeout and no-store caching."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from kring.core import errors
from kring.core.ratelimit import RateLimited

# Pages anyone may open without signing in (SECURITY.md: an explicit allow-list).
PUBLIC_URL_NAMES = frozenset(
    {
        "login",
        "signup",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "account_setup",
        "activate",
        "handover",
        "handover_password",
        "privacy",
        "accessibility",
        "health",
        "set_language",
        "plan:calendar_feed",
    }
)
# The API answers 401 itself; its schema is public so clients can be generated.
API_NAMESPACE = "api"

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,40}$")

Handler = Callable[[HttpRequest], HttpResponse]


class Middleware:
    """The shared part of Kring's middleware: keep the next handler, pass the request on.

    A subclass does its work in __call__, process_view or process_exception.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class RequestIdMiddleware(Middleware):
    """Give every request an id (or keep a sane one from the proxy) for logs and the audit trail."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class LoginRequiredMiddleware(Middleware):
    """Send anonymous visitors to the login page unless the page is on the allow-list."""

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None:
            return None
        if match.view_name in PUBLIC_URL_NAMES or match.namespace == API_NAMESPACE:
            return None
        return redirect_to_login(request.get_full_path())


class IdleTimeoutMiddleware(Middleware):
    """Sign people out after a period without requests: shorter for staff than job seekers."""

    KEY = "kring_last_seen"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(self.KEY)
            limit = (
                settings.SESSION_IDLE_TIMEOUT_STAFF
                if getattr(user, "is_professional", False)
                else settings.SESSION_IDLE_TIMEOUT_JOBSEEKER
            )
            if isinstance(last_seen, int) and now - last_seen > limit:
                logout(request)
                messages.info(request, _("You were signed out because you were away for a while."))
            elif not isinstance(last_seen, int) or now - last_seen >= 30:
                request.session[self.KEY] = now
        return self.get_response(request)


class NoStoreMiddleware(Middleware):
    """Keep personal pages out of browser and proxy caches."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or "Authorization" in request.headers:
            patch_cache_control(response, no_store=True, private=True)
        return response


class LanguageMiddleware(Middleware):
    """Dutch unless the person chose English with the switch (a cookie); browsers do not decide.

    Django's LocaleMiddleware follows Accept-Language, which would give many Dutch job seekers
    with an English-language phone an English interface they never asked for.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DomainErrorMiddleware(Middleware):
    """Answer the services' domain errors (kring.core.errors) on pages: 404, 409 or 429."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, errors.NotFound):
            return errors.not_found(request, exception)
        if isinstance(exception, errors.VersionConflict):
            return errors.conflict(request, exception)
        if isinstance(exception, RateLimited):
            return errors.too_many(request)
        return None
