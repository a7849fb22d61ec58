"""The closed answers of DOMAIN.md §3 are listed once (kring.analysis.schema); the database
choices, the API and the parsers must agree with that list."""

from __future__ import annotations

from django.test import Client

from kring.analysis import schema
from kring.exchange.parsers import common
from kring.network import models


def test_it_keeps_the_model_choices_equal_to_the_domain_lists() -> None:
    assert tuple(models.Quadrant.values) == schema.QUADRANTS
    assert tuple(models.ContactRole.values) == schema.ROLES
    assert tuple(models.Function.values) == schema.FUNCTIONS
    assert tuple(models.Normalises.values) == schema.NORMALISES
    assert tuple(models.KnowsSearching.values) == schema.KNOWS_SEARCHING
    assert tuple(models.Approachable.values) == schema.APPROACHABLE
    assert tuple(models.Employment.values) == schema.EMPLOYMENT
    assert tuple(models.Sector.values) == schema.SECTORS
    assert tuple(models.Frequency.values) == schema.CONTACT_FREQUENCIES
    assert set(models.FORMAL_ROLES) == set(schema.FORMAL_ROLES)


def test_it_lets_the_parsers_use_the_same_lists() -> None:
    assert common.ROLES == schema.ROLES
    assert common.QUADRANTS == schema.QUADRANTS


def test_it_publishes_the_same_lists_as_api_enums(client: Client) -> None:
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    contact = next(c for c in components.values() if "knows_searching" in c.get("properties", {}))
    assert set(contact["properties"]["role"]["enum"]) == {*schema.ROLES, ""}
    assert set(contact["properties"]["quadrant"]["enum"]) == set(schema.QUADRANTS)


def test_it_accepts_exactly_the_contact_record_fields() -> None:
    from kring.network.services import CONTACT_FIELDS

    # The engine's extra keys (id, ally, added_on) are not fields a person sets; the ISCO code
    # is DOMAIN.md §3's optional refinement of occupation.
    expected = (set(schema.FIELDS) - {"id", "ally", "added_on"}) | {"isco_code"}
    assert set(CONTACT_FIELDS) == expected


def test_it_gives_the_form_the_api_and_restore_the_same_contact_fields() -> None:
    from kring.api.network import ContactFields
    from kring.network.forms import ContactForm
    from kring.network.services import CONTACT_FIELDS

    assert tuple(ContactForm.base_fields)[: len(CONTACT_FIELDS)] == CONTACT_FIELDS
    assert tuple(ContactFields.model_fields) == CONTACT_FIELDS
