"""The city's planning pages and API lists read the same number of statements for a city of two zones as for
one of five (issue 17: the same query count whatever the number of zones): one row per zone, none read row by
row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.core.choices import Role
from devzone.planning import services
from devzone.testing import factories as f
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db

INDICATORS = [
    {"name": "签约项目", "weight": "50", "target": "4", "source": "contracts"},
    {"name": "亩均税收", "weight": "50", "target": "20", "source": "entered"},
]
INDUSTRIES = (["26", "38"], ["38", "39"], ["27", "34"], ["13", "14"], ["65", "64"])


def city_statements(code: str, zones: int) -> dict[str, int]:
    city = f.CityFactory(code=code)
    officer = f.user_with_role(Role.CITY_OFFICER, city=city, user__username=f"officer_{code}")
    made = [f.ZoneFactory(city=city) for _ in range(zones)]
    for zone, industries in zip(made, INDUSTRIES, strict=False):
        services.plan_set(
            actor=officer, zone_id=zone.pk, start_year=2026, end_year=2028, industries=industries
        )
    scheme = services.scheme_set(
        actor=officer,
        year=2026,
        category="provincial",
        name="省级开发区考核",
        full_pool_fen=10_000_00,
        indicators=INDICATORS,
    )
    entered = str(scheme.indicators.get(source="entered").pk)
    for i, zone in enumerate(made):
        services.zone_score(
            actor=officer,
            scheme_id=scheme.pk,
            zone_id=zone.pk,
            entered={entered: {"value": str(5 + 5 * i), "evidence": "税务"}},
        )
    services.publish(actor=officer, scheme_id=scheme.pk)
    c = make_client(officer)
    counts = {}
    for label, url in (
        ("home", "/planning/"),
        ("scheme", f"/planning/schemes/{scheme.pk}/"),
        ("institutions", "/planning/institutions/"),
        ("companies", "/planning/companies/"),
        ("api plans", "/api/v1/planning/plans"),
        ("api map", "/api/v1/planning/map"),
        ("api schemes", "/api/v1/planning/schemes"),
        ("api assessments", "/api/v1/planning/assessments"),
        ("api institutions", "/api/v1/planning/institutions"),
    ):
        c.get(url)  # the first request of a client warms what a process keeps
        with CaptureQueriesContext(connection) as queries:
            response = c.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = len(queries)
    return counts


def test_the_planning_pages_and_lists_cost_the_same_statements_for_two_or_five_zones():
    assert city_statements("370900", 2) == city_statements("371000", 5)
