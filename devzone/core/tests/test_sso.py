"""Single sign-on's rules against a real OpenID Connect provider (django-oauth-toolkit in a second process,
``devzone.testing.oidc``), through DevZone's own callback with the test client: a linked person comes in with
their own profile; an ID token that was tampered with, has expired or was issued for another client is refused
with a message on the login page (never an error page); no claim grants a role; an inactive account's link does
not open it; a legal person's code is validated and never creates an enterprise. The browser walks are in
``test_sso_browser.py``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.test import Client

from devzone.core.choices import Role
from devzone.core.models import IdentityLink
from devzone.core.sso import ProvinceBackend
from devzone.testing import factories as f
from devzone.testing.oidc import start_provider

pytestmark = pytest.mark.django_db
PASSWORD = "Province-2026-pass"  # noqa: S105
DEVZONE = "http://testserver"
PEOPLE = [
    {"username": "li.min", "password": PASSWORD, "name": "李敏（省平台）"},
    {"username": "stranger", "password": PASSWORD, "name": "陌生人"},
    {"username": "bad.code", "password": PASSWORD, "name": "某法人", "credit_code": "91370100MA3C8Y1234"},
    {
        "username": "new.faren",
        "password": PASSWORD,
        "name": "新法人",
        "credit_code": f.credit_code_for(99_000_001),
    },
]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    p = start_provider(tmp_path_factory.mktemp("oidc"), DEVZONE, PEOPLE)
    yield p
    p.stop()


@pytest.fixture
def sso(provider, settings):
    provider.configure(settings)
    return provider


def provider_login(provider, username: str) -> requests.Session:
    """The person's browser at the provider: its login form, as a person fills it."""
    s = requests.Session()
    login = f"{provider.url}/accounts/login/"
    s.get(login, timeout=10)
    r = s.post(
        login,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": s.cookies["provider_csrftoken"],
        },
        headers={"Referer": login},
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 302, r.text[:300]
    return s


def through_devzone(client: Client, provider, username: str):
    """DevZone's button, the provider's login and authorization, then DevZone's callback: the callback's answer."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer)
    browser = provider_login(provider, username)
    answer = browser.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/oidc/callback/", answer.headers["Location"]
    return client.get(back.path, parse_qs(back.query) | {})


def id_token(provider, username: str, nonce: str = "n-1") -> str:
    """A real ID token of ``username`` for DevZone's client, by the authorization-code flow."""
    browser = provider_login(provider, username)
    r = browser.get(
        f"{provider.issuer}/authorize/",
        params={
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": f"{DEVZONE}/oidc/callback/",
            "scope": "openid profile",
            "nonce": nonce,
            "state": "s",
        },
        allow_redirects=False,
        timeout=10,
    )
    code = parse_qs(urlsplit(r.headers["Location"]).query)["code"][0]
    t = requests.post(
        f"{provider.issuer}/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": f"{DEVZONE}/oidc/callback/",
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
        timeout=10,
    )
    return t.json()["id_token"]


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_linked_person_comes_in_with_their_own_profile_not_the_tokens(sso, zone_a):
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="clerk", display_name="窗口李敏")
    IdentityLink.objects.create(issuer=sso.issuer, subject=sso.subs["li.min"], user=clerk)
    c = Client()
    r = through_devzone(c, sso, "li.min")
    assert r.status_code == 302 and r["Location"] == "/"
    assert int(c.session["_auth_user_id"]) == clerk.pk
    assert c.session["_auth_user_backend"] == "devzone.core.sso.ProvinceBackend"
    clerk.profile.refresh_from_db()
    assert clerk.profile.display_name == "窗口李敏" and clerk.profile.role == Role.WINDOW_CLERK


def test_an_inactive_accounts_link_does_not_open_it(sso, zone_a):
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="gone", user__is_active=False)
    IdentityLink.objects.create(issuer=sso.issuer, subject=sso.subs["li.min"], user=clerk)
    users = get_user_model().objects.count()
    c = Client()
    r = through_devzone(c, sso, "li.min")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in c.session
    assert get_user_model().objects.count() == users  # refused: no account made for the identity


