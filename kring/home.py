"""The job seeker's start page, composed at the root: where they stand (kring.insights) and
what they can do now (kring.plan). Insights sits below plan in the layers and may not import
it (ARCHITECTURE.md), so this view, above both, puts the two together.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from kring.accounts import views as accounts_views
from kring.accounts.access import get_jobseeker_for
from kring.accounts.access import request_user as _user
from kring.accounts.models import Role
from kring.coaching import views as coaching_views
from kring.insights import standing
from kring.insights.views import home_context
from kring.plan.selectors import top_suggestions

# The start page names the first three ideas; the plan page has the rest.
HOME_SUGGESTIONS = 3


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """A job seeker's start page: where they stand, one next step, the first ideas of the plan.

    Coaches get their caseload (kring.coaching), admins accounts' start page.
    """
    user = _user(request)
    if user.role == Role.COACH:
        return coaching_views.caseload(request)
    if user.role != Role.JOBSEEKER:
        return accounts_views.home(request)
    jobseeker = get_jobseeker_for(request, user.pk).jobseeker
    context = home_context(jobseeker)
    suggestions = top_suggestions(
        jobseeker,
        today=timezone.localdate(),
        limit=HOME_SUGGESTIONS,
        indicators=context["indicators"],
    )
    # The next step is the plan's first idea, except in an empty network: the plan is built
    # from the people in it, so putting in the first people comes first (docs/plan.md).
    empty = context["standing"].next_step.key == standing.ADD_PEOPLE
    context |= {
        "suggestions": suggestions,
        "first_suggestion": suggestions[0] if suggestions and not empty else None,
        "plan_url": reverse("plan:plan", args=[jobseeker.pk]),
    }
    return render(request, "insights/home.html", context)
