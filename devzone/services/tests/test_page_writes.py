"""The pages that post to the services' writes with their form's fields (mapped by ``service_arguments``):
the settings page's routing rule, an enterprise's 一企一策 and its measures, and a quarter's survey."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.services.models import RoutingRule, SupportPlan, Survey
from devzone.testing.services import this_quarter, today

pytestmark = pytest.mark.django_db


def test_it_saves_a_routing_rule_posted_on_the_settings_page(client_for, side_a):
    page = client_for(side_a.leader).post(
        reverse("services:settings"),
        {"form": "routing", "category": "land", "department": side_a.economic.pk, "deadline_days": 3},
    )
    assert page.status_code == 302
    rule = RoutingRule.objects.get(zone=side_a.zone, category="land")
    assert (rule.department_id, rule.deadline_days) == (side_a.economic.pk, 3)


def test_it_saves_a_plan_and_its_measures_posted_on_the_enterprise_file(client_for, side_a):
    c = client_for(side_a.leader)
    ent = side_a.enterprise.pk
    r = c.post(reverse("services:plan_edit", args=[ent]), {"summary": "帮扶思路", "owner": side_a.officer.pk})
    assert r.status_code == 302
    plan = SupportPlan.objects.get(enterprise=side_a.enterprise)
    assert (plan.summary, plan.owner_id) == ("帮扶思路", side_a.officer.pk)
    measure = {
        "title": "协调用工",
        "detail": "",
        "department": side_a.economic.pk,
        "owner": side_a.officer.pk,
    }
    assert c.post(reverse("services:measure_add", args=[ent]), measure).status_code == 302
    added = plan.measures.get()
    assert (added.title, added.department_id, added.owner_id) == (
        "协调用工",
        side_a.economic.pk,
        side_a.officer.pk,
    )
    assert c.post(reverse("services:measure_update", args=[added.pk]), {"status": "done"}).status_code == 302
    added.refresh_from_db()
    assert added.status == "done"


def test_it_opens_a_survey_of_the_departments_posted(client_for, side_a):
    side_a.application()  # a served enterprise, to receive a link
    year, quarter = this_quarter()
    page = client_for(side_a.leader).post(
        reverse("services:survey_new"),
        {"year": year, "quarter": quarter, "closes_on": today(), "departments": [side_a.economic.pk]},
    )
    survey = Survey.objects.get(zone=side_a.zone, year=year, quarter=quarter)
    assert page.status_code == 302 and page["Location"] == survey.get_absolute_url()  # its send-out list
    assert [d.pk for d in survey.departments.all()] == [side_a.economic.pk]
