"""The command `python -m kring.analysis`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kring.analysis", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_it_prints_indicators_and_traffic_light(tmp_path: Path) -> None:
    path = tmp_path / "network.json"
    path.write_text(json.dumps({"contacts": [{"id": 1, "ring": 1, "influence": 2}]}))
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["size"] == 1
    assert output["traffic_light"] == "orange"
    assert "few_supportive" in output["traffic_light_reasons"]


def test_it_reads_standard_input() -> None:
    result = run("-", stdin='{"contacts": []}')
    assert result.returncode == 0
    assert json.loads(result.stdout)["size"] == 0


def test_it_reports_an_invalid_network(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"contacts": [{"id": 1, "ring": 7}]}')
    result = run(str(path))
    assert result.returncode == 2
    assert result.stderr == "error: contacts[0] (id 1): ring must be 0-4, got 7\n"


def test_it_reports_invalid_json() -> None:
    result = run("-", stdin="{nope")
    assert result.returncode == 2
    assert result.stderr.startswith("error: - is not valid JSON")
    assert "Traceback" not in result.stderr


def test_it_reports_a_missing_file(tmp_path: Path) -> None:
    result = run(str(tmp_path / "absent.json"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot read")


def test_it_explains_itself() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "standard input" in result.stdout
