"""verify_audit_log: check the hash chain of the access log and name where it breaks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kring.core.audit import ChainBreak, check_chain


def describe(broken: ChainBreak) -> str:
    """Return one sentence that names the first changed or missing entry."""
    after = f"entry {broken.previous_id}" if broken.previous_id else "the start of the log"
    if broken.kind == "changed":
        return f"entry {broken.entry_id} was changed: its hash does not match its contents"
    if broken.kind == "missing":
        return (
            f"an entry is missing between {after} and entry {broken.entry_id} "
            f"(or {after} was rewritten together with its hash)"
        )
    return f"entries after {after} are missing: the chain head names a later entry"


class Command(BaseCommand):
    help = (
        "Check the hash chain of the access log from the first entry to the last. Prints the "
        "number of entries checked; when the chain is broken, names the first changed or "
        "missing entry and exits with status 1. Read-only; safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = check_chain()
        if report.broken is not None:
            raise CommandError(
                f"The access log is NOT intact: {describe(report.broken)}. "
                f"{report.checked} entries read."
            )
        self.stdout.write(f"The access log is intact: {report.checked} entries checked.")
