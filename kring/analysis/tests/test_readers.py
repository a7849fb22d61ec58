"""The compiled reader (_reader.c) and the pure-Python reader must agree on everything."""

from __future__ import annotations

import copy
import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kring.analysis import Network, NetworkError, analyse_many_dicts, engine, schema
from kring.bench.analysis import make_network

from .factories import contact, network, networks

AS_OF = date(2024, 6, 1)


def python_results(datas: list[Any]) -> list[Any]:
    saved = engine._compiled_reader
    engine._compiled_reader = None
    try:
        return analyse_many_dicts(datas, as_of=AS_OF)
    finally:
        engine._compiled_reader = saved


def compiled_accepts(data: Any) -> bool:
    try:
        engine._read_compiled([data])
    except engine._Invalid:
        return False
    return True


def validator_accepts(data: Any) -> bool:
    try:
        Network.from_dict(data)
    except NetworkError:
        return False
    return True


def test_the_compiled_reader_is_built() -> None:
    # `make setup` builds it; without it Kring works, but misses its speed target.
    assert engine._compiled_reader is not None


@settings(max_examples=80, deadline=None)
@given(st.lists(networks(max_contacts=30), max_size=5))
def test_both_readers_give_the_same_indicators(datas: list[dict[str, Any]]) -> None:
    assert analyse_many_dicts(datas, as_of=AS_OF) == python_results(datas)


def test_both_readers_agree_on_the_benchmark_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_CHUNK", 9)  # several chunks, some networks empty
    rng = random.Random(11)
    datas = [make_network(rng, rng.choice([0, 1, 5, 60]), 200) for _ in range(40)]
    assert analyse_many_dicts(datas, as_of=AS_OF) == python_results(datas)


def full_network() -> dict[str, Any]:
    """Give back a valid network that uses every field, with text ids and big integer ids."""
    first = contact(
        1,
        ring=2,
        label="Anna",
        quadrant="family",
        role="parent",
        functions=["advice", "advice", "emotional"],
        potential_functions=["reference"],
        influence=-2,
        normalises_unemployment="unknown",
        knows_searching="yes",
        approachable="maybe",
        employment="employed",
        sector="",
        occupation="baker",
        in_target_sector=False,
        can_introduce=True,
        can_hire=None,
        contact_frequency="weekly",
        last_contact="2024-02-29",
        is_new=True,
        introduced_by="b",
        note="met at the club",
        ally=True,
        added_on="2024-05-20",
    )
    second = contact("b", ring=4, role="job_coach", sector="Q", employment="benefits")
    third = contact(2**70, ring=0, influence=2, is_new=False)
    fourth = contact(4, ring=3, functions=[], introduced_by=2**70)
    return network([first, second, third, fourth], [[1, "b"], ["b", 2**70, 2], [4, 1, 1]])


_TRICKY: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    2,
    -3,
    5,
    256,
    -(2**70),
    2**70,
    1.0,
    float("nan"),
    "",
    "unknown",
    "yes",
    "maybe",
    "family",
    "advice",
    "Q",
    "b",
    "2024-02-29",
    "2023-02-29",
    "20240229",
    "x",
    [],
    ["advice"],
    ["advice", 3],
    ["nope"],
    ["advice", None],
    {},
    {"id": 1},
    [1, "b"],
)


def mutate(data: dict[str, Any], rng: random.Random) -> None:
    """Change one thing in a network, which may or may not leave it valid."""
    contacts, ties = data.get("contacts"), data.get("ties")
    if type(contacts) is not list or type(ties) is not list:
        return  # the structure is already broken
    where = rng.random()
    if where < 0.6 and contacts:
        target = rng.choice(contacts)
        name = rng.choice([*schema.FIELDS, "surname"])
        if rng.random() < 0.1:
            target.pop(name, None)
        else:
            target[name] = rng.choice(_TRICKY)
    elif where < 0.85:
        ends = [c.get("id") for c in contacts] + [99, "99", True, 1.0, None]
        tie: Any = [rng.choice(ends) for _ in range(rng.choice([0, 1, 2, 2, 2, 3, 4]))]
        if len(tie) == 3:
            tie[2] = rng.choice([1, 2, 0, 3, True, 2.0, None, "1"])
        if rng.random() < 0.1:
            tie = rng.choice(_TRICKY)
        ties.insert(rng.randint(0, len(ties)), tie)
    elif where < 0.92 and contacts:
        contacts.append(copy.deepcopy(rng.choice(contacts)))  # a duplicate id
    else:
        broken: list[tuple[str, Any]] = [
            ("ties", None),
            ("ties", ()),
            ("contacts", None),
            ("extra", []),
            ("contacts", {}),
        ]
        key, value = rng.choice(broken)
        data[key] = value
        if key == "contacts" and rng.random() < 0.5:
            del data["contacts"]


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_both_readers_agree_on_what_is_valid(seed: int, changes: int) -> None:
    rng = random.Random(seed)
    data = full_network()
    for _ in range(changes):
        mutate(data, rng)
    accepted = validator_accepts(data)
    assert compiled_accepts(data) == accepted, data
    if accepted:
        assert analyse_many_dicts([data], as_of=AS_OF) == python_results([data])
    else:
        with pytest.raises(NetworkError):
            analyse_many_dicts([data], as_of=AS_OF)


def test_the_full_network_is_valid_and_both_readers_read_it_alike() -> None:
    data = full_network()
    assert validator_accepts(data)
    assert compiled_accepts(data)
    assert analyse_many_dicts([data], as_of=AS_OF) == python_results([data])


@pytest.mark.parametrize(
    "data",
    [
        [],
        "network",
        {"ties": []},
        {"contacts": [], "ties": None},
        {"contacts": (), "ties": []},
        {"contacts": [], "ties": [], "more": 1},
        network([contact(1), contact(1)]),
        network([contact(1), {"id": 1.0, "ring": 1}]),
        network([contact(True)]),
        network([{"ring": 1}]),
        network([{"id": 1}]),
        network([contact(1, introduced_by=2)]),
        network([contact(1), contact(2)], [[1, 2], [2, 1]]),
        network([contact(1), contact(2)], [[1, 1]]),
        network([contact(1), contact(2)], [[1, "2"]]),
        network([contact(1), contact(2)], [[1, 2, 2.0]]),
        {"contacts": [contact(1), contact(2)], "ties": [(1, 2)]},
        network([contact(1, ring=2**64)]),
        network([contact(1, influence=-(2**64))]),
        network([contact(1, functions=("advice",))]),
        {"contacts": [{"id": 1, "ring": 1, 7: "x"}]},
    ],
)
def test_the_compiled_reader_refuses_what_the_validator_refuses(data: Any) -> None:
    assert not validator_accepts(data)
    assert not compiled_accepts(data)
