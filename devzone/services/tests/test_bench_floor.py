"""The bench's floors of the request and rating lists (issue 17): each fetches the rows the leader's page shows."""

from __future__ import annotations

import pytest

from devzone.core.bench import bench_user, floor, floor_rows
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


def test_the_enterprise_files_floor_reads_each_sections_rows_in_the_pages_order():
    """``enterprise_file_floor`` is one statement for the file's sections: the same rows, in the same order, as
    the page's selector gives zone staff, with the milestones reached of all and the plan's measures."""
    from devzone.services import enterprise_file as files
    from devzone.services.bench import enterprise_file_floor
    from devzone.services.services import plans
    from devzone.testing.services import enterprise_with_history

    zone, enterprise = enterprise_with_history("地板档案开发区", projects=3, applications=8, requests=6)
    leader = bench_user(zone)
    plan = plans.plan_save(actor=leader, enterprise=enterprise, summary="一企一策")
    for title in ("用地协调", "融资对接"):
        plans.measure_add(actor=leader, plan=plan, title=title)
    page = files.enterprise_file(user=leader, enterprise=enterprise)
    floor = floor_rows(*enterprise_file_floor(enterprise))

    def ids(section):
        return [row[1] for row in floor if row[0] == section]

    assert ids("project") == [row["project"].pk for row in page["projects"]]
    assert ids("key") == sorted(row["tracking"].pk for row in page["projects"] if row["tracking"])
    assert [(r[1], r[6], r[7]) for r in floor if r[0] == "milestones"] == sorted(
        (row["project"].pk, row["total"], row["reached"]) for row in page["projects"] if row["total"]
    )
    for section, rows in (
        ("visit", page["visits"]),
        ("problem", page["problems"]),
        ("application", page["applications"]),
        ("request", page["requests"]),
        ("rating", page["ratings"]),
        ("plan", page["measures"]),
    ):
        assert ids(section) == [x.pk for x in rows], section
    assert ids("key") and ids("visit") and ids("application") and ids("request") and len(ids("plan")) == 2
