"""The portfolio reads the same number of statements for a zone of few key projects as for one of many (issue 17:
the same query count for a small and a large zone): its rows come with the joins and the columns their table shows
(``selectors.PORTFOLIO_ROW``), none fetched row by row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.core.bench import bench_user
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.projects.bench import loadgen as loadgen_key_projects
from devzone.testing.clients import make_client
from devzone.testing.floors import quiet
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db


def portfolio_statements(zone_name: str, key_projects: int) -> tuple[int, str]:
    made = loadgen(staff=30, enterprises=20, projects=30, zone_name=zone_name, log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_key_projects(zone=zone, count=key_projects, seed=1, log=quiet)
    c = make_client(bench_user(zone))
    with CaptureQueriesContext(connection) as queries:
        response = c.get("/projects/portfolio/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr data-project=") == key_projects
    return len(queries), html


def test_the_portfolio_costs_the_same_statements_for_two_or_nine_key_projects():
    few, _ = portfolio_statements("少量项目开发区", 2)
    many, html = portfolio_statements("多数项目开发区", 9)
    assert few == many
    assert "万元" in html or "亿元" in html  # the investment column was read, not skipped


PAGES = (
    "/projects/agents/",
    "/projects/visits/",
    "/projects/problems/",
    "/projects/problems/statistics/",
    "/projects/dispatches/",
    "/api/v1/projects/key-projects",
    "/api/v1/projects/problems",
    "/api/v1/projects/visits",
    "/api/v1/projects/dispatches",
)


def page_statements(zone_name: str, key_projects: int) -> dict[str, int]:
    made = loadgen(staff=30, enterprises=20, projects=30, zone_name=zone_name, log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_key_projects(zone=zone, count=key_projects, seed=1, log=quiet)
    return statement_counts(make_client(bench_user(zone)), ((url, url) for url in PAGES))


def test_the_other_key_project_pages_and_lists_cost_the_same_statements_for_few_or_many_projects():
    """The agents' workload, the visits, the problems and their statistics, the dispatches, and the API lists:
    each key project brings its milestones, visits and problems (the bench's load), none read row by row."""
    assert page_statements("少量项目开发区", 2) == page_statements("多数项目开发区", 9)
