"""docs/operations.md lists every environment variable settings.py reads, and no other."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "kring" / "settings.py"
OPERATIONS = ROOT / "docs" / "operations.md"


def _reads_environ(node: ast.AST) -> bool:
    """Return whether `node` is `os.environ.get`, `os.getenv` or `os.environ` itself."""
    text = ast.unparse(node)
    return text in {"os.environ.get", "os.getenv", "os.environ"}


def variables_read(source: str) -> set[str]:
    """Return the names of the environment variables the settings module reads.

    A read is `os.environ.get(...)`, `os.getenv(...)`, `os.environ[...]` or a call of a helper
    defined in the module that reads the environment itself (`env_bool`, `env_list`). Only a
    helper's own body may pass a name that is not a literal; anywhere else that is refused,
    because this test could not check it.
    """
    tree = ast.parse(source)
    helpers = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(_reads_environ(inner) for inner in ast.walk(node))
    }
    inside_helpers = {id(inner) for helper in helpers.values() for inner in ast.walk(helper)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (
            _reads_environ(node.func)
            or (isinstance(node.func, ast.Name) and node.func.id in helpers)
        ):
            argument = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and _reads_environ(node.value):
            argument = node.slice
        else:
            continue
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            names.add(argument.value)
        else:
            assert id(node) in inside_helpers, (
                f"settings.py line {node.lineno} reads a variable whose name is not a literal"
            )
    return names


def variables_documented(markdown: str) -> set[str]:
    """Return the names in the first column of the 'All environment variables' table."""
    section = markdown.split("## All environment variables", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def test_it_finds_every_kind_of_read() -> None:
    source = (
        "import os\n"
        "def env_flag(name):\n    return os.environ.get(name)\n"
        "A = os.environ.get('A', '')\nB = os.environ['B']\nC = os.getenv('C')\n"
        "D = env_flag('D')\n"
    )
    assert variables_read(source) == {"A", "B", "C", "D"}


def test_it_refuses_a_name_it_cannot_read() -> None:
    with pytest.raises(AssertionError, match="not a literal"):
        variables_read("import os\nname = 'X'\nX = os.environ.get(name)\n")


def test_it_documents_every_environment_variable_settings_reads() -> None:
    read = variables_read(SETTINGS.read_text(encoding="utf-8"))
    documented = variables_documented(OPERATIONS.read_text(encoding="utf-8"))
    # The parser must see the settings it is meant to guard.
    assert {"SECRET_KEY", "DATABASE_URL", "KRING_STAFF_MFA"} <= read
    assert read - documented == set(), "add these to docs/operations.md"
    assert documented - read == set(), "docs/operations.md lists variables Kring does not read"
