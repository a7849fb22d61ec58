"""'Wie keek er': the job seeker's own access log, read with names, roles and organisations.

Read-side only: the log stores ids (kring.core.models.AccessLogEntry) and its hash chain is
not touched here. The actor's role and organisation are those written in the entry, so a
coach who later moved to another organisation still shows where they were at the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.accounts.models import Organisation, Role, User
from kring.core.models import AccessLogEntry

# The page shows the latest lines of each part; the API pages through them all.
OTHERS_SHOWN = 200
OWN_SHOWN = 50

# Lines whose action alone ("changed") would not say what happened, in words.
WHAT = {
    "password_code": gettext_lazy("made a code for a new password"),
    "password": gettext_lazy("chose a new password with a code"),
}


@dataclass(frozen=True)
class LogLine:
    entry: AccessLogEntry
    own: bool
    actor_name: str
    role: str  # the role's label, as the entry wrote it
    organisation: str  # the organisation's name at the time, "" without one

    @property
    def at(self) -> dt.datetime:
        return self.entry.at

    @property
    def what(self) -> str:
        return str(WHAT.get(self.entry.object_type) or self.entry.get_action_display())


def lines_of(user: User, entries: list[AccessLogEntry]) -> list[LogLine]:
    """Return `entries` (about `user`) with the actor's name, role and organisation, in 2 queries."""
    actors = dict(
        User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id}).values_list(
            "pk", "name"
        )
    )
    organisations = dict(
        Organisation.objects.filter(
            pk__in={e.organisation_id for e in entries if e.organisation_id}
        ).values_list("pk", "name")
    )
    roles = dict(Role.choices)
    return [
        LogLine(
            entry=entry,
            own=entry.actor_id == user.pk,
            actor_name=(
                actors.get(entry.actor_id, _("a removed account"))
                if entry.actor_id
                else _("unknown")
            ),
            role=str(roles.get(entry.actor_role, entry.actor_role)),
            organisation=organisations.get(entry.organisation_id or 0, ""),
        )
        for entry in entries
    ]


def others_and_own(user: User) -> tuple[list[LogLine], list[LogLine]]:
    """Return the latest lines of other people's access to `user`'s data, and of their own."""
    about = AccessLogEntry.objects.about(user.pk)
    others = list(about.exclude(actor_id=user.pk)[:OTHERS_SHOWN])
    own = list(about.filter(actor_id=user.pk)[:OWN_SHOWN])
    lines = lines_of(user, others + own)
    return lines[: len(others)], lines[len(others) :]
