"""The foundation's browser test: a zone leader works through the real pages in Debian's Chromium.

The demo city (``devzone.core.demo.loader``) is loaded into the test database and served by pytest-django's
``live_server``. In the browser the leader logs in, switches the language to English and back with the
header switcher (a ``<select data-autosubmit>`` driven by static JS, so this also proves the JS runs under the
Content-Security-Policy), opens the staff list from the navigation dropdown (Tabler's JS), searches, opens a
staff member, edits the phone number and education, and sees the success message, the new values and the
audit entry. A second test submits an invalid phone number and checks that nothing changed.

Every test collects the browser's console errors and its ``securitypolicyviolation`` events: a CSP
violation means a page broke the policy, and fails the test.

Screenshots go to ``screenshots/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from devzone.core import audit
from devzone.core import models as m
from devzone.core.choices import AuditAction, Education
from devzone.core.demo import loader
from devzone.testing import browser as harness
from devzone.testing.otp import authenticator_for

# transaction=True: the live server's thread must see the rows the test commits. serialized_rollback=True:
# the flush after a transactional test also empties the tables a data migration filled (industries, content
# types); the serialized copy puts them back before each of these tests, so the second one can load the demo.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EN_CATALOG = Path(settings.BASE_DIR) / "devzone" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
ZONE = "济北经济开发区"
LEADER = "leader"
LEADER_NAME = "济北管委会主任"  # the demo leader's display name: the audit trail names the actor by it
PHONE_ERROR = "手机号应为以1开头的11位数字"

# The shared live-server machinery (devzone/testing/browser.py): Chromium, one browser context per person.
chromium, person = harness.chromium, harness.person


class Browser(harness.Person):
    """One logged-out browser tab on the live server, with everything the pages complained about."""

    shot_prefix = "browser"

    def assert_no_csp_trouble(self) -> None:
        csp_console = [e for e in self.console_errors if "Content Security Policy" in e]
        assert not self.csp_violations, f"pages broke the Content-Security-Policy: {self.csp_violations}"
        assert not csp_console, f"console reports CSP violations: {csp_console}"
        assert not self.page_errors, f"uncaught JavaScript errors: {self.page_errors}"


@pytest.fixture
def person_class():
    return Browser


@pytest.fixture
def world(transactional_db):
    """The real demo city's core (济南市, its zones, 济北's organisation, staff, enterprises and projects, the demo
    accounts), committed so the live server sees it. The modules' parts are not needed here; the whole demo is
    loaded by test_demo_city."""
    return loader.load(2019, steps=())


@pytest.fixture
def browser(person) -> Browser:
    return person(LEADER, viewport=(1366, 860), locale="en-US", timeout=15_000)


def log_in(b: Browser, username: str) -> None:
    """Log in through the login page, the way a person does."""
    device = authenticator_for(username)
    response = b.page.goto(b.url("/"))
    # Anonymous: redirected to the login page, which is served with the enforced policy; in Chinese although
    # the browser asks for English (Accept-Language en-US): the language is the user's choice, not the browser's.
    expect(b.page).to_have_url(re.compile(r"/accounts/login/"))
    expect(b.page.locator("html")).to_have_attribute("lang", "zh-hans")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    b.page.get_by_label("用户名").fill(username)
    b.page.get_by_label("密码").fill(loader.DEMO_PASSWORD)
    b.shot("01-login")
    b.page.get_by_role("button", name="登录").click()
    b.pass_second_factor(device)
    expect(b.page).to_have_url(b.url("/"))
    expect(b.page.locator("header.navbar")).to_contain_text(LEADER_NAME)


def detail_value(page: Page, label: str) -> Locator:
    """The <dd> next to the <dt> ``label`` on a detail page."""
    return (
        page.locator("dl dt")
        .filter(has_text=re.compile(f"^{re.escape(label)}$"))
        .locator("xpath=following-sibling::dd[1]")
    )


def switch_language(b: Browser, code: str) -> None:
    """Choose ``code`` in the header's language switcher; its change handler (static JS) submits the form."""
    switcher = b.page.locator("header .lang-switcher select[name=language]")
    # Each language in its own name, whatever the page's language: a reader must find theirs.
    expect(switcher.locator("option")).to_have_text(["简体中文", "English"])
    # the options are there as soon as the page is parsed; the autosubmit is bound by app.js (deferred) a moment
    # later: choosing before that changed nothing (a flaky timeout once page loads got faster)
    b.page.wait_for_load_state()
    with b.page.expect_navigation():
        switcher.select_option(code)
    expect(b.page.locator("html")).to_have_attribute("lang", code)


