"""修改密码 in Chromium, on a 390-px phone: an enterprise user opens it from the user menu, mistypes the current
password, then changes it; they stay logged in on the phone while their session on another computer ends, and
the new password is the one that logs in. Screenshots: ``screenshots/password-*.png``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("password")
PHONE = (390, 844)
NEW = "Quancheng-Spring-2026"


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    ent = f.EnterpriseFactory(zone=zone, name="山东济北新材料有限公司")
    return f.user_with_role(
        Role.ENTERPRISE_USER, enterprise=ent, user__username="xincailiao", display_name="企业孙"
    )


def fits(p) -> bool:
    return p.page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def test_an_enterprise_user_changes_their_password_on_a_phone(person, world):
    desk = person("desk")  # the same person's office computer, logged in too
    desk.log_in("xincailiao", "企业孙")
    phone = person("phone", viewport=PHONE)
    phone.log_in("xincailiao", "企业孙")
    phone.page.locator("header.navbar .dropdown-toggle").filter(has_text="企业孙").click()
    phone.page.get_by_role("link", name="修改密码").click()
    expect(phone.page).to_have_url(re.compile(r"/core/account/password/$"))
    assert fits(phone)
    assert browser.accessibility_violations(phone.page) == []
    phone.shot("page")

    phone.page.get_by_label("当前密码").fill("Not-My-Password-1")
    phone.page.get_by_label("新密码", exact=True).fill(NEW)
    phone.page.get_by_label("再次输入新密码").fill(NEW)
    phone.page.get_by_role("button", name="修改密码").click()
    expect(phone.page.get_by_text("当前密码不正确")).to_be_visible()
    assert fits(phone)
    phone.shot("wrong")

    phone.page.get_by_label("当前密码").fill(f.PASSWORD)
    phone.page.get_by_label("新密码", exact=True).fill(NEW)
    phone.page.get_by_label("再次输入新密码").fill(NEW)
    phone.page.get_by_role("button", name="修改密码").click()
    phone.expect_message("密码已修改，其他设备上的登录已退出。")
    expect(phone.page.locator("header.navbar")).to_contain_text("企业孙")  # still logged in on the phone
    phone.shot("done")

    desk.goto("/core/project/")
    expect(desk.page).to_have_url(re.compile(r"/accounts/login/"))  # the other computer's session ended
    desk.page.get_by_label("用户名").fill("xincailiao")
    desk.page.get_by_label("密码").fill(NEW)
    desk.page.get_by_role("button", name="登录").click()
    expect(desk.page.locator("header.navbar")).to_contain_text("企业孙")
    browser.assert_no_trouble(person.people)
