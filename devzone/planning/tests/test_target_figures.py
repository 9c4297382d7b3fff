"""The annual tasks' table reads its figures as amounts and counts are read: a target in 万元 as 12亿元, a count of
firms with thousands grouped, never a bare 120000."""

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.planning import services

pytestmark = pytest.mark.django_db


def _plan(city_officer, zone_a):
    year = timezone.localdate().year
    targets = [
        {"year": year, "metric": "output", "target": "120000", "owner": "经发局", "done": "0"},
        {"year": year, "metric": "firms", "target": "1200", "owner": "经发局", "done": "0"},
        {"year": year, "metric": "land", "target": "12.5", "owner": "经发局", "done": "0"},
    ]
    plan = services.plan_set(
        actor=city_officer,
        zone_id=zone_a.pk,
        start_year=year,
        end_year=year + 2,
        industries=["26", "38"],
        targets=targets,
    )
    output = plan.targets.get(metric="output")
    services.target_progress(actor=city_officer, target_id=output.pk, quarter=1, done="35000")
    return plan


def test_amounts_read_in_yi_and_counts_grouped(city_officer, zone_a, client_for):
    _plan(city_officer, zone_a)
    page = client_for(city_officer).get(reverse("planning:home")).content.decode()
    table = page.split('data-testid="targets"')[1].split("</table>")[0]
    assert "12亿元" in table and "3.5亿元" in table  # 工业总产值（万元）: 120000 and 35000 万元
    assert "1,200" in table and "12.5" in table  # 规上企业（家）, 亩均税收（万元/亩）: no 万元 unit added
    assert "120000" not in table and "1200万元" not in table and "12.5万元" not in table


def test_the_cockpits_zone_page_reads_them_alike(city_officer, zone_a, client_for):
    """市级统筹's drill-down into one zone printed the same targets bare (120000, 35000.00)."""
    _plan(city_officer, zone_a)
    page = client_for(city_officer).get(reverse("oversight:zone", args=[zone_a.pk])).content.decode()
    table = page.split('data-testid="zone-targets"')[1].split("</table>")[0]
    assert "12亿元" in table and "3.5亿元" in table and "1,200" in table and "12.5" in table
    assert "120000" not in table and "35000" not in table
