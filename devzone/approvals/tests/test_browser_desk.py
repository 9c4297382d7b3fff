"""The enterprise's 办理中的申请 in Chromium, on a 390-px phone: the desk's count opens the list of exactly those
applications (one intake of three items is three rows, not the one intake), and the list fits the screen, a card
per file with each cell headed by its column; so does the project's 审批路径 it links to. Screenshots go to
``screenshots/desk-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.approvals import ItemFactory, submit
from devzone.testing.browser import assert_no_trouble

pytestmark = browser.MARKS

LONG_COMPANY = "济南市历城区高新技术产业开发区智能制造装备与先进复合新材料研发生产销售有限责任公司"
LONG_PROJECT = "年产5万吨高性能碳纤维增强热塑性复合材料及智能制造装备产业化基地建设项目（一期）"


class Person(browser.Person):
    shot_prefix = "desk"


chromium, person, person_class = browser.fixtures_for(Person)


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    enterprise = f.EnterpriseFactory(zone=zone, name=LONG_COMPANY)
    project = f.ProjectFactory(zone=zone, enterprise=enterprise, name=LONG_PROJECT)
    company = f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=enterprise, user__username="qiye", display_name="王经办"
    )
    names = ["建设工程规划许可证核发", "建筑工程施工许可证核发", "建设项目环境影响报告表审批"]
    intake = submit(company, project, [ItemFactory(zone=zone, name=n) for n in names])
    return {"intake": intake, "names": names}


def test_the_enterprise_opens_its_applications_in_progress_on_a_phone(world, person, chromium):
    _browser, people = chromium
    company = person("enterprise-phone", viewport=(390, 844))
    company.log_in("qiye", "王经办")
    item = company.page.locator('section.desk [data-desk="approvals.open"]')
    expect(item.locator("[data-desk-count]")).to_have_text("3")
    item.locator("a[href]").first.click()
    company.page.wait_for_load_state()
    rows = company.page.locator("tr[data-application]")
    expect(rows).to_have_count(3)
    for name in world["names"]:
        expect(rows.filter(has_text=name)).to_have_count(1)
    # a card per file: no heading row squeezed over six narrow columns, each cell headed by its column
    expect(company.page.locator("table thead")).to_be_hidden()
    expect(rows.first.locator('td[data-label="状态"]')).to_be_visible()
    company.page.evaluate("document.fonts.ready.then(() => true)")
    assert company.page.evaluate("document.documentElement.scrollWidth") <= 390
    hidden = company.page.evaluate(
        "Array.from(document.querySelectorAll('.table-responsive'))"
        ".filter((el) => el.scrollWidth > el.clientWidth + 1).length"
    )
    assert hidden == 0, "a table scrolls sideways: a column is out of sight"
    assert browser.accessibility_violations(company.page) == []
    company.shot("enterprise-in-progress")
    assert_no_trouble(people)


def test_the_enterprise_follows_its_approval_path_on_a_phone(world, person, chromium):
    """From its intake, 查看项目审批路径: a card per item, each cell headed by its column, and nothing to the right
    of the screen (the seven columns of a desk's table were 505 px wide)."""
    _browser, people = chromium
    company = person("enterprise-phone", viewport=(390, 844))
    company.log_in("qiye", "王经办")
    company.goto(f"/approvals/intakes/{world['intake'].pk}/")
    company.page.get_by_role("link", name="查看项目审批路径").click()
    company.page.wait_for_url(f"**/approvals/projects/{world['intake'].project_id}/path/")
    rows = company.page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    company.page.evaluate("document.fonts.ready.then(() => true)")
    company.fits()
    expect(company.page.locator("table thead")).to_be_hidden()
    for name in world["names"]:
        expect(rows.filter(has_text=name).locator('td[data-label="状态"]')).to_have_text("已提交")
    assert browser.accessibility_violations(company.page) == []
    company.shot("enterprise-path")
    assert_no_trouble(people)
