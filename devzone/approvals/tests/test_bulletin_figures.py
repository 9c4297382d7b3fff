"""大审批's figure in the city's bulletin: the first batch's items and how many zones got them, the count of zones
read as a count in English too ("1 zone", not "1 zones")."""

from __future__ import annotations

import pytest
from django.utils import translation

from devzone.approvals import bulletin
from devzone.testing.approvals import ItemFactory

pytestmark = pytest.mark.django_db


def _period(city) -> str:
    [figure] = [f for f in bulletin.figures(city=city) if f.key == "approvals.items"]
    return str(figure.period)


def test_the_first_batchs_zones_are_counted_in_the_readers_language(city, zone_a, zone_b):
    ItemFactory(zone=zone_a, delegation_batch=1)
    assert _period(city) == "首批下放（1个开发区）"
    with translation.override("en"):
        assert _period(city) == "first batch delegated (1 zone)"
        ItemFactory(zone=zone_b, delegation_batch=1)
        assert _period(city) == "first batch delegated (2 zones)"
