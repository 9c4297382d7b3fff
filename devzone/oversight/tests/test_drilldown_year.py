"""Wrong figures on the cockpit's drill-down: ``/oversight/zones/<id>/?year=2025`` is headed "<zone> · 2025年度" but
its 已公布的考核 table (``oversight.selectors.zone_assessments``) ignores the year — the latest 12 published results of
any year, with neither a year column nor a filter — so a leader reading 2025 sees 2026's results as if they were
2025's (and the row's 考核名次 on the dashboard, which is the year's, disagrees with the table)."""

from __future__ import annotations

import pytest

from devzone.testing.planning import published_scheme

pytestmark = pytest.mark.django_db


def test_the_drill_down_of_2025_lists_2025_results_only(city_officer, zone_a, zone_b, client_for):
    published_scheme(city_officer, [zone_a, zone_b], [10, 20], year=2025, name="SCHEME-OF-2025")
    published_scheme(city_officer, [zone_a, zone_b], [20, 10], year=2026, name="SCHEME-OF-2026")
    html = client_for(city_officer).get(f"/oversight/zones/{zone_a.pk}/?year=2025").content.decode()
    table = html[html.index('data-testid="zone-assessments"') :]
    assert "SCHEME-OF-2025" in table
    assert "SCHEME-OF-2026" not in table
