"""The cockpit's headline amount reads as the house writes amounts (``core``'s ``wan``: 708亿元, CNY 70.8 billion),
not as a figure with two decimals and a unit after a space (708.00 亿元); a zone's drill-down the same."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.bench import REFERENCE_DAY
from devzone.investment.models import Contract
from devzone.investment.selectors import COUNTED
from devzone.oversight import bench

pytestmark = pytest.mark.django_db
YEAR = REFERENCE_DAY.year


@pytest.fixture
def zone_of_708_yi(zone_a):
    """A bench zone whose counted contracts of the year add up to 708亿元 (7,080,000万元)."""
    bench.loadgen(zone=zone_a, count=1, log=lambda *_: None)
    contracts = Contract.objects.filter(zone__name__startswith=bench.PREFIX, signed_on__year=YEAR)
    contracts.update(counted_investment=Decimal(0))
    first = contracts.filter(COUNTED).order_by("pk").first()
    Contract.objects.filter(pk=first.pk).update(counted_investment=Decimal("7080000"))
    return first.zone


def card(page: str, testid: str) -> str:
    """The text of the figures' cards (``data-testid``, up to the next part marked so), tags left out."""
    block = page.split(f'data-testid="{testid}"', 1)[1].split("data-testid=", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block))


def test_the_cockpit_headline_reads_708_yi(client_for, city_officer, zone_of_708_yi):
    c = client_for(city_officer)
    page = c.get(reverse("oversight:dashboard"), {"year": YEAR}).content.decode()
    figures = card(page, "totals")
    assert "708亿元" in figures and "708.00" not in figures, figures
    zone = c.get(reverse("oversight:zone", args=[zone_of_708_yi.pk]), {"year": YEAR}).content.decode()
    figures = card(zone, "zone-figures")
    assert "708亿元" in figures and "708.00" not in figures, figures


def test_in_english_the_headline_reads_in_billions(client_for, city_officer, zone_of_708_yi):
    c = client_for(city_officer)
    c.cookies["devzone_language"] = "en"
    figures = card(c.get(reverse("oversight:dashboard"), {"year": YEAR}).content.decode(), "totals")
    assert "CNY 70.8 billion" in figures and "100 million yuan" not in figures, figures
