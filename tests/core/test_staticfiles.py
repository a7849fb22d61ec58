"""npm files Kring serves as its own static files (kring/core/staticfiles.py)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

from kring.core.staticfiles import NpmFinder


def test_it_finds_htmx_from_node_modules_under_its_static_name() -> None:
    found = finders.find("htmx/htmx.min.js")
    assert found and Path(found).read_text().startswith("var htmx=")
    assert not finders.find("htmx/htmx.js")  # only the file Kring names


def test_it_collects_htmx_for_production(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "htmx" / "htmx.min.js").is_file()
    assert (tmp_path / "network" / "map.js").is_file()


def test_it_says_to_run_npm_ci_when_htmx_is_missing(tmp_path: Path) -> None:
    with override_settings(NPM_ROOT=tmp_path):
        errors = NpmFinder().check()
    assert [error.id for error in errors] == ["kring.E001"]
    assert "npm ci" in (errors[0].hint or "")
