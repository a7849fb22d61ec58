"""Import a contact file into a job seeker's network from the command line (operators)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from kring.accounts.models import Role, User, normalise_email
from kring.core.audit import log_access
from kring.core.models import Action
from kring.exchange import imports
from kring.exchange.messages import ImportRefused
from kring.exchange.parsers import MAX_BYTES
from kring.network import services as network


class DryRun(Exception):
    """Raised inside the transaction to roll back a --dry-run."""


class Command(BaseCommand):
    help = (
        "Import contacts from a vCard or CSV file into a job seeker's network and print a JSON "
        "summary. All or nothing; likely duplicates are skipped and reported; importing the "
        "same file again adds nothing. Exits 1 on an unreadable or refused file, or one with "
        "more new people than the network has room for (at most 1000 people)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="e-mail address of the job seeker")
        parser.add_argument("file", help="the contact file (.vcf or .csv, at most 5 MB)")
        parser.add_argument(
            "--format",
            default="auto",
            choices=imports.IMPORT_FORMATS,
            help="the kind of file; auto (the default) recognises it",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be added without storing anything",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            summary = self._import(options)
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))

    def _import(self, options: dict[str, Any]) -> dict[str, Any]:
        email = normalise_email(str(options["user"]))
        jobseeker = (
            User.objects.with_email(email).filter(role=Role.JOBSEEKER, is_active=True).first()
        )
        if jobseeker is None:
            raise CommandError(f"no active job seeker with e-mail address {email}")
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise CommandError(
                    f"{path}: the file is {size / 2**20:.1f} MB; the limit is "
                    f"{MAX_BYTES // 2**20} MB"
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None
        try:
            with transaction.atomic():
                summary = self._preview_and_confirm(jobseeker, data, options, path.name)
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            summary["dry_run"] = True
            return summary
        except ImportRefused as refused:
            raise CommandError(f"{path}: {refused.message}") from None
        except ValidationError as problem:
            raise CommandError(f"{path}: {' '.join(problem.messages)}") from None
        log_access(actor=None, subject_id=jobseeker.pk, action=Action.CHANGE, object_type="import")
        summary["dry_run"] = False
        return summary

    def _preview_and_confirm(
        self, jobseeker: User, data: bytes, options: dict[str, Any], filename: str
    ) -> dict[str, Any]:
        preview = imports.import_preview(
            actor=jobseeker,
            jobseeker=jobseeker,
            data=data,
            format=options["format"],
            filename=filename,
        )
        rows = preview.data["rows"]
        # The web preview lets a person choose whom to bring in; the command cannot ask, so a
        # file with more new people than the network has room for is refused whole.
        new_people = sum(1 for row in rows if row["status"] == "new")
        room = preview.data["room"]
        if new_people > room:
            raise ImportRefused(
                f"the file has {new_people} new people, but the network has room for {room} "
                f"more (a network holds at most {network.rules.MAX_CONTACTS} people); nothing was "
                "imported. Split the file, or choose whom to bring in on the import page."
            )
        duplicates = [
            {
                "line": row["line"],
                "label": row["label"],
                "looks_like": [match["label"] for match in row["matches"]],
            }
            for row in rows
            if row["status"] == "duplicate"
        ]
        outcome = imports.import_confirm(
            actor=jobseeker, jobseeker=jobseeker, preview_id=preview.pk, decisions={}
        )
        return {
            "format": preview.data["format"],
            "encoding": preview.data["encoding"],
            "found": preview.data["found"],
            "added": len(outcome.added),
            "added_labels": [row["label"] for row in rows if row["status"] == "new"],
            "already_imported": outcome.already_imported,
            "duplicates": duplicates,
            "skipped": imports.shown_skipped(preview),
            "dropped_fields": imports.shown_dropped(preview),
        }
