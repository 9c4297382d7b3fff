"""The city dashboard: each zone's figures from rows written by the bench's loader (checked against those rows),
the number of SQL queries the same for 3 zones and for 9 (one grouped query per module, never one per zone), the
Excel export and the bench step itself."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.approvals.models import ElapsedBucket
from devzone.core.bench import REFERENCE_DAY
from devzone.investment.models import Contract
from devzone.oversight import bench, selectors
from devzone.planning.models import Assessment, PlanTarget
from devzone.services.models import Rating

pytestmark = pytest.mark.django_db
YEAR = REFERENCE_DAY.year


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_each_zone_is_counted_from_its_rows(zone_a, city_officer):
    bench.loadgen(zone=zone_a, count=3, log=lambda *_: None)
    rows = {r.zone.pk: r for r in selectors.city_rows(city_officer, YEAR)}
    assert len(rows) == 4  # zone A and the three loaded
    for zone_id, row in rows.items():
        contracts = Contract.objects.filter(zone_id=zone_id, signed_on__year=YEAR, counts_as_project=True)
        assert row.contracts == contracts.count()
        assert row.investment_wan == sum((c.counted_investment for c in contracts), D(0))
        buckets = ElapsedBucket.objects.filter(zone_id=zone_id, month__year=YEAR)
        assert row.files == sum(b.count for b in buckets)
        assert row.on_time == sum(b.on_time for b in buckets)
        ratings = Rating.objects.filter(zone_id=zone_id, rated_on__year=YEAR, excluded=False)
        assert row.ratings == ratings.count()
        assert row.good == ratings.filter(level__gte=3).count()  # 基本满意 and above (国办发〔2019〕51号)
        a = Assessment.objects.filter(zone_id=zone_id, status="published").first()
        assert row.rank == (a.rank if a else None)
        targets = list(PlanTarget.objects.filter(plan__zone_id=zone_id, year=YEAR))
        if targets:
            expected = sum(min(D(100), D(100) * t.done / t.target) for t in targets) / len(targets)
            assert row.plan_progress == expected.quantize(D("0.01"))
        else:
            assert row.plan_progress is None
    assert rows[zone_a.pk].contracts == 0 and rows[zone_a.pk].good_rate is None


def test_queries_do_not_grow_with_the_zones(zone_a, client_for, city_officer):
    c = client_for(city_officer)
    pages = [
        f"{reverse('oversight:dashboard')}?year={YEAR}",
        f"{reverse('oversight:dashboard_export')}?year={YEAR}",
        reverse("oversight:bulletin"),
    ]
    bench.loadgen(zone=zone_a, count=3, log=lambda *_: None)
    few = [queries(c, url) for url in pages]
    bench.loadgen(zone=zone_a, count=6, log=lambda *_: None)
    many = [queries(c, url) for url in pages]
    assert many == few


def test_the_export_lists_every_zone(zone_a, client_for, city_officer):
    from openpyxl import load_workbook

    bench.loadgen(zone=zone_a, count=2, log=lambda *_: None)
    r = client_for(city_officer).get(reverse("oversight:dashboard_export"), {"year": YEAR})
    ws = load_workbook(io.BytesIO(r.content)).active
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(r.zone.name for r in selectors.city_rows(city_officer, YEAR))


def test_the_bench_step_measures_both_pages(zone_a, monkeypatch):
    import django.db

    # the bench closes the connection between requests, as a server does; the test's transaction must stay open
    monkeypatch.setattr(django.db, "close_old_connections", lambda: None)
    bench.loadgen(zone=zone_a, count=2, log=lambda *_: None)
    out = bench.run(zone=zone_a, leader=None, repeat=1, log=lambda *_: None)
    assert {r["name"] for r in out} >= {"city dashboard", "reform bulletin"}
    assert all(r["queries"] > 0 and r["zones"] == 3 for r in out)


def test_it_shows_the_annual_result_else_the_latest_quarter(zone_a, city_officer):
    from devzone.planning.models import Scheme

    scheme = Scheme.objects.create(
        city=zone_a.city, year=YEAR, category=zone_a.level, name="季度考核", full_pool_fen=0
    )

    def shown():
        [row] = selectors.city_rows(city_officer, YEAR, zone_id=zone_a.pk)
        return row.assessment, row.score, row.rank

    for quarter, score, rank in ((1, "60", 5), (3, "95", 1), (2, "70", 4)):
        Assessment.objects.create(
            zone=zone_a, scheme=scheme, quarter=quarter, score=D(score), rank=rank, status="published"
        )
    assert shown() == ("季度考核 Q3", D("95"), 1)
    Assessment.objects.create(zone=zone_a, scheme=scheme, quarter=4, score=D("99"), rank=1, status="draft")
    assert shown() == ("季度考核 Q3", D("95"), 1)  # a draft is not shown
    Assessment.objects.create(
        zone=zone_a, scheme=scheme, quarter=0, score=D("80"), rank=2, status="published"
    )
    assert shown() == ("季度考核", D("80"), 2)
