"""The network conversation at the coach's desk, and the conversation on paper.

The conversation asks the method's four questions in order (kring/network/conversation.py),
fills the map as people are named, and ends with a summary to copy into the client file. The
paper pages print a blank circle and the question card; the entry page types a paper circle
in afterwards. Every change goes through services.contacts_answer (the bulk path).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.accounts.access import Need, get_jobseeker_for
from kring.accounts.models import User
from kring.network import services
from kring.network.conversation import (
    ANSWERS,
    ANSWERS_BY_KEY,
    STEPS,
    STEPS_BY_KEY,
    Step,
    has_answer,
    neighbours,
    summary_lines,
    summary_text,
)
from kring.network.conversation_forms import (
    MAX_ROWS,
    PAPER_ROWS,
    STEP_ROWS,
    MarkForm,
    people_formset,
)
from kring.network.models import Contact, Ring, Tie
from kring.network.svg import MapOptions, render_map
from kring.network.views.helpers import is_self


def _contacts(jobseeker: User) -> list[Contact]:
    return list(Contact.objects.filter(owner=jobseeker).order_by("label", "id"))


def _picture(request: HttpRequest, jobseeker: User, contacts: list[Contact]) -> Any:
    """Return the map as it stands, as a picture; the table next to it says the same in text."""
    own = is_self(request, jobseeker)
    in_circle = sum(1 for contact in contacts if contact.ring >= 1)
    return render_map(
        Contact.objects.map_rows(jobseeker),
        Tie.objects.map_rows(jobseeker),
        MapOptions(
            title=_("The network circle so far"),
            description=_(
                "In rings 1 to 4: %(contacts)d. To approach: %(potential)d. "
                "The table below shows the same people as text."
            )
            % {"contacts": in_circle, "potential": len(contacts) - in_circle},
            id_prefix="talk",
            ego_label=_("Me") if own else jobseeker.name[:6],
        ),
    )


def _rows(contacts: list[Contact]) -> list[tuple[Contact, list[bool]]]:
    """Return each contact with whether they give each of the four answers, for the table."""
    return [(c, [has_answer(c, answer.key) for answer in ANSWERS]) for c in contacts]


@require_GET
def conversation_start(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """What the conversation is, its four questions, and the way to it on paper."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    return render(
        request,
        "network/conversation_start.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "steps": STEPS,
            "own": is_self(request, jobseeker),
        },
    )


def _target(jobseeker: User, step: Step, go: str) -> str:
    """Return where the buttons lead: the question before or after, or this one again."""
    before, after = neighbours(step)
    if go == "next":
        return (
            reverse("network:conversation_step", args=[jobseeker.pk, after.key])
            if after
            else reverse("network:conversation_summary", args=[jobseeker.pk])
        )
    if go == "previous":
        return (
            reverse("network:conversation_step", args=[jobseeker.pk, before.key])
            if before
            else reverse("network:conversation", args=[jobseeker.pk])
        )
    return reverse("network:conversation_step", args=[jobseeker.pk, step.key]) + "#add"


