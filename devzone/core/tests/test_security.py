"""Security a user relies on: argon2 password hashes, strong-password rules, account lockout after failed
logins (django-axes), the login audit trail, the idle session timeout, and a Content-Security-Policy that no
page template breaks with inline script."""

import datetime as dt
import re
import time
import types
from pathlib import Path
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.choices import AuditAction
from devzone.core.middleware import LOGIN_AT
from devzone.core.middleware import SESSION_KEY as LAST_SEEN
from devzone.core.models import AuditEvent
from devzone.core.sessions import stored_key
from devzone.testing import factories as f
from devzone.testing.otp import code_of

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def login(client: Client, username: str, password: str, ip: str = "10.0.0.8"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def admin_login(client: Client, username: str, password: str, ip: str = "10.0.0.8"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- passwords ---------------------------------------------------------------------------------------
def test_passwords_are_hashed_with_argon2(zone_a_leader):
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    user = get_user_model().objects.create_user("newcomer", password="Xinlai-2025!ok")
    assert user.password.startswith("argon2")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert identify_hasher(zone_a_leader.password).algorithm == "argon2"


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_login(client, zone_a):
    user = f.user_with_role("zone_leader", zone=zone_a, user__username="legacy")
    user.password = make_password(f.PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert login(client, "legacy", f.PASSWORD).status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!xyz", "password_too_short"),  # under 10 characters
        ("password123", "password_too_common"),
        ("2025061812345", "password_entirely_numeric"),
        ("kaifaqupingtai", "password_classes"),  # one class only
        ("kaifaqu2025pingtai", "password_classes"),  # two classes
        ("Zhangweiming1!", "password_too_similar"),  # like the username
    ],
)
def test_weak_passwords_are_rejected_with_the_reason(password, code):
    user = get_user_model()(username="zhangweiming", first_name="伟明")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert code in {e.code for e in exc.value.error_list}


def test_a_strong_password_passes():
    validate_password("Kaifaqu-2025!", get_user_model()(username="zhangweiming"))
    validate_password("qiye#fuwu#7788", get_user_model()(username="zhangweiming"))  # lower, digit, symbol


# --- lockout and login audit -----------------------------------------------------------------------------
@pytest.fixture
def member(zone_a):
    return f.user_with_role("zone_leader", zone=zone_a, user__username="wangfang")


def test_a_successful_login_is_audited(client, member):
    response = login(client, "wangfang", f.PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == member
    assert event.ip == "10.0.0.8"


def test_failed_logins_are_audited_with_the_username_tried_when_it_is_an_account(client, member):
    response = login(client, "wangfang", "wrong-Password1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    login(client, "nobody", "wrong-Password1")
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("id")
    # a name that is no account's may be a password typed into the name box: not kept (test_secrecy_review)
    assert [e.object_repr for e in failed] == ["wangfang", "（不存在的账号）"]
    assert all(e.actor is None for e in failed)
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_five_failures_lock_the_account_even_for_the_right_password(client, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wangfang", "wrong-Password1").status_code == 200
    assert login(client, "wangfang", "wrong-Password1").status_code == 429  # the fifth failure locks
    locked = login(client, "wangfang", f.PASSWORD)
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.content.decode()
    assert not logged_in(client)
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    # The account is locked from that source only: whoever failed there cannot lock its owner out elsewhere.
    elsewhere = Client()
    assert login(elsewhere, "wangfang", f.PASSWORD, ip="10.9.9.9").status_code == 302
    assert logged_in(elsewhere)


def test_spraying_one_password_over_many_accounts_stops_that_source_only(client, member, settings):
    settings.DEVZONE_LOGIN_SOURCE_FAILURES = 6
    for n in range(6):  # one wrong password tried on six different accounts: no account reaches its own lock
        assert login(client, f"user{n}", "Spring-2026!", ip="203.0.113.9").status_code == 200
    refused = login(Client(), "wangfang", f.PASSWORD, ip="203.0.113.9")
    assert refused.status_code == 200 and "登录失败的次数过多" in refused.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    # the rest of the world, the office NAT included, logs in as before
    assert login(Client(), "wangfang", f.PASSWORD, ip="10.0.0.8").status_code == 302


def test_spraying_through_the_admin_login_is_stopped_like_the_login_page(client, settings):
    """The per-source limit holds for every login path, not only the site's login form: /admin/login/ (Django's
    own form) counts and refuses alike, and the spraying source never logs in as the break-glass superuser."""
    settings.DEVZONE_LOGIN_SOURCE_FAILURES = 6
    get_user_model().objects.create_superuser("breakglass", password=f.PASSWORD)
    for n in range(6):  # one password over six accounts: the limit
        admin_login(client, f"user{n}", "Spring-2026!", ip="203.0.113.9")
    sprayer = Client()
    admin_login(sprayer, "breakglass", f.PASSWORD, ip="203.0.113.9")
    assert not logged_in(sprayer)
    assert login(Client(), "wangfang", f.PASSWORD, ip="203.0.113.9").status_code == 200  # the site's page too
    elsewhere = Client()  # the operator, from their own address
    assert admin_login(elsewhere, "breakglass", f.PASSWORD, ip="10.0.0.8").status_code == 302
    assert logged_in(elsewhere)


def test_the_break_glass_superuser_needs_a_second_factor_and_can_enroll_at_first_login(client):
    """The account that reads every city's rows past the scoping has no role profile: the second factor is asked
    of it for being a superuser, and its first login (docs/operations.md, break-glass) leads to enrollment."""
    user = get_user_model().objects.create_superuser("breakglass", password=f.PASSWORD)
    assert admin_login(client, "breakglass", f.PASSWORD).status_code == 302
    refused = client.get("/admin/")
    assert refused.status_code == 302 and refused["Location"] == "/core/otp/enroll/?next=%2Fadmin%2F"
    assert client.get("/admin/auth/user/").status_code == 302
    assert client.get("/api/v1/core/me").status_code == 401  # the API with this session: not yet either
    assert client.get(refused["Location"]).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown = client.post("/core/otp/enroll/", {"code": code_of(device), "next": "/admin/"})
    assert shown.status_code == 200 and "恢复码" in shown.content.decode()
    assert client.get("/admin/").status_code == 200


def test_the_client_address_comes_from_trusted_proxies_only(client, member, settings):
    """Audit rows and lockouts see the real client: X-Forwarded-For counts only when our proxy sent it."""
    settings.DEVZONE_TRUSTED_PROXIES = ["10.1.0.0/16"]
    proxied = client.post(
        LOGIN,
        {"username": "wangfang", "password": f.PASSWORD},
        REMOTE_ADDR="10.1.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.77, 10.1.0.4",
    )
    assert proxied.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("pk").ip == "198.51.100.77"
    forged = Client().post(
        LOGIN,
        {"username": "wangfang", "password": f.PASSWORD},
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="198.51.100.77",  # a client naming its own address is not believed
    )
    assert forged.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("pk").ip == "203.0.113.50"


def test_four_failures_do_not_lock(client, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wangfang", "wrong-Password1")
    assert login(client, "wangfang", f.PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_lock_lasts_fifteen_minutes(client, member):
    assert settings.AXES_COOLOFF_TIME == 0.25  # hours
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wangfang", "wrong-Password1")

    def age_attempts(minutes):
        AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=minutes))

    age_attempts(14)
    assert login(Client(), "wangfang", f.PASSWORD).status_code == 429
    age_attempts(16)
    fresh = Client()
    assert login(fresh, "wangfang", f.PASSWORD).status_code == 302
    assert logged_in(fresh)


def test_other_accounts_are_not_locked(client, member, zone_a):
    f.user_with_role("zone_leader", zone=zone_a, user__username="lina")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wangfang", "wrong-Password1")
    assert login(Client(), "lina", f.PASSWORD).status_code == 302


# --- idle timeout --------------------------------------------------------------------------------------
def set_last_seen(client: Client, minutes_ago: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(timezone.now().timestamp()) - minutes_ago * 60
    session.save()


def test_an_idle_session_is_logged_out(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    assert c.get("/core/staff/").status_code == 200
    assert LAST_SEEN in c.session
    set_last_seen(c, 31)
    response = c.get("/core/staff/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/core/staff/"
    assert c.get("/").status_code == 302  # the session is gone, not just this one request
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=zone_a_leader).exists()


def test_an_active_session_stays(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    c.get("/")
    set_last_seen(c, 29)
    assert c.get("/core/staff/").status_code == 200
    set_last_seen(c, 29)  # each request restarts the idle clock
    assert c.get("/core/staff/").status_code == 200


def test_an_idle_session_gets_401_from_the_api(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    assert c.get("/api/v1/core/me").status_code == 200
    set_last_seen(c, 31)
    assert c.get("/api/v1/core/me").status_code == 401


def test_an_active_session_still_ends_twelve_hours_after_login(client, zone_a):
    """A click every 20 minutes (well inside the idle limit) for 13 hours: the session ends 12 hours after its
    login, and its stored expiry never passes that time (each save of the idle clock moved it to now + 12 h)."""
    f.user_with_role("investment_officer", zone=zone_a, user__username="busy")
    assert login(client, "busy", f.PASSWORD).status_code == 302
    key, start, t0 = client.session.session_key, timezone.now(), time.time()
    offset = {"s": 0}
    clock = types.SimpleNamespace(time=lambda: t0 + offset["s"])
    with (
        mock.patch("django.utils.timezone.now", lambda: start + dt.timedelta(seconds=offset["s"])),
        mock.patch("devzone.core.middleware.time", clock),
    ):
        for minutes in range(20, 13 * 60 + 1, 20):
            offset["s"] = minutes * 60
            last = client.get("/core/account/password/")
            assert minutes >= 12 * 60 or last.status_code == 200  # busy and inside the limit: still in
            stored = (
                Session.objects.filter(session_key=stored_key(key))
                .values_list("expire_date", flat=True)
                .first()
            )
            assert stored is None or stored <= start + dt.timedelta(hours=12), (
                f"expiry moved at {minutes} min"
            )
    assert last.status_code == 302 and last["Location"].startswith(LOGIN)


def test_a_session_from_before_the_limit_gets_its_clock_when_first_seen(client_for, zone_a_leader):
    c = client_for(zone_a_leader)
    session = c.session
    session.pop(LOGIN_AT, None)
    session.set_expiry(None)  # as a session opened before the limit was kept
    session.save()
    assert c.get("/core/staff/").status_code == 200
    started = c.session.get(LOGIN_AT)
    assert (
        started is not None and abs(started - time.time()) < 60
    )  # the clock starts now: the login is unknown
    session = c.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 60
    session.save()
    response = c.get("/core/staff/")
    assert response.status_code == 302 and response["Location"] == reverse("login") + "?next=/core/staff/"
    assert c.get("/").status_code == 302  # logged out, not just refused once


# --- headers, CSP and templates --------------------------------------------------------------------------
def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {parts[0]: parts[1:] for parts in (d.split() for d in header.split(";") if d.strip())}


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/core/staff/", "/core/calendar/"])
def test_pages_send_a_csp_that_forbids_inline_script(client_for, zone_a_leader, url):
    response = client_for(zone_a_leader if url != "/accounts/login/" else None).get(url)
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in v for values in csp.values() for v in values)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_page_showing_a_new_api_token_is_never_stored(client_for, zone_a_investment_officer):
    """The raw token is shown once: no browser cache or Back button may give it to the next person at a shared
    computer (the API's token answer is no-store too)."""
    response = client_for(zone_a_investment_officer).post("/core/tokens/", {"name": "报表", "days_valid": 30})
    assert response.status_code == 200 and "dz_" in response.content.decode()
    assert "no-store" in response.get("Cache-Control", ""), response.get("Cache-Control")


def test_session_and_language_cookies_are_not_readable_by_script(client, member):
    login(client, "wangfang", f.PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def script_problems(html: str) -> list[str]:
    problems = []
    for match in SCRIPT.finditer(html):
        attrs, body = match["attrs"], match["body"]
        is_data = re.search(r"""type\s*=\s*["']application/json["']""", attrs)
        if is_data:
            continue
        if "src=" not in attrs or body.strip():
            problems.append(match.group(0)[:120])
    problems += [m.group(0) for m in INLINE_HANDLER.finditer(html)]
    problems += re.findall(r"href\s*=\s*[\"']javascript:", html, re.IGNORECASE)
    return problems


def project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR) / "devzone"
    return sorted(p for p in base.rglob("templates/**/*.html"))


def test_the_template_scan_would_catch_inline_script():
    assert script_problems("<script>alert(1)</script>")
    assert script_problems('<script src="/x.js">alert(1)</script>')
    assert script_problems('<button onclick="go()">')
    assert not script_problems(
        '<script src="/x.js" defer></script><script type="application/json">{}</script>'
    )


def test_no_page_template_contains_inline_script():
    templates = project_templates()
    assert any(p.name == "base.html" for p in templates) and len(templates) > 10
    found = {str(p.relative_to(settings.BASE_DIR)): script_problems(p.read_text()) for p in templates}
    assert not {k: v for k, v in found.items() if v}


def test_rendered_pages_contain_no_inline_script(client_for, zone_a_leader, zone_a):
    f.StaffFactory(zone=zone_a)
    c = client_for(zone_a_leader)
    for url in ["/", "/core/staff/", "/core/staff/new/", "/core/calendar/", "/core/tokens/", "/core/zone/"]:
        html = c.get(url).content.decode()
        assert "<script" in html
        assert not script_problems(html), url


def test_a_page_of_text_as_a_user_name_is_a_wrong_login_not_an_error(client, member):
    response = login(client, "王" * 100_000, "wrong-Password1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert not logged_in(client)
