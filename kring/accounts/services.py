"""Writes that span models or have side effects: invitations, grants, tokens, accounts."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import (
    AccessGrant,
    ApiToken,
    ConsentRecord,
    GrantCode,
    Invitation,
    Organisation,
    Role,
    Scope,
    User,
    hash_secret,
    normalise_email,
)
from kring.core.audit import log_access
from kring.core.models import Action
from kring.core.ratelimit import limit

logger = logging.getLogger(__name__)


class AccountSetupTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for a first password: single-use like reset links, but valid for days."""

    key_salt = "kring.accounts.AccountSetupTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            timestamp_b36, _hash = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        secrets_to_try = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in secrets_to_try
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.ACCOUNT_SETUP_TIMEOUT.total_seconds()


account_setup_token = AccountSetupTokenGenerator()


def account_setup_url(user: User) -> str:
    """Return the absolute link where `user` sets a first password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = account_setup_token.make_token(user)
    return settings.KRING_BASE_URL + reverse("account_setup", args=[uid, token])


@transaction.atomic
def user_create(*, email: str, name: str, role: str, organisation_name: str | None) -> User:
    """Create an active account without a usable password (the operator's create_user)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    email = normalise_email(email)
    if User.objects.with_email(email).exists():
        raise ValidationError(_("There is already an account with this e-mail address."))
    organisation = None
    if organisation_name:
        organisation, _created = Organisation.objects.get_or_create(name=organisation_name.strip())
    elif role != Role.JOBSEEKER:
        raise ValidationError(_("Coaches and admins belong to an organisation."))
    return User.objects.create_user(
        email, None, name=name or email.split("@")[0], role=role, organisation=organisation
    )


@dataclass
class NewInvitation:
    invitation: Invitation
    token: str

    @property
    def url(self) -> str:
        return self.invitation.activation_url(self.token)


def invitation_create(*, inviter: User, email: str, name: str = "", role: str) -> NewInvitation:
    """Invite a coach (by an admin) or a job seeker (by a coach) and e-mail the link.

    Raises RateLimited after too many attempts by this inviter, through any door (page or API).
    """
    allowed = {Role.ADMIN: Role.COACH, Role.COACH: Role.JOBSEEKER}
    if allowed.get(Role(inviter.role)) != role or inviter.organisation is None:
        raise PermissionError("this user may not send this invitation")
    # Counted before the address check, so probing for existing accounts is limited as well.
    limit("invitation", f"user:{inviter.pk}")
    email = normalise_email(email)
    if User.objects.with_email(email).exists():
        raise ValidationError({"email": _("There is already an account with this e-mail address.")})
    token = Invitation.new_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            name=name.strip(),
            role=role,
            organisation=inviter.organisation,
            invited_by=inviter,
            token_hash=hash_secret(token),
            expires_at=timezone.now() + settings.INVITATION_VALID_FOR,
        )
    new = NewInvitation(invitation, token)
    subject = _("Your invitation for Kring")
    body = _(
        "Hello,\n\n%(inviter)s invites you to Kring (%(organisation)s).\n"
        "Open this link to make your account. The link works once and until %(until)s:\n\n"
        "%(url)s\n"
    ) % {
        "inviter": inviter.name,
        "organisation": inviter.organisation.name,
        "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
        "url": new.url,
    }
    # The invitation row is committed above, so the link in the e-mail always works.
    send_mail(subject, body, None, [email])
    return new


