"""Intake at the desk, the handover of the account, stand-ins, moves and grant end dates.

A coach starts Kring together with a client who may have no e-mail address or smartphone:
the coach makes the account, notes the client's consent and prints a one-time handover code.
With the code the client later chooses a password and either gives an e-mail address or gets
a Kring login name. Every change of who may see the client's data is logged, and the client
sees it on their access page (`access_notices`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import (
    LOGIN_NAME_MAX,
    AccessGrant,
    ApiToken,
    CodePurpose,
    ConsentHow,
    ConsentRecord,
    HandoverCode,
    Role,
    Scope,
    User,
    hash_secret,
    normalise_email,
)
from kring.core.audit import log_access
from kring.core.errors import NotFound
from kring.core.models import AccessLogEntry, Action
from kring.core.ratelimit import limit

# A stand-in covers a holiday or a sick leave, not a traject: longer is a move.
STANDIN_MAX_DAYS = 92

# One answer for an unknown, used or expired code, so the page tells nothing about codes.
HANDOVER_INVALID = gettext_lazy(
    "This code does not work. It was used already, or it is too old. Nothing has changed. "
    "Ask your coach for a new code."
)


@dataclass
class NewHandover:
    """A handover code just made: the row, and the code itself (shown once, then gone)."""

    handover: HandoverCode
    code: str

    @property
    def display(self) -> str:
        return HandoverCode.display(self.code)


def _check_coach(coach: User) -> int:
    """Return the coach's organisation id; PermissionError for anyone but an active coach."""
    if coach.role != Role.COACH or not coach.is_active or coach.organisation_id is None:
        raise PermissionError("only active coaches of an organisation do intakes")
    return coach.organisation_id


def _own_grant(*, coach: User, jobseeker: User) -> AccessGrant:
    """Return the coach's grant that works today for `jobseeker`; NotFound when there is none."""
    grant = (
        AccessGrant.objects.active()
        .select_for_update()
        .filter(coach=coach, jobseeker=jobseeker)
        .first()
    )
    if grant is None:
        raise NotFound("no grant")
    return grant


def _colleague(*, coach: User, coach_id: int, field: str) -> User:
    """Return an active coach of `coach`'s organisation other than `coach` (ValidationError)."""
    colleague = (
        User.objects.filter(
            pk=coach_id, role=Role.COACH, is_active=True, organisation_id=_check_coach(coach)
        )
        .exclude(pk=coach.pk)
        .first()
    )
    if colleague is None:
        raise ValidationError({field: [_("Choose another coach of your organisation.")]})
    return colleague


