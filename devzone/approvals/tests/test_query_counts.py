"""The queue, the desk and the applications API cost a fixed number of queries, whatever the number of files they
show: a zone with two files in review against one with seven, each file of its own item, project and enterprise,
one with its promised clock paused for a 补正 (a query per row — a project, a clock's pauses, an item's steps —
would show)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.approvals.services import intake as svc
from devzone.core.bench import logged_in
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import MONDAY, ItemFactory, accepted, bearer

pytestmark = pytest.mark.django_db

PAGES = ["/approvals/queue/", "/approvals/queue/?status=in_review", "/"]
API = ["/api/v1/approvals/applications"]


def files_in_review(zone, clerk, reviewer, start: int, n: int):
    """``n`` more files accepted into review, each of its own item, project and enterprise; the first of them
    paused for a 补正 asked by the reviewer."""
    made = []
    for i in range(start, start + n):
        project = f.ProjectFactory(zone=zone)
        company = f.user_with_role(
            Role.ENTERPRISE_USER, enterprise=project.enterprise, user__username=f"qc_company{i}"
        )
        made.append(accepted(company, clerk, reviewer, project, ItemFactory(zone=zone)))
    svc.application_request_supplement(actor=reviewer, application=made[0], missing="补充材料", on=MONDAY)
    return made


def queries(client, url: str) -> int:
    client.get(url)  # once before: what a process reads once (the calendar, the menu) is not the page's cost
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.parametrize("who", ["zone_a_leader", "reviewer"])
def test_the_queue_and_the_desk_cost_the_same_queries_for_few_or_many_files(
    request, zone_a, clerk, reviewer, who
):
    client = logged_in(request.getfixturevalue(who))  # past the second factor, where the role needs one
    files_in_review(zone_a, clerk, reviewer, 0, 2)
    few = {url: queries(client, url) for url in PAGES}
    files_in_review(zone_a, clerk, reviewer, 2, 5)
    many = {url: queries(client, url) for url in PAGES}
    assert many == few
    page = client.get("/approvals/queue/").content.decode()
    assert page.count("data-application=") == 7
    assert page.count('data-clock-kind="legal"') + page.count('data-clock-kind="promised"') == 7


def test_the_applications_api_costs_the_same_queries_for_few_or_many_files(
    zone_a, clerk, reviewer, zone_a_leader
):
    api = bearer(zone_a_leader)
    files_in_review(zone_a, clerk, reviewer, 0, 2)
    few = {url: queries(api, url) for url in API}
    files_in_review(zone_a, clerk, reviewer, 2, 5)
    assert {url: queries(api, url) for url in API} == few