def searchable_staff(zone: m.Zone) -> m.Staff:
    """A staff member with a post and a phone whose name finds exactly one row in the zone's search."""
    rows = list(
        m.Staff.objects.filter(zone=zone, post__isnull=False).exclude(phone="").order_by("employee_no")
    )
    names = Counter(s.name for s in m.Staff.objects.filter(zone=zone))
    for s in rows:
        hits = m.Staff.objects.filter(zone=zone).filter(
            Q(name__icontains=s.name) | Q(employee_no__icontains=s.name)
        )
        if names[s.name] == 1 and hits.count() == 1:
            return s
    raise AssertionError("the demo zone has no staff member with a unique name")


def test_it_lets_the_leader_find_and_edit_a_staff_member(browser: Browser):
    b = browser
    zone = m.Zone.objects.get(short_name=ZONE)
    leader = get_user_model().objects.get(username=LEADER)
    target = searchable_staff(zone)
    old_phone, old_education = target.phone, target.education
    new_phone = "13912345678" if old_phone != "13912345678" else "13812345678"
    new_education = Education.MASTER if old_education != Education.MASTER else Education.DOCTORATE

    log_in(b, LEADER)
    b.shot("02-dashboard")
    switch_to_english_and_back(b)
    open_the_staff_list_from_the_menu(b)
    search_and_open(b, target)
    edit_phone_and_education(b, target, new_phone, new_education)
    old_label, new_label = Education(old_education).label, Education(new_education).label
    expect_the_audit_card(b, [("手机号", old_phone, new_phone), ("学历", old_label, new_label)])

    # The database agrees with the page.
    target.refresh_from_db()
    assert (target.phone, target.education) == (new_phone, new_education)
    event = audit.trail_for(target).get(action=AuditAction.UPDATE)
    assert event.actor == leader
    assert event.changes == {"phone": [old_phone, new_phone], "education": [old_education, new_education]}

    b.assert_no_csp_trouble()


def switch_to_english_and_back(b: Browser) -> None:
    """English through the header switcher, and back to Chinese."""
    switch_language(b, "en")
    b.shot("03-dashboard-en")
    if EN_CATALOG.exists():
        with translation.override("en"):
            expected = str(translation.gettext("组织与基础数据"))
        assert expected != "组织与基础数据", "the English catalog does not translate the navigation"
        expect(b.page.locator("#navbar-menu")).to_contain_text(expected)
    else:
        # The compiled English catalog is build output (`make messages`, which `make test` runs first). Without
        # it the page is English by its lang attribute only and its text is still the Chinese source, so there
        # is no English text to assert here.
        pass
    switch_language(b, "zh-hans")
    expect(b.page.locator("#navbar-menu")).to_contain_text("组织与基础数据")


def open_the_staff_list_from_the_menu(b: Browser) -> None:
    """组织与基础数据 -> 工作人员: the dropdown opens only if Tabler's JS runs."""
    page = b.page
    nav = page.locator("#navbar-menu")
    staff_link = nav.locator(".dropdown-menu").get_by_role("link", name="工作人员", exact=True)
    expect(staff_link).to_be_hidden()
    nav.get_by_role("link", name="组织与基础数据").click()
    expect(staff_link).to_be_visible()
    b.shot("04-nav-dropdown")
    staff_link.click()
    expect(page).to_have_url(b.url("/core/staff/"))
    expect(page.locator("h2.page-title")).to_contain_text("工作人员")
    b.shot("05-staff-list")


