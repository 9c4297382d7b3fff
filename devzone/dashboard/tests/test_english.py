"""English complete (issue 14): with the language switched to English, every page of every role's main menu
shows no Chinese outside names and data — the labels, headings, buttons, table headers, empty states and
messages are all translated. Names and data are the world's own rows (zone, department, people, enterprise,
project), the GB/T 4754 industry names, and the language switcher's own bilingual label."""

from __future__ import annotations

import re

import pytest

from devzone.core.industries import DIVISIONS, SECTIONS
from devzone.testing.desks import CAST, desk_world
from devzone.testing.english import chinese_left

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = desk_world()
    # names and data: the world's rows, GB/T 4754 industry names (the national code list's own words, shown beside
    # their code) and the language switcher's bilingual label
    names = (
        world.names + list(DIVISIONS.values()) + [section[1] for section in SECTIONS] + ["简体中文", "语言"]
    )
    return world.users, names


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
