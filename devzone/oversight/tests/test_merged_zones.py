"""A zone merged into another this year: core's merge moves only its areas, enterprises and projects, so its
contracts, approval statistics, ratings and plans stay on the old zone. The dashboard, its totals, the Excel and
the API count them under the zone it was merged into (each row once: the totals do not change), that zone's
drill-down shows them, and the old zone's drill-down sends the city officer there instead of a 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.core.bench import REFERENCE_DAY
from devzone.core.models import Enterprise, Zone
from devzone.core.services.zones import zone_merge
from devzone.oversight import bench, selectors

pytestmark = pytest.mark.django_db
YEAR = REFERENCE_DAY.year


def merge(actor, sources, target, day: int = 1) -> None:
    """core's merge, once the bench's enterprises (all without a credit code) have codes of their own."""
    for e in Enterprise.objects.filter(zone__in=[*sources, target]):
        Enterprise.objects.filter(pk=e.pk).update(credit_code=f"91370100MA{e.pk:08d}")
    zone_merge(actor=actor, sources=sources, target=target, merged_on=dt.date(YEAR, 12, day))


def figures(rows) -> dict:
    t = selectors.totals(rows)
    return {
        "contracts": t["contracts"],
        "investment_yi": t["investment_yi"],
        "on_time_rate": t["on_time_rate"],
        "good_rate": t["good_rate"],
        "files": sum(r.files for r in rows),
        "ratings": sum(r.ratings for r in rows),
        "targets": sum(r.targets for r in rows),
    }


@pytest.fixture
def merged(zone_a, city_officer):
    """Two bench zones (20 contracts each, a year of files, ratings, a plan); the first merged into zone A."""
    bench.loadgen(zone=zone_a, count=2, log=lambda *_: None)
    old, kept = Zone.objects.filter(name__startswith=bench.PREFIX).order_by("pk")
    before = {r.zone.pk: r for r in selectors.city_rows(city_officer, YEAR)}
    merge(city_officer, [old], zone_a)
    return old, kept, before


def test_it_counts_a_merged_zones_rows_in_the_zone_it_joined(zone_a, city_officer, merged):
    old, kept, before = merged
    assert before[old.pk].contracts == 20
    rows = {r.zone.pk: r for r in selectors.city_rows(city_officer, YEAR)}
    assert set(rows) == {zone_a.pk, kept.pk}
    assert figures(list(rows.values())) == figures(list(before.values()))  # the merge changes no total
    a, gone = rows[zone_a.pk], before[old.pk]
    assert (a.contracts, a.investment_wan) == (gone.contracts, gone.investment_wan)  # zone A had none itself
    assert (a.files, a.on_time, a.ratings, a.good, a.targets) == (
        gone.files,
        gone.on_time,
        gone.ratings,
        gone.good,
        gone.targets,
    )
    assert a.merged == [old]
    assert rows[kept.pk].contracts == before[kept.pk].contracts  # the other zone is untouched


def test_the_export_and_the_api_keep_the_merged_zones_figures(zone_a, client_for, city_officer, merged):
    from openpyxl import load_workbook

    old, kept, before = merged
    c = client_for(city_officer)
    api = {z["zone"]: z for z in c.get("/api/v1/oversight/zones", {"year": YEAR}).json()}
    assert set(api) == {zone_a.pk, kept.pk}
    assert api[zone_a.pk]["contracts"] == 20
    assert sum(z["contracts"] for z in api.values()) == sum(r.contracts for r in before.values())
    sheet = c.get(reverse("oversight:dashboard_export"), {"year": YEAR})
    ws = load_workbook(io.BytesIO(sheet.content)).active
    contracts = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert contracts == {zone_a.name: 20, kept.name: before[kept.pk].contracts}
    page = c.get(reverse("oversight:dashboard"), {"year": YEAR})
    assert page.context["totals"]["contracts"] == 40


def test_the_old_zones_drill_down_leads_to_the_zone_it_joined(zone_a, client_for, city_officer, merged):
    old, _, before = merged
    c = client_for(city_officer)
    r = c.get(reverse("oversight:zone", args=[old.pk]), {"year": YEAR})
    assert r.status_code == 302
    assert r["Location"] == f"{reverse('oversight:zone', args=[zone_a.pk])}?year={YEAR}"
    page = c.get(r["Location"])
    assert page.status_code == 200
    assert page.context["row"].contracts == 20
    assert len(page.context["targets"]) == before[old.pk].targets  # the old zone's plan, under its name
    assert [a.zone_id for a in page.context["assessments"]] == [old.pk]
    html = page.content.decode()
    assert old.name in html and "已并入" in html  # the message says where the old zone went


def test_a_chain_of_merges_ends_at_the_zone_that_is_left(zone_a, client_for, city_officer, merged):
    old, kept, before = merged
    merge(city_officer, [zone_a], kept, day=2)
    [row] = selectors.city_rows(city_officer, YEAR)
    assert row.zone == kept and row.contracts == 40
    r = client_for(city_officer).get(reverse("oversight:zone", args=[old.pk]))
    assert r["Location"] == reverse("oversight:zone", args=[kept.pk])


def test_the_queries_do_not_grow_with_merged_zones(zone_a, client_for, city_officer):
    c = client_for(city_officer)
    pages = [
        f"{reverse('oversight:dashboard')}?year={YEAR}",
        f"{reverse('oversight:dashboard_export')}?year={YEAR}",
        f"{reverse('oversight:zone', args=[zone_a.pk])}?year={YEAR}",
    ]
    bench.loadgen(zone=zone_a, count=3, log=lambda *_: None)

    def counts() -> list[int]:
        out = []
        for url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    few = counts()
    sources = list(Zone.objects.filter(name__startswith=bench.PREFIX))
    merge(city_officer, sources, zone_a)
    assert counts() == few
