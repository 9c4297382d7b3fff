"""The bench's floors of the request and rating lists (issue 17): each fetches the rows the leader's page shows."""

from __future__ import annotations

import pytest

from devzone.core.bench import bench_user, floor
from devzone.services.models import Rating, ServiceRequest
from devzone.testing.clients import make_client
from devzone.testing.floors import assert_floor_is_the_page, quiet, small_zone

pytestmark = pytest.mark.django_db


def test_the_request_and_rating_floors_fetch_the_lists_rows_in_their_order_with_the_total():
    from devzone.services.bench import loadgen as loadgen_requests

    zone = small_zone(projects=10)
    loadgen_requests(zone=zone, count=300, log=quiet)
    c = make_client(bench_user(zone))
    for url, model in (("/services/requests/", ServiceRequest), ("/services/ratings/", Rating)):
        for page in (1, 2):
            assert_floor_is_the_page(c, f"{url}?page={page}", floor(model, zone, page))
