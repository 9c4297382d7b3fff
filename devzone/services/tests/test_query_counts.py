"""The enterprise-service pages and API lists read the same number of statements for a zone with few requests
as for one with many (issue 17: the same query count for a small and a large zone): nothing is read row by row."""

from __future__ import annotations

import pytest

from devzone.core.bench import REFERENCE_DAY, bench_user
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.services.bench import loadgen as loadgen_requests
from devzone.services.models import FollowUp, Rating, ServiceRequest
from devzone.testing.clients import make_client
from devzone.testing.floors import quiet
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db

URLS = (
    "/services/",
    "/services/requests/",
    "/services/ratings/",
    "/services/followups/",
    "/services/appeals/",
    f"/services/statistics/?year={REFERENCE_DAY.year}",
    "/services/surveys/",
    "/api/v1/services/requests",
    "/api/v1/services/ratings",
    "/api/v1/services/followups",
    "/api/v1/services/appeals",
)


def statements(zone_name: str, requests: int) -> tuple[dict[str, int], Zone]:
    made = loadgen(staff=20, enterprises=8, projects=8, zone_name=zone_name, log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_requests(zone=zone, count=requests, log=quiet)
    return statement_counts(make_client(bench_user(zone)), ((url, url) for url in URLS)), zone


def test_the_service_pages_and_lists_cost_the_same_statements_for_few_or_many_requests():
    few, small = statements("少量诉求开发区", 15)
    many, big = statements("多数诉求开发区", 60)
    # both zones have rows of every kind listed (an empty list skips its related reads, which is no saving)
    for zone in (small, big):
        assert Rating.objects.filter(zone=zone).exists() and FollowUp.objects.filter(zone=zone).exists()
    assert (
        ServiceRequest.objects.filter(zone=big).count()
        == 4 * ServiceRequest.objects.filter(zone=small).count()
    )
    assert few == many
