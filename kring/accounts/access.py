"""The one place that decides who may reach a job seeker's data.

Views and API endpoints call `get_jobseeker_for` once per request. It says what the actor may
do (view, or also edit), answers 404 (never 403) when the actor has no right, so nobody can
learn that a job seeker exists, and it writes the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal, NamedTuple, TypeVar, cast

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from kring.accounts.models import AccessGrant, Role, Scope, User
from kring.core.audit import log_access
from kring.core.models import Action, Result

Need = Literal["view", "edit"]
View = TypeVar("View", bound=Callable[..., HttpResponse])


def request_user(request: HttpRequest) -> User:
    """Return the signed-in user of a request that passed login (middleware or API auth)."""
    user = request.user
    assert isinstance(user, User)
    return user


def require_role(request: HttpRequest, *roles: str) -> User:
    """Return the request's user if they have one of `roles`; else raise PermissionError (403).

    For API operations; pages use the `role_required` decorator.
    """
    user = request_user(request)
    if not user.has_role(*roles):
        raise PermissionError(f"{user.role} may not do this")
    return user


def role_required(*roles: str, not_found: bool = False) -> Callable[[View], View]:
    """Let only people with one of `roles` into a page.

    Others go to their start page; with `not_found`, they get 404 instead (actions and pages
    whose existence is nobody else's business).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request_user(request).has_role(*roles):
                if not_found:
                    raise Http404
                return redirect("home")
            return view(request, *args, **kwargs)

        return cast(View, checked)

    return decorate


def jobseekers_visible_to(user: User, need: Need = "view") -> QuerySet[User]:
    """Return the job seekers whose data `user` may view (or edit, with need="edit")."""
    jobseekers = User.objects.filter(role=Role.JOBSEEKER, is_active=True)
    if not user.is_authenticated or not user.is_active:
        return jobseekers.none()
    if user.role == Role.JOBSEEKER:
        return jobseekers.filter(pk=user.pk)
    if user.role == Role.COACH:
        grants = AccessGrant.objects.active().filter(coach=user)
        if need == "edit":
            grants = grants.filter(scope=Scope.EDIT)
        return jobseekers.filter(pk__in=grants.values("jobseeker_id"))
    # Organisation admins see anonymised statistics, never a job seeker's data.
    return jobseekers.none()


class Access(NamedTuple):
    """A job seeker an actor may reach, and whether the actor may also change their data."""

    jobseeker: User
    can_edit: bool


def get_jobseeker_for(
    request: HttpRequest,
    jobseeker_id: int,
    *,
    need: Need = "view",
    action: str | None = None,
    object_type: str = "jobseeker",
    object_id: str | int = "",
) -> Access:
    """Return the job seeker the request's user may reach for `need` and whether they may edit.

    Raises Http404 when the user may not, and logs the access either way (a job seeker's own
    reads are not other people's access, so not logged; their own exports are). The logged action follows `need`
    (view or change) unless `action` names another.
    """
    user = request_user(request)
    if action is None:
        action = Action.CHANGE if need == "edit" else Action.VIEW
    if user.is_active and user.role == Role.JOBSEEKER and user.pk == jobseeker_id:
        # One's own data: the query below would give back this very user. Every page a job
        # seeker opens passes here, so it asks the database nothing. Exports are the exception
        # worth a line in one's own log: data leaves Kring.
        if action == Action.EXPORT:
            log_access(
                actor=user,
                subject_id=user.pk,
                action=action,
                object_type=object_type,
                object_id=object_id or user.pk,
                request=request,
            )
        return Access(user, can_edit=True)
    try:
        jobseeker = (
            jobseekers_visible_to(user, need)
            .annotate(
                # The right to edit comes with the same query, so no view asks a second time.
                editable=Exists(
                    AccessGrant.objects.active().filter(
                        coach_id=user.pk, jobseeker=OuterRef("pk"), scope=Scope.EDIT
                    )
                )
            )
            .get(pk=jobseeker_id)
        )
    except (User.DoesNotExist, ValueError, TypeError):
        exists = User.objects.filter(pk=jobseeker_id, role=Role.JOBSEEKER).exists()
        if exists:
            log_access(
                actor=user,
                subject_id=int(jobseeker_id),
                action=action,
                result=Result.DENIED,
                object_type=object_type,
                object_id=object_id,
                request=request,
            )
        raise Http404 from None
    log_access(
        actor=user,
        subject_id=jobseeker.pk,
        action=action,
        object_type=object_type,
        object_id=object_id or jobseeker.pk,
        request=request,
    )
    return Access(jobseeker, can_edit=bool(jobseeker.editable))
