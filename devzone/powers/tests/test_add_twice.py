"""添加 on a draft's page carried no version, unlike 修改, 删除 and 公布: a double click, or the form sent again after
a slow answer, added the same power twice, and the list was published with it twice. The add form now carries the
draft's version its page showed (every change of the draft raises it): the second post is refused (409), said
above the form, and nothing is added."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.powers import services
from devzone.powers.models import Power
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def _power(dept) -> dict:
    return {
        "kind": "licensing",
        "name": "建筑工程施工许可",
        "legal_basis": "《中华人民共和国建筑法》第八条",
        "department": dept.pk,
        "accountability": "逾期不决定的，依法追责",
    }


def _hidden_fields(c, draft) -> dict:
    """The hidden fields of the draft page's 添加 form as the page shows them now (its version)."""
    page = c.get(reverse("powers:list_detail", args=[draft.pk])).content.decode()
    action = reverse("powers:power_add", args=[draft.pk])
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S).group(1)
    seen = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    seen.pop("csrfmiddlewaretoken", None)
    return seen


def test_it_adds_a_power_posted_twice_from_one_page_once(client_for, zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    c = client_for(zone_a_leader)
    action = reverse("powers:power_add", args=[draft.pk])
    body = {**_hidden_fields(c, draft), **_power(dept)}
    first = c.post(action, body, follow=True)
    second = c.post(action, body, follow=True)  # the double click
    assert Power.objects.filter(power_list=draft).count() == 1
    assert any("已添加权力事项" in str(m) for m in first.context["messages"])
    assert any("刷新" in str(m) for m in second.context["messages"])
    # read again, the page adds the next power
    c.post(action, {**body, **_hidden_fields(c, draft), "name": "建设工程规划许可"})
    assert Power.objects.filter(power_list=draft).count() == 2


def test_a_page_that_sends_no_version_adds_nothing(client_for, zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="行政审批部")
    draft = services.draft_open(actor=zone_a_leader, zone=zone_a)
    body = _power(dept)
    r = client_for(zone_a_leader).post(reverse("powers:power_add", args=[draft.pk]), body, follow=True)
    assert not Power.objects.filter(power_list=draft).exists()
    assert any("页面已过期" in str(m) for m in r.context["messages"])
