"""Wrong figure: the cockpit rounds 亿元 half-to-even in its table, chart, Excel export and API
(``oversight.selectors.ZoneRow.investment_yi`` and ``totals()['investment_yi']``: ``quantize(CENT)`` with Decimal's
default ROUND_HALF_EVEN), while the totals card and the zone drill-down print the same amount with ``|wan``
(四舍五入, half up). A zone with 12,250万元 reads 1.23亿元 on its drill-down and 1.22 in the table / export / API."""

from __future__ import annotations

import random
from decimal import Decimal as D
from io import BytesIO

import openpyxl
import pytest

from devzone.core.models import Enterprise, Project
from devzone.investment.models import Contract
from devzone.oversight import bench, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def invested(zone_a):
    ent = Enterprise.objects.create(zone=zone_a, name="甲压测企业有限公司", industry_id="34")
    project = Project.objects.create(
        zone=zone_a, enterprise=ent, name="甲项目", industry_id="34", total_investment=D(5000)
    )
    bench._signed_contracts(random.Random(1), zone_a, 1, 2026, ent, project)
    Contract.objects.filter(zone=zone_a).update(counted_investment=0, contract_investment=0)
    first = Contract.objects.filter(zone=zone_a).order_by("pk").first()
    Contract.objects.filter(pk=first.pk).update(counted_investment=D("12250"), contract_investment=D("12250"))
    return zone_a


def test_the_cockpit_rounds_yi_as_its_own_cards_do(city_officer, invested, client_for):
    [row] = selectors.city_rows(city_officer, 2026, zone_id=invested.pk)
    assert row.investment_wan == D("12250")
    drill = client_for(city_officer).get(f"/oversight/zones/{invested.pk}/?year=2026").content.decode()
    assert "1.23亿元" in drill  # the drill-down's card, 四舍五入
    assert row.investment_yi == D("1.23")  # the table's column, the chart, the API


def test_the_api_and_export_agree_with_the_drill_down(city_officer, invested, client_for):
    c = client_for(city_officer)
    [z] = [z for z in c.get("/api/v1/oversight/zones?year=2026").json() if z["zone"] == invested.pk]
    assert D(str(z["investment_yi"])) == D("1.23")
    wb = openpyxl.load_workbook(BytesIO(c.get("/oversight/export.xlsx?year=2026").content))
    ws = wb.worksheets[0]
    cells = [r for r in ws.iter_rows(values_only=True) if r[0] == invested.name]
    assert D(str(cells[0][2])) == D("1.23")
