"""One's own password (core.services.accounts, the 修改密码 page of the user menu): the current password and
the new one twice; a change keeps this session, ends the others, revokes the API tokens and is audited; a wrong
current password is counted as a failed login is (django-axes, per account and address) and per account over
every address (core.ratelimit), so the page is no way round the login lockout."""

from __future__ import annotations

import importlib
import types

import pytest
from axes.models import AccessAttempt
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.choices import AuditAction, Role
from devzone.core.models import AuditEvent
from devzone.core.services import tokens as token_services
from devzone.core.sessions import stored_key
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.otp import code_of

pytestmark = pytest.mark.django_db
PAGE = "/core/account/password/"
LOGIN = "/accounts/login/"
NEW = "Huanghe-Bridge-2026"
WRONG = "Not-My-Password-1"


def change(client: Client, current: str, new1: str = NEW, new2: str | None = None, ip: str = "127.0.0.1"):
    body = {"current_password": current, "password1": new1, "password2": new1 if new2 is None else new2}
    return client.post(PAGE, body, REMOTE_ADDR=ip)


def password_of(user) -> str:
    fresh = get_user_model().objects.get(pk=user.pk)
    return "new" if fresh.check_password(NEW) else "old" if fresh.check_password(f.PASSWORD) else "other"


def login(username: str, password: str, ip: str = "127.0.0.1"):
    client = Client()
    return client, client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def member(zone_a_investment_officer):
    """An investment officer: a role without a second factor, logged in on their computer."""
    return zone_a_investment_officer


def test_the_user_menu_leads_to_the_page_which_asks_for_the_current_and_new_password(client_for, member):
    c = client_for(member)
    home = c.get(reverse(settings.LOGIN_REDIRECT_URL)).content.decode()
    assert f'href="{PAGE}"' in home and "修改密码" in home
    page = c.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("current_password", "password1", "password2"):
        assert f'name="{name}"' in html
    assert 'autocomplete="current-password"' in html and 'autocomplete="new-password"' in html


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_login(client_for, member):
    c = client_for(member)
    answer = change(c, WRONG)
    assert answer.status_code == 200
    assert "当前密码不正确" in answer.content.decode()
    assert password_of(member) == "old"
    # counted where the login counts: django-axes' attempt for this account from this address, and the audit row
    [attempt] = AccessAttempt.objects.filter(username=member.username)
    assert attempt.failures_since_start == 1
    assert (
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_repr=member.username).count() == 1
    )
    assert c.get(reverse("core:staff_list")).status_code == 200  # still logged in


def test_no_password_typed_on_the_page_is_kept_by_the_lockout_records(client_for, member):
    """django-axes keeps the form of each failed attempt (its Access attempts, in the database, in every backup
    and in the Django admin): neither the mistyped current password nor the chosen new one may be there."""
    typo = f.PASSWORD + "x"
    body = {"current_password": typo, "password1": NEW, "password2": NEW, "csrfmiddlewaretoken": "Tok3n-csrf"}
    answer = client_for(member).post(PAGE, body, REMOTE_ADDR="10.0.0.8")
    assert answer.status_code == 200 and "当前密码不正确" in answer.content.decode()
    [attempt] = AccessAttempt.objects.filter(username=member.username)  # counted, as designed
    kept = attempt.post_data + attempt.get_data
    assert NEW not in kept and typo not in kept and "Tok3n-csrf" not in kept, kept


@pytest.mark.parametrize("path", [LOGIN, "/admin/login/"])
def test_no_secret_of_a_failed_login_is_kept_by_the_lockout_records(client, member, path):
    body = {"username": member.username, "password": WRONG, "csrfmiddlewaretoken": "Tok3n-csrf"}
    client.post(path, body, REMOTE_ADDR="10.0.0.8")
    [attempt] = AccessAttempt.objects.filter(username=member.username)
    assert WRONG not in attempt.post_data and "Tok3n-csrf" not in attempt.post_data, attempt.post_data


def test_the_forms_kept_before_the_fix_are_blanked_by_the_migration(member):
    """Attempts recorded before the secrets were masked keep their counts (the lockouts in force), not their
    forms (core migration 0021)."""
    old = AccessAttempt.objects.create(
        username=member.username,
        ip_address="10.0.0.8",
        user_agent="",
        get_data="",
        post_data=f"current_password={WRONG}\npassword1={NEW}\npassword2={NEW}",
        http_accept="",
        path_info=PAGE,
        failures_since_start=3,
    )
    migration = importlib.import_module("devzone.core.migrations.0021_blank_axes_post_data")
    migration.blank_post_data(django_apps, types.SimpleNamespace(connection=connection))
    old.refresh_from_db()
    assert old.post_data == "" and old.failures_since_start == 3


