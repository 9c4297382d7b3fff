"""The recruitment pages and API lists read the same number of statements for a campaign of few registrations as
for one of many (issue 17: the same query count for a small and a large zone): nothing is read row by row."""

from __future__ import annotations

import pytest
from django.db.models import Count

from devzone.core.bench import bench_account
from devzone.core.choices import Role
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.personnel.bench import load_candidates
from devzone.personnel.models import Opening
from devzone.testing.clients import make_client
from devzone.testing.floors import quiet
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db


def statements(zone_name: str, candidates: int) -> dict[str, int]:
    made = loadgen(staff=10, enterprises=2, projects=2, zone_name=zone_name, log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    campaign = load_candidates(zone=zone, count=candidates, seed=1, log=quiet)["campaign"]
    busiest = (
        Opening.objects.filter(campaign_id=campaign)
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    officer = bench_account("bench_hr", Role.PERSONNEL_OFFICER, zone, display_name="人事专员")
    return statement_counts(
        make_client(officer),
        (
            ("home", "/personnel/"),
            ("campaign", f"/personnel/campaigns/{campaign}/"),
            ("statistics", f"/personnel/campaigns/{campaign}/statistics/"),
            ("opening", f"/personnel/openings/{busiest.pk}/"),
            ("api campaigns", "/api/v1/personnel/campaigns"),
            ("api openings", "/api/v1/personnel/openings"),
            ("api registrations", f"/api/v1/personnel/registrations?campaign={campaign}"),
        ),
    )


def test_the_recruitment_pages_and_lists_cost_the_same_statements_for_few_or_many_candidates():
    assert statements("少量报名开发区", 30) == statements("多数报名开发区", 120)
