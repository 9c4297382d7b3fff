"""The city's planning pages and API lists read the same number of statements for a city of two zones as for
one of five (issue 17: the same query count whatever the number of zones): one row per zone, none read row by
row."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.planning import services
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.planning import published_scheme
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db

INDUSTRIES = (["26", "38"], ["38", "39"], ["27", "34"], ["13", "14"], ["65", "64"])


def city_statements(code: str, zones: int) -> dict[str, int]:
    city = f.CityFactory(code=code)
    officer = f.user_with_role(Role.CITY_OFFICER, city=city, user__username=f"officer_{code}")
    made = [f.ZoneFactory(city=city) for _ in range(zones)]
    for zone, industries in zip(made, INDUSTRIES, strict=False):
        services.plan_set(
            actor=officer, zone_id=zone.pk, start_year=2026, end_year=2028, industries=industries
        )
    scheme = published_scheme(officer, made, [5 * (i + 1) for i in range(zones)])
    return statement_counts(
        make_client(officer),
        (
            ("home", "/planning/"),
            ("scheme", f"/planning/schemes/{scheme.pk}/"),
            ("institutions", "/planning/institutions/"),
            ("companies", "/planning/companies/"),
            ("api plans", "/api/v1/planning/plans"),
            ("api map", "/api/v1/planning/map"),
            ("api schemes", "/api/v1/planning/schemes"),
            ("api assessments", "/api/v1/planning/assessments"),
            ("api institutions", "/api/v1/planning/institutions"),
        ),
    )


def test_the_planning_pages_and_lists_cost_the_same_statements_for_two_or_five_zones():
    assert city_statements("370900", 2) == city_statements("371000", 5)
