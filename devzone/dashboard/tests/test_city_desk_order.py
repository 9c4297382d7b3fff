"""The city officer's 我的工作台 starts with the city's own work (考核待公布, 产业规划空白, 改革简报, 开考比例,
资格审核, 竞聘公示 …) and then, under their own heading, the zones' operations it watches (超期办件, 严重滞后的重点
项目, 停滞的招商线索 …): the city's to-dos used to come after eight cards of the zones' operations."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.dashboard.views import ZONE_OPERATIONS

pytestmark = pytest.mark.django_db


def test_the_citys_own_work_comes_before_the_zones_operations(client_for, city_officer, zone_a):
    page = client_for(city_officer).get(reverse("dashboard:home"))
    html = page.content.decode()
    keys = re.findall(r'data-desk="([\w.]+)"', html)
    own = [k for k in keys if not k.startswith(ZONE_OPERATIONS)]
    watched = [k for k in keys if k.startswith(ZONE_OPERATIONS)]
    assert "planning.unpublished" in own and "planning.gaps" in own and watched
    assert keys == own + watched  # every item of the city's own before the first zone's operation
    zones_section = html.split('data-desk-group="zones"')[1]
    assert "各开发区运行情况" in zones_section and all(f'data-desk="{k}"' in zones_section for k in watched)
    assert not any(f'data-desk="{k}"' in zones_section for k in own)
    assert [e.key for e in page.context["desk"]] == keys  # the context's desk in the order shown


def test_a_zones_leader_keeps_one_desk(client_for, zone_a_leader):
    html = client_for(zone_a_leader).get(reverse("dashboard:home")).content.decode()
    assert 'data-desk-group="zones"' not in html and 'data-desk="projects.red"' in html
