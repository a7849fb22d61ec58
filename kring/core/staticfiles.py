"""Serve the few files Kring uses from npm packages as its own static files.

The packages come from package-lock.json into node_modules/ (`npm ci`, run by `make setup`),
which is not committed. This finder offers only the files named in settings.NPM_STATIC_FILES,
each under a static prefix: ("htmx", "htmx.org/dist/htmx.min.js") is /static/htmx/htmx.min.js.
whitenoise serves them, and collectstatic copies them, like any other static file; no asset
comes from another origin.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


class NpmFinder(BaseFinder):
    """Find the files of settings.NPM_STATIC_FILES in settings.NPM_ROOT (node_modules/)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root = Path(settings.NPM_ROOT)
        # Static path (prefix/name) -> the file in node_modules.
        self.files: dict[str, Path] = {
            f"{prefix}/{Path(name).name}": root / name for prefix, name in settings.NPM_STATIC_FILES
        }

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            Error(
                f"{path} is missing.",
                hint="Run `npm ci` (make setup does) before collectstatic or the server.",
                id="kring.E001",
            )
            for path in self.files.values()
            if not path.is_file()
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found = self.files.get(path)
        matches = [str(found)] if found is not None and found.is_file() else []
        # As Django's finders do: the first path, or a list (empty when nothing is found).
        return matches[0] if matches and not find_all else matches

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for static_path, path in self.files.items():
            if path.is_file():
                storage = FileSystemStorage(location=path.parent)
                storage.prefix = static_path.rsplit("/", 1)[0]  # type: ignore[attr-defined]
                yield path.name, storage
