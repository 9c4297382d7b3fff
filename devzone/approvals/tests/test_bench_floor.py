"""The bench's floors of the review queues (issue 17): one hand-written query that fetches the very rows a queue
page shows, in its order, with the total its pager prints — the leader's (every open file of the zone) and a
reviewer's (their own files in review)."""

from __future__ import annotations

import pytest

from devzone.approvals.bench import _busiest_reviewer, loadgen_applications, queue_floor
from devzone.core.bench import bench_user, floor_rows
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db


def test_the_queue_floors_fetch_each_queue_pages_rows_in_its_order_with_the_total():
    quiet = lambda _s: None  # noqa: E731
    made = loadgen(staff=30, enterprises=20, projects=30, zone_name="地板开发区", log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_applications(zone=zone, count=6000, log=quiet)
    reviewer = _busiest_reviewer(zone)
    for user, whose, pages in ((bench_user(zone), None, (1, 2)), (reviewer, reviewer, (1,))):
        c = make_client(user)
        for page in pages:
            shown = c.get(f"/approvals/queue/?page={page}").context["page"]
            rows = floor_rows(*queue_floor(zone, whose, page))
            assert rows and [r[0] for r in rows] == [a.pk for a in shown.object_list], (whose, page)
            assert all(r[-1] == shown.paginator.count for r in rows)
