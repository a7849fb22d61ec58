from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts.models import AccessGrant, Organisation, Role, Scope, User

DEMO_PASSWORD = "kring-demo-2026"  # noqa: S105 - printed on purpose; refused in production
DEMO_ORGANISATION = "Gemeente Demostad"
DEMO_PEOPLE = [
    ("admin@demo.kring.test", "Anouk", Role.ADMIN),
    ("coach1@demo.kring.test", "Mehmet", Role.COACH),
    ("coach2@demo.kring.test", "Ingrid", Role.COACH),
    ("sanne@demo.kring.test", "Sanne", Role.JOBSEEKER),
    ("karim@demo.kring.test", "Karim", Role.JOBSEEKER),
    ("joke@demo.kring.test", "Joke", Role.JOBSEEKER),
]
# (job seeker, coach, scope)
DEMO_GRANTS = [
    ("sanne@demo.kring.test", "coach1@demo.kring.test", Scope.EDIT),
    ("karim@demo.kring.test", "coach1@demo.kring.test", Scope.VIEW),
    ("joke@demo.kring.test", "coach2@demo.kring.test", Scope.EDIT),
]


class Command(BaseCommand):
    help = (
        "Load the demo organisation (one admin, two coaches, three job seekers with access "
        "grants) unless it is there already. Safe to run again. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="do not print the demo logins")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo is for trials and development, not production")
        organisation, _created = Organisation.objects.get_or_create(name=DEMO_ORGANISATION)
        users = {}
        for email, name, role in DEMO_PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, name=name, role=role, organisation=organisation
                )
            users[email] = user
        for jobseeker, coach, scope in DEMO_GRANTS:
            if not AccessGrant.objects.filter(
                jobseeker=users[jobseeker], coach=users[coach], revoked_at__isnull=True
            ).exists():
                AccessGrant.objects.create(
                    jobseeker=users[jobseeker],
                    coach=users[coach],
                    organisation=organisation,
                    scope=scope,
                )
        for user in users.values():
            if user.is_professional and not TOTPDevice.objects.filter(user=user).exists():
                # Staff sign in with two steps; `demo_code EMAIL` shows their current code.
                TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
        self.seed_extras(users)
        if not options["quiet"]:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, name, role in DEMO_PEOPLE:
                self.stdout.write(f"  {role.label:<20} {name:<8} {email}")
            self.stdout.write(
                "Coaches and the admin also need a code (two-step login). Get the current one with:"
                "\n  .venv/bin/python manage.py demo_code coach1@demo.kring.test"
            )

    def seed_extras(self, users: dict[str, User]) -> None:
        """Hook for later steps (networks, plans) to add their demo data idempotently."""
        from kring.network.demo import seed_networks

        seed_networks(users)
