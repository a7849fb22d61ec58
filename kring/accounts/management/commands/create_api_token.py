from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kring.accounts.models import User
from kring.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Make a new API token for a user and print it. Only its hash is stored: "
        "the token cannot be shown again. Revoke tokens on the API keys page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mail address of the user")
        parser.add_argument("--name", default="command line", help="a name to recognise it by")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.with_email(options["email"]).filter(is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with e-mail address {options['email']}")
        _token, secret = api_token_create(user=user, name=options["name"])
        self.stdout.write(secret)
