"""Every Dutch catalogue is complete: no empty or fuzzy translations, and placeholders match."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted((ROOT / "kring").rglob("locale/nl/LC_MESSAGES/django.po"))


def test_it_has_dutch_catalogues() -> None:
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_translates_every_string(po: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext (msgfmt) is needed: apt-get install gettext"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_it_has_a_dutch_translation_for_every_string_in_the_code(tmp_path: Path) -> None:
    """Re-collect the strings from a copy of the code: a new string without Dutch fails here."""
    import os
    import sys

    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "kring",
        copy / "kring",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests", "static"),
    )
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "PYTHONPATH": str(copy), "KRING_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    collected = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-location", "-v0"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr
    msgfmt = shutil.which("msgfmt")
    assert msgfmt
    for po in sorted(copy.rglob("locale/nl/LC_MESSAGES/django.po")):
        result = subprocess.run(
            [msgfmt, "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        where = po.relative_to(copy)
        assert "untranslated" not in result.stderr, f"{where}: {result.stderr} (run make messages)"
        assert "fuzzy" not in result.stderr, f"{where}: {result.stderr} (run make messages)"
