"""The stored summary (rows straight into the engine) equals the validated-dict path."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from kring.accounts.models import User
from kring.bench.analysis import make_network, store_networks
from kring.network.models import IndicatorSummary, NetworkProfile
from kring.network.services import network_data
from kring.network.summary import summarise, summary_refresh, thresholds_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target_sector", ["", "C", "Q"])
def test_it_stores_what_the_validated_dicts_give(target_sector: str) -> None:
    rng = random.Random(len(target_sector) + ord(target_sector or "x"))
    networks = [
        make_network(rng, contacts=contacts, ties=ties)
        for contacts, ties in ((0, 0), (1, 0), (12, 20), (40, 150))
    ]
    for owner_id in store_networks(networks, prefix=f"summary{target_sector}"):
        jobseeker = User.objects.get(pk=owner_id)
        NetworkProfile.objects.create(jobseeker=jobseeker, target_sector=target_sector)
        summary_refresh(jobseeker)
        stored = IndicatorSummary.objects.get(jobseeker=jobseeker, snapshot=None)
        expected = summarise(
            network_data(jobseeker),
            as_of=timezone.localdate(),
            thresholds=thresholds_for(jobseeker),
            target_sector=target_sector or None,
        )
        # Sums over ties in the order the database gives them may differ in the last bit.
        values = expected["values"]
        assert stored.values.keys() == values.keys()
        for key, value in stored.values.items():
            assert value == (
                pytest.approx(values[key]) if isinstance(value, float) else values[key]
            )
        assert (stored.light, stored.reasons, stored.size, stored.supportive) == (
            expected["light"],
            expected["reasons"],
            expected["size"],
            expected["supportive"],
        )