def test_an_unknown_person_and_an_unregistered_enterprise_are_refused_with_the_reason(sso):
    users = get_user_model().objects.count()
    r = through_devzone(Client(), sso, "stranger")
    assert r["Location"] == "/accounts/login/" and "尚未关联本平台的账号" in messages_of(r)
    r = through_devzone(Client(), sso, "bad.code")
    assert r["Location"] == "/accounts/login/"
    assert "统一社会信用代码" in messages_of(r)
    assert get_user_model().objects.count() == users


def test_a_genuine_token_verifies_and_a_tampered_one_does_not(sso):
    token = id_token(sso, "li.min", nonce="n-1")
    backend = ProvinceBackend()
    assert backend.verify_token(token, nonce="n-1")["sub"] == sso.subs["li.min"]
    head, body, signature = token.split(".")
    forged = ".".join([head, body, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")])
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(forged, nonce="n-1")
    with pytest.raises(SuspiciousOperation):  # the same token replayed with another login's nonce
        backend.verify_token(token, nonce="n-2")


def test_a_token_for_another_client_is_refused(sso, settings):
    token = id_token(sso, "li.min")
    settings.OIDC_RP_CLIENT_ID = "another-system"
    with pytest.raises(SuspiciousOperation):
        ProvinceBackend().verify_token(token, nonce="n-1")


def test_an_expired_token_is_refused_on_the_login_page_not_an_error_page(tmp_path, settings, zone_a):
    """A provider whose tokens are two minutes stale when issued (past the minute's leeway for the clocks)."""
    stale = start_provider(tmp_path, DEVZONE, PEOPLE[:1], id_token_seconds=-120)
    try:
        stale.configure(settings)
        clerk = f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="clerk")
        IdentityLink.objects.create(issuer=stale.issuer, subject=stale.subs["li.min"], user=clerk)
        c = Client()
        r = through_devzone(c, stale, "li.min")
        assert r.status_code == 302 and r["Location"] == "/accounts/login/"
        assert "无效或已过期" in messages_of(r)
        assert "_auth_user_id" not in c.session
    finally:
        stale.stop()


def test_a_second_factor_role_still_enters_its_devzone_code_after_the_provider(sso, zone_a):
    leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="zhuren")
    IdentityLink.objects.create(issuer=sso.issuer, subject=sso.subs["li.min"], user=leader)
    c = Client()
    assert through_devzone(c, sso, "li.min")["Location"] == "/"
    r = c.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/core/otp/enroll/")


def test_a_new_legal_person_after_the_enterprise_account_was_deactivated_gets_an_account_of_their_own(
    sso, zone_a
):
    firm = f.EnterpriseFactory(zone=zone_a, credit_code=f.credit_code_for(99_000_001))
    old = f.user_with_role(
        Role.ENTERPRISE_USER, zone=zone_a, enterprise=firm, user__username=f"sso-{firm.credit_code}"
    )
    old.is_active = False
    old.save()
    c = Client()
    assert through_devzone(c, sso, "new.faren")["Location"] == "/"
    user = get_user_model().objects.get(pk=c.session["_auth_user_id"])
    assert user != old and user.profile.enterprise == firm and user.profile.role == Role.ENTERPRISE_USER


def test_a_legal_person_whose_account_was_deactivated_is_told_so_and_gets_no_second_account(sso, zone_a):
    """The enterprise account the provider's identity made at its first login is deactivated (a leaver, a
    dispute): the same person coming back through the provider is refused with the reason on the login page (it
    was a 500: the account's name and link were already taken)."""
    f.EnterpriseFactory(zone=zone_a, credit_code=f.credit_code_for(99_000_001))
    first = Client()
    assert through_devzone(first, sso, "new.faren")["Location"] == "/"
    made = get_user_model().objects.get(pk=first.session["_auth_user_id"])
    made.is_active = False
    made.save()
    users = get_user_model().objects.count()
    again = Client()
    r = through_devzone(again, sso, "new.faren")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert "账号已停用" in messages_of(r)
    assert "_auth_user_id" not in again.session
    assert get_user_model().objects.count() == users
