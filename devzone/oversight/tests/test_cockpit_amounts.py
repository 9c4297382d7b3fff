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


def test_a_zones_annual_tasks_name_an_amount_without_the_unit_its_cells_carry(
    client_for, city_officer, zone_a
):
    """The zone page's tasks: 固定资产投资 above 12亿元, not 固定资产投资（万元） above a cell in 亿元; a count keeps
    its unit (规上企业（家）), its cells being plain numbers."""
    from devzone.planning.models import IndustryPlan, PlanTarget

    plan = IndustryPlan.objects.create(zone=zone_a, start_year=YEAR, end_year=YEAR + 2)
    PlanTarget.objects.create(plan=plan, year=YEAR, metric="investment", target=120000, done=30000)
    PlanTarget.objects.create(plan=plan, year=YEAR, metric="firms", target=12, done=3)
    page = client_for(city_officer).get(reverse("oversight:zone", args=[zone_a.pk]), {"year": YEAR})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "固定资产投资 12亿元" in text, text
    assert "固定资产投资（万元）" not in text
    assert "规上企业（家） 12" in text
