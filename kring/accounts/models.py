"""People, organisations, access grants, invitations and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(address: str | None) -> str:
    """Return `address` the one way Kring stores and compares e-mail addresses.

    The whole address in lowercase, without surrounding spaces: RFC 5321 lets the part before
    the @ be case-sensitive, but no mail service our users have treats it so, and people type
    their address with a capital now and then. Every door where an address enters (sign-up,
    sign-in, reset, invitations, commands, the API) goes through this.
    """
    return (address or "").strip().lower()


VOLUNTARY_TEXT_MAX = 300
VOLUNTARY_DEFAULT = _(
    "Taking part is voluntary. You choose if you take part. You can stop at any time."
)


LOGIN_NAME_MAX = 30


def normalise_login_name(typed: str | None) -> str:
    """Return a typed login name the way it is stored: lowercase, without spaces."""
    return "".join((typed or "").split()).lower()


def normalise_sign_in_name(typed: str | None) -> str:
    """Return what a person typed to sign in as stored: an e-mail address or a login name."""
    if "@" in (typed or ""):
        return normalise_email(typed)
    return normalise_login_name(typed)


def hash_secret(secret: str) -> str:
    """Return the SHA-256 hex digest we store instead of a token or invitation secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


class EmptyAsNullMixin:
    """Store an empty value as NULL and read NULL back as "": code always sees a str.

    For a unique column that many rows leave empty (people without an e-mail address or
    login name): NULLs never collide in a unique index, empty strings would.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["null"] = True
        kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        return value or ""

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(value) or None  # type: ignore[misc]


class OptionalEmailField(EmptyAsNullMixin, models.EmailField):  # type: ignore[type-arg]
    pass


class OptionalCharField(EmptyAsNullMixin, models.CharField):  # type: ignore[type-arg]
    pass


class Organisation(models.Model):
    """A municipality, reintegration company or foundation: the tenant."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    # Traffic-light thresholds that differ from DOMAIN.md's defaults (kring.analysis keys).
    indicator_thresholds = models.JSONField(default=dict, blank=True)
    # The organisation's own words for "taking part is voluntary" on every intake page;
    # blank means Kring's B1 sentence (VOLUNTARY_DEFAULT).
    voluntary_text = models.CharField(
        _("sentence about taking part being voluntary"),
        max_length=VOLUNTARY_TEXT_MAX,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def voluntary_sentence(self) -> str:
        """Return the sentence every intake page shows: the organisation's own, or Kring's."""
        return self.voluntary_text.strip() or str(VOLUNTARY_DEFAULT)


class Role(models.TextChoices):
    JOBSEEKER = "jobseeker", _("job seeker")
    COACH = "coach", _("coach")
    ADMIN = "admin", _("organisation admin")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """Django's hook (it lowercases only the domain); Kring lowercases the whole address."""
        return normalise_email(email)

    def get_by_natural_key(self, username: str | None) -> User:
        """Return the user who signs in with this address or login name, in any case.

        ModelBackend's door. A person without an e-mail address (an intake at the desk) signs
        in with the Kring login name printed for them at the handover; it has no @.
        """
        if "@" not in (username or ""):
            return self.get(login_name=normalise_login_name(username))
        address = normalise_email(username)
        # Exact first: addresses are stored normalised, and this uses the unique index.
        user = self.filter(email=address).first()
        if user is not None:
            return user
        # An address stored in another case (by hand, or before Kring normalised it) still
        # signs in, unless two accounts differ only in case: then neither is guessed at.
        older = list(self.with_email(address)[:2])
        if len(older) == 1:
            return older[0]
        raise self.model.DoesNotExist("no single account with this e-mail address")

    def with_email(self, address: str) -> models.QuerySet[User]:
        """Return the accounts with this address in any case (one, unless stored by hand)."""
        return self.filter(email__iexact=normalise_email(address))

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not normalise_email(email):
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **extra)

    def jobseekers(self) -> models.QuerySet[User]:
        return self.filter(role=Role.JOBSEEKER, is_active=True)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a job seeker, a coach or an organisation admin."""

    # "" (NULL in the table) for a person without an e-mail address: they sign in with
    # login_name instead.
    email = OptionalEmailField(_("e-mail address"), unique=True, max_length=254)
    login_name = OptionalCharField(
        _("login name"),
        max_length=LOGIN_NAME_MAX,
        unique=True,
        help_text=_("For people without an e-mail address; given at the handover."),
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("How Kring addresses you."))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.JOBSEEKER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email or self.login_name

    def clean(self) -> None:
        # Model forms (the Django admin) store the address the way every other door does.
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def sign_in_name(self) -> str:
        """Return what this person types to sign in: the e-mail address or the login name."""
        return self.email or self.login_name or ""

    @property
    def is_jobseeker(self) -> bool:
        return self.role == Role.JOBSEEKER

    @property
    def is_coach(self) -> bool:
        return self.role == Role.COACH

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_professional(self) -> bool:
        """Coaches and admins see other people's data and get the short idle timeout."""
        return self.role in (Role.COACH, Role.ADMIN)

    def has_role(self, *roles: str) -> bool:
        """Return whether this user has one of `roles`; an admin also needs an organisation.

        The one role check of pages (accounts.access.role_required) and the API (require_role).
        """
        if self.role == Role.ADMIN and self.organisation_id is None:
            return False
        return self.role in roles


class Scope(models.TextChoices):
    VIEW = "view", _("view")
    EDIT = "edit", _("view and edit")


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def active(self) -> AccessGrantQuerySet:
        """Return the grants that work today: not withdrawn, begun and not ended.

        An end date (the end of a traject, a stand-in's last day) ends a grant by itself at
        the end of that day: no job has to run for it.
        """
        today = timezone.localdate()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=today),
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            revoked_at__isnull=True,
            coach__is_active=True,
        )

    def current_or_planned(self) -> AccessGrantQuerySet:
        """Return the grants that work today or will (a stand-in from next week): not ended."""
        today = timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            revoked_at__isnull=True,
            coach__is_active=True,
        )


