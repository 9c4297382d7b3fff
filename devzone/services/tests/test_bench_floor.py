"""The bench's floors of the request and rating lists (issue 17): one hand-written query that fetches the very
rows the leader's page shows, in its order, with the total its pager prints."""

from __future__ import annotations

import pytest

from devzone.core.bench import PAGE_SIZE, bench_user, floor, floor_rows
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.services.models import Rating, ServiceRequest
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db


def test_the_request_and_rating_floors_fetch_the_lists_rows_in_their_order_with_the_total():
    from devzone.services.bench import loadgen as loadgen_requests

    quiet = lambda _s: None  # noqa: E731
    made = loadgen(staff=30, enterprises=20, projects=10, zone_name="地板开发区", log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_requests(zone=zone, count=300, log=quiet)
    c = make_client(bench_user(zone))
    for url, model in (("/services/requests/", ServiceRequest), ("/services/ratings/", Rating)):
        for page in (1, 2):
            shown = c.get(f"{url}?page={page}").context["page"]
            rows = floor_rows(*floor(model, zone, page))
            assert [r[0] for r in rows] == [x.pk for x in shown.object_list], (url, page)
            assert len(rows) == PAGE_SIZE and all(r[-1] == shown.paginator.count for r in rows)
