"""The bench's floor of the problem list (issue 17): one hand-written query that fetches the very rows the
leader's problem list shows, in its order, with the total its pager prints."""

from __future__ import annotations

import pytest

from devzone.core.bench import PAGE_SIZE, bench_user, floor_rows
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db


def test_the_problem_floor_fetches_the_problem_lists_rows_in_its_order_with_the_total():
    from devzone.projects.bench import loadgen as loadgen_key_projects
    from devzone.projects.bench import problem_floor

    quiet = lambda _s: None  # noqa: E731
    made = loadgen(staff=30, enterprises=20, projects=40, zone_name="地板开发区", log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_key_projects(zone=zone, count=8, seed=1, log=quiet)
    c = make_client(bench_user(zone))
    for page in (1, 2):
        shown = c.get(f"/projects/problems/?page={page}").context["page"]
        rows = floor_rows(*problem_floor(zone, page))
        assert [r[0] for r in rows] == [p.pk for p in shown.object_list], page
        assert len(rows) == PAGE_SIZE and all(r[-1] == shown.paginator.count for r in rows)
