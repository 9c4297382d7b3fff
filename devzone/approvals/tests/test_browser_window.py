"""The single window's first step in Chromium: the clerk sees each project's code state, finds an item by
typing, and picks a situation (情形引导) that ticks its items in the order of the process; a project without a
code is refused before any upload, and the choice is still there. Screenshots go to
``screenshots/window-*.png`` and ``docs/screenshots/window-*.png``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from devzone.approvals.demo_catalog import NEW_FACTORY, SITUATIONS, load_catalog
from devzone.approvals.models import ApprovalItem
from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS

# The pictures the docs show are refreshed on request (DEVZONE_DOCS_SCREENSHOTS=1), so that a test run does not
# rewrite tracked files; otherwise they go to the gitignored screenshots/ with the other browser tests' pictures.
DOCS_SHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("DEVZONE_DOCS_SCREENSHOTS") else "screenshots"
)


class Person(browser.Person):
    shot_prefix = "window"

    def docs_shot(self, name: str) -> None:
        browser.screenshot(self.page, DOCS_SHOTS / f"window-{name}.png")


chromium, person, person_class = browser.fixtures_for(Person)


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    load_catalog(zone)
    enterprise = f.EnterpriseFactory(zone=zone, name="济南智造新材料有限公司", contact_name="钱经理")
    coded = f.ProjectFactory(zone=zone, enterprise=enterprise, name="年产5万吨复合材料项目")
    uncoded = f.ProjectFactory(zone=zone, enterprise=enterprise, name="研发中心项目", project_code="")
    f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username="chuangkou", display_name="李明")
    return {"zone": zone, "coded": coded, "uncoded": uncoded}


def test_the_clerk_finds_items_by_situation_and_by_search(world, person, chromium):
    _browser, people = chromium
    clerk = person("clerk")
    clerk.log_in("chuangkou", "李明")
    clerk.goto("/approvals/intakes/new/")
    project = clerk.page.get_by_label("项目", exact=True)
    expect(project.locator("option", has_text="研发中心项目（无有效项目代码，不能受理）")).to_have_count(1)
    expect(project.locator("option", has_text=world["coded"].project_code)).to_have_count(1)

    # Search: only the items that match stay in sight.
    items = clerk.page.locator("#item-list [data-item-text]")
    total = items.count()
    clerk.page.get_by_label("搜索事项").fill("施工许可")
    visible = clerk.page.locator("#item-list [data-item-text]:visible")
    expect(visible).not_to_have_count(total)
    for label in visible.all():
        expect(label).to_contain_text("施工许可")
    clerk.shot("01-search")
    clerk.page.get_by_label("搜索事项").fill("")
    expect(clerk.page.locator("#item-list [data-item-text]:visible")).to_have_count(total)

    # 情形引导: the situation ticks its items and lists them in the order of the process.
    clerk.page.get_by_label("情形引导：按办事情形选择事项").select_option(label=f"{NEW_FACTORY}（19项）")
    guide = clerk.page.locator(".situation-guide:visible")
    expect(guide.locator("li")).to_have_count(len(SITUATIONS[NEW_FACTORY]))
    expect(guide.locator("li").first).to_contain_text("企业投资项目备案")
    expect(guide.locator("li").last).to_contain_text("建设工程竣工验收备案")
    ticked = clerk.page.locator("#item-list input[name=items]:checked")
    expect(ticked).to_have_count(len(SITUATIONS[NEW_FACTORY]))
    clerk.docs_shot("situation")
    clerk.shot("02-situation")

    # A project without a code: refused here, before any upload, with the items still ticked.
    project.select_option(label="研发中心项目（无有效项目代码，不能受理）")
    clerk.page.get_by_role("button", name="下一步：填写申请表").click()
    # the refusal sits on the project's field, which is marked invalid
    expect(clerk.page.locator("[data-error-for=project]")).to_contain_text(
        "尚无有效的投资项目代码，窗口不能受理"
    )
    expect(project).to_have_attribute("aria-invalid", "true")
    expect(clerk.page.locator("input[type=file]")).to_have_count(0)
    expect(ticked).to_have_count(len(SITUATIONS[NEW_FACTORY]))
    clerk.shot("03-refused")

    # The project with its code: the form, with the enterprise's contact as 经办人.
    clerk.page.get_by_label("项目", exact=True).select_option(value=str(world["coded"].pk))
    clerk.page.get_by_role("button", name="下一步：填写申请表").click()
    expect(clerk.page.get_by_label("经办人")).to_have_value("钱经理")
    expect(clerk.page.locator("[data-code=verified]")).to_be_visible()
    expect(clerk.page.locator("[data-preview=waiting]")).to_be_visible()
    clerk.docs_shot("form")
    assert ApprovalItem.objects.filter(zone=world["zone"], situations__contains=NEW_FACTORY).count() == len(
        SITUATIONS[NEW_FACTORY]
    )
    assert_no_trouble(people)


def test_on_a_phone_the_item_picker_is_folded_by_stage_not_a_wall(world, person, chromium):
    """~80 items were 4,545 px of check boxes at 390 px: the stages are folded there, a search opens those
    with hits; a situation ticks its items, lists them in its guide and each stage says how many it holds."""
    _browser, people = chromium
    clerk = person("clerk-phone", viewport=(390, 844))
    clerk.log_in("chuangkou", "李明")
    clerk.goto("/approvals/intakes/new/")
    page = clerk.page
    stages = page.locator("#item-list details.item-stage")
    assert stages.count() >= 3
    expect(page.locator("#item-list details.item-stage[open]")).to_have_count(0)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2000, height
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("搜索事项").fill("施工许可")
    hits = page.locator("#item-list [data-item-text]:visible")
    expect(hits.first).to_be_visible()
    for label in hits.all():
        expect(label).to_contain_text("施工许可")
    page.get_by_label("搜索事项").fill("")
    expect(page.locator("#item-list details.item-stage[open]")).to_have_count(0)

    page.get_by_label("情形引导：按办事情形选择事项").select_option(label=f"{NEW_FACTORY}（19项）")
    ticked = page.locator("#item-list input[name=items]:checked")
    expect(ticked).to_have_count(len(SITUATIONS[NEW_FACTORY]))
    expect(page.locator(".situation-guide:visible li")).to_have_count(len(SITUATIONS[NEW_FACTORY]))
    badges = page.locator("[data-stage-ticked]:visible")
    expect(badges.first).to_contain_text("已选")
    assert sum(int(t.split()[-1]) for t in badges.all_text_contents()) == len(SITUATIONS[NEW_FACTORY])
    clerk.shot("04-phone")
    browser.screenshot(page, DOCS_SHOTS / "window-phone.png")
    folded = page.evaluate("document.documentElement.scrollHeight")
    assert folded < 4000, folded
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    print(f"item picker at 390 px: {height} px folded, {folded} px with 新建厂房 ticked")
    assert_no_trouble(people)
