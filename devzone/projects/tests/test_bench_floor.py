"""The bench's floor of the problem list (issue 17): it fetches the rows the leader's problem list shows."""

from __future__ import annotations

import pytest

from devzone.core.bench import bench_user, floor_rows
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


def test_the_portfolio_floor_fetches_its_rows_worst_first_fifty_a_page_with_the_total():
    from devzone.projects.bench import PORTFOLIO_PAGE, portfolio_floor
    from devzone.projects.bench import loadgen as loadgen_key_projects
    from devzone.projects.choices import Colour

    zone = small_zone(projects=70)
    loadgen_key_projects(zone=zone, count=60, seed=1, log=quiet)
    c = make_client(bench_user(zone))
    statuses = floor_rows(*portfolio_floor(zone))
    assert len(statuses) == PORTFOLIO_PAGE
    assert_floor_is_the_page(c, "/projects/portfolio/", portfolio_floor(zone), full=False)
    assert_floor_is_the_page(c, "/projects/portfolio/?page=2", portfolio_floor(zone, 2), full=False)
    for colour in Colour.values:  # one colour's projects: the filter the bench also times
        if floor_rows(*portfolio_floor(zone, status=colour)):
            assert_floor_is_the_page(
                c, f"/projects/portfolio/?status={colour}", portfolio_floor(zone, status=colour), full=False
            )


def test_the_overdue_problem_floor_and_the_key_project_api_floor_fetch_what_their_pages_list():
    from devzone.core.bench import floor
    from devzone.projects.bench import loadgen as loadgen_key_projects
    from devzone.projects.bench import overdue_floor
    from devzone.projects.models import KeyProject

    zone = small_zone(projects=40)
    loadgen_key_projects(zone=zone, count=8, seed=1, log=quiet)
    c = make_client(bench_user(zone))
    assert_floor_is_the_page(c, "/projects/problems/?status=overdue", overdue_floor(zone), full=False)
    api = c.get("/api/v1/projects/key-projects?page=1").json()
    rows = floor_rows(*floor(KeyProject, zone, ordering=["project__name", "id"]))
    project_of = dict(KeyProject.objects.filter(zone=zone).values_list("id", "project_id"))
    assert rows and [project_of[r[0]] for r in rows] == [item["project"] for item in api["items"]]
    assert all(r[-1] == api["count"] for r in rows)