def invitation_for_token(token: str) -> Invitation | None:
    """Return the usable invitation behind `token`, or None when unknown, used or expired."""
    invitation = Invitation.objects.filter(token_hash=hash_secret(token)).first()
    if invitation is None or not invitation.is_usable:
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, name: str, password: str, grant_to_inviter: bool = False
) -> User:
    """Create the account behind an invitation; the invitation can be used only once."""
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=hash_secret(token)).first()
    )
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("This invitation link is no longer valid."))
    if User.objects.with_email(invitation.email).exists():
        raise ValidationError(_("There is already an account with this e-mail address."))
    user = User.objects.create_user(
        invitation.email,
        password,
        name=name,
        role=invitation.role,
        organisation=invitation.organisation,
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    inviter = invitation.invited_by
    if (
        grant_to_inviter
        and user.role == Role.JOBSEEKER
        and inviter is not None
        and inviter.role == Role.COACH
        and inviter.is_active
    ):
        grant_set(jobseeker=user, coach=inviter, scope=Scope.EDIT)
    return user


def coaches_for_grant(jobseeker: User) -> list[User]:
    """Return the coaches a job seeker can pick from: active coaches of their organisation."""
    if jobseeker.organisation_id is None:
        return []
    return list(
        User.objects.filter(
            organisation_id=jobseeker.organisation_id, role=Role.COACH, is_active=True
        ).order_by("name")
    )


# One answer for every code that does not lead to an active coach (unknown, mistyped, rotated,
# a switched-off coach), so the answer tells nothing about which codes exist.
WRONG_GRANT_CODE = gettext_lazy("This code is not right. Check it with your coach and try again.")


def grant_code_for(*, coach: User) -> GrantCode:
    """Return the coach's personal code, making one the first time it is asked for."""
    existing = GrantCode.objects.filter(coach=coach).first()
    return existing or grant_code_rotate(coach=coach)


def grant_code_rotate(*, coach: User) -> GrantCode:
    """Give the coach a new personal code; the old code stops working at once."""
    if coach.role != Role.COACH or not coach.is_active:
        raise PermissionError("only active coaches have a code")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                grant_code, _created = GrantCode.objects.update_or_create(
                    coach=coach,
                    defaults={"code": GrantCode.new_code(), "created_at": timezone.now()},
                )
            return grant_code
        except IntegrityError:
            # Another coach has this code (about one chance in 10^11 per coach): draw again.
            continue
    raise RuntimeError("could not draw an unused code")


def coach_for_grant_code(*, jobseeker: User, code: str) -> User | None:
    """Return the active coach whose personal code `code` is, or None.

    Every look-up counts towards one limit per job seeker, on the page and in the API alike,
    so codes cannot be guessed; RateLimited once it is passed.
    """
    if jobseeker.role != Role.JOBSEEKER:
        raise PermissionError("only job seekers give access")
    limit("grant_code", f"user:{jobseeker.pk}")
    normalised = GrantCode.normalise(code)
    if len(normalised) != GrantCode.LENGTH:
        return None
    found = (
        GrantCode.objects.select_related("coach__organisation")
        .filter(code=normalised, coach__role=Role.COACH, coach__is_active=True)
        .first()
    )
    return found.coach if found else None


def grant_by_code(*, jobseeker: User, code: str, scope: str) -> AccessGrant:
    """Give the coach behind `code` access (or change the scope); the same limit applies."""
    coach = coach_for_grant_code(jobseeker=jobseeker, code=code)
    if coach is None:
        raise ValidationError({"code": [str(WRONG_GRANT_CODE)]})
    return grant_set(jobseeker=jobseeker, coach=coach, scope=scope)


@transaction.atomic
def grant_set(*, jobseeker: User, coach: User, scope: str) -> AccessGrant:
    """Give `coach` access to `jobseeker`'s data, or change the scope of the active grant."""
    if jobseeker.role != Role.JOBSEEKER:
        raise PermissionError("only job seekers give access")
    if coach.role != Role.COACH or not coach.is_active:
        raise ValidationError(_("This person is not an active coach."))
    if scope not in Scope.values:
        raise ValidationError(_("Unknown access level."))
    grant = (
        AccessGrant.objects.select_for_update()
        .filter(jobseeker=jobseeker, coach=coach, revoked_at__isnull=True)
        .first()
    )
    if grant is not None and (not grant.is_active or grant.stands_in_for_id is not None):
        # An ended grant, or a stand-in's: the job seeker's own choice replaces it with a
        # plain grant (the database holds one open grant per pair).
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        grant = None
    if grant is None:
        grant = AccessGrant.objects.create(
            jobseeker=jobseeker, coach=coach, organisation=coach.organisation, scope=scope
        )
        action = Action.GRANT
    elif grant.scope != scope:
        grant.scope = scope
        grant.save(update_fields=["scope"])
        action = Action.GRANT_CHANGE
    else:
        return grant
    log_access(
        actor=jobseeker,
        subject_id=jobseeker.pk,
        action=action,
        object_type="grant",
        object_id=grant.pk,
    )
    return grant


@transaction.atomic
def grant_revoke(*, jobseeker: User, grant_id: int) -> AccessGrant:
    """Withdraw a grant; the coach loses access on their next request."""
    grant = AccessGrant.objects.select_for_update().get(
        pk=grant_id, jobseeker=jobseeker, revoked_at__isnull=True
    )
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    # The consent noted at the desk for this grant is withdrawn with it.
    ConsentRecord.objects.filter(grant=grant, withdrawn_at__isnull=True).update(
        withdrawn_at=grant.revoked_at
    )
    log_access(
        actor=jobseeker,
        subject_id=jobseeker.pk,
        action=Action.REVOKE,
        object_type="grant",
        object_id=grant.pk,
    )
    return grant


@transaction.atomic
def coach_deactivate(*, admin: User, coach_id: int) -> User:
    """Switch off a coach of the admin's own organisation; their grants stop working at once."""
    if admin.role != Role.ADMIN or admin.organisation_id is None:
        raise PermissionError("only organisation admins deactivate coaches")
    coach = User.objects.select_for_update().get(
        pk=coach_id, role=Role.COACH, organisation_id=admin.organisation_id
    )
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=coach, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return coach


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Make a new API token for `user`; return the row and the secret (shown only once)."""
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:60], token_hash=hash_secret(secret), hint=secret[:12]
    )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of `user`'s own tokens."""
    token = ApiToken.objects.get(pk=token_id, user=user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def user_for_api_token(secret: str) -> User | None:
    """Return the active user behind an API token, recording its use; None when invalid."""
    if not secret.startswith(ApiToken.PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.active().select_related("user").filter(token_hash=hash_secret(secret))
    ).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_PRECISION:
        _record_token_use(token.pk, now)
    return token.user


# The API keys page shows a token's last use to the minute; writing it on every request
# would make every read a write.
TOKEN_USE_PRECISION = timedelta(minutes=1)


def _record_token_use(token_id: int, now: datetime) -> None:
    """Store when a token was last used; a busy database skips it instead of failing the read.

    The time is bookkeeping: while a big import holds the write lock (SQLite), this write
    would wait and then fail with "database is locked", and turn a read into a 500.
    """
    try:
        with transaction.atomic():  # a savepoint if the request already runs in a transaction
            ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    except OperationalError:
        logger.warning("API token %s: last use not stored, the database is busy", token_id)
