"""ARCHITECTURE.md, tested: the apps form layers and nothing imports up the list."""

from __future__ import annotations

import ast
from pathlib import Path

KRING = Path(__file__).resolve().parents[1] / "kring"

# Lower numbers sit lower. Apps on one level may not import each other either: they are
# siblings that share only what lies below them.
LAYERS: dict[str, int] = {
    "analysis": 0,  # Django-free: imports no other part of Kring
    "core": 1,  # access log, generic middleware
    "accounts": 2,  # users, grants, two-step login
    "network": 3,
    "insights": 4,
    "offers": 4,  # the organisation's local offers (sociale kaart) and referrals
    "plan": 5,  # suggestions read the offers; asks and outcomes
    "meetings": 6,  # the network meeting plans asks and reminds through the plan
    "coaching": 7,  # caseload, notes: read the plan and the meetings
    "exchange": 8,  # exports and restores everything below
    "api": 9,
    "bench": 10,  # benchmarks build data through every layer, and nothing imports them
}

# (importing app, imported app, module): why this arrow may point up. Keep it empty if you can.
EXCEPTIONS: dict[tuple[str, str, str], str] = {}


def imported_apps(path: Path) -> set[str]:
    """Return the Kring apps a module imports, wherever in the module the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "kring":
                names = [f"kring.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "kring" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
    return found


def upward_imports() -> list[tuple[str, str, str]]:
    arrows = []
    for app, level in LAYERS.items():
        for path in sorted((KRING / app).rglob("*.py")):
            if "tests" in path.parts:
                continue  # tests stand above every layer, like tests/ (analysis borrows bench data)
            module = str(path.relative_to(KRING.parent))
            for target in imported_apps(path):
                if target != app and LAYERS[target] >= level:
                    arrows.append((app, target, module))
    return arrows


def test_it_places_every_app_in_a_layer() -> None:
    apps = {path.parent.name for path in KRING.glob("*/__init__.py")}
    assert apps - set(LAYERS) == set()


def test_it_finds_no_import_up_the_layers() -> None:
    arrows = [arrow for arrow in upward_imports() if arrow not in EXCEPTIONS]
    assert arrows == []


def test_it_lists_only_exceptions_still_needed() -> None:
    assert set(EXCEPTIONS) <= set(upward_imports())


def test_it_would_catch_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from kring.network.views import network_map\n")
    assert imported_apps(module) == {"network"}