def test_a_source_over_the_spraying_limit_tries_no_current_password(client_for, member, settings):
    """The per-source limit of failed passwords over any accounts (core.ratelimit.login_source) holds here as at
    every login: this page's wrong passwords count toward it, and past it no password is checked."""
    settings.DEVZONE_LOGIN_SOURCE_FAILURES = 3
    for n in range(3):
        login(f"user{n}", WRONG, ip="203.0.113.9")
    refused = change(client_for(member), f.PASSWORD, ip="203.0.113.9")
    assert refused.status_code == 429 and "登录失败的次数过多" in refused.content.decode()
    assert password_of(member) == "old"
    assert change(client_for(member), f.PASSWORD, ip="10.0.0.8").status_code == 302  # elsewhere: as before


def test_new_passwords_that_differ_are_refused(client_for, member):
    answer = change(client_for(member), f.PASSWORD, NEW, NEW + "x")
    assert "两次输入的密码不一致" in answer.content.decode()
    assert password_of(member) == "old"


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("Ab1!xyz", "密码太短，至少需要10个字符"),
        ("kaifaqu2025pingtai", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
        (f.PASSWORD, "新密码不能与当前密码相同"),
    ],
)
def test_a_weak_new_password_is_refused_in_the_users_language(client_for, member, weak, message):
    answer = change(client_for(member), f.PASSWORD, weak)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert password_of(member) == "old"
    assert not AuditEvent.objects.filter(note__startswith="本人修改密码").exists()


def test_the_errors_read_in_english_for_an_english_user(client_for, member):
    c = client_for(member)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = change(c, f.PASSWORD, "Ab1!xyz").content.decode()
    assert "The password is too short; it needs at least 10 characters" in answer