def _clear_pair(*, jobseeker: User, coach: User) -> None:
    """End a grant of this pair that is not in use (ended, or planned) so a new one fits.

    The database allows one open grant per job seeker and coach.
    """
    AccessGrant.objects.filter(jobseeker=jobseeker, coach=coach, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def colleagues_of(coach: User) -> list[User]:
    """Return the other active coaches of the coach's organisation, by name."""
    return list(
        User.objects.filter(organisation_id=_check_coach(coach), role=Role.COACH, is_active=True)
        .exclude(pk=coach.pk)
        .order_by("name")
    )


def intake_create(
    *,
    coach: User,
    name: str,
    email: str = "",
    agreed_on: date,
    how: str,
    scope: str,
    ends_on: date | None = None,
) -> tuple[User, AccessGrant, NewHandover]:
    """Make a job seeker at the desk with the coach's grant, the consent and a handover code.

    The account has no password until the job seeker takes it over with the code.
    Raises ValidationError for bad input (nothing is stored) and RateLimited past the limit.
    """
    organisation_id = _check_coach(coach)
    limit("intake", f"user:{coach.pk}")
    email = normalise_email(email)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Fill in a first name.")]
    if email and User.objects.with_email(email).exists():
        errors["email"] = [_("There is already an account with this e-mail address.")]
    if agreed_on > today:
        errors["agreed_on"] = [_("The day of agreeing cannot be in the future.")]
    if how not in ConsentHow.values:
        errors["how"] = [_("Choose how the job seeker agreed.")]
    if scope not in Scope.values:
        errors["scope"] = [_("Unknown access level.")]
    if ends_on is not None and ends_on < today:
        errors["ends_on"] = [_("The end date cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        jobseeker = User(
            email=email,
            name=name.strip(),
            role=Role.JOBSEEKER,
            organisation_id=organisation_id,
        )
        jobseeker.set_unusable_password()
        jobseeker.save()
        grant = AccessGrant.objects.create(
            jobseeker=jobseeker,
            coach=coach,
            organisation_id=organisation_id,
            scope=scope,
            ends_on=ends_on,
        )
        ConsentRecord.objects.create(
            jobseeker=jobseeker,
            grant=grant,
            organisation_id=organisation_id,
            recorded_by=coach,
            agreed_on=agreed_on,
            how=how,
            scope=scope,
        )
        log_access(
            actor=coach,
            subject_id=jobseeker.pk,
            action=Action.GRANT,
            object_type="intake",
            object_id=grant.pk,
        )
        handover = _handover_new(jobseeker=jobseeker, created_by=coach)
    return jobseeker, grant, handover


def consent_record(
    *, coach: User, jobseeker: User, agreed_on: date, how: str, scope: str
) -> ConsentRecord:
    """Note a consent again (a new form signed, a wider scope) for the coach's own grant."""
    organisation_id = _check_coach(coach)
    today = timezone.localdate()
    if agreed_on > today:
        raise ValidationError({"agreed_on": [_("The day of agreeing cannot be in the future.")]})
    if how not in ConsentHow.values or scope not in Scope.values:
        raise ValidationError(_("Choose how the job seeker agreed, and to what."))
    with transaction.atomic():
        grant = _own_grant(coach=coach, jobseeker=jobseeker)
        return ConsentRecord.objects.create(
            jobseeker=jobseeker,
            grant=grant,
            organisation_id=organisation_id,
            recorded_by=coach,
            agreed_on=agreed_on,
            how=how,
            scope=scope,
        )


def _handover_new(
    *, jobseeker: User, created_by: User, purpose: str = CodePurpose.HANDOVER
) -> NewHandover:
    code = HandoverCode.new_code()
    now = timezone.now()
    # A new code replaces the ones printed before, of either purpose: only the latest paper works.
    HandoverCode.objects.usable().filter(jobseeker=jobseeker).update(expires_at=now)
    password = purpose == CodePurpose.PASSWORD
    handover = HandoverCode.objects.create(
        jobseeker=jobseeker,
        created_by=created_by,
        code_hash=hash_secret(code),
        expires_at=now
        + (settings.PASSWORD_CODE_VALID_FOR if password else settings.HANDOVER_VALID_FOR),
        purpose=purpose,
        client_asked=password,
    )
    return NewHandover(handover, code)


def _usable_code(*, code: str, purpose: str) -> HandoverCode:
    """Return the locked, usable code of `purpose` behind `code`; HANDOVER_INVALID otherwise."""
    handover = (
        HandoverCode.objects.select_for_update()
        .select_related("jobseeker")
        .filter(code_hash=hash_secret(HandoverCode.normalise(code)), purpose=purpose)
        .first()
    )
    if handover is None or not handover.is_usable or not handover.jobseeker.is_active:
        raise ValidationError({"code": [str(HANDOVER_INVALID)]})
    return handover


def is_handed_over(jobseeker: User) -> bool:
    """Return whether the job seeker signs in by themselves (has chosen a password)."""
    return jobseeker.has_usable_password()


def handover_code_create(*, coach: User, jobseeker: User) -> NewHandover:
    """Print a new handover code for an account that was not taken over yet.

    Refused once the job seeker has a password: a coach must not be able to take over an
    account a person already uses.
    """
    _check_coach(coach)
    limit("intake", f"user:{coach.pk}")
    with transaction.atomic():
        _own_grant(coach=coach, jobseeker=jobseeker)
        if is_handed_over(jobseeker):
            raise ValidationError(_("This job seeker already signs in by themselves."))
        return _handover_new(jobseeker=jobseeker, created_by=coach)


def _new_login_name(name: str) -> str:
    """Return an unused login name: the first name in plain letters and four digits."""
    base = "".join(c for c in slugify(name) if c.isalpha())[:12] or "kring"
    for digits in (4, 4, 4, 4, 6, 6, 8):
        candidate = f"{base}-{secrets.randbelow(10**digits):0{digits}d}"
        assert len(candidate) <= LOGIN_NAME_MAX
        if not User.objects.filter(login_name=candidate).exists():
            return candidate
    raise RuntimeError("could not find an unused login name")


def handover_redeem(*, code: str, password: str, email: str = "", client: str) -> User:
    """Give the account behind a handover code to its job seeker: a password, and a way in.

    With an e-mail address the job seeker signs in with it; without one Kring gives a login
    name. The code works once. Raises ValidationError with HANDOVER_INVALID for an unknown,
    used or expired code (nothing changes), and RateLimited past the limit per client.
    """
    limit("handover", client)
    email = normalise_email(email)
    with transaction.atomic():
        handover = _usable_code(code=code, purpose=CodePurpose.HANDOVER)
        jobseeker = handover.jobseeker
        if is_handed_over(jobseeker):
            raise ValidationError({"code": [str(HANDOVER_INVALID)]})
        fields = ["password"]
        if email and email != jobseeker.email:
            if User.objects.with_email(email).exclude(pk=jobseeker.pk).exists():
                raise ValidationError(
                    {"email": [_("There is already an account with this e-mail address.")]}
                )
            jobseeker.email = email
            fields.append("email")
        if not jobseeker.email and not jobseeker.login_name:
            jobseeker.login_name = _new_login_name(jobseeker.name)
            fields.append("login_name")
        jobseeker.set_password(password)
        jobseeker.save(update_fields=fields)
        handover.used_at = timezone.now()
        handover.save(update_fields=["used_at"])
        log_access(
            actor=jobseeker,
            subject_id=jobseeker.pk,
            action=Action.CHANGE,
            object_type="handover",
            object_id=handover.pk,
        )
    return jobseeker


def password_code_create(*, coach: User, jobseeker: User, client_asked: bool) -> NewHandover:
    """Print a code with which a job seeker without an e-mail address chooses a new password.

    Only at the desk: the coach confirms that the job seeker is there and asked for it
    (`client_asked`, stored on the code). Needs an edit grant that works today (NotFound
    otherwise). Refused for an account with an e-mail address (the reset link is for those)
    and for one not taken over yet (that needs a handover code). The code works for
    PASSWORD_CODE_VALID_FOR, once, and replaces every earlier code. The job seeker sees in
    'Wie keek er' who made it and when.
    """
    _check_coach(coach)
    limit("intake", f"user:{coach.pk}")
    with transaction.atomic():
        grant = _own_grant(coach=coach, jobseeker=jobseeker)
        if grant.scope != Scope.EDIT:
            raise NotFound("no edit grant")
        if not client_asked:
            raise ValidationError(
                {"client_asked": [_("Tick this only when the job seeker is here and asked.")]}
            )
        if jobseeker.email:
            raise ValidationError(
                _(
                    "This job seeker has an e-mail address. They choose a new password with "
                    "'Forgot your password?' on the sign-in page."
                )
            )
        if not is_handed_over(jobseeker):
            raise ValidationError(
                _("This job seeker has no password yet. Make a handover code instead.")
            )
        new = _handover_new(jobseeker=jobseeker, created_by=coach, purpose=CodePurpose.PASSWORD)
        # Who may get into the account changes: a grant event, like an intake or a stand-in.
        log_access(
            actor=coach,
            subject_id=jobseeker.pk,
            action=Action.GRANT_CHANGE,
            object_type="password_code",
            object_id=new.handover.pk,
        )
    return new


def password_code_redeem(*, code: str, password: str, client: str) -> User:
    """Set a new password with a code from `password_code_create`; nothing else changes.

    The login name and the data stay. Sessions signed in elsewhere end: Django checks each
    session against the password hash; API keys end too, since whoever lost the password may
    have lost the account to someone who made one. The code works once; an unknown, used or expired code,
    or an account that got an e-mail address since, raises ValidationError with
    HANDOVER_INVALID and changes nothing. Counted against the handover's limit per client.
    """
    limit("handover", client)
    with transaction.atomic():
        handover = _usable_code(code=code, purpose=CodePurpose.PASSWORD)
        jobseeker = handover.jobseeker
        if jobseeker.email:
            raise ValidationError({"code": [str(HANDOVER_INVALID)]})
        jobseeker.set_password(password)
        jobseeker.save(update_fields=["password"])
        handover.used_at = timezone.now()
        handover.save(update_fields=["used_at"])
        ApiToken.objects.filter(user=jobseeker, revoked_at__isnull=True).update(
            revoked_at=handover.used_at
        )
        log_access(
            actor=jobseeker,
            subject_id=jobseeker.pk,
            action=Action.CHANGE,
            object_type="password",
            object_id=handover.pk,
        )
    return jobseeker


def grant_end_set(*, coach: User, jobseeker: User, ends_on: date | None) -> AccessGrant:
    """Set (or clear) the last day of the coach's own grant: the end of the traject."""
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": [_("The end date cannot be in the past.")]})
    with transaction.atomic():
        grant = _own_grant(coach=coach, jobseeker=jobseeker)
        grant.ends_on = ends_on
        grant.save(update_fields=["ends_on"])
        log_access(
            actor=coach,
            subject_id=jobseeker.pk,
            action=Action.GRANT_CHANGE,
            object_type="end_date",
            object_id=grant.pk,
        )
    return grant


def standin_create(
    *, coach: User, jobseeker: User, standin_id: int, starts_on: date, ends_on: date
) -> AccessGrant:
    """Let a colleague stand in for the coach from `starts_on` to `ends_on` (a holiday).

    The stand-in gets the coach's scope for those days only; the job seeker sees it on their
    access page and can stop it.
    """
    _check_coach(coach)
    today = timezone.localdate()
    if starts_on < today:
        raise ValidationError({"starts_on": [_("The first day cannot be in the past.")]})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The last day comes after the first day.")]})
    if (ends_on - starts_on).days >= STANDIN_MAX_DAYS:
        raise ValidationError(
            {
                "ends_on": [
                    _("A stand-in is for at most %(days)s days.") % {"days": STANDIN_MAX_DAYS}
                ]
            }
        )
    with transaction.atomic():
        own = _own_grant(coach=coach, jobseeker=jobseeker)
        if own.stands_in_for_id is not None:
            raise ValidationError(_("A stand-in cannot choose another stand-in."))
        if own.ends_on is not None and ends_on > own.ends_on:
            raise ValidationError(
                {"ends_on": [_("Your own access ends earlier. Choose an earlier last day.")]}
            )
        standin = _colleague(coach=coach, coach_id=standin_id, field="standin")
        if (
            AccessGrant.objects.active()
            .filter(jobseeker=jobseeker, coach=standin, stands_in_for__isnull=True)
            .exists()
        ):
            raise ValidationError({"standin": [_("This coach already has access.")]})
        _clear_pair(jobseeker=jobseeker, coach=standin)
        grant = AccessGrant.objects.create(
            jobseeker=jobseeker,
            coach=standin,
            organisation_id=standin.organisation_id,
            scope=own.scope,
            starts_on=starts_on,
            ends_on=ends_on,
            stands_in_for=coach,
        )
        log_access(
            actor=coach,
            subject_id=jobseeker.pk,
            action=Action.GRANT,
            object_type="standin",
            object_id=grant.pk,
        )
    return grant


def jobseeker_transfer(*, coach: User, jobseeker: User, to_coach_id: int) -> AccessGrant:
    """Move a job seeker to another coach of the organisation; the coach's own grant ends.

    The new coach gets the same scope and end date. Stand-ins for the old coach end too.
    The job seeker is told on their access page (from the access log).
    """
    _check_coach(coach)
    with transaction.atomic():
        own = _own_grant(coach=coach, jobseeker=jobseeker)
        if own.stands_in_for_id is not None:
            raise ValidationError(_("A stand-in cannot move a job seeker to another coach."))
        to_coach = _colleague(coach=coach, coach_id=to_coach_id, field="to_coach")
        now = timezone.now()
        _clear_pair(jobseeker=jobseeker, coach=to_coach)
        grant = AccessGrant.objects.create(
            jobseeker=jobseeker,
            coach=to_coach,
            organisation_id=to_coach.organisation_id,
            scope=own.scope,
            ends_on=own.ends_on,
        )
        standins = AccessGrant.objects.filter(
            jobseeker=jobseeker, stands_in_for=coach, revoked_at__isnull=True
        ).values_list("pk", flat=True)
        ended = [own.pk, *standins]
        AccessGrant.objects.filter(pk__in=ended).update(revoked_at=now)
        ConsentRecord.objects.filter(grant_id=own.pk).update(grant=grant)
        log_access(
            actor=coach,
            subject_id=jobseeker.pk,
            action=Action.GRANT,
            object_type="transfer",
            object_id=grant.pk,
        )
        for grant_id in ended:
            log_access(
                actor=coach,
                subject_id=jobseeker.pk,
                action=Action.REVOKE,
                object_type="transfer",
                object_id=grant_id,
            )
    return grant


def consent_withdraw(*, actor: User, jobseeker: User) -> int:
    """Withdraw the job seeker's consent: every grant ends now; the account and data stay.

    The job seeker can do this themselves on their access page (one grant at a time, or all);
    a coach notes it when the job seeker says so at the desk. Returns how many grants ended.
    """
    with transaction.atomic():
        if actor.pk != jobseeker.pk:
            # A coach withdraws on the job seeker's word, holding a grant that works today.
            _own_grant(coach=actor, jobseeker=jobseeker)
        now = timezone.now()
        grants = list(
            AccessGrant.objects.select_for_update()
            .filter(jobseeker=jobseeker, revoked_at__isnull=True)
            .values_list("pk", flat=True)
        )
        AccessGrant.objects.filter(pk__in=grants).update(revoked_at=now)
        ConsentRecord.objects.filter(jobseeker=jobseeker, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        for grant_id in grants:
            log_access(
                actor=actor,
                subject_id=jobseeker.pk,
                action=Action.REVOKE,
                object_type="consent",
                object_id=grant_id,
            )
    return len(grants)


@dataclass
class Notice:
    """One change to who may see a job seeker's data, made by someone else."""

    at: datetime
    text: str


NOTICE_DAYS = 90


def access_notices(jobseeker: User) -> list[Notice]:
    """Return the grant changes others made in the last 90 days, newest first, in words.

    The job seeker is told this way when a coach moved them to a colleague, asked a stand-in,
    or started at the desk: it is their data, and they can stop any grant on the same page.
    """
    since = timezone.now() - timedelta(days=NOTICE_DAYS)
    entries = list(
        AccessLogEntry.objects.about(jobseeker.pk)
        .filter(
            (
                Q(object_type__in=["transfer", "standin", "intake", "consent"])
                & Q(action__in=[Action.GRANT, Action.REVOKE])
            )
            | Q(object_type="password_code", action=Action.GRANT_CHANGE),
            at__gte=since,
        )
        .exclude(actor_id=jobseeker.pk)[:50]
    )
    grants = AccessGrant.objects.select_related("coach").in_bulk(
        {int(e.object_id) for e in entries if e.object_id.isdigit()}
    )
    actors = User.objects.in_bulk({e.actor_id for e in entries if e.actor_id})
    notices = []
    for entry in entries:
        actor = actors.get(entry.actor_id or 0)
        grant = grants.get(int(entry.object_id)) if entry.object_id.isdigit() else None
        who = actor.name if actor else _("someone")
        coach = grant.coach.name if grant else _("a coach")
        text = ""
        if entry.object_type == "transfer" and entry.action == Action.GRANT:
            text = _("%(who)s moved you to coach %(coach)s.") % {"who": who, "coach": coach}
        elif entry.object_type == "standin" and grant is not None:
            text = _("%(coach)s stands in for %(who)s from %(start)s to %(end)s.") % {
                "who": who,
                "coach": coach,
                "start": _day(grant.starts_on),
                "end": _day(grant.ends_on),
            }
        elif entry.object_type == "intake":
            text = _("%(who)s made your account with you and noted that you agreed.") % {"who": who}
        elif entry.object_type == "password_code":
            text = _("%(who)s made a code for a new password with you.") % {"who": who}
        elif entry.object_type == "consent":
            text = _("%(who)s noted that you stopped. %(coach)s no longer has access.") % {
                "who": who,
                "coach": coach,
            }
        if text:
            notices.append(Notice(entry.at, text))
    return notices


def _day(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "—"
