from __future__ import annotations

import pytest

from kring.core.audit import log_access, verify_chain
from kring.core.models import AccessLogEntry, Action, AppendOnlyError
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_chains_entries_and_detects_tampering() -> None:
    actor = make_user()
    first = log_access(actor=actor, subject_id=actor.pk, action=Action.VIEW)
    second = log_access(actor=actor, subject_id=actor.pk, action=Action.CHANGE)
    assert second.previous_hash == first.entry_hash
    assert verify_chain() is None
    # Tamper below the application (a raw SQL update), as an attacker with DB access would.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AccessLogEntry._meta.db_table} SET action = %s WHERE id = %s",  # noqa: S608
            [Action.EXPORT, first.pk],
        )
    assert verify_chain() == first.pk


def test_it_refuses_to_change_or_delete_entries() -> None:
    actor = make_user()
    entry = log_access(actor=actor, subject_id=actor.pk, action=Action.VIEW)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(action=Action.EXPORT)


def test_the_head_follows_every_entry_once_it_exists() -> None:
    from kring.core.models import ChainHead

    actor = make_user()
    entries = [log_access(actor=actor, subject_id=actor.pk, action=Action.VIEW) for _ in range(4)]
    assert [entry.previous_hash for entry in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert ChainHead.objects.get().last_hash == entries[-1].entry_hash
    assert verify_chain() is None


def test_it_appends_many_entries_at_once_as_one_chain() -> None:
    from kring.core.audit import log_accesses
    from kring.core.models import ChainHead

    actor = make_user()
    before = log_access(actor=actor, subject_id=actor.pk, action=Action.VIEW)
    batch = log_accesses(
        actor=actor,
        targets=[(actor.pk, "a"), (None, 7), (actor.pk, "")],
        action=Action.VIEW,
        object_type="caseload",
    )
    after = log_access(actor=actor, subject_id=actor.pk, action=Action.VIEW)
    stored = list(AccessLogEntry.objects.order_by("id"))
    assert [entry.pk for entry in stored] == [before.pk, *[e.pk for e in batch], after.pk]
    assert [(e.subject_id, e.object_id) for e in stored[1:4]] == [
        (actor.pk, "a"),
        (None, "7"),
        (actor.pk, ""),
    ]
    assert [e.previous_hash for e in stored[1:]] == [e.entry_hash for e in stored[:-1]]
    assert ChainHead.objects.get().last_hash == after.entry_hash
    assert verify_chain() is None
    assert log_accesses(actor=actor, targets=[], action=Action.VIEW) == []
    assert AccessLogEntry.objects.count() == 5


def test_it_finds_a_changed_entry_inside_a_batch() -> None:
    from django.db import connection

    from kring.core.audit import log_accesses

    actor = make_user()
    batch = log_accesses(actor=actor, targets=[(actor.pk, n) for n in range(3)], action=Action.VIEW)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AccessLogEntry._meta.db_table} SET object_id = %s WHERE id = %s",  # noqa: S608
            ["9", batch[1].pk],
        )
    assert verify_chain() == batch[1].pk
