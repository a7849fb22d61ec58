"""The operators' commands: import_contacts and export_user."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kring.accounts.models import User
from kring.core.models import AccessLogEntry, Action
from kring.exchange.models import ImportPreview
from kring.network.models import Contact
from tests.exchange.helpers import VCARD
from tests.network.helpers import make_contact

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import_contacts", *args, stdout=out)
    summary: dict[str, Any] = json.loads(out.getvalue())
    return summary


def test_it_imports_a_file_and_prints_a_summary(jobseeker: User, tmp_path: Path) -> None:
    make_contact(jobseeker, "Sanne")
    path = tmp_path / "c.vcf"
    path.write_bytes(VCARD)
    summary = run("--user", jobseeker.email, str(path))
    assert summary["format"] == "vcard"
    assert summary["found"] == 3 and summary["added"] == 2
    assert summary["duplicates"] == [{"line": 1, "label": "Sanne B.", "looks_like": ["Sanne"]}]
    assert summary["dry_run"] is False
    assert Contact.objects.filter(owner=jobseeker).count() == 3
    assert AccessLogEntry.objects.filter(subject_id=jobseeker.pk, action=Action.CHANGE).exists()
    again = run("--user", jobseeker.email, str(path))
    assert again["added"] == 0 and again["already_imported"] == 2


def test_it_stores_nothing_on_a_dry_run(jobseeker: User, tmp_path: Path) -> None:
    path = tmp_path / "c.vcf"
    path.write_bytes(VCARD)
    summary = run("--user", jobseeker.email, str(path), "--dry-run")
    assert summary["added"] == 3 and summary["dry_run"] is True
    assert summary["added_labels"] == ["Sanne B.", "Mo J.", "Ilse V."]
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_it_reports_skipped_records_with_lines(jobseeker: User, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("label,quadrant,ring\nMama,family,1\nX,familie,2\n")
    summary = run("--user", jobseeker.email, "--format", "kring", str(path))
    assert summary["added"] == 1
    assert summary["skipped"][0]["line"] == 3
    assert "familie" in summary["skipped"][0]["reason"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00", "PNG"),
        (b"x" * (6 * 1024 * 1024), "6.0 MB"),
    ],
)
def test_it_fails_on_a_refused_file(
    jobseeker: User, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("--user", jobseeker.email, str(path))
    assert not Contact.objects.filter(owner=jobseeker).exists()


def test_it_fails_on_a_missing_file_or_user(jobseeker: User, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run("--user", jobseeker.email, str(tmp_path / "missing.vcf"))
    with pytest.raises(CommandError, match="no active job seeker"):
        run("--user", "nobody@example.org", str(tmp_path / "missing.vcf"))


def test_it_exits_non_zero_from_the_shell(jobseeker: User, tmp_path: Path) -> None:
    from django.core.management import execute_from_command_line

    path = tmp_path / "c.csv"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(
            ["manage.py", "import_contacts", "--user", jobseeker.email, str(path)]
        )
    assert exit_info.value.code == 1


def test_it_exports_a_user_to_a_zip(jobseeker: User, tmp_path: Path) -> None:
    make_contact(jobseeker, "Anna")
    out = tmp_path / "out.zip"
    call_command("export_user", jobseeker.email, str(out), stdout=io.StringIO())
    data = json.loads(zipfile.ZipFile(out).read("kring-export.json"))
    assert data["contacts"][0]["label"] == "Anna"
    assert AccessLogEntry.objects.filter(subject_id=jobseeker.pk, action=Action.EXPORT).exists()
    with pytest.raises(CommandError, match="exists"):
        call_command("export_user", jobseeker.email, str(out), stdout=io.StringIO())


def test_it_refuses_a_file_with_more_new_people_than_the_room(
    jobseeker: User, tmp_path: Path
) -> None:
    from tests.exchange.helpers import linkedin_csv

    make_contact(jobseeker, "Zeynep")
    path = tmp_path / "Connections.csv"
    path.write_bytes(linkedin_csv(1000))
    with pytest.raises(CommandError) as refused:
        run("--user", jobseeker.email, str(path))
    assert str(refused.value) == (
        f"{path}: the file has 1000 new people, but the network has room for 999 more (a "
        "network holds at most 1000 people); nothing was imported. Split the file, or choose "
        "whom to bring in on the import page."
    )
    assert Contact.objects.filter(owner=jobseeker).count() == 1
    assert not ImportPreview.objects.exists()