class AccessGrant(models.Model):
    """A job seeker's permission for one coach to see (or also edit) their data."""

    jobseeker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grants_given", verbose_name=_("job seeker")
    )
    coach = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grants_received", verbose_name=_("coach")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants", null=True
    )
    scope = models.CharField(_("access"), max_length=8, choices=Scope.choices, default=Scope.VIEW)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A stand-in's first day; empty means from the moment it was given.
    starts_on = models.DateField(_("from"), null=True, blank=True)
    # The last day the grant works (the end of the traject, or of a stand-in); empty: no end.
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # Set on a stand-in's grant: the coach they replace during a holiday.
    stands_in_for = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stands in for"),
    )

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobseeker", "coach"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_grant_per_coach",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coach} → {self.jobseeker} ({self.scope})"

    @property
    def is_active(self) -> bool:
        """Return whether the grant works today (the row form of AccessGrantQuerySet.active)."""
        today = timezone.localdate()
        return (
            self.revoked_at is None
            and self.coach.is_active
            and (self.starts_on is None or self.starts_on <= today)
            and (self.ends_on is None or self.ends_on >= today)
        )

    @property
    def is_planned(self) -> bool:
        """Return whether the grant starts on a later day (a stand-in for a coming holiday)."""
        return self.starts_on is not None and self.starts_on > timezone.localdate()

    @property
    def allows_edit(self) -> bool:
        return self.scope == Scope.EDIT


class GrantCode(models.Model):
    """A coach's personal code: a job seeker types it to give that coach access.

    The code replaces finding a coach by e-mail address, which told anyone which addresses
    belong to coaches. It is shown to the coach on their home page, so it is stored as it is;
    8 characters from 29 give about 39 bits, and look-ups are rate-limited per job seeker.
    """

    # No 0/O, 1/I/L or U/V: easy to read aloud and to copy from a screen or a note.
    ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
    LENGTH = 8

    coach = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="grant_code", verbose_name=_("coach")
    )
    code = models.CharField(_("code"), max_length=LENGTH, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.coach} ({self.display})"

    @classmethod
    def new_code(cls) -> str:
        return "".join(secrets.choice(cls.ALPHABET) for _ in range(cls.LENGTH))

    @staticmethod
    def normalise(typed: str) -> str:
        """Return `typed` the way codes are stored: capitals, without spaces and dashes."""
        return "".join(typed.split()).replace("-", "").upper()

    @property
    def display(self) -> str:
        """Return the code in two groups of four, as the coach reads it out."""
        return f"{self.code[:4]}-{self.code[4:]}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An expiring, single-use link that lets one person create an account in an organisation."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    name = models.CharField(_("name"), max_length=80, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

    def activation_url(self, token: str) -> str:
        from django.urls import reverse

        return settings.KRING_BASE_URL + reverse("activate", args=[token])


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, the token itself is shown once."""

    PREFIX = "kring_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=60, default="", blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="first characters, to recognise a token")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"


class ConsentHow(models.TextChoices):
    PAPER = "paper", _("on paper")
    APP = "app", _("in the app")


class ConsentRecord(models.Model):
    """That a job seeker agreed to a coach seeing their data: when, how, to what, who noted it.

    Written at an intake at the desk, where the job seeker cannot click "give access" yet.
    Withdrawing ends the grant it backs; the record stays, with the moment of withdrawal.
    """

    jobseeker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("job seeker")
    )
    grant = models.ForeignKey(
        AccessGrant, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("noted by")
    )
    agreed_on = models.DateField(_("agreed on"))
    how = models.CharField(_("how"), max_length=8, choices=ConsentHow.choices)
    scope = models.CharField(_("agreed to"), max_length=8, choices=Scope.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.jobseeker_id} agreed {self.agreed_on} ({self.how}, {self.scope})"


class HandoverCodeQuerySet(models.QuerySet["HandoverCode"]):
    def usable(self) -> HandoverCodeQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class CodePurpose(models.TextChoices):
    """What a printed one-time code is for."""

    HANDOVER = "handover", _("take over the account")
    PASSWORD = "password", _("choose a new password")


class HandoverCode(models.Model):
    """A printed one-time code with which a job seeker takes over the account made at the desk.

    Only the hash is stored; the code itself is shown once, on the page the coach prints.
    12 characters from GrantCode's 29 give about 58 bits; redeeming is rate-limited per address.
    The same code, with purpose PASSWORD, lets a job seeker without an e-mail address choose a
    new password; `client_asked` records that the coach confirmed the client asked for it.
    """

    LENGTH = 12

    jobseeker = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="handover_codes", verbose_name=_("job seeker")
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    purpose = models.CharField(
        max_length=8, choices=CodePurpose.choices, default=CodePurpose.HANDOVER
    )
    client_asked = models.BooleanField(
        _("the job seeker was at the desk and asked for it"), default=False
    )

    objects = HandoverCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"handover for {self.jobseeker_id} until {self.expires_at:%Y-%m-%d}"

    @classmethod
    def new_code(cls) -> str:
        return "".join(secrets.choice(GrantCode.ALPHABET) for _ in range(cls.LENGTH))

    @staticmethod
    def normalise(typed: str) -> str:
        """Return `typed` the way codes are hashed: capitals, without spaces and dashes."""
        return "".join(typed.split()).replace("-", "").upper()

    @staticmethod
    def display(code: str) -> str:
        """Return a code in groups of four, as it is printed."""
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
