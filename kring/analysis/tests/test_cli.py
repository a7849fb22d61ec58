"""The command `python -m kring.analysis`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kring.analysis.__main__ import main

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
    # The one end-to-end run through `python -m`; the other cases call main() in-process.
    path = tmp_path / "network.json"
    path.write_text(json.dumps({"contacts": [{"id": 1, "ring": 1, "influence": 2}]}))
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["size"] == 1
    assert output["traffic_light"] == "orange"
    assert "few_supportive" in output["traffic_light_reasons"]


def test_it_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"contacts": []}'))
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["size"] == 0


def test_it_reports_an_invalid_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"contacts": [{"id": 1, "ring": 7}]}')
    assert main([str(path)]) == 2
    assert capsys.readouterr().err == "error: contacts[0] (id 1): ring must be 0-4, got 7\n"


def test_it_reports_invalid_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{nope"))
    assert main(["-"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: - is not valid JSON")
    assert "Traceback" not in error


def test_it_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.json")]) == 2
    assert capsys.readouterr().err.startswith("error: cannot read")


def test_it_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "standard input" in capsys.readouterr().out
