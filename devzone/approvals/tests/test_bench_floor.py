"""The bench's floors of the review queues (issue 17): the leader's (every open file of the zone) and a
reviewer's (their own files in review) fetch the very rows the queue page shows."""

from __future__ import annotations

import pytest

from devzone.approvals.bench import _busiest_reviewer, loadgen_applications, queue_floor
from devzone.core.bench import bench_user
from devzone.testing.clients import make_client
from devzone.testing.floors import assert_floor_is_the_page, quiet, small_zone

pytestmark = pytest.mark.django_db


def test_the_queue_floors_fetch_each_queue_pages_rows_in_its_order_with_the_total():
    zone = small_zone()
    loadgen_applications(zone=zone, count=6000, log=quiet)
    leader, reviewer = bench_user(zone), _busiest_reviewer(zone)
    c = make_client(leader)
    assert_floor_is_the_page(c, "/approvals/queue/", queue_floor(zone, None))
    assert_floor_is_the_page(c, "/approvals/queue/?page=2", queue_floor(zone, None, 2), full=False)
    mine = make_client(reviewer)
    assert_floor_is_the_page(mine, "/approvals/queue/", queue_floor(zone, reviewer), full=False)
