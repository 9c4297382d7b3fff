"""The bench's floor of the problem list (issue 17): it fetches the rows the leader's problem list shows."""

from __future__ import annotations

import pytest

from devzone.core.bench import bench_user
from devzone.testing.clients import make_client
from devzone.testing.floors import assert_floor_is_the_page, quiet, small_zone

pytestmark = pytest.mark.django_db


def test_the_problem_floor_fetches_the_problem_lists_rows_in_its_order_with_the_total():
    from devzone.projects.bench import loadgen as loadgen_key_projects
    from devzone.projects.bench import problem_floor

    zone = small_zone(projects=40)
    loadgen_key_projects(zone=zone, count=8, seed=1, log=quiet)
    c = make_client(bench_user(zone))
    for page in (1, 2):
        assert_floor_is_the_page(c, f"/projects/problems/?page={page}", problem_floor(zone, page))
