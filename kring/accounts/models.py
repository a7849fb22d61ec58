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


def hash_secret(secret: str) -> str:
    """Return the SHA-256 hex digest we store instead of a token or invitation secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Organisation(models.Model):
    """A municipality, reintegration company or foundation: the tenant."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    # Traffic-light thresholds that differ from DOMAIN.md's defaults (kring.analysis keys).
    indicator_thresholds = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    JOBSEEKER = "jobseeker", _("job seeker")
    COACH = "coach", _("coach")
    ADMIN = "admin", _("organisation admin")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
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

    email = models.EmailField(_("e-mail address"), unique=True, max_length=254)
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
        return self.name or self.email

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


class Scope(models.TextChoices):
    VIEW = "view", _("view")
    EDIT = "edit", _("view and edit")


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def active(self) -> AccessGrantQuerySet:
        return self.filter(revoked_at__isnull=True, coach__is_active=True)


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
        return self.revoked_at is None and self.coach.is_active

    @property
    def allows_edit(self) -> bool:
        return self.scope == Scope.EDIT


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
