"""People and accounts in Chromium: a zone leader creates a window clerk's account from the staff record, the
clerk opens the one-time link and must set their own password before logging in, then the leader deactivates
the clerk and the clerk's open session ends. Screenshots: ``screenshots/people-*.png``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
chromium, person = browser.chromium, browser.person
CLERK_PASSWORD = "Jinan-Window-2026"
PHONE = (390, 844)


class Person(browser.Person):
    shot_prefix = "people"


@pytest.fixture
def person_class():
    return Person


@pytest.fixture
def world(transactional_db):
    city = f.CityFactory(name="济南市", code="370100")
    zone = f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区")
    dept = f.DepartmentFactory(zone=zone, name="政务服务部")
    f.StaffFactory(zone=zone, department=dept, name="李晓窗", employee_no="JB0101")
    reviewer_staff = f.StaffFactory(zone=zone, department=dept, name="赵审批", employee_no="JB0102")
    f.user_with_role(
        Role.REVIEWER, zone=zone, staff=reviewer_staff, user__username="zhaosp", display_name="赵审批"
    )
    f.user_with_role(Role.AGENT, zone=zone, user__username="daiban", display_name="代办钱")
    ent = f.EnterpriseFactory(zone=zone, name="山东济北新材料有限公司")
    f.user_with_role(Role.ENTERPRISE_USER, enterprise=ent, user__username="xincailiao", display_name="企业孙")
    return f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="zhuren", display_name="主任王强")


def test_a_leader_creates_a_clerk_who_sets_a_password_then_is_deactivated(person, world):
    leader = person("leader")
    leader.log_in("zhuren", "主任王强")
    leader.goto("/core/people/")
    expect(leader.page.locator("table.people-list")).to_contain_text("赵审批")
    leader.shot("list")
    leader.page.get_by_role("link", name="新建账号").click()
    leader.page.get_by_label("用户名").fill("lixc")
    leader.page.get_by_label("角色").select_option(label="窗口受理人员")
    leader.page.get_by_label("工号").fill("JB0101")
    leader.page.get_by_role("button", name="新建").click()
    link = leader.page.locator("input.password-link").input_value()
    assert re.search(r"/accounts/set-password/[^/]+/[^/]+/$", link), link
    leader.shot("link")

    clerk = person("clerk", viewport=PHONE)  # the link is often opened on a phone
    clerk.goto("/")  # no password yet: nothing logs in
    clerk.page.get_by_label("用户名").fill("lixc")
    clerk.page.get_by_label("密码").fill(CLERK_PASSWORD)
    clerk.page.get_by_role("button", name="登录").click()
    expect(clerk.page).to_have_url(re.compile(r"/accounts/login/"))
    clerk.page.goto(link)
    expect(clerk.page).to_have_url(re.compile(r"/set-password/[^/]+/set-password/$"))  # token off the URL
    clerk.page.get_by_label("新密码", exact=True).fill("short")
    clerk.page.get_by_label("再次输入新密码").fill("short")
    clerk.page.get_by_role("button", name="设置密码").click()
    expect(clerk.page.get_by_text("密码太短，至少需要10个字符")).to_be_visible()
    assert clerk.page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]  # fits the phone
    clerk.shot("password-refused")
    clerk.page.get_by_label("新密码", exact=True).fill(CLERK_PASSWORD)
    clerk.page.get_by_label("再次输入新密码").fill(CLERK_PASSWORD)
    clerk.page.get_by_role("button", name="设置密码").click()
    expect(clerk.page).to_have_url(re.compile(r"/accounts/login/"))
    clerk.expect_message("密码已设置，请用新密码登录")
    clerk.page.get_by_label("用户名").fill("lixc")
    clerk.page.get_by_label("密码").fill(CLERK_PASSWORD)
    clerk.page.get_by_role("button", name="登录").click()
    expect(clerk.page.locator("header.navbar")).to_contain_text("李晓窗")
    clerk.page.goto(link)  # the link was used up
    expect(clerk.page.get_by_text("链接无效或已过期").first).to_be_visible()
    assert [e for e in clerk.console_errors if "400" in e] == clerk.console_errors != []  # the page says 400
    clerk.console_errors.clear()

    leader.page.get_by_role("link", name="完成").click()
    expect(leader.page.locator(".person-account")).to_contain_text("窗口受理人员")
    leader.page.get_by_role("link", name="停用账号（离岗）").click()
    leader.page.get_by_label("原因").fill("调往市政务服务中心")
    leader.page.get_by_role("button", name="停用").click()
    leader.expect_message("已停用账号：结束会话1个，撤销API令牌0个")
    expect(leader.page.locator(".audit-trail")).to_contain_text("调往市政务服务中心")
    leader.shot("detail")

    clerk.goto("/core/staff/")
    expect(clerk.page).to_have_url(re.compile(r"/accounts/login/"))
    browser.assert_no_trouble(person.people)
