"""Thin views: parse, authorise, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts import mfa, services
from kring.accounts.access import request_user as _user
from kring.accounts.access import role_required
from kring.accounts.access_log import others_and_own
from kring.accounts.forms import (
    ActivationForm,
    ApiTokenForm,
    EmailPasswordResetForm,
    GrantConfirmForm,
    GrantForm,
    InvitationForm,
    LoginForm,
    ReplaceDeviceForm,
    SignupForm,
    TokenForm,
)
from kring.accounts.intake import access_notices
from kring.accounts.models import AccessGrant, ApiToken, Invitation, Role, Scope, User
from kring.core.errors import too_many
from kring.core.http import safe_next
from kring.core.ratelimit import client_ip, hit, is_limited, limit


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        limit("password_reset", client_ip(request))
        return super().post(request, *args, **kwargs)


class AccountSetupView(auth_views.PasswordResetConfirmView):
    """The page behind create_user's link: a first password, once."""

    token_generator = services.account_setup_token
    extra_context = {"setup": True}
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. You can sign in now."))
        return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        limit("signup", client_ip(request))
        if form.is_valid():
            user = User.objects.create_user(
                form.cleaned_data["email"],
                form.cleaned_data["password1"],
                name=form.cleaned_data["name"],
                role=Role.JOBSEEKER,
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Kring! Your account is ready."))
            return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", status=410)
    inviter = invitation.invited_by
    offers_grant = invitation.role == Role.JOBSEEKER and inviter is not None and inviter.is_coach
    form = ActivationForm(
        request.POST or None,
        email=invitation.email,
        coach_name=inviter.name if offers_grant and inviter else "",
        initial={"name": invitation.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                grant_to_inviter=form.cleaned_data.get("grant_to_inviter", False),
            )
        except ValidationError:
            return render(request, "registration/invitation_invalid.html", status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Kring! Your account is ready."))
        return redirect("home")
    return render(request, "registration/activate.html", {"form": form, "invitation": invitation})


def home(request: HttpRequest) -> HttpResponse:
    """The start page of an organisation admin: their coaches.

    The URL `home` is kring.home.home, which gives job seekers and coaches their own start
    page and hands admins to this view. An admin without an organisation may open none of
    the admin pages (User.has_role), which send them back to the start page: it explains
    instead of sending them on, so they do not go round in circles.
    """
    user = _user(request)
    if not user.has_role(Role.ADMIN):
        return render(request, "accounts/no_organisation.html")
    return redirect("organisation_coaches")


@require_http_methods(["GET", "POST"])
@role_required(Role.JOBSEEKER)
def access(request: HttpRequest) -> HttpResponse:
    """A job seeker's page: who may see my data, give access, take it back."""
    user = _user(request)
    form = GrantForm(request.POST or None, coaches=services.coaches_for_grant(user))
    if request.method == "POST" and form.is_valid():
        coach = form.cleaned_data["chosen_coach"]
        scope = form.cleaned_data["scope"]
        if coach is not None:
            # Picked from the list of the job seeker's own organisation: name and
            # organisation were on screen already, so no confirmation step.
            services.grant_set(jobseeker=user, coach=coach, scope=scope)
            messages.success(request, _("%(coach)s now has access.") % {"coach": coach.name})
            return redirect("access")
        # Past the limit the service raises RateLimited: the page answers 429 (core.errors).
        coach = services.coach_for_grant_code(jobseeker=user, code=form.cleaned_data["code"])
        if coach is not None:
            return _access_confirm_page(request, user, coach, form.cleaned_data["code"], scope)
        form.add_error("code", services.WRONG_GRANT_CODE)
    return _access_page(request, user, form)


def _access_page(request: HttpRequest, user: User, form: GrantForm) -> HttpResponse:
    # Planned grants too: a stand-in for next week's holiday can be stopped before it starts.
    grants = (
        AccessGrant.objects.current_or_planned()
        .filter(jobseeker=user)
        .select_related("coach", "organisation", "stands_in_for")
    )
    return render(
        request,
        "accounts/access.html",
        {"form": form, "grants": grants, "notices": access_notices(user)},
    )


def _access_confirm_page(
    request: HttpRequest, user: User, coach: User, code: str, scope: str
) -> HttpResponse:
    """The step between a code and a grant: the job seeker sees who and which organisation."""
    return render(
        request,
        "accounts/access_confirm.html",
        {
            "coach": coach,
            "scope_label": Scope(scope).label,
            "other_organisation": coach.organisation_id != user.organisation_id,
            "form": GrantConfirmForm(initial={"code": code, "scope": scope}),
        },
    )


@require_POST
@role_required(Role.JOBSEEKER)
def access_confirm(request: HttpRequest) -> HttpResponse:
    """Give access to the coach behind a code, after the job seeker saw who it is."""
    user = _user(request)
    form = GrantConfirmForm(request.POST)
    if not form.is_valid():
        return redirect("access")
    try:
        # The code is looked up again (and counted): the confirmation is not a way around the limit.
        grant = services.grant_by_code(
            jobseeker=user, code=form.cleaned_data["code"], scope=form.cleaned_data["scope"]
        )
    except ValidationError:
        # The code was rotated between the two steps, or the coach switched off.
        messages.error(request, services.WRONG_GRANT_CODE)
        return redirect("access")
    messages.success(request, _("%(coach)s now has access.") % {"coach": grant.coach.name})
    return redirect("access")


@require_POST
@role_required(Role.COACH, not_found=True)
def grant_code_rotate(request: HttpRequest) -> HttpResponse:
    """A coach makes a new personal code, for example after it was shared too widely."""
    user = _user(request)
    services.grant_code_rotate(coach=user)
    messages.success(request, _("You have a new code. The old code no longer works."))
    return redirect("home")


@require_POST
def access_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    user = _user(request)
    grant = get_object_or_404(AccessGrant, pk=grant_id, jobseeker=user, revoked_at__isnull=True)
    services.grant_revoke(jobseeker=user, grant_id=grant.pk)
    messages.success(request, _("%(coach)s no longer has access.") % {"coach": grant.coach.name})
    return redirect("access")


@role_required(Role.JOBSEEKER)
def access_log(request: HttpRequest) -> HttpResponse:
    """A job seeker sees who looked at, changed or exported their data, apart from themselves."""
    others, own = others_and_own(_user(request))
    return render(request, "accounts/access_log.html", {"others": others, "own": own})


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH)
def invite_jobseeker(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return _invite(request, user, Role.JOBSEEKER, "accounts/invite_jobseeker.html")


def _invite(
    request: HttpRequest,
    user: User,
    role: str,
    template: str,
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                inviter=user,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=role,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(request.path)
    invitations = Invitation.objects.filter(invited_by=user, role=role)[:50]
    return render(request, template, {"form": form, "invitations": invitations, **(extra or {})})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def organisation_coaches(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    coaches = User.objects.filter(organisation=user.organisation, role=Role.COACH)
    return _invite(
        request,
        user,
        Role.COACH,
        "accounts/organisation_coaches.html",
        {"coaches": coaches.order_by("-is_active", "name")},
    )


@require_POST
@role_required(Role.ADMIN, not_found=True)
def coach_deactivate(request: HttpRequest, coach_id: int) -> HttpResponse:
    user = _user(request)
    coach = get_object_or_404(
        User, pk=coach_id, role=Role.COACH, organisation_id=user.organisation_id, is_active=True
    )
    services.coach_deactivate(admin=user, coach_id=coach.pk)
    messages.success(request, _("%(coach)s can no longer sign in.") % {"coach": coach.name})
    return redirect("organisation_coaches")


@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        limit("api_token", str(user.pk))
        _token, new_secret = services.api_token_create(user=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user, revoked_at__isnull=True)
    services.api_token_revoke(user=user, token_id=token.pk)
    messages.success(request, _("The key has been revoked."))
    return redirect("api_tokens")


@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Set up two-step login, or move it to a new phone: scan the QR code, confirm with a code."""
    user = _user(request)
    has_device = mfa.has_confirmed_device(user)
    if has_device and not mfa.session_is_verified(request):
        # The password alone never touches a second step that exists: pass it first.
        query = urlencode({"next": request.get_full_path()})
        return redirect(reverse("mfa_verify") + "?" + query)
    device = mfa.pending_totp_device(user)
    form = (ReplaceDeviceForm if has_device else TokenForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only wrong codes count towards the limit, so signing in often never locks anyone out.
        if is_limited("mfa", str(user.pk)):
            return too_many(request)
        if has_device:
            change = mfa.totp_replace(
                request=request,
                user=user,
                current_token=form.cleaned_data["current"],
                token=form.cleaned_data["token"],
            )
        else:
            change = mfa.totp_confirm(request=request, user=user, token=form.cleaned_data["token"])
        if change.codes is not None:
            return render(
                request,
                "accounts/mfa_codes.html",
                {"codes": change.codes, "next": safe_next(request, reverse("home"))},
            )
        hit("mfa", str(user.pk))
        if change.wrong == "current":
            form.add_error(
                "current", _("This code is not right. Try again, or use a recovery code.")
            )
        else:
            form.add_error(
                "token", _("This code is not right. Check the time on your phone and try again.")
            )
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr": mfa.qr_code_data_uri(device),
            "secret": mfa.base32_secret(device),
            "has_device": has_device,
            "off_form": _switch_off_form(),
            "required": mfa.mfa_required(user) and user.is_professional,
            "next": request.GET.get("next", ""),
        },
    )


def _switch_off_form() -> TokenForm:
    """Return the code field for switching two-step login off, not focused on arrival."""
    form = TokenForm(prefix="off", auto_id="off_%s")
    form.fields["token"].widget.attrs.pop("autofocus", None)
    return form


@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password."""
    user = _user(request)
    if not mfa.has_confirmed_device(user):
        return redirect("mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only wrong codes count towards the limit, so signing in often never locks anyone out.
        if is_limited("mfa", str(user.pk)):
            return too_many(request)
        if mfa.verify(request=request, user=user, token=form.cleaned_data["token"]):
            return redirect(safe_next(request, reverse("home")))
        hit("mfa", str(user.pk))
        form.add_error("token", _("This code is not right. Try again, or use a recovery code."))
    return render(
        request, "accounts/mfa_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@require_POST
def mfa_disable(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_professional:
        raise Http404
    if is_limited("mfa", str(user.pk)):
        return too_many(request)
    form = TokenForm(request.POST, prefix="off")
    if form.is_valid() and mfa.mfa_disable(user=user, token=form.cleaned_data["token"]):
        messages.success(request, _("Two-step login is switched off."))
    else:
        hit("mfa", str(user.pk))
        messages.error(request, _("Two-step login is still on: that code is not right. Try again."))
    return redirect("mfa_setup")


@require_POST
@role_required(Role.ADMIN, not_found=True)
def mfa_reset(request: HttpRequest, coach_id: int) -> HttpResponse:
    user = _user(request)
    coach = get_object_or_404(
        User, pk=coach_id, role=Role.COACH, organisation_id=user.organisation_id
    )
    mfa.mfa_reset(admin=user, coach_id=coach.pk)
    messages.success(
        request,
        _("%(coach)s sets up two-step login again at the next sign-in.") % {"coach": coach.name},
    )
    return redirect("organisation_coaches")
