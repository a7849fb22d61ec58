"""Daily digest of due follow-ups: safe to run every minute and twice at the same time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kring.plan.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Make today's reminder digest (in the app, and by e-mail for who chose it) once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day as YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Give the date as YYYY-MM-DD.") from error
        digests, emails = send_due_reminders(day=day)
        self.stdout.write(f"{digests} digests made, {emails} e-mails sent for {day.isoformat()}.")
