"""The one loader for untrusted JSON: nesting depth is bounded before parsing."""

from __future__ import annotations

import json
import time

import pytest

from kring.core.safejson import MAX_JSON_DEPTH, JSONTooDeep, loads, nesting_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("123", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "{{{{"]', 1),
        (r'["\"[[[[\""]', 1),
        (r'["\\", [[]]]', 3),
        ('"[[[[ never closed', 0),
    ],
)
def test_it_measures_nesting_outside_strings(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_it_reads_json_up_to_the_limit_and_refuses_deeper() -> None:
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert loads(at_limit) == json.loads(at_limit)
    assert loads(at_limit.encode()) == json.loads(at_limit)
    with pytest.raises(JSONTooDeep):
        loads("[" + at_limit + "]")
    with pytest.raises(JSONTooDeep):
        loads(b"[" * 200_000 + b"]" * 200_000)


def test_it_refuses_broken_json_as_a_value_error() -> None:
    with pytest.raises(ValueError):
        loads("{")
    with pytest.raises(ValueError):
        loads(b"\xff")


def test_it_scans_hostile_strings_in_linear_time() -> None:
    # Escaped quotes without a closing quote: a backtracking pattern would take hours.
    hostile = '"' + '\\"' * 2_000_000 + "\\"
    started = time.perf_counter()
    assert nesting_depth(hostile) == 0
    assert time.perf_counter() - started < 2
