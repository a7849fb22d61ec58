"""Reminders: the daily digest of due follow-ups and the private calendar feed.

The digest is sent at most once per person per day. The row in `ReminderDigest` is inserted
first, in the same transaction as the e-mail: a second command running at the same time hits
the unique key (user, day) and skips that person. If sending fails, the row is rolled back and
the next run tries again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from kring.accounts.models import Role, User
from kring.plan import ics
from kring.plan.models import Ask, ReminderDigest, ReminderSettings

_SECRET = re.compile(r"[A-Za-z0-9_-]{20,64}")


def due_asks(*, jobseeker: User, day: date) -> list[Ask]:
    """Return the asks whose follow-up falls on `day` or earlier, the oldest first."""
    return list(Ask.objects.of(jobseeker).filter(follow_up__lte=day).order_by("follow_up", "id"))


@dataclass(frozen=True)
class DueItem:
    """Something due that is not an ask: one line of text, its day and the page to open."""

    text: str
    due_on: date
    path: str


class DueSource(Protocol):
    """An app above the plan that has due things of its own (kring.meetings: evaluations).

    The plan may not import those apps (tests/test_layers.py), so they register a source in
    their AppConfig.ready() and the digest, the plan page and the command read it here.
    """

    def owner_ids(self, day: date) -> Iterable[int]:
        """Return the ids of job seekers with something due on `day` or earlier."""
        ...

    def due(self, jobseeker: User, day: date) -> list[DueItem]:
        """Return `jobseeker`'s items due on `day` or earlier, in the active language."""
        ...


_SOURCES: dict[str, DueSource] = {}


def register_due_source(name: str, source: DueSource) -> None:
    """Add (or replace) the due-item source `name`; safe to call again for the same name."""
    _SOURCES[name] = source


def due_items(*, jobseeker: User, day: date) -> list[DueItem]:
    """Return the registered sources' items due on `day` or earlier, the oldest first."""
    items = [item for source in _SOURCES.values() for item in source.due(jobseeker, day)]
    return sorted(items, key=lambda item: item.due_on)


def settings_for(*, user: User) -> ReminderSettings:
    found, _created = ReminderSettings.objects.get_or_create(user=user)
    return found


@transaction.atomic
def set_email_digest(*, user: User, enabled: bool) -> ReminderSettings:
    found, _created = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    found.email_digest = enabled
    found.save(update_fields=["email_digest", "updated_at"])
    return found


@transaction.atomic
def new_feed_secret(*, user: User) -> str:
    """Make a new calendar feed secret; the old link stops working at once."""
    found, _created = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    found.feed_secret = secrets.token_urlsafe(32)
    found.save(update_fields=["feed_secret", "updated_at"])
    return found.feed_secret


def feed_owner(*, secret: str) -> User | None:
    """Return the active job seeker whose feed has this secret, or None (wrong or revoked)."""
    if not _SECRET.fullmatch(secret):
        return None
    found = (
        ReminderSettings.objects.filter(
            feed_secret=secret, user__is_active=True, user__role=Role.JOBSEEKER
        )
        .select_related("user")
        .first()
    )
    return found.user if found is not None else None


def _email_body(asks: list[Ask], items: list[DueItem]) -> str:
    lines = [_("Hello,"), ""]
    if asks:
        lines += [_("Today or earlier you wanted to follow up on these asks:"), ""]
        lines += [f"- {ics.summary(ask)} ({ask.follow_up:%d-%m-%Y})" for ask in asks]
        lines += [""]
    if items:
        lines += [_("Also to do today or earlier:"), ""]
        lines += [f"- {item.text} ({item.due_on:%d-%m-%Y})" for item in items]
        lines += [""]
    lines += [_("Open Kring and look at 'What can you do now?'."), "", _("Kring")]
    return "\n".join(lines)


def _send_one(*, user: User, day: date, asks: list[Ask], email: bool) -> bool:
    """Record the digest and send the e-mail; False when another run already did today."""
    try:
        with transaction.atomic():
            digest = ReminderDigest.objects.create(
                user=user, day=day, ask_count=len(asks), emailed=email
            )
            if email:
                with translation.override(settings.LANGUAGE_CODE):
                    # The sources write their lines in the active language: read them here.
                    send_mail(
                        _("Kring: to do today and earlier"),
                        _email_body(asks, due_items(jobseeker=user, day=day)),
                        None,
                        [user.email],
                    )
    except IntegrityError:
        return False
    return digest.pk is not None


def send_due_reminders(*, day: date) -> tuple[int, int]:
    """Make today's digest for every job seeker with something due; return (digests, e-mails).

    Due are asks to follow up and the items of the registered sources (`register_due_source`).
    """
    asks_due = Ask.objects.filter(owner=OuterRef("pk"), follow_up__lte=day)
    due = Q(Exists(asks_due))
    for source in _SOURCES.values():
        due |= Q(pk__in=source.owner_ids(day))
    owners = User.objects.filter(due, role=Role.JOBSEEKER, is_active=True).order_by("pk")
    wanted = set(
        ReminderSettings.objects.filter(email_digest=True).values_list("user_id", flat=True)
    )
    digests = emails = 0
    for user in owners:
        if ReminderDigest.objects.filter(user=user, day=day).exists():
            continue
        asks = due_asks(jobseeker=user, day=day)
        email = user.pk in wanted and bool(user.email)
        if _send_one(user=user, day=day, asks=asks, email=email):
            digests += 1
            emails += int(email)
    return digests, emails
