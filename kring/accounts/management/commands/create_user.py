from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.utils import translation

from kring.accounts.models import Role
from kring.accounts.services import account_setup_url, user_create


class Command(BaseCommand):
    help = (
        "Create an active account without a usable password and print the link where the "
        "person sets one. Creates the organisation if it does not exist yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mail address of the new account (its login)")
        parser.add_argument(
            "--role",
            required=True,
            choices=Role.values,
            help="jobseeker, coach or admin (organisation admin)",
        )
        parser.add_argument(
            "--organisation",
            default="",
            help="name of the organisation; required for coaches and admins; created if new",
        )
        parser.add_argument("--name", default="", help="first name shown in Kring")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(None):  # operators read English on the command line
            self.create(options)

    def create(self, options: dict[str, Any]) -> None:
        email = options["email"]
        try:
            validate_email(email)
            user = user_create(
                email=email,
                name=options["name"],
                role=options["role"],
                organisation_name=options["organisation"] or None,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Created {user.role} {user.email}")
        self.stdout.write(f"Set a password here (valid for 7 days): {account_setup_url(user)}")
