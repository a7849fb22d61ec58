"""Pages of the intake at the desk, the handover and the coach's access settings.

Thin views: parse a form, authorise (`get_jobseeker_for`, 404 and a logged denial when the
coach holds no edit grant), call a service from kring.accounts.intake, render.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts import intake
from kring.accounts.access import get_jobseeker_for, role_required
from kring.accounts.access import request_user as _user
from kring.accounts.intake_forms import (
    CodeForm,
    ConsentForm,
    GrantEndForm,
    HandoverForm,
    IntakeForm,
    PasswordCodeRequestForm,
    StandinForm,
    TransferForm,
    VoluntaryTextForm,
)
from kring.accounts.models import (
    VOLUNTARY_DEFAULT,
    AccessGrant,
    ConsentRecord,
    HandoverCode,
    Organisation,
    Role,
    User,
)
from kring.core.models import Action
from kring.core.ratelimit import client_ip

# The printed code lives in the session between the POST that made it and the page that shows
# it, once: a reload does not show it again, and it never appears in a URL or a log.
_SESSION_CODE = "kring_handover_code:{}"
_SESSION_RESET_CODE = "kring_reset_code:{}"


def _voluntary(user: User) -> str:
    organisation = user.organisation
    return organisation.voluntary_sentence if organisation else str(VOLUNTARY_DEFAULT)


def _apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH, not_found=True)
def intake_new(request: HttpRequest) -> HttpResponse:
    """Start Kring together with a job seeker at the desk."""
    coach = _user(request)
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            jobseeker, _grant, handover = intake.intake_create(
                coach=coach,
                name=data["name"],
                email=data["email"],
                agreed_on=data["agreed_on"],
                how=data["how"],
                scope=data["scope"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            request.session[_SESSION_CODE.format(jobseeker.pk)] = handover.code
            return redirect("jobseeker_access_code", jobseeker.pk)
    return render(
        request, "accounts/intake_new.html", {"form": form, "voluntary": _voluntary(coach)}
    )


def _coach_access(request: HttpRequest, jobseeker_id: int, action: str = Action.CHANGE) -> User:
    return get_jobseeker_for(
        request, jobseeker_id, need="edit", action=action, object_type="grant"
    ).jobseeker


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH, not_found=True)
def handover_code(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The printable page with the handover code (GET, once), or a new code (POST)."""
    coach = _user(request)
    if request.method == "POST":
        jobseeker = _coach_access(request, jobseeker_id)
        try:
            new = intake.handover_code_create(coach=coach, jobseeker=jobseeker)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("jobseeker_access", jobseeker.pk)
        request.session[_SESSION_CODE.format(jobseeker.pk)] = new.code
        return redirect("jobseeker_access_code", jobseeker.pk)
    jobseeker = _coach_access(request, jobseeker_id, Action.VIEW)
    code = request.session.pop(_SESSION_CODE.format(jobseeker.pk), None)
    handover = jobseeker.handover_codes.usable().first() if code else None
    return render(
        request,
        "accounts/intake_code.html",
        {
            "jobseeker": jobseeker,
            "code": HandoverCode.display(code) if code else "",
            "handover": handover,
            "handover_url": settings.KRING_BASE_URL + reverse("handover"),
            "voluntary": _voluntary(coach),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH, not_found=True)
def password_code(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """A code for a new password, for a job seeker without an e-mail address: make (POST) and
    print (GET, once)."""
    coach = _user(request)
    if request.method == "POST":
        jobseeker = _coach_access(request, jobseeker_id)
        form = PasswordCodeRequestForm(request.POST, prefix="password")
        if form.is_valid():
            try:
                new = intake.password_code_create(
                    coach=coach, jobseeker=jobseeker, client_asked=form.cleaned_data["client_asked"]
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                request.session[_SESSION_RESET_CODE.format(jobseeker.pk)] = new.code
                return redirect("jobseeker_password_code", jobseeker.pk)
        return _access_page(request, coach, jobseeker, password_form=form, status=422)
    jobseeker = _coach_access(request, jobseeker_id, Action.VIEW)
    code = request.session.pop(_SESSION_RESET_CODE.format(jobseeker.pk), None)
    handover = jobseeker.handover_codes.usable().first() if code else None
    return render(
        request,
        "accounts/password_code.html",
        {
            "jobseeker": jobseeker,
            "code": HandoverCode.display(code) if code else "",
            "handover": handover,
            "password_url": settings.KRING_BASE_URL + reverse("handover_password"),
        },
    )


def _access_page(
    request: HttpRequest,
    coach: User,
    jobseeker: User,
    *,
    standin_form: StandinForm | None = None,
    transfer_form: TransferForm | None = None,
    end_form: GrantEndForm | None = None,
    consent_form: ConsentForm | None = None,
    password_form: PasswordCodeRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    colleagues = intake.colleagues_of(coach)
    own = AccessGrant.objects.active().filter(coach=coach, jobseeker=jobseeker).first()
    grants = (
        AccessGrant.objects.current_or_planned()
        .filter(jobseeker=jobseeker)
        .select_related("coach", "stands_in_for")
        .order_by("starts_on", "created_at")
    )
    return render(
        request,
        "accounts/intake_access.html",
        {
            "jobseeker": jobseeker,
            "own": own,
            "grants": grants,
            "consents": ConsentRecord.objects.filter(jobseeker=jobseeker).select_related(
                "recorded_by"
            ),
            "handed_over": intake.is_handed_over(jobseeker),
            "pending_code": jobseeker.handover_codes.usable().first(),
            "standin_form": standin_form or StandinForm(coaches=colleagues),
            "transfer_form": transfer_form or TransferForm(coaches=colleagues),
            "end_form": end_form
            or GrantEndForm(initial={"ends_on": own.ends_on if own else None}, prefix="end"),
            "consent_form": consent_form
            or ConsentForm(initial={"agreed_on": timezone.localdate()}, prefix="consent"),
            "password_form": password_form or PasswordCodeRequestForm(prefix="password"),
            "voluntary": _voluntary(coach),
        },
        status=status,
    )


@role_required(Role.COACH, not_found=True)
def jobseeker_access(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """A coach's page about one job seeker's access: consent, handover, stand-in, move, end."""
    coach = _user(request)
    jobseeker = _coach_access(request, jobseeker_id, Action.VIEW)
    return _access_page(request, coach, jobseeker)


@require_POST
@role_required(Role.COACH, not_found=True)
def standin_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    coach = _user(request)
    jobseeker = _coach_access(request, jobseeker_id)
    form = StandinForm(request.POST, coaches=intake.colleagues_of(coach))
    if form.is_valid():
        try:
            grant = intake.standin_create(
                coach=coach,
                jobseeker=jobseeker,
                standin_id=form.cleaned_data["standin"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(coach)s stands in for you from %(start)s to %(end)s.")
                % {
                    "coach": grant.coach.name,
                    "start": grant.starts_on.strftime("%d-%m-%Y") if grant.starts_on else "",
                    "end": grant.ends_on.strftime("%d-%m-%Y") if grant.ends_on else "",
                },
            )
            return redirect("jobseeker_access", jobseeker.pk)
    return _access_page(request, coach, jobseeker, standin_form=form, status=422)


@require_POST
@role_required(Role.COACH, not_found=True)
def transfer(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    coach = _user(request)
    jobseeker = _coach_access(request, jobseeker_id)
    form = TransferForm(request.POST, coaches=intake.colleagues_of(coach))
    if form.is_valid():
        try:
            grant = intake.jobseeker_transfer(
                coach=coach, jobseeker=jobseeker, to_coach_id=form.cleaned_data["to_coach"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(jobseeker)s now has %(coach)s as coach. Your access has ended.")
                % {"jobseeker": jobseeker.name, "coach": grant.coach.name},
            )
            return redirect("home")
    return _access_page(request, coach, jobseeker, transfer_form=form, status=422)


@require_POST
@role_required(Role.COACH, not_found=True)
def grant_end(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    coach = _user(request)
    jobseeker = _coach_access(request, jobseeker_id)
    form = GrantEndForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            intake.grant_end_set(
                coach=coach, jobseeker=jobseeker, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The end date is saved."))
            return redirect("jobseeker_access", jobseeker.pk)
    return _access_page(request, coach, jobseeker, end_form=form, status=422)


@require_POST
@role_required(Role.COACH, not_found=True)
def consent_new(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    coach = _user(request)
    jobseeker = _coach_access(request, jobseeker_id)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            intake.consent_record(coach=coach, jobseeker=jobseeker, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The consent is noted."))
            return redirect("jobseeker_access", jobseeker.pk)
    return _access_page(request, coach, jobseeker, consent_form=form, status=422)


@require_POST
@role_required(Role.COACH, not_found=True)
def consent_withdraw(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The job seeker says at the desk that they stop: every grant ends, the data stays."""
    coach = _user(request)
    jobseeker = _coach_access(request, jobseeker_id)
    intake.consent_withdraw(actor=coach, jobseeker=jobseeker)
    messages.success(
        request,
        _("%(jobseeker)s has stopped. Nobody has access now.") % {"jobseeker": jobseeker.name},
    )
    return redirect("home")


@require_POST
@role_required(Role.JOBSEEKER)
def withdraw_all(request: HttpRequest) -> HttpResponse:
    """A job seeker stops every coach's access at once; the account and data stay."""
    user = _user(request)
    intake.consent_withdraw(actor=user, jobseeker=user)
    messages.success(request, _("No coach has access now. Your data stays."))
    return redirect("access")


@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest) -> HttpResponse:
    """A job seeker takes over the account made at the desk, with the printed code."""
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = intake.handover_redeem(
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
                client=client_ip(request),
            )
        except ValidationError as error:
            if "code" in getattr(error, "error_dict", {}):
                return _code_invalid(request, "handover")
            _apply_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return render(request, "registration/handover_done.html", {"account": user})
    return render(
        request,
        "registration/handover.html",
        {"form": form, "voluntary": str(VOLUNTARY_DEFAULT)},
    )


def _code_invalid(request: HttpRequest, retry: str) -> HttpResponse:
    """The one page for an unknown, used or expired code: it tells nothing about codes."""
    return render(
        request,
        "registration/handover_invalid.html",
        {"message": intake.HANDOVER_INVALID, "retry": retry},
        status=410,
    )


@require_http_methods(["GET", "POST"])
def handover_password(request: HttpRequest) -> HttpResponse:
    """A job seeker without an e-mail address chooses a new password with the printed code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = intake.password_code_redeem(
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
                client=client_ip(request),
            )
        except ValidationError as error:
            if "code" in getattr(error, "error_dict", {}):
                return _code_invalid(request, "handover_password")
            _apply_errors(form, error)
        else:
            # Not signed in here: an account with two-step login still needs its second step.
            return render(request, "registration/handover_password_done.html", {"account": user})
    return render(request, "registration/handover_password.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def organisation_intake_text(request: HttpRequest) -> HttpResponse:
    """The organisation's own sentence that taking part is voluntary."""
    user = _user(request)
    organisation = get_object_or_404(Organisation, pk=user.organisation_id or 0)
    form = VoluntaryTextForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The sentence is saved."))
        return redirect("organisation_intake_text")
    return render(
        request,
        "accounts/organisation_intake_text.html",
        {"form": form, "default": VOLUNTARY_DEFAULT, "current": organisation.voluntary_sentence},
    )
