"""The coaches' notes in the job seeker's "download all my data".

Notes are not restored: they are the coach's writing, and a restore file is the job seeker's
own, so notes in it could not be told apart from notes a coach never wrote (docs/coaching.md).
"""

from __future__ import annotations

from typing import Any

from kring.accounts.models import User
from kring.coaching.models import Note

NOTE_COLUMNS = ["id", "author", "text", "created_at", "edited_at"]


def notes_data(user: User) -> list[dict[str, Any]]:
    """Return every note about `user`, oldest first, as plain JSON data."""
    return [
        {
            "id": note.pk,
            "author": note.author.name if note.author else "",
            "text": note.text,
            "created_at": note.created_at.isoformat(),
            "edited_at": note.edited_at.isoformat() if note.edited_at else None,
        }
        for note in Note.objects.of(user.pk).select_related("author").order_by("created_at", "id")
    ]
