"""Menus show only what their user may open: every module link in the main navigation opens for that user
(never a 403), and a module the role has no part in is not offered."""

from __future__ import annotations

import re

import pytest

from devzone.core.choices import ZONE_STAFF, Role
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db

ZONE_ROLES = list(ZONE_STAFF)


def nav_links(html: str) -> dict[str, str]:
    nav = html[html.index('id="navbar-menu"') :]
    nav = nav[: nav.index("</ul>")]
    return {
        label: href for href, label in re.findall(r'class="nav-link" href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    }


def user_for(role, zone, enterprise=None):
    if role == Role.ENTERPRISE_USER:
        return f.user_with_role(role, enterprise=enterprise)
    if role == Role.CITY_OFFICER:
        return f.user_with_role(role, city=zone.city)
    return f.user_with_role(role, zone=zone)


@pytest.mark.parametrize("role", [*ZONE_ROLES, Role.CITY_OFFICER, Role.ENTERPRISE_USER])
def test_every_module_in_the_menu_opens_for_its_user(role, zone_a, enterprise_a, client_for):
    client = client_for(user_for(role, zone_a, enterprise_a))
    links = nav_links(client.get("/").content.decode())
    assert "首页" in links
    for label, href in links.items():
        resp = client.get(href, follow=True)
        assert resp.status_code == 200, f"{role}: {label} ({href}) answers {resp.status_code}"


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        (Role.INVESTMENT_OFFICER, {"大招商"}, set()),
        (Role.WINDOW_CLERK, {"大审批"}, {"大招商"}),
        (Role.REVIEWER, {"大审批"}, {"大招商"}),
        (Role.AGENT, {"大服务"}, {"大招商"}),
        (Role.TALLY_STAFF, {"绩效考核"}, {"大招商", "市级统筹"}),
        (Role.INVESTMENT_OFFICER, {"大招商"}, {"市级统筹"}),
        (Role.ZONE_LEADER, {"市级统筹", "绩效考核"}, set()),
        (Role.CITY_OFFICER, {"市级统筹"}, set()),
        (Role.ENTERPRISE_USER, {"大审批", "大服务"}, {"大招商", "绩效考核", "人事", "市级统筹"}),
    ],
)
def test_a_role_is_offered_its_modules_and_not_the_others(
    role, offered, not_offered, zone_a, enterprise_a, client_for
):
    links = nav_links(client_for(user_for(role, zone_a, enterprise_a)).get("/").content.decode())
    assert offered <= set(links) and not (not_offered & set(links))
