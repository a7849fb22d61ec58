"""The validator's reader, its explanations and the trusted path for stored rows agree."""

from __future__ import annotations

import copy
import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kring.analysis import (
    Network,
    NetworkError,
    analyse_many_dicts,
    analyse_stored,
    engine,
    reader,
    schema,
)
from kring.analysis import (
    network as validator,
)
from kring.bench.analysis import make_network

from .factories import contact, network, networks

AS_OF = date(2024, 6, 1)


def reader_accepts(data: Any) -> bool:
    try:
        reader.read_chunk([data])
    except reader.Refused:
        return False
    return True


def rules_accept(data: Any) -> bool:
    try:
        validator._explain(data)
    except NetworkError:
        return False
    return True


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
def test_the_reader_refuses_exactly_what_the_rules_refuse(seed: int, changes: int) -> None:
    rng = random.Random(seed)
    data = full_network()
    for _ in range(changes):
        mutate(data, rng)
    accepted = rules_accept(data)
    assert reader_accepts(data) == accepted, data
    if accepted:
        assert analyse_many_dicts([data], as_of=AS_OF) == [
            engine.analyse(Network.from_dict(data), as_of=AS_OF)
        ]
    else:
        with pytest.raises(NetworkError):
            analyse_many_dicts([data], as_of=AS_OF)


def test_the_full_network_is_valid() -> None:
    data = full_network()
    assert rules_accept(data)
    assert reader_accepts(data)


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
def test_the_reader_refuses_what_the_rules_refuse(data: Any) -> None:
    assert not rules_accept(data)
    assert not reader_accepts(data)


# The trusted path: the same networks as stored rows give the same indicators.
STORED_FIELDS = (
    "id",
    "ring",
    "quadrant",
    "role",
    "functions",
    "influence",
    "normalises_unemployment",
    "knows_searching",
    "approachable",
    "employment",
    "sector",
    "in_target_sector",
    "is_new",
    "ally",
    "introduced_by",
    "added_on",
)


def as_stored(
    datas: list[dict[str, Any]], rng: random.Random
) -> tuple[list[str], list[tuple[Any, ...]], list[tuple[int, ...]]]:
    """Give back the networks as a database would hold them: integer keys, rows in any order."""
    keys = [f"network {place}" for place in range(len(datas))]
    contact_rows: list[list[tuple[Any, ...]]] = []
    tie_rows: list[list[tuple[int, ...]]] = []
    count = 0
    for key, data in zip(keys, datas, strict=True):
        primary = {item["id"]: count + place for place, item in enumerate(data["contacts"])}
        count += len(primary)
        contact_rows.append([])
        for item in data["contacts"]:
            values = []
            for name in STORED_FIELDS:
                value = item.get(name)
                if name == "id" or (name == "introduced_by" and value is not None):
                    value = primary[value]
                elif name == "added_on" and value is not None:
                    value = date.fromisoformat(value)
                elif name == "influence" and value is None:
                    value = 0
                elif value is None and rng.random() < 0.5 and name in schema.ENUM_FIELDS:
                    value = ""  # a blank column means unknown, as null does
                values.append(value)
            contact_rows[-1].append((key, *values))
        tie_rows.append([(primary[tie[0]], primary[tie[1]], *tie[2:]) for tie in data["ties"]])
    return keys, interleaved(contact_rows, rng), interleaved(tie_rows, rng)


def interleaved(groups: list[list[Any]], rng: random.Random) -> list[Any]:
    """Give back the rows of all networks mixed, each network's own rows in their order.

    A database may give the networks in any order; within one network the order decides only
    the last bit of a float sum, and the app reads each network's rows in one order.
    """
    turns = [place for place, group in enumerate(groups) for _ in group]
    rng.shuffle(turns)
    queues = [iter(group) for group in groups]
    return [next(queues[place]) for place in turns]


@settings(max_examples=80, deadline=None)
@given(st.lists(networks(max_contacts=30), max_size=6), st.integers(0, 2**32 - 1))
def test_stored_rows_give_what_the_validated_dicts_give(
    datas: list[dict[str, Any]], seed: int
) -> None:
    keys, contact_rows, tie_rows = as_stored(datas, random.Random(seed))
    stored = analyse_stored(keys, contact_rows, tie_rows, fields=STORED_FIELDS, as_of=AS_OF)
    assert stored == analyse_many_dicts(datas, as_of=AS_OF)


def test_stored_rows_of_the_benchmark_networks_in_several_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "_CHUNK", 9)  # several chunks, some networks empty
    rng = random.Random(11)
    datas = [make_network(rng, rng.choice([0, 1, 5, 60]), 200) for _ in range(40)]
    keys, contact_rows, tie_rows = as_stored(datas, rng)
    stored = analyse_stored(keys, contact_rows, tie_rows, fields=STORED_FIELDS, as_of=AS_OF)
    assert stored == analyse_many_dicts(datas, as_of=AS_OF)


def test_a_network_without_rows_has_no_contacts() -> None:
    empty = analyse_stored(["nobody"], [], [], fields=("id", "ring"), as_of=AS_OF)
    assert empty == analyse_many_dicts([network([])], as_of=AS_OF)
