"""English complete (issue 14): a user who chooses English in the header's switcher walks the main menu of three
roles (the leader, the clerk, the enterprise) and reads no Chinese outside names and data: the zone's, the
people's, the enterprise's and the project's names of the world, the messages' titles, and anything inside an
element marked as data (``data-content`` or ``lang="zh…"``, e.g. the language switcher's 简体中文)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.industries import DIVISIONS, SECTIONS
from devzone.dashboard.tests.test_browser_desks import CAMPAIGNS, CAST, menu_links, world  # noqa: F401 (fixture)
from devzone.testing import browser

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("english")

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Names and data of the world (test_browser_desks.world), never translated.
DATA = sorted(
    {
        "济南济北经济开发区管理委员会",
        "济南济北经济开发区",
        "济北经济开发区",
        "济南新材料产业园区",
        "新材料产业园区",
        "济南市",
        "综合服务部",
        "济南齐鲁智造有限公司",
        "智能装备产业园项目",
        "时间核对消息",
        "简体中文",  # the language switcher names each language in itself, so a reader finds theirs
        "语言",
        *(name for _role, _u, name in CAST),
        *CAMPAIGNS,
        # GB/T 4754 industry names: the national code list's own words, beside their code (reference data)
        *DIVISIONS.values(),
        *(section[1] for section in SECTIONS),
    },
    key=len,
    reverse=True,
)
# The text of the page outside data: the text nodes, skipping scripts, styles and marked data.
TEXT_OUTSIDE_DATA = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("script, style, [data-content], [lang^='zh']")) continue;
    const text = n.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll("[title], [placeholder], [aria-label]")) {
    if (el.closest("[data-content], [lang^='zh']")) continue;
    for (const a of ["title", "placeholder", "aria-label"]) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  return out;
}"""


def chinese_outside_data(page) -> list[str]:
    found = []
    for text in page.evaluate(TEXT_OUTSIDE_DATA):
        for name in DATA:
            text = text.replace(name, "")
        if HAN.search(text):
            found.append(text[:80])
    return sorted(set(found))


WALKERS = [c for c in CAST if c[0] in (Role.ZONE_LEADER, Role.WINDOW_CLERK, Role.ENTERPRISE_USER)]


@pytest.mark.parametrize("role,username,name", WALKERS, ids=[w[0] for w in WALKERS])
def test_in_english_the_menus_show_no_chinese_outside_names_and_data(
    world,  # noqa: F811 (the fixture imported above)
    person,
    role,
    username,
    name,
):
    p = person(role, viewport=(1440, 900))
    p.log_in(username, name)
    switcher = p.page.locator("header .lang-switcher select[name=language]")
    p.page.wait_for_load_state()  # app.js (deferred) has bound the switcher's autosubmit
    with p.page.expect_navigation(timeout=60_000):
        switcher.select_option("en")  # the switcher submits itself; the page comes back in English
    expect(p.page.locator("html")).to_have_attribute("lang", "en", timeout=60_000)
    pages = [("desk", "/")] + menu_links(p.page)
    chinese = {}
    for _label, href in pages:
        p.page.goto(p.url(href))
        left = chinese_outside_data(p.page)
        if left:
            chinese[href] = left
    assert not chinese, chinese
