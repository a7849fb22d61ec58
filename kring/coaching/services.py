"""Writing notes: a coach with an edit grant writes, only the author changes their own note."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.coaching.models import NOTE_TEXT_MAX, Note
from kring.core.errors import NotFound


def _checked_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    if len(text) > NOTE_TEXT_MAX:
        raise ValidationError(
            {
                "text": _("A note can have at most %(max)d characters. Yours has %(count)d.")
                % {"max": NOTE_TEXT_MAX, "count": len(text)}
            }
        )
    return text


def note_create(*, jobseeker: User, author: User, text: str) -> Note:
    """Return a new note by `author` about `jobseeker` (the caller checked the edit grant)."""
    return Note.objects.create(jobseeker=jobseeker, author=author, text=_checked_text(text))


@transaction.atomic
def note_edit(*, jobseeker: User, author: User, note_id: int, text: str) -> Note:
    """Return the note after `author` changed its text; raises NotFound for anyone else's note."""
    note = (
        Note.objects.select_for_update()
        .filter(pk=note_id, jobseeker=jobseeker, author=author)
        .first()
    )
    if note is None:
        raise NotFound
    checked = _checked_text(text)
    if checked != note.text:
        note.text = checked
        note.edited_at = timezone.now()
        note.save(update_fields=["text", "edited_at"])
    return note
