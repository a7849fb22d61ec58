"""The offers' closed lists equal the plan engine's, regions meet as people write them, the demo."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from kring.accounts.models import User
from kring.offers.models import Gap, Offer, OfferKind, Referral
from kring.offers.selectors import region_key
from kring.plan import suggest
from tests.conftest import client_for


def test_it_keeps_the_kinds_and_gaps_equal_to_the_engines() -> None:
    assert tuple(OfferKind.values) == suggest.OFFER_KINDS
    assert tuple(Gap.values) == suggest.WIDEN_GAPS
    assert set(suggest.DEFAULT_OFFER_GAPS) == set(OfferKind.values)


@pytest.mark.parametrize(
    ("region", "known", "key"),
    [
        ("Demostad", {"demostad"}, "demostad"),
        ("  DEMOSTAD ", {"demostad"}, "demostad"),
        ("Demostad en omgeving", {"demostad", "buurdorp"}, "demostad"),
        ("Demostad-Noord", {"demostad", "demostad-noord"}, "demostad-noord"),
        ("Demostadse Heide", {"demostad"}, "demostadse heide"),  # whole words only
        ("", {"demostad"}, ""),
        ("Elders", set(), "elders"),
    ],
)
def test_it_reads_a_region_as_the_offers_spell_it(region: str, known: set[str], key: str) -> None:
    assert region_key(region, known) == key


@pytest.mark.django_db
def test_it_seeds_a_list_for_the_demo_town_once_and_links_it_from_a_plan() -> None:
    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)
    assert Offer.objects.count() == 12
    assert Referral.objects.count() == 3
    websites = [w for w in Offer.objects.values_list("website", flat=True) if w]
    assert all(".example.org" in w for w in websites)
    linked = 0
    for email in ("sanne@demo.kring.test", "karim@demo.kring.test", "joke@demo.kring.test"):
        jobseeker = User.objects.get(email=email)
        page = client_for(jobseeker).get(f"/jobseekers/{jobseeker.pk}/plan/").content.decode()
        linked += page.count('href="/offers/')
        assert "Dorpshuis Het Anker" not in page  # in Buurdorp, not near any of them
    assert linked > 0
    assert Client().get("/offers/").status_code == 302  # signed out: to the login page
