"""The set-up installs missing Debian packages as root, and otherwise names the exact command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "system-packages.sh"


def _stub(folder: Path, name: str, body: str = "exit 0") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _machine(tmp_path: Path, *, uid: int, programs: list[str]) -> dict[str, str]:
    """Return an environment whose PATH has only `programs` (as stubs) and a fake `id`."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for real in ("grep", "sh"):
        os.symlink(shutil.which(real) or f"/bin/{real}", folder / real)
    _stub(folder, "id", f"echo {uid}")
    _stub(folder, "fc-list", "echo '/usr/share/fonts/DejaVuSans.ttf: DejaVu Sans'")
    _stub(folder, "apt-get", f'echo "$@" >> {tmp_path / "apt.log"}')
    for program in programs:
        _stub(folder, program)
    return {"PATH": str(folder), "PYTHON": sys.executable}


def _run(env: dict[str, str], mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", str(SCRIPT), mode], env=env, capture_output=True, text=True, check=False
    )


def test_it_names_the_exact_command_when_not_root(tmp_path: Path) -> None:
    env = _machine(tmp_path, uid=1000, programs=["msgfmt", "npm"])
    result = _run(env, "test")
    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_it_installs_what_is_missing_as_root(tmp_path: Path) -> None:
    env = _machine(tmp_path, uid=0, programs=["npm"])
    result = _run(env, "test")
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "apt.log").read_text()
    assert "install" in log
    assert "gettext" in log
    assert "chromium" in log


def test_it_asks_nothing_for_running_when_only_the_browser_is_missing(tmp_path: Path) -> None:
    env = _machine(tmp_path, uid=1000, programs=["msgfmt", "npm"])
    result = _run(env, "run")
    assert result.returncode == 0, result.stderr


def test_it_needs_no_compiler(tmp_path: Path) -> None:
    # A municipality's IT installs Kring without a C compiler or the Python headers.
    env = _machine(tmp_path, uid=1000, programs=["msgfmt", "npm", "chromium"])
    result = _run(env, "test")
    assert result.returncode == 0, result.stderr
    assert "gcc" not in result.stderr
    assert "python3-dev" not in result.stderr
