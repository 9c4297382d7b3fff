"""English complete (issue 14): with the language switched to English, every page of every role's main menu
shows no Chinese outside names and data — the labels, headings, buttons, table headers, empty states and
messages are all translated. Names and data are the world's own rows (zone, department, people, enterprise,
project), the GB/T 4754 industry names, and the language switcher's own bilingual label."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from devzone.core.choices import Role
from devzone.core.industries import DIVISIONS, SECTIONS
from devzone.dashboard.tests.test_browser_desks import CAST
from devzone.testing import factories as f
from devzone.testing.browser import jibei_zone

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]+")


class _Text(HTMLParser):
    """The visible text of a page: text nodes outside script/style, and the title, alt and placeholder texts."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def chinese_left(html: str, data: list[str]) -> set[str]:
    parser = _Text()
    parser.feed(html)
    left = set()
    for text in parser.parts:
        for d in sorted(data, key=len, reverse=True):
            text = text.replace(d, " ")
        left.update(CJK.findall(text))
    return left


@pytest.fixture
def world():
    zone = jibei_zone()
    dept = f.DepartmentFactory(zone=zone, name="综合服务部")
    enterprise = f.EnterpriseFactory(zone=zone, name="济南齐鲁智造有限公司")
    project = f.ProjectFactory(zone=zone, enterprise=enterprise, name="智能装备产业园项目")
    users = {}
    for role, username, name in CAST:
        where = {"city": zone.city} if role == Role.CITY_OFFICER else {"zone": zone}
        if role == Role.ENTERPRISE_USER:
            where = {"enterprise": enterprise}
        elif role != Role.CITY_OFFICER:
            where["staff"] = f.StaffFactory(zone=zone, department=dept, name=name)
        users[role] = f.user_with_role(role, **where, user__username=username, display_name=name)
    data = [
        zone.name,
        zone.short_name,
        zone.city.name,
        dept.name,
        enterprise.name,
        project.name,
        "简体中文",
        "语言",
    ]  # the switcher speaks both
    data += [name for _, _, name in CAST]
    # GB/T 4754 industry names are the national code list's own words, shown beside their code (reference data)
    data += list(DIVISIONS.values()) + [section[1] for section in SECTIONS]
    return users, data


def menu(html: str) -> list[str]:
    nav = html[html.index('id="navbar-menu"') :]
    nav = nav[: nav.index("</header>")] if "</header>" in nav else nav
    return [h for h in re.findall(r'class="(?:nav-link|dropdown-item)[^"]*" href="(/[^"#]*)"', nav)]


@pytest.mark.parametrize("role", [c[0] for c in CAST])
def test_no_chinese_outside_data_in_english(client_for, world, role):
    users, data = world
    c = client_for(users[role])
    c.cookies["devzone_language"] = "en"
    home = c.get("/").content.decode()
    found = {}
    for href in ["/", *menu(home)]:
        r = c.get(href, follow=True)
        left = chinese_left(r.content.decode(), data)
        if left:
            found[href] = sorted(left)
    assert found == {}, "\n".join(f"{k}: {' '.join(v)}" for k, v in found.items())
