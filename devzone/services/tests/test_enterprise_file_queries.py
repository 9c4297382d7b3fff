"""The enterprise file (一企一策档案) reads the same statements for an enterprise with little history as for one with
much (issue 17: the same query count for a small and a large zone): each section comes with the columns it shows
(``enterprise_file.FILE_*``) and its relations joined, none read row by row, and the milestones are counted by the
database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.core.bench import bench_user
from devzone.projects.models import KeyProject, Milestone
from devzone.testing.clients import make_client
from devzone.testing.services import enterprise_with_history

pytestmark = pytest.mark.django_db


def file_page(zone_name: str, *, projects: int, applications: int, requests: int):
    zone, enterprise = enterprise_with_history(
        zone_name, projects=projects, applications=applications, requests=requests
    )
    c = make_client(bench_user(zone))
    with CaptureQueriesContext(connection) as queries:
        response = c.get(f"/services/enterprises/{enterprise.pk}/")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as api_queries:
        answer = c.get(f"/api/v1/services/enterprises/{enterprise.pk}/file")
    assert answer.status_code == 200, answer.content
    return (len(queries), len(api_queries)), response.content.decode(), zone


def test_the_file_costs_the_same_statements_for_little_or_much_history():
    few, _, _ = file_page("少量档案开发区", projects=1, applications=2, requests=2)
    many, html, zone = file_page("多数档案开发区", projects=4, applications=12, requests=10)
    assert few == many
    # every section was read and shown, not skipped: the key projects' milestones counted (reached of all)
    key = KeyProject.objects.filter(zone=zone).select_related("project", "agent").first()
    milestones = Milestone.objects.filter(project=key.project)
    reached = milestones.filter(actual_on__isnull=False).count()
    assert f"{reached}/{milestones.count()}" in html
    assert key.project.name in html and key.agent.name in html
    assert html.count('href="/approvals/applications/') == 12
