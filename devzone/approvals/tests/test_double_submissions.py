"""Two intakes of the same item for the same project at the same moment (a double click on 提交, a retry, or the
enterprise and the window clerk at once) on PostgreSQL: one application is opened, and every other submission
is told “已有在办的申请” (400 in the API), never a second open file and never a server error. Intakes take
turns on the project's row (``intake_submit``), and the database holds one open file of an item for a project
(``approvals_one_open_application_per_item``)."""

from __future__ import annotations

import pytest
from django.db import connection

from devzone.approvals.choices import OPEN_STATUSES
from devzone.approvals.models import Application
from devzone.core.errors import DomainError
from devzone.testing.approvals import post_json, submit
from devzone.testing.concurrency import run_in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

API = "/api/v1/approvals"


def _server_errors(results) -> list:
    """What would be a 500: anything but a domain error (a 4xx the user reads)."""
    return [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]


def _open_files(project, item) -> int:
    return Application.objects.filter(project=project, item=item, status__in=OPEN_STATUSES).count()


def test_an_intake_submitted_four_times_at_once_opens_the_item_once(company_user, project_a, item):
    results = run_in_threads(lambda _i: submit(company_user, project_a, [item]).pk, 4)
    assert not _server_errors(results), results
    assert _open_files(project_a, item) == 1, results
    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(refusals) == 3 and all("已有在办的申请" in r.message for r in refusals), refusals


def test_the_enterprise_and_the_window_at_once_open_the_item_once(company_user, clerk, project_a, item):
    """The enterprise submits online while the clerk enters the same item at the window for it."""
    people = [company_user, clerk]
    results = run_in_threads(lambda i: submit(people[i], project_a, [item]).pk, 2)
    assert not _server_errors(results), results
    assert _open_files(project_a, item) == 1, results


def test_the_api_answers_two_intakes_at_once_with_201_and_400(company_user, project_a, item):
    from devzone.core.services.tokens import token_create
    from devzone.testing.clients import make_client

    _token, raw = token_create(actor=company_user, name="对接系统", days_valid=30)
    body = {
        "project": project_a.pk,
        "items": [item.pk],
        "applicant_name": "张经办",
        "applicant_phone": "13800000000",
    }

    def send(_i):
        c = make_client()
        c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        r = post_json(c, f"{API}/intakes", body)
        return r.status_code, r.json().get("title", "")

    answers = run_in_threads(send, 3)
    assert sorted(status for status, _title in answers) == [201, 400, 400], answers
    assert all("已有在办的申请" in title for status, title in answers if status == 400), answers
    assert _open_files(project_a, item) == 1
