"""The published assessments on the 市级统筹 page and in the API through one FilterSet (planning.filters): a zone, a
year or a search narrows them, the page's own pager keeps the filter, and a value that is not a year is refused
(page: no rows; API: 400). Once the page silently showed the first 200 only."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from devzone.testing import factories as f
from devzone.testing.planning import published_scheme

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/planning"


@pytest.fixture
def results(city, zone_a, zone_b, city_officer):
    """Two years' assessments of zones A and B and eight more zones of the city."""
    zones = [zone_a, zone_b, *(f.ZoneFactory(city=city, name=f"第{i}开发区") for i in range(8))]
    for year in (2025, 2026):
        values = [5 + i for i in range(len(zones))]
        published_scheme(city_officer, zones, values, year=year, name=f"{year}年省级开发区考核")
    return zones


@override_settings(DEVZONE_PAGE_SIZE=5)
def test_the_page_filters_and_its_pager_keeps_the_filter(client_for, city_officer, results, zone_a):
    c = client_for(city_officer)
    url = reverse("planning:home")
    page = c.get(url).content.decode()
    assert "共 20 条" in page  # 10 zones × 2 years, none cut
    bar = page.split('class="card card-body mb-3 filter-bar"')[1].split("</form>")[0]
    assert bar.count(">全部</option>") == 2  # zone and period: nothing picked until the person picks
    page = c.get(url, {"year": 2026}).content.decode()
    assert "共 10 条" in page and "2025年省级" not in page.split('data-testid="results"')[1]
    assert "year=2026&amp;results_page=2" in re.findall(r'rel="next" href="\?([^"]+)"', page)[0]
    second = c.get(url, {"year": 2026, "results_page": 2}).content.decode()
    assert "第 2 / 2 页" in second
    page = c.get(url, {"zone": zone_a.pk}).content.decode()
    assert "共 2 条" in page
    assert "共 0 条" in c.get(url, {"year": "两千"}).content.decode()


def test_the_api_takes_the_same_filters(client_for, city_officer, results, zone_b):
    c = client_for(city_officer)
    rows = c.get(f"{API}/assessments", {"year": 2025, "zone": zone_b.pk}).json()
    items = rows["items"] if isinstance(rows, dict) else rows
    assert len(items) == 1 and items[0]["zone"] == zone_b.pk
    bad = c.get(f"{API}/assessments", {"year": "两千"})
    assert bad.status_code in (400, 422) and bad["Content-Type"].startswith("application/problem+json")


def test_another_zones_leader_filters_only_their_own_results(client_for, zone_a_leader, results, zone_b):
    c = client_for(zone_a_leader)
    assert c.get(f"{API}/assessments", {"zone": zone_b.pk}).status_code == 400  # not a zone in reach
    page = c.get(reverse("planning:home"), {"zone": zone_b.pk}).content.decode()
    assert "共 0 条" in page
