"""The plan benchmark (`python -m kring.bench plan`) runs, with small numbers, so it cannot rot."""

from __future__ import annotations

import random

import pytest

from kring.accounts.models import User
from kring.bench import plan
from kring.bench.analysis import AS_OF, make_network, store_networks
from kring.plan.selectors import suggestions_for
from kring.plan.suggest import suggest_many

pytestmark = pytest.mark.django_db

SMALL = ["--networks", "3", "--contacts", "12", "--ties", "20", "--asks", "5", "--repeat", "1"]
SMALL_PAGE = ["--page-contacts", "15", "--page-ties", "30", "--requests", "2"]


def test_it_prints_both_figures_with_their_targets(capsys: pytest.CaptureFixture[str]) -> None:
    status = plan.run(plan.parse(SMALL + SMALL_PAGE), "sqlite")

    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "3 networks of 12 contacts and 20 ties with 5 asks each" in out
    assert "suggestions / indicators" in out and "target <= 1" in out
    assert "start page / trivial page" in out and "target <= 3" in out


def test_it_reads_the_same_suggestions_in_batch_as_the_plan_page() -> None:
    rng = random.Random(5)
    networks = [make_network(rng, 30, 60) for _ in range(4)]
    owners = store_networks(networks, prefix="same")
    plan.store_plans(owners, rng, asks=8)

    batch = suggest_many(plan.read_cases(owners), today=AS_OF, limit=50)

    one_by_one = [
        suggestions_for(User.objects.get(pk=owner), today=AS_OF, limit=50) for owner in owners
    ]
    assert [[s.key for s in found] for found in batch] == [
        [s.key for s in found] for found in one_by_one
    ]
    assert any(found for found in batch)
