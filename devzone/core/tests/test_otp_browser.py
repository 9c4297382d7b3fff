"""The second factor in Chromium on a 390-px phone: enrollment (QR code, secret, code, recovery codes) and the
code on the next login, with no console errors and no policy violations. Screenshots:
``screenshots/otp-*.png``."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.otp import code_of

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("otp")
PHONE = (390, 844)


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    return f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username="zhuren", display_name="主任王强")


def test_a_leader_enrolls_on_a_phone_then_enters_a_code_at_the_next_login(person, world):
    p = person("leader", viewport=PHONE)
    p.submit_password("zhuren")
    expect(p.page).to_have_url(re.compile(r"/core/otp/enroll/"))
    expect(p.page.locator(".otp-qr svg")).to_be_visible()
    width = p.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE[0], width  # nothing wider than the phone
    p.shot("enroll")
    device = TOTPDevice.objects.get(user=world, confirmed=False)
    p.page.get_by_label("6位验证码").fill(code_of(device))
    p.page.get_by_role("button", name="确认绑定").click()
    expect(p.page.locator(".recovery-codes li")).to_have_count(10)
    p.shot("recovery-codes")
    p.page.get_by_role("link", name="我已保存，继续").click()
    expect(p.page.locator("header.navbar")).to_contain_text("主任王强")

    again = person("leader-again", viewport=PHONE)
    again.submit_password("zhuren")
    expect(again.page).to_have_url(re.compile(r"/core/otp/verify/"))
    again.page.get_by_label("验证码或恢复码").fill("000000" if code_of(device, 1) != "000000" else "111111")
    again.page.get_by_role("button", name="验证").click()
    expect(again.page.get_by_text("验证码不正确或已使用，请重试")).to_be_visible()
    again.shot("verify-refused")
    device.refresh_from_db()
    device.throttle_reset()
    again.page.get_by_label("验证码或恢复码").fill(code_of(device, 1))
    again.page.get_by_role("button", name="验证").click()
    expect(again.page.locator("header.navbar")).to_contain_text("主任王强")
    for who in person.people:
        assert not who.console_errors and not who.page_errors and not who.csp_violations, who
