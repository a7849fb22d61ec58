"""verify_audit_log: checks the hash chain and names the first changed or missing entry."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kring.core.audit import log_access
from kring.core.models import AccessLogEntry, Action, ChainHead
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TABLE = AccessLogEntry._meta.db_table


def entries(count: int) -> list[AccessLogEntry]:
    actor = make_user()
    return [log_access(actor=actor, subject_id=actor.pk, action=Action.VIEW) for _ in range(count)]


def raw(sql: str, params: list[str | int]) -> None:
    # Below the application, as someone with database access would: the model refuses both.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def test_it_says_an_intact_log_is_intact() -> None:
    entries(3)
    assert "intact: 3 entries checked" in verify()


def test_it_says_an_empty_log_is_intact() -> None:
    assert "intact: 0 entries" in verify()


def test_it_names_a_changed_entry() -> None:
    made = entries(4)
    raw(f"UPDATE {TABLE} SET result = %s WHERE id = %s", ["denied", made[2].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"entry {made[2].pk} was changed"):
        verify()


def test_it_names_where_an_entry_is_missing() -> None:
    made = entries(4)
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [made[1].pk])  # noqa: S608
    with pytest.raises(
        CommandError, match=f"missing between entry {made[0].pk} and entry {made[2].pk}"
    ):
        verify()


def test_it_finds_entries_removed_from_the_end() -> None:
    made = entries(3)
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [made[2].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"entries after entry {made[1].pk} are missing"):
        verify()


def test_it_finds_a_first_entry_removed() -> None:
    made = entries(2)
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [made[0].pk])  # noqa: S608
    with pytest.raises(CommandError, match="between the start of the log and entry"):
        verify()


def test_it_finds_a_rewritten_entry_with_a_recomputed_hash() -> None:
    made = entries(3)
    forged = AccessLogEntry.objects.get(pk=made[1].pk)
    forged.result = "denied"
    raw(
        f"UPDATE {TABLE} SET result = %s, entry_hash = %s WHERE id = %s",  # noqa: S608
        ["denied", forged.compute_hash(), made[1].pk],
    )
    with pytest.raises(CommandError, match=f"and entry {made[2].pk}"):
        verify()
    assert ChainHead.objects.get().last_hash == made[2].entry_hash
