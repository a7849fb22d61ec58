"""Write the "download all my data" zip of one user to a file (operators)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kring.accounts.models import User, normalise_email
from kring.core.audit import log_access
from kring.core.models import Action
from kring.exchange.exports import export_zip


class Command(BaseCommand):
    help = (
        "Write everything Kring holds about a user (the same zip as the 'Download all my "
        "data' button: kring-export.json plus CSV files) to OUT.zip. The export is logged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mail address of the user")
        parser.add_argument("out", help="the zip file to write; an existing file is refused")
        parser.add_argument(
            "--force", action="store_true", help="overwrite OUT when it already exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = normalise_email(str(options["email"]))
        user = User.objects.with_email(email).first()
        if user is None:
            raise CommandError(f"no user with e-mail address {email}")
        out = Path(options["out"])
        if out.exists() and not options["force"]:
            raise CommandError(f"{out} exists; choose another name or add --force")
        content = export_zip(user)
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"{out}: cannot write ({error.strerror})") from None
        log_access(actor=None, subject_id=user.pk, action=Action.EXPORT, object_type="all_data")
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes)")
