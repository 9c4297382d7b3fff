"""The settings page (分派规则 and 设置): a zone leader's posted routing rule is saved through its service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.services.models import RoutingRule

pytestmark = pytest.mark.django_db


def test_it_saves_a_routing_rule_posted_on_the_settings_page(client_for, side_a):
    page = client_for(side_a.leader).post(
        reverse("services:settings"),
        {"form": "routing", "category": "land", "department": side_a.economic.pk, "deadline_days": 3},
    )
    assert page.status_code == 302
    rule = RoutingRule.objects.get(zone=side_a.zone, category="land")
    assert (rule.department_id, rule.deadline_days) == (side_a.economic.pk, 3)