def test_a_change_keeps_this_session_ends_the_others_and_revokes_the_tokens(client_for, member):
    here = client_for(member)
    elsewhere = client_for(member)  # the same person's other computer
    _token, raw = token_services.token_create(actor=member, name="脚本", days_valid=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/core/me").status_code == 200
    key_before = here.session.session_key

    done = change(here, f.PASSWORD)
    assert done.status_code == 302 and done["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    home = here.get(done["Location"])
    assert home.status_code == 200 and "密码已修改" in home.content.decode()
    assert here.get(reverse("core:staff_list")).status_code == 200  # still logged in …
    assert here.session.session_key != key_before  # … in a session with a new key
    assert not Session.objects.filter(session_key=stored_key(key_before)).exists()
    assert Session.objects.filter(session_key=stored_key(here.session.session_key)).exists()
    assert elsewhere.get(reverse("core:staff_list")).status_code == 302  # to the login page
    assert api.get("/api/v1/core/me").status_code == 401
    assert password_of(member) == "new"
    _c, old = login(member.username, f.PASSWORD)
    assert (
        old.status_code == 200 and "用户名或密码错误" in old.content.decode()
    )  # the old one no longer logs in
    _c, new = login(member.username, NEW)
    assert new.status_code == 302
    [event] = AuditEvent.objects.filter(note__startswith="本人修改密码")
    assert event.actor == member and event.zone_id == member.profile.zone_id
    assert "结束其他会话1个" in event.note and "撤销API令牌1个" in event.note


def test_wrong_current_passwords_are_refused_for_a_while_then_even_the_right_one(client_for, member):
    c = client_for(member)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert change(c, WRONG).status_code == 200
    locked = change(c, WRONG)
    assert locked.status_code == 429
    assert "当前密码错误次数过多，请15分钟后再试" in locked.content.decode()
    refused = change(c, f.PASSWORD)  # the right one, unchecked
    assert refused.status_code == 429 and "当前密码错误次数过多" in refused.content.decode()
    assert password_of(member) == "old"
    page = c.get(PAGE).content.decode()  # said before the person types again
    assert "当前密码错误次数过多" in page and 'w-100" disabled>' in page  # the button too
    assert c.get(reverse("core:staff_list")).status_code == 200  # the person is not thrown out
    # the same lock as the login's: the account cannot log in from this address either …
    _c, at_login = login(member.username, f.PASSWORD)
    assert at_login.status_code == 429
    # … but its owner still logs in elsewhere (the login lock is per address, as for failed logins)
    _c, elsewhere = login(member.username, f.PASSWORD, ip="10.9.9.9")
    assert elsewhere.status_code == 302


def test_failed_logins_and_wrong_current_passwords_share_one_count(client_for, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _c, failed = login(member.username, WRONG)
        assert failed.status_code == 200
    c = client_for(member)
    assert change(c, WRONG).status_code == 429  # the fifth failure of this account from this address
    assert change(c, f.PASSWORD).status_code == 429
    assert password_of(member) == "old"


def test_a_session_used_from_many_addresses_gets_no_more_guesses(client_for, member):
    """A stolen session cookie tried from one address after another: the account's count spans them all."""
    c = client_for(member)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert change(c, WRONG, ip=f"10.1.0.{n + 1}").status_code == 200
    assert change(c, WRONG, ip="10.1.0.99").status_code == 429
    assert change(c, f.PASSWORD, ip="10.1.0.100").status_code == 429
    assert password_of(member) == "old"
    # no single address reached the login's lock: the owner logs in as before
    _c, owner = login(member.username, f.PASSWORD, ip="10.1.0.1")
    assert owner.status_code == 302


def test_a_second_factor_role_reaches_the_page_only_past_it_and_stays_verified(zone_a_leader):
    client = Client()
    assert client.post(LOGIN, {"username": zone_a_leader.username, "password": f.PASSWORD}).status_code == 302
    device = TOTPDevice.objects.create(user=zone_a_leader, name="phone", confirmed=True)
    before = client.get(PAGE)
    assert before.status_code == 302 and before["Location"].startswith("/core/otp/verify/")
    assert change(client, f.PASSWORD).status_code == 302  # a POST is sent to the code too …
    assert password_of(zone_a_leader) == "old"  # … and changes nothing
    assert client.post("/core/otp/verify/", {"code": code_of(device)}).status_code == 302
    done = change(client, f.PASSWORD)
    assert done.status_code == 302 and done["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert password_of(zone_a_leader) == "new"
    assert client.get(reverse("core:staff_list")).status_code == 200  # not asked for a code again
    assert TOTPDevice.objects.filter(user=zone_a_leader, confirmed=True).exists()  # the authenticator stays


def test_an_account_without_a_password_is_told_so(client_for, enterprise_a):
    """A legal person's account made by the province's single sign-on (core.sso) has no password here."""
    user = f.user_with_role(Role.ENTERPRISE_USER, enterprise=enterprise_a, user__username="sso_person")
    user.set_unusable_password()
    user.save()
    c = client_for(user)
    page = c.get(PAGE)
    assert page.status_code == 200 and "没有本系统的密码" in page.content.decode()
    assert 'name="current_password"' not in page.content.decode()
    assert c.post(PAGE, {"current_password": "x", "password1": NEW, "password2": NEW}).status_code == 200
    assert not get_user_model().objects.get(pk=user.pk).has_usable_password()


@pytest.mark.isolation
@pytest.mark.parametrize(
    "who", ["zone_a_leader", "zone_a_reviewer", "city_officer", "sysadmin", "enterprise_user", "candidate"]
)
def test_everyone_changes_only_their_own_password(request, who, zone_a_investment_officer, city):
    """The page names no account: whoever posts changes their own, and nobody else's."""
    if who == "candidate":
        person = f.user_with_role(Role.CANDIDATE, city=city, user__username="c13900000001")
    else:
        person = request.getfixturevalue(who)
    c = make_client(person)
    assert c.get(PAGE).status_code == 200
    body = {"current_password": f.PASSWORD, "password1": NEW, "password2": NEW, "username": "a_invest"}
    assert c.post(PAGE, body).status_code == 302
    assert password_of(person) == "new"
    assert password_of(zone_a_investment_officer) == "old"
    assert c.get(PAGE).status_code == 200  # still logged in


@pytest.mark.isolation
def test_the_page_needs_a_login(client, member):
    answer = client.get(PAGE)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))
    assert (
        client.post(PAGE, {"current_password": f.PASSWORD, "password1": NEW, "password2": NEW}).status_code
        == 302
    )
    assert password_of(member) == "old"