def search_and_open(b: Browser, target) -> None:
    """Search by name with the filter form: one row, which opens the staff member's page."""
    page = b.page
    page.locator("form.filter-bar").get_by_label("搜索").fill(target.name)
    page.locator("form.filter-bar").get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"/core/staff/\?.*q="))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(target.name)
    expect(rows.first).to_contain_text(target.employee_no)
    b.shot("06-staff-search")
    rows.first.get_by_role("link", name=target.employee_no).click()
    expect(page).to_have_url(b.url(f"/core/staff/{target.pk}/"))
    expect(page.locator("h2.page-title")).to_have_text(str(target))
    expect(detail_value(page, "手机号")).to_have_text(target.phone)
    b.shot("07-staff-detail")


def edit_phone_and_education(b: Browser, target, new_phone: str, new_education) -> None:
    """编辑: change the phone number and the education, save; back on the detail page, the success message and
    the new values."""
    page = b.page
    page.get_by_role("link", name="编辑", exact=True).click()
    expect(page).to_have_url(b.url(f"/core/staff/{target.pk}/edit/"))
    expect(page.get_by_label("手机号")).to_have_value(target.phone)
    # Date pickers carry ISO values in any UI language (a zh-hans 1979/04/23 value once left them empty).
    expect(page.get_by_label("出生日期")).to_have_value(target.birth_date.isoformat())
    expect(page.get_by_label("入职日期")).to_have_value(target.hired_on.isoformat())
    page.get_by_label("手机号").fill(new_phone)
    page.get_by_label("学历").select_option(new_education.value)
    b.shot("08-staff-edit")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(b.url(f"/core/staff/{target.pk}/"))
    expect(page.get_by_role("alert")).to_have_text("已保存")
    expect(detail_value(page, "手机号")).to_have_text(new_phone)
    expect(detail_value(page, "学历")).to_have_text(str(new_education.label))


def expect_the_audit_card(b: Browser, changes) -> None:
    """The audit card: the newest entry is the leader's change, naming each field by its label with before ->
    after as a person reads them (choice labels, not stored codes), and nothing else."""
    page = b.page
    trail = page.locator(".card").filter(has=page.get_by_role("heading", name="修改记录（留痕）"))
    entry = trail.locator(".audit-trail .list-group-item").first
    expect(entry.locator("strong")).to_have_text(f"{AuditAction.UPDATE.label} · {LEADER_NAME}")
    for name, before, after in changes:
        row = entry.locator("tr").filter(has=page.locator("td:first-child", has_text=re.compile(f"^{name}$")))
        expect(row.locator("td").nth(1)).to_have_text(str(before))
        expect(row.locator("td").nth(2)).to_have_text(f"→ {after}")
    expect(entry.locator("tr")).to_have_count(len(changes))  # nothing else changed
    b.shot("09-staff-saved")


def test_it_refuses_an_invalid_phone_number_and_changes_nothing(browser: Browser):
    b, page = browser, browser.page
    zone = m.Zone.objects.get(short_name=ZONE)
    target = searchable_staff(zone)
    before = m.Staff.objects.values().get(pk=target.pk)
    trail_before = list(audit.trail_for(target).values_list("pk", flat=True))

    log_in(b, LEADER)
    page.goto(b.url(f"/core/staff/{target.pk}/"))
    page.get_by_role("link", name="编辑", exact=True).click()
    page.get_by_label("手机号").fill("123")
    page.get_by_role("button", name="保存").click()

    # The form comes back with the Chinese message under the phone field, and keeps what was typed.
    expect(page).to_have_url(b.url(f"/core/staff/{target.pk}/edit/"))
    phone = page.get_by_label("手机号")
    expect(phone).to_have_value("123")
    expect(phone.locator("xpath=following-sibling::div[contains(@class, 'invalid-feedback')]")).to_have_text(
        PHONE_ERROR
    )
    expect(page.locator(".invalid-feedback")).to_have_count(1)  # the phone is the only complaint
    expect(page.get_by_role("alert")).to_have_count(0)  # no success message
    b.shot("10-staff-invalid-phone")

    # Nothing changed: the row is as it was and its audit trail has no new entry.
    assert m.Staff.objects.values().get(pk=target.pk) == before
    assert list(audit.trail_for(target).values_list("pk", flat=True)) == trail_before

    b.assert_no_csp_trouble()
