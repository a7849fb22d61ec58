from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "kring.meetings"
    label = "meetings"
    verbose_name = _("Network meetings")

    def ready(self) -> None:
        # The plan's daily digest may not import this app: it reads a registered source.
        from kring.meetings.reminders import MeetingReminders
        from kring.plan.reminders import register_due_source

        register_due_source("meetings", MeetingReminders())

    def seed_demo(self, users: dict[str, Any]) -> None:
        """Give the demo job seeker Sanne a planned network meeting (called by seed_demo)."""
        from kring.meetings.demo import seed_meetings

        seed_meetings(users)
