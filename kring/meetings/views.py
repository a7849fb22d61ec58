"""Network meeting pages: parse, authorise (get_jobseeker_for), call the services, render.

A coach with an edit grant may change a meeting, a view grant reads; anyone else gets 404.
Every read or change by someone else is in the access log (object type "meeting").
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kring.accounts.access import Need, get_jobseeker_for, request_user
from kring.accounts.models import User
from kring.core.errors import VersionConflict
from kring.meetings import selectors, services
from kring.meetings.forms import (
    EvaluationForm,
    InviteeForm,
    ItemForm,
    MeetingEditForm,
    MeetingForm,
    default_agenda,
)
from kring.meetings.models import CircleMeeting


def _access(
    request: HttpRequest, jobseeker_id: int, meeting_id: int | str = "", need: Need = "view"
) -> tuple[User, bool]:
    jobseeker, editable = get_jobseeker_for(
        request,
        jobseeker_id,
        need=need,
        object_type="meeting" if meeting_id else "meetings",
        object_id=meeting_id,
    )
    return jobseeker, editable


def _meeting(jobseeker: User, meeting_id: int) -> CircleMeeting:
    meeting = selectors.meeting_of(jobseeker, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _initial(meeting: CircleMeeting) -> dict[str, Any]:
    return {
        "question": meeting.question,
        "meets_on": meeting.meets_on,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "evaluate_on": meeting.evaluate_on,
        "version": meeting.version,
    }


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_list(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = _access(request, jobseeker_id, need=need)
    form = MeetingForm(request.POST or None, initial={"agenda": default_agenda()})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    jobseeker=jobseeker, actor=request_user(request), **form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Your network meeting is saved. Now: who do you ask?"))
                return redirect("meetings:detail", jobseeker.pk, meeting.pk)
    return render(
        request,
        "meetings/list.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "meetings": selectors.meetings_of(jobseeker),
            "form": form,
        },
        status=status,
    )


def _detail(
    request: HttpRequest,
    jobseeker: User,
    editable: bool,
    meeting: CircleMeeting,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    context = {
        "jobseeker": jobseeker,
        "editable": editable,
        "meeting": meeting,
        "invitees": selectors.invitees_of(meeting),
        "items": selectors.items_of(meeting),
        "today": timezone.localdate(),
        "meeting_form": forms.get("meeting_form")
        or MeetingEditForm(initial=_initial(meeting), prefix="meeting"),
        "invitee_form": forms.get("invitee_form") or InviteeForm(meeting=meeting, prefix="invitee"),
        "item_form": forms.get("item_form") or ItemForm(meeting=meeting, prefix="item"),
        "evaluation_form": forms.get("evaluation_form")
        or EvaluationForm(
            initial={
                "version": meeting.version,
                "evaluation": meeting.evaluation,
                "evaluated_on": meeting.evaluated_on,
            },
            prefix="evaluation",
        ),
        "error": forms.get("error", ""),
    }
    return render(request, "meetings/detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_detail(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = _access(request, jobseeker_id, meeting_id, need)
    meeting = _meeting(jobseeker, meeting_id)
    if request.method != "POST":
        return _detail(request, jobseeker, editable, meeting)
    form = MeetingEditForm(request.POST, prefix="meeting")
    if form.is_valid():
        try:
            services.meeting_update(
                jobseeker=jobseeker,
                actor=request_user(request),
                meeting_id=meeting.pk,
                **form.cleaned_data,
            )
        except VersionConflict as conflict:
            current = conflict.current
            return _detail(
                request,
                jobseeker,
                editable,
                current,
                status=409,
                meeting_form=MeetingEditForm(initial=_initial(current), prefix="meeting"),
                error=conflict.message,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The details are saved."))
            return redirect("meetings:detail", jobseeker.pk, meeting.pk)
    return _detail(request, jobseeker, editable, meeting, status=422, meeting_form=form)


@require_POST
def meeting_delete(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    jobseeker, _editable = _access(request, jobseeker_id, meeting_id, "edit")
    services.meeting_delete(jobseeker=jobseeker, meeting_id=meeting_id)
    messages.success(request, _("The network meeting is deleted. Your asks stay in your plan."))
    return redirect("meetings:list", jobseeker.pk)


@require_POST
def invitee_add(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    jobseeker, editable = _access(request, jobseeker_id, meeting_id, "edit")
    meeting = _meeting(jobseeker, meeting_id)
    form = InviteeForm(request.POST, meeting=meeting, prefix="invitee")
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitee = services.invitee_add(
                jobseeker=jobseeker,
                actor=request_user(request),
                meeting_id=meeting.pk,
                contact_id=data["contact"],
                new_label=data["new_label"],
                suggested_by_id=data["suggested_by"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the list. Ask %(name)s: who else would want to think along?")
                % {"name": invitee.contact.label},
            )
            return redirect("meetings:detail", jobseeker.pk, meeting.pk)
    return _detail(request, jobseeker, editable, meeting, status=422, invitee_form=form)


INVITEE_ACTIONS = ("invite", "yes", "no", "remove")


@require_POST
def invitee_action(
    request: HttpRequest, jobseeker_id: int, meeting_id: int, invitee_id: int
) -> HttpResponse:
    jobseeker, _editable = _access(request, jobseeker_id, meeting_id, "edit")
    _meeting(jobseeker, meeting_id)  # someone else's meeting: 404 before anything else
    action = request.POST.get("action")
    if action not in INVITEE_ACTIONS:
        messages.error(request, _("Something went wrong. Choose again."))
        return redirect("meetings:detail", jobseeker.pk, meeting_id)
    actor = request_user(request)
    if action == "remove":
        services.invitee_remove(jobseeker=jobseeker, meeting_id=meeting_id, invitee_id=invitee_id)
        messages.success(request, _("This person is off the list."))
    elif action == "invite":
        services.invitee_invite(
            jobseeker=jobseeker, actor=actor, meeting_id=meeting_id, invitee_id=invitee_id
        )
        messages.success(request, _("Saved: you invited this person."))
    else:
        services.invitee_answer(
            jobseeker=jobseeker,
            actor=actor,
            meeting_id=meeting_id,
            invitee_id=invitee_id,
            coming=action == "yes",
        )
        messages.success(request, _("The answer is saved."))
    return redirect("meetings:detail", jobseeker.pk, meeting_id)


@require_POST
def item_add(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    jobseeker, editable = _access(request, jobseeker_id, meeting_id, "edit")
    meeting = _meeting(jobseeker, meeting_id)
    form = ItemForm(request.POST, meeting=meeting, prefix="item")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_add(
                jobseeker=jobseeker,
                actor=request_user(request),
                meeting_id=meeting.pk,
                who=data["who"],
                contact_id=data["contact"],
                task=data["task"],
                due_on=data["due_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("meetings:detail", jobseeker.pk, meeting.pk)
    return _detail(request, jobseeker, editable, meeting, status=422, item_form=form)


ITEM_ACTIONS = ("done", "undone", "remove")


@require_POST
def item_action(
    request: HttpRequest, jobseeker_id: int, meeting_id: int, item_id: int
) -> HttpResponse:
    jobseeker, _editable = _access(request, jobseeker_id, meeting_id, "edit")
    _meeting(jobseeker, meeting_id)  # someone else's meeting: 404 before anything else
    action = request.POST.get("action")
    if action not in ITEM_ACTIONS:
        messages.error(request, _("Something went wrong. Choose again."))
        return redirect("meetings:detail", jobseeker.pk, meeting_id)
    try:
        if action == "remove":
            services.item_remove(jobseeker=jobseeker, meeting_id=meeting_id, item_id=item_id)
            messages.success(request, _("This line is off the plan."))
        else:
            services.item_set_done(
                jobseeker=jobseeker,
                actor=request_user(request),
                meeting_id=meeting_id,
                item_id=item_id,
                done=action == "done",
            )
            messages.success(request, _("The plan is saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:detail", jobseeker.pk, meeting_id)


@require_POST
def evaluate(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    jobseeker, editable = _access(request, jobseeker_id, meeting_id, "edit")
    meeting = _meeting(jobseeker, meeting_id)
    form = EvaluationForm(request.POST, prefix="evaluation")
    if form.is_valid():
        try:
            services.meeting_evaluate(
                jobseeker=jobseeker,
                actor=request_user(request),
                meeting_id=meeting.pk,
                **form.cleaned_data,
            )
        except VersionConflict as conflict:
            return _detail(
                request, jobseeker, editable, conflict.current, status=409, error=conflict.message
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your look back is saved."))
            return redirect("meetings:detail", jobseeker.pk, meeting.pk)
    return _detail(request, jobseeker, editable, meeting, status=422, evaluation_form=form)


@require_http_methods(["GET", "HEAD"])
def invitation(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    """The invitation text the job seeker sends themselves: Kring has no contact's address."""
    jobseeker, editable = _access(request, jobseeker_id, meeting_id)
    meeting = _meeting(jobseeker, meeting_id)
    return render(
        request,
        "meetings/invitation.html",
        {"jobseeker": jobseeker, "editable": editable, "meeting": meeting},
    )


@require_http_methods(["GET", "HEAD"])
def plan_print(request: HttpRequest, jobseeker_id: int, meeting_id: int) -> HttpResponse:
    jobseeker, editable = _access(request, jobseeker_id, meeting_id)
    meeting = _meeting(jobseeker, meeting_id)
    return render(
        request,
        "meetings/print.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "meeting": meeting,
            "invitees": selectors.invitees_of(meeting),
            "items": selectors.items_of(meeting),
            "printed_on": timezone.localdate(),
        },
    )
