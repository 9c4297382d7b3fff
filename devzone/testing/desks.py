"""One person of every role in one zone (济北), for the tests that walk every role's desk and menu: in a browser
(dashboard/tests/test_browser_desks.py) and in English (dashboard/tests/test_english.py)."""

from __future__ import annotations

from dataclasses import dataclass

from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.browser import jibei_zone

# (role, username, display name)
CAST = [
    (Role.ZONE_LEADER, "lingdao", "赵主任"),
    (Role.DEPARTMENT_HEAD, "buzhang", "孙部长"),
    (Role.INVESTMENT_OFFICER, "zhaoshang", "钱招商"),
    (Role.WINDOW_CLERK, "chuangkou", "李明"),
    (Role.REVIEWER, "shencha", "张华"),
    (Role.AGENT, "daiban", "周专员"),
    (Role.TALLY_STAFF, "jifen", "吴计分"),
    (Role.PERSONNEL_OFFICER, "renshi", "郑人事"),
    (Role.CITY_OFFICER, "shiji", "冯市级"),
    (Role.ENTERPRISE_USER, "qiye", "王经办"),
]


@dataclass
class DeskWorld:
    users: dict  # role -> user
    names: list[str]  # every name the world's rows show (zone, city, department, enterprise, project, people)


def desk_world() -> DeskWorld:
    zone = jibei_zone()
    dept = f.DepartmentFactory(zone=zone, name="综合服务部")
    enterprise = f.EnterpriseFactory(zone=zone, name="济南齐鲁智造有限公司")
    project = f.ProjectFactory(zone=zone, enterprise=enterprise, name="智能装备产业园项目")
    users = {}
    for role, username, name in CAST:
        if role == Role.ENTERPRISE_USER:
            where = {"enterprise": enterprise}
        elif role == Role.CITY_OFFICER:
            where = {"city": zone.city}
        else:
            where = {"zone": zone, "staff": f.StaffFactory(zone=zone, department=dept, name=name)}
        users[role] = f.user_with_role(role, **where, user__username=username, display_name=name)
    names = [zone.name, zone.short_name, zone.city.name, dept.name, enterprise.name, project.name]
    return DeskWorld(users=users, names=names + [name for _, _, name in CAST])
