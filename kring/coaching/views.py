"""Coaching pages: the caseload (a coach's start page) and the notes. Parse, authorise, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.accounts import services as accounts_services
from kring.accounts.access import get_jobseeker_for, request_user
from kring.accounts.models import Role, User
from kring.coaching import services
from kring.coaching.caseload import CaseloadQuery, caseload_for, log_shown
from kring.coaching.forms import NoteForm
from kring.coaching.models import Note
from kring.coaching.texts import (
    change_text,
    filter_choices,
    ignored_message,
    light_label,
    sort_choices,
)


def caseload(request: HttpRequest) -> HttpResponse:
    """A coach's start page: their job seekers with where each stands, to search and sort.

    kring.home sends coaches here. Every job seeker shown is a read of their data by someone
    else, so each gets a line in the access log (object "caseload").
    """
    coach = request_user(request)
    if coach.role != Role.COACH:
        raise Http404
    query = CaseloadQuery.from_querydict(request.GET)
    if query.ignored:
        messages.warning(request, ignored_message(query.ignored))
    result = caseload_for(coach, query)
    log_shown(request, coach, result.rows)
    return render(
        request,
        "coaching/caseload.html",
        {
            "caseload": result,
            "rows": [(row, light_label(row.light), change_text(row)) for row in result.rows],
            "light_counts": [
                (key, light_label(key), result.lights.get(key, 0))
                for key in ("red", "orange", "green", "")
                if result.lights.get(key)
            ],
            "page_query": query.as_querystring(),
            "query": query,
            "filters": filter_choices(),
            "sorts": sort_choices(),
            "grant_code": accounts_services.grant_code_for(coach=coach),
        },
    )


def _notes_page(
    request: HttpRequest,
    jobseeker: User,
    editable: bool,
    form: NoteForm,
    *,
    editing: tuple[int, NoteForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    notes = Note.objects.of(jobseeker.pk).select_related("author")
    writes = editable and user.role == Role.COACH
    return render(
        request,
        "coaching/notes.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "own_page": user.pk == jobseeker.pk,
            "notes": notes,
            "form": form if writes else None,
            "me": user,
            # A change that was refused comes back in its own note's form, with the reason.
            "editing_id": editing[0] if editing else None,
            "edit_form": editing[1] if editing else None,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def notes(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The notes about a job seeker: the job seeker reads them, a coach with an edit grant writes.

    A POST with `note` changes that note of the coach's own; without it, it adds a note.
    """
    if request.method != "POST":
        jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="notes")
        return _notes_page(request, jobseeker, editable, NoteForm())
    form = NoteForm(request.POST)
    note_id = form.data.get("note", "")
    jobseeker, editable = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="note", object_id=note_id[:40]
    )
    author = request_user(request)
    if author.role != Role.COACH:
        raise Http404  # a job seeker reads the notes about them; coaches write them
    if note_id and not (note_id.isascii() and note_id.isdigit() and len(note_id) <= 18):
        raise Http404
    if form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if note_id:
                services.note_edit(
                    jobseeker=jobseeker, author=author, note_id=int(note_id), text=text
                )
            else:
                services.note_create(jobseeker=jobseeker, author=author, text=text)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = (
                _("Your note is changed.")
                if note_id
                else _("Your note is saved. %(name)s can read it.") % {"name": jobseeker.name}
            )
            messages.success(request, done)
            return redirect("coaching:notes", jobseeker.pk)
    # What was typed comes back in the form it was typed in, with the reason.
    if note_id:
        return _notes_page(
            request, jobseeker, editable, NoteForm(), editing=(int(note_id), form), status=422
        )
    return _notes_page(request, jobseeker, editable, form, status=422)
