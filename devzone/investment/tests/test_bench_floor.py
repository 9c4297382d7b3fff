"""The bench's floor of the lead list (issue 17): the leader's list (its default tab, 在跟线索) is what it
fetches."""

from __future__ import annotations

import pytest

from devzone.core.bench import bench_user
from devzone.testing.clients import make_client
from devzone.testing.floors import assert_floor_is_the_page, quiet, small_zone

pytestmark = pytest.mark.django_db


def test_the_lead_floor_fetches_the_lead_lists_rows_in_its_order_with_the_total():
    from devzone.investment.bench import lead_floor, loadgen_leads

    zone = small_zone(staff=50)
    loadgen_leads(zone=zone, count=400, log=quiet)
    c = make_client(bench_user(zone))
    for page in (1, 2):
        assert_floor_is_the_page(c, f"/investment/leads/?page={page}", lead_floor(zone, page))
