"""A throwaway database for the benchmarks that write: made, migrated and dropped again."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def throwaway_database(*, sqlite_file: bool = True) -> Iterator[str]:
    """Set up Django and a fresh test database; yield its vendor ("sqlite", "postgresql").

    With `sqlite_file`, SQLite runs on a file (WAL mode, busy timeout), as in production and
    as a reader in another process needs, not on the test runner's in-memory database.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    settings_dict = connections["default"].settings_dict
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as folder:
        if sqlite_file and settings_dict["ENGINE"] == "django.db.backends.sqlite3":
            settings_dict.setdefault("TEST", {})["NAME"] = str(Path(folder) / "bench.sqlite3")
        setup_test_environment(debug=False)
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            yield connections["default"].vendor
        finally:
            connections.close_all()
            teardown_databases(old_config, verbosity=0)
            teardown_test_environment()
