"""Single sign-on in Chromium against a real OpenID Connect provider (django-oauth-toolkit, started in a second
process by ``devzone.testing.oidc``): a staff member linked by an administrator and an enterprise's legal person
log in through the provider and out of both; an unknown person is refused and nothing is created. The provider
and its people are started once for the module (each test's browser contexts are new, so no provider session
carries over); each test links the staff member again in its own database. Screenshots: ``screenshots/sso-*.png``."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from devzone.core.choices import Role
from devzone.core.models import IdentityLink, Profile
from devzone.testing import browser
from devzone.testing import factories as f
from devzone.testing.oidc import start_provider

pytestmark = browser.MARKS
chromium, person, person_class = browser.fixtures_for("sso")
PASSWORD = "Province-2026-pass"  # noqa: S105  (the test provider's people)
FIRM_CODE = f.credit_code_for(20260001)  # the enterprise's: the provider's legal persons carry it


@pytest.fixture
def world(transactional_db):
    zone = browser.jibei_zone()
    clerk = f.user_with_role(
        Role.WINDOW_CLERK, zone=zone, user__username="chuangkou", display_name="窗口李敏"
    )
    firm = f.EnterpriseFactory(zone=zone, name="济南旺旺食品有限公司", credit_code=FIRM_CODE)
    return {"zone": zone, "clerk": clerk, "firm": firm}


@pytest.fixture(scope="module")
def running_provider(tmp_path_factory, live_server):
    people = [
        {"username": "li.min", "password": PASSWORD, "name": "李敏"},
        {"username": "faren", "password": PASSWORD, "name": "王法人", "credit_code": FIRM_CODE},
        {"username": "faren2", "password": PASSWORD, "name": "赵经办", "credit_code": FIRM_CODE},
        {"username": "stranger", "password": PASSWORD, "name": "陌生人"},
    ]
    p = start_provider(tmp_path_factory.mktemp("oidc"), live_server.url, people)
    yield p
    p.stop()


@pytest.fixture
def provider(running_provider, settings, world):
    """The module's provider, configured for this test, the staff member linked to their identity there."""
    p = running_provider
    p.configure(settings)
    IdentityLink.objects.create(issuer=p.issuer, subject=p.subs["li.min"], user=world["clerk"], note="窗口")
    return p


def sso_log_in(p, username: str) -> None:
    p.goto("/")
    expect(p.page).to_have_url(re.compile(r"/accounts/login/"))
    p.page.get_by_role("link", name="通过统一身份认证登录").click()
    expect(p.page.get_by_role("heading", name="省统一身份认证平台（测试）")).to_be_visible()
    p.page.get_by_label("账号").fill(username)
    p.page.get_by_label("口令").fill(PASSWORD)
    p.page.get_by_role("button", name="登录统一身份认证").click()


def log_out(p) -> None:
    p.page.locator("header.navbar [data-bs-toggle=dropdown]").last.click()
    p.page.get_by_role("button", name="退出登录").click()
    expect(p.page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_linked_staff_member_logs_in_through_the_provider_and_out_of_both(person, provider, world):
    p = person("clerk")
    p.goto("/accounts/login/")
    p.shot("login")
    sso_log_in(p, "li.min")
    expect(p.page.locator("header.navbar")).to_contain_text(
        "窗口李敏"
    )  # DevZone's profile, not the token's name
    expect(p.page.get_by_role("heading", name="我的工作台")).to_be_visible()
    p.shot("staff-desk")
    assert IdentityLink.objects.get(user=world["clerk"]).last_login_at is not None
    log_out(p)
    # the provider's session ended too: the button asks for the provider's password again
    p.page.get_by_role("link", name="通过统一身份认证登录").click()
    expect(p.page.get_by_role("heading", name="省统一身份认证平台（测试）")).to_be_visible()
    browser.assert_no_trouble(person.people)


def test_a_legal_person_gets_the_enterprise_account_once_and_a_second_is_refused(person, provider, world):
    p = person("faren", viewport=(390, 844))
    sso_log_in(p, "faren")
    expect(p.page.locator("header.navbar")).to_contain_text("王法人")
    profile = Profile.objects.get(enterprise=world["firm"])
    assert profile.role == Role.ENTERPRISE_USER and profile.zone == world["zone"]
    assert IdentityLink.objects.get(user=profile.user).subject == provider.subs["faren"]
    p.shot("enterprise-desk-phone")
    log_out(p)

    users = get_user_model().objects.count()
    second = person("faren2")
    sso_log_in(second, "faren2")
    expect(second.page).to_have_url(re.compile(r"/accounts/login/"))
    second.expect_message("已有平台账号")
    assert get_user_model().objects.count() == users  # nothing created for the second identity
    browser.assert_no_trouble(person.people)


def test_an_unknown_person_is_refused_and_nothing_is_created(person, provider, world):
    users = get_user_model().objects.count()
    p = person("stranger")
    sso_log_in(p, "stranger")
    expect(p.page).to_have_url(re.compile(r"/accounts/login/"))
    p.expect_message("尚未关联本平台的账号")
    p.shot("refused")
    assert get_user_model().objects.count() == users
    assert not IdentityLink.objects.filter(subject=provider.subs["stranger"]).exists()
    browser.assert_no_trouble(person.people)
