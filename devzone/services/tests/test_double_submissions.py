"""Two identical submissions at the same moment (a double click, a retry) on PostgreSQL: an enterprise's
一企一策, a routing rule, the quarter's survey. Each is made once and every submission gets an answer the user can
read — the second plan save edits the same plan, the second survey is refused as opened already (409) — never
a server error from the unique constraint."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client

from devzone.core.errors import ConflictError, DomainError
from devzone.services.models import RoutingRule, SupportPlan, Survey
from devzone.services.services import plans as plan_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing.concurrency import run_in_threads
from devzone.testing.services import today

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def _server_errors(results) -> list:
    """What would be a 500: anything but a domain error (a 4xx the user reads)."""
    return [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]


def _this_quarter() -> tuple[int, int]:
    return today().year, (today().month - 1) // 3 + 1


def test_a_plan_saved_twice_at_once_is_one_plan(side_a):
    def save(_i):
        return plan_svc.plan_save(actor=side_a.leader, enterprise=side_a.enterprise, summary="稳岗扩产").pk

    results = run_in_threads(save, 4)
    assert not _server_errors(results), results
    plan = SupportPlan.objects.get(enterprise=side_a.enterprise)
    assert set(results) == {plan.pk} and plan.summary == "稳岗扩产"


def test_a_routing_rule_set_twice_at_once_is_one_rule(side_a):
    def route(_i):
        return plan_svc.routing_set(
            actor=side_a.leader, category="finance", department_id=side_a.economic.pk, deadline_days=3
        ).pk

    results = run_in_threads(route, 4)
    assert not _server_errors(results), results
    rule = RoutingRule.objects.get(zone=side_a.zone, category="finance")
    assert set(results) == {rule.pk} and rule.department == side_a.economic


def test_the_survey_opened_twice_at_once_is_one_survey_and_the_second_is_told(side_a):
    side_a.request("answered")
    year, quarter = _this_quarter()

    def open_(_i):
        return survey_svc.survey_open(
            actor=side_a.leader,
            year=year,
            quarter=quarter,
            closes_on=today() + dt.timedelta(days=10),
            department_ids=[side_a.department.pk],
        )[0].pk

    results = run_in_threads(open_, 4)
    assert not _server_errors(results), results
    survey = Survey.objects.get(zone=side_a.zone)
    assert [r for r in results if not isinstance(r, Exception)] == [survey.pk]
    refusals = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(r, ConflictError) and "已发起过" in r.message for r in refusals)


def test_the_api_answers_two_openings_at_once_with_201_and_409(client_for, side_a):
    side_a.request("answered")
    year, quarter = _this_quarter()
    session = client_for(side_a.leader).cookies["sessionid"].value
    body = json.dumps(
        {
            "year": year,
            "quarter": quarter,
            "closes_on": str(today() + dt.timedelta(days=10)),
            "departments": [side_a.department.pk],
        }
    )

    def send(_i):
        c = Client()
        c.cookies["sessionid"] = session
        r = c.post("/api/v1/services/surveys", body, content_type="application/json")
        return r.status_code

    statuses = run_in_threads(send, 3)
    assert sorted(statuses) == [201, 409, 409], statuses
    assert Survey.objects.filter(zone=side_a.zone).count() == 1
