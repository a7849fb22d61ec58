"""Validation of the plain-dict format: every error names the item, nothing else escapes."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kring.analysis import Network, NetworkError, analyse_many_dicts

from .factories import contact, network


def error_of(data: Any) -> str:
    with pytest.raises(NetworkError) as caught:
        Network.from_dict(data)
    message = str(caught.value)
    # The batch path must reject it with the same message, prefixed with the network.
    with pytest.raises(NetworkError) as batch_caught:
        analyse_many_dicts([network([contact(1)]), data])
    assert str(batch_caught.value) == f"networks[1]: {message}"
    return message


def test_it_accepts_a_minimal_network() -> None:
    assert Network.from_dict(network([contact(1)], [])).contacts == [{"id": 1, "ring": 1}]


def test_it_accepts_absent_ties_and_nulls() -> None:
    data = {"contacts": [contact(1, role=None, functions=None, influence=None)]}
    assert Network.from_dict(data).ties == []


def test_it_rejects_an_unknown_field() -> None:
    data = network([contact(5)] * 0 + [contact(i) for i in range(1, 4)] + [contact(17)])
    data["contacts"].insert(3, contact(17, surname="X"))
    data["contacts"].pop()
    assert error_of(data) == "contacts[3] (id 17): unknown field 'surname'"


def test_it_rejects_a_tie_to_a_missing_contact() -> None:
    ties = [[1, 2]] * 0 + [[1, 2], [2, 3], [1, 3], [3, 4], [1, 4], [4, 99]]
    data = network([contact(i) for i in range(1, 5)], ties)
    assert error_of(data) == "ties[5]: contact 99 does not exist"


def test_it_rejects_a_self_tie() -> None:
    data = network([contact(i) for i in range(1, 5)], [[1, 2], [2, 3], [4, 4]])
    assert error_of(data) == "ties[2]: a contact cannot be tied to itself (id 4)"


def test_it_rejects_a_duplicate_tie_in_either_direction() -> None:
    data = network([contact(i) for i in range(1, 5)], [[3, 4], [1, 2], [4, 3, 2]])
    assert error_of(data) == "ties[2]: duplicate tie between 3 and 4 (also ties[0])"


def test_it_rejects_a_ring_out_of_range() -> None:
    assert error_of(network([contact(1, ring=7)])) == "contacts[0] (id 1): ring must be 0-4, got 7"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"influence": 3}, "influence must be -2..2, got 3"),
        ({"influence": True}, "influence must be an integer -2..2, got a boolean"),
        ({"ring": 1.0}, "ring must be an integer 0-4, got a number with a fraction"),
        ({"ring": None}, "ring is required"),
        ({"quadrant": "work"}, "quadrant must be one of family, friends"),
        ({"role": "boss"}, "role must be one of partner"),
        ({"employment": ["employed"]}, "employment must be one of employed"),
        ({"sector": "Z"}, "sector must be one of A, B"),
        ({"approachable": "unknown"}, "approachable must be one of yes, maybe, no"),
        ({"functions": "advice"}, "functions must be a list, got a string"),
        ({"functions": ["advice", "money"]}, "functions[1] must be one of emotional"),
        ({"potential_functions": [1]}, "potential_functions[0] must be one of"),
        ({"can_hire": "yes"}, "can_hire must be true, false or null, got 'yes'"),
        ({"is_new": 1}, "is_new must be true, false or null, got 1"),
        ({"label": 5}, "label must be a string or null, got an integer"),
        ({"added_on": "2024-13-01"}, "added_on must be an ISO date (YYYY-MM-DD) or null"),
        ({"last_contact": 20240101}, "last_contact must be an ISO date"),
        ({"introduced_by": 9}, "introduced_by: contact 9 does not exist"),
        ({"introduced_by": True}, "introduced_by must be a contact id or null, got a boolean"),
    ],
)
def test_it_rejects_bad_field_values(fields: dict[str, Any], expected: str) -> None:
    message = error_of(network([contact(1, **fields)]))
    assert message.startswith("contacts[0] (id 1): " + expected), message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], "a network must be an object, got a list"),
        ({"contacts": "x"}, "contacts must be a list, got a string"),
        ({"contacts": [], "ties": {}}, "ties must be a list, got an object"),
        ({"ties": []}, "a network needs a 'contacts' list"),
        ({"contacts": [], "owner": 1}, "unknown top-level field 'owner'"),
        ({"contacts": [3]}, "contacts[0] must be an object, got an integer"),
        ({"contacts": [{"ring": 1}]}, "contacts[0]: id is required"),
        ({"contacts": [{"id": 1.5, "ring": 1}]}, "contacts[0]: id must be an integer or a string"),
        ({"contacts": [{"id": 1}]}, "contacts[0] (id 1): ring is required"),
        (
            {"contacts": [contact(1), contact(2), contact(1)]},
            "contacts[2] (id 1): duplicate id (also contacts[0])",
        ),
        ({"contacts": [contact(1), contact(2)], "ties": ["12"]}, "ties[0] must be a list"),
        ({"contacts": [contact(1), contact(2)], "ties": [[1]]}, "ties[0] must be a list"),
        (
            {"contacts": [contact(1), contact(2)], "ties": [[1, 2, 3]]},
            "ties[0]: strength must be 1 or 2, got 3",
        ),
        (
            {"contacts": [contact(1), contact(2)], "ties": [[1, 2, True]]},
            "ties[0]: strength must be 1 or 2, got true",
        ),
        (
            {"contacts": [contact(1), contact(2)], "ties": [[True, 2]]},
            "ties[0]: contact ids must be integers or strings, got true",
        ),
        (
            {"contacts": [contact(1), contact("2")], "ties": [[1, 2]]},
            "ties[0]: contact 2 does not exist",
        ),
    ],
)
def test_it_rejects_bad_structure(data: Any, expected: str) -> None:
    message = error_of(data)
    assert message.startswith(expected), message


def test_it_accepts_string_ids() -> None:
    data = network([contact("anna"), contact("bob", ring=2)], [["anna", "bob", 2]])
    assert Network.from_dict(data).ties == [["anna", "bob", 2]]
    assert analyse_many_dicts([data])[0].density == 1.0


def test_the_batch_names_the_first_invalid_network() -> None:
    good = network([contact(1)])
    bad_late = network([contact(1, ring=9)])
    bad_early = network([contact(1), contact(2)], [[1, 3]])
    with pytest.raises(NetworkError, match=r"^networks\[1\]: ties\[0\]: contact 3"):
        analyse_many_dicts([good, bad_early, bad_late])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 2**70)
    | st.floats()
    | st.text(max_size=5)
    | st.sampled_from(["id", "ring", "family", "yes", "advice", "2024-01-01", "contacts"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "ring", "ties", "contacts", "functions", "role", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@st.composite
def almost_networks(draw: st.DrawFn) -> Any:
    """Draw JSON-like values shaped like a network, with arbitrary values in the fields."""
    contacts = draw(
        st.lists(
            st.dictionaries(
                st.sampled_from(["id", "ring", "role", "functions", "is_new", "added_on", "z"]),
                json_values,
                max_size=5,
            )
            | json_values,
            max_size=4,
        )
    )
    ties = draw(st.lists(st.lists(json_values, max_size=4) | json_values, max_size=4))
    return {"contacts": contacts, "ties": ties}


@settings(max_examples=120, deadline=None)
@given(st.one_of(json_values, almost_networks()))
def test_it_raises_only_network_errors_on_arbitrary_json(data: Any) -> None:
    for check in (Network.from_dict, lambda d: analyse_many_dicts([d])):
        with contextlib.suppress(NetworkError):
            check(data)
