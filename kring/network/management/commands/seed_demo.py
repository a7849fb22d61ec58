"""seed_demo lives in the network app: the demo has people (accounts) and their networks."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kring.accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_people
from kring.network.demo import seed_networks


class Command(BaseCommand):
    help = (
        "Load the demo organisation (one admin, two coaches, three job seekers with access "
        "grants and networks) unless it is there already. Safe to run again. Refused in "
        "production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="do not print the demo logins")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo is for trials and development, not production")
        users = seed_people()
        seed_networks(users)
        # Apps above the network (offers, meetings, ...) add their demo data through their
        # AppConfig's `seed_demo(users)`: the network may not import them (tests/test_layers.py).
        for config in apps.get_app_configs():
            seed = getattr(config, "seed_demo", None)
            if callable(seed):
                seed(users)
        if not options["quiet"]:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for email, name, role in DEMO_PEOPLE:
                self.stdout.write(f"  {role.label:<20} {name:<8} {email}")
            self.stdout.write(
                "Coaches and the admin also need a code (two-step login). Get the current one with:"
                "\n  .venv/bin/python manage.py demo_code coach1@demo.kring.test"
            )