@require_http_methods(["GET", "POST"])
def conversation_step(request: HttpRequest, jobseeker_id: int, key: str) -> HttpResponse:
    """One question: tick people already named, add new ones, and see the map fill up."""
    need: Need = "edit" if request.method == "POST" else "view"
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, need=need, object_type="network")
    step = STEPS_BY_KEY.get(key)
    if step is None:
        return redirect("network:conversation", jobseeker.pk)
    contacts = _contacts(jobseeker)
    candidates = [c for c in contacts if not has_answer(c, step.answer)]
    default_ring = Ring.ACQUAINTANCE if step.prompt.ring is None else step.prompt.ring
    data = request.POST if request.method == "POST" else None
    people = people_formset(
        data, rows=STEP_ROWS, default_ring=default_ring, existing=[c.label for c in contacts]
    )
    marks = MarkForm(data, candidates=candidates)
    problems: list[str] = []
    if request.method == "POST":
        if people.is_valid() and marks.is_valid():
            new = people.people([step.answer])
            try:
                done = services.contacts_answer(
                    jobseeker=jobseeker,
                    people=new,
                    marks={step.answer: marks.contact_ids()},
                    defaults=step.prompt.defaults,
                )
            except ValidationError as error:
                problems = error.messages
            else:
                if done.made or done.marked:
                    messages.success(
                        request,
                        _("Added: %(count)d. Ticked: %(marked)d.")
                        % {"count": len(done.made), "marked": done.marked},
                    )
                return redirect(_target(jobseeker, step, request.POST.get("go", "")))
        problems += [str(error) for error in people.non_form_errors()]
    before, after = neighbours(step)
    return render(
        request,
        "network/conversation_step.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "own": is_self(request, jobseeker),
            "step": step,
            "steps": STEPS,
            "number": STEPS.index(step) + 1,
            "total": len(STEPS),
            "before": before,
            "after": after,
            "people": people,
            "marks": marks,
            "already": [c for c in contacts if has_answer(c, step.answer)],
            "problems": problems,
            "svg": _picture(request, jobseeker, contacts),
            "rows": _rows(contacts),
            "answers": ANSWERS,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_GET
def conversation_summary(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The end: per question how many people and who, as text to copy into the client file."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    contacts = _contacts(jobseeker)
    with_names = request.GET.get("names") != "0"
    return render(
        request,
        "network/conversation_summary.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "own": is_self(request, jobseeker),
            "with_names": with_names,
            "lines": summary_lines(contacts),
            "text": summary_text(
                name=jobseeker.name,
                on=timezone.localdate(),
                contacts=contacts,
                with_names=with_names,
            ),
            "last": STEPS[-1],
        },
    )


@require_GET
def paper_circle(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """A blank netwerkcirkel to print and fill in with a pen: the map's drawing, nobody on it."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    svg = render_map(
        [],
        [],
        MapOptions(
            title=_("Network circle to fill in"),
            description=_(
                "An empty circle with you in the middle, rings 1 to 4 and the outer band 0, "
                "and four parts: family, friends, work and professionals."
            ),
            id_prefix="paper",
            ego_label=_("Me"),
        ),
    )
    return render(
        request,
        "network/paper_circle.html",
        {"jobseeker": jobseeker, "editable": editable, "svg": svg},
    )


@require_GET
def paper_card(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """The question card for a conversation on paper: the four questions and what to write."""
    jobseeker, editable = get_jobseeker_for(request, jobseeker_id, object_type="network")
    return render(
        request,
        "network/paper_card.html",
        {
            "jobseeker": jobseeker,
            "editable": editable,
            "questions": [(step, ANSWERS_BY_KEY[step.answer]) for step in STEPS],
        },
    )


def _row_count(request: HttpRequest) -> int:
    """Return how many rows the entry form shows: ?rows= asks for more, within limits."""
    asked = request.GET.get("rows", "")
    rows = int(asked) if asked.isdigit() and len(asked) <= 3 else PAPER_ROWS
    return max(PAPER_ROWS, min(rows, MAX_ROWS))


@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, jobseeker_id: int) -> HttpResponse:
    """Type in a paper circle: one row per person, with the answers ticked on the card."""
    jobseeker = get_jobseeker_for(
        request, jobseeker_id, need="edit", object_type="network"
    ).jobseeker
    contacts = _contacts(jobseeker)
    rows = _row_count(request)
    data = request.POST if request.method == "POST" else None
    people = people_formset(
        data,
        rows=rows,
        default_ring=Ring.ACQUAINTANCE,
        existing=[c.label for c in contacts],
        paper=True,
    )
    problems: list[str] = []
    if request.method == "POST":
        if people.is_valid():
            new = people.people()
            if not new:
                problems = [_("Fill in at least one name.")]
            else:
                try:
                    done = services.contacts_answer(jobseeker=jobseeker, people=new)
                except ValidationError as error:
                    problems = error.messages
                else:
                    messages.success(request, _("Added: %(count)d.") % {"count": len(done.made)})
                    return redirect("network:table", jobseeker.pk)
        problems += [str(error) for error in people.non_form_errors()]
    return render(
        request,
        "network/paper_entry.html",
        {
            "jobseeker": jobseeker,
            "editable": True,
            "people": people,
            "problems": problems,
            "more": min(rows + PAPER_ROWS, MAX_ROWS) if rows < MAX_ROWS else None,
        },
        status=422 if request.method == "POST" else 200,
    )
