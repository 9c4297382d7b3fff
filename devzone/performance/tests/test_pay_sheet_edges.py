"""The pay sheet at its edges: a pool the city set with nobody to share it is refused, not dropped (the sheet
says why and cannot be paid); a sheet with no grades yet shows no spread of nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core import registry
from devzone.performance import scoring, selectors
from devzone.testing.performance import run_round

pytestmark = pytest.mark.django_db


def test_compute_pay_refuses_a_city_pool_with_nobody_to_share_it():
    with pytest.raises(ValueError):
        scoring.compute_pay([], Decimal(80), total_pool_fen=1_000_000)
    # nothing to share and nobody: nothing
    assert scoring.compute_pay([], Decimal(80), total_pool_fen=0).pools == {}
    assert scoring.compute_pay([], Decimal(80)).pools == {}


def test_the_sheet_says_a_city_pool_has_nobody_to_share_it(org, client_for, monkeypatch):
    r, _ = run_round(org)  # published; nobody graded yet
    pool = registry.ZonePool(fen=1_000_000, reference="济开考〔2026〕3号")
    monkeypatch.setattr(registry, "zone_pool_for", lambda **_kw: pool)
    sheet = selectors.pay_sheet(r)
    assert not sheet.ready
    said = " ".join(sheet.problems)
    assert "10,000.00" in said and "没有可分配的人员" in said
    html = client_for(org.tally).get(reverse("performance:pay_sheet", args=[r.pk])).content.decode()
    assert "没有可分配的人员" in html
    api = client_for(org.tally).get(f"/api/v1/performance/rounds/{r.pk}/pay").json()
    assert any("没有可分配的人员" in p for p in api["problems"])


def test_a_sheet_without_grades_shows_no_spread(org, client_for):
    r, _ = run_round(org)
    html = client_for(org.tally).get(reverse("performance:pay_sheet", args=[r.pk])).content.decode()
    assert 'data-testid="spread"' in html
    spread = html.split('data-testid="spread"', 1)[1].split("</div></div>", 1)[0]
    assert ">—<" in spread and "平均发放时" not in spread
    assert "还没有可计算绩效工资的人员" in spread
