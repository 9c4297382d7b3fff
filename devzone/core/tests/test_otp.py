"""The second factor (core.otp) through the real flow: password, then enrollment or a code, with Django's test
``Client`` (not the kit's clients, which start verified)."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.backends import ACCOUNT_BACKEND
from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.testing import factories as f
from devzone.testing.otp import code_of

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
ENROLL = "/core/otp/enroll/"
VERIFY = "/core/otp/verify/"
RESET = "/core/otp/reset/"


def password_step(client: Client, user, next_url: str = "/") -> None:
    response = client.post(f"{LOGIN}?next={next_url}", {"username": user.username, "password": f.PASSWORD})
    assert response.status_code == 302, response.content[:300]


def enroll(client: Client, user) -> list[str]:
    """Open the enrollment page, confirm with the pending device's code; returns the recovery codes shown."""
    page = client.get(ENROLL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(ENROLL, {"code": code_of(device), "next": "/"})
    assert done.status_code == 200
    return re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())


def test_a_leader_without_a_device_is_sent_to_enroll_and_can_reach_only_that_and_logout(zone_a_leader):
    client = Client()
    password_step(client, zone_a_leader)
    response = client.get("/core/staff/")
    assert response.status_code == 302 and response["Location"].startswith(ENROLL)
    page = client.get(ENROLL)
    content = page.content.decode()
    assert page.status_code == 200 and "<svg" in content and "绑定身份验证器" in content
    device = TOTPDevice.objects.get(user=zone_a_leader, confirmed=False)
    assert 'src="http' not in content  # the QR code is inline SVG, from no outside service
    assert client.get("/api/v1/core/enterprises").status_code == 401  # the API with this session: not yet
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/core/staff/").status_code == 302  # logged out: the login page
    assert not device.confirmed


def test_enrollment_with_a_real_code_shows_ten_recovery_codes_once_and_verifies_the_session(zone_a_leader):
    client = Client()
    password_step(client, zone_a_leader)
    codes = enroll(client, zone_a_leader)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=zone_a_leader).confirmed
    stored = set(StaticToken.objects.filter(device__user=zone_a_leader).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(codes)  # kept as digests, never the codes themselves
    assert client.get("/core/staff/").status_code == 200
    assert client.get("/api/v1/core/enterprises").status_code == 200
    assert client.get(ENROLL).status_code == 302  # enrolled: the codes are never shown again
    assert AuditEvent.objects.filter(
        actor=zone_a_leader, action=AuditAction.UPDATE, note="启用双因素认证"
    ).exists()


def test_a_wrong_code_at_enrollment_is_refused_in_chinese(zone_a_leader):
    client = Client()
    password_step(client, zone_a_leader)
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=zone_a_leader, confirmed=False)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROLL, {"code": wrong})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/core/staff/").status_code == 302


def test_every_later_login_asks_for_the_code_and_refuses_a_wrong_one(zone_a_leader):
    first = Client()
    password_step(first, zone_a_leader)
    enroll(first, zone_a_leader)
    device = TOTPDevice.objects.get(user=zone_a_leader)

    client = Client()
    password_step(client, zone_a_leader, next_url="/core/staff/")
    response = client.get("/core/staff/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.get("/api/v1/core/enterprises").status_code == 401
    wrong = f"{(int(code_of(device, 1)) + 1) % 1_000_000:06d}"
    refused = client.post(VERIFY, {"code": wrong, "next": "/core/staff/"})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert client.get("/core/staff/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code started django-otp's delay; a person would wait a second
    accepted = client.post(VERIFY, {"code": code_of(device, 1), "next": "/core/staff/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/core/staff/"
    assert client.get("/core/staff/").status_code == 200


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_passing_the_code_gives_the_session_a_new_key(zone_a_leader):
    """The code raises the session's rights: a key learnt while the person stood at the code page (a shared
    computer, a proxy log) must not become a verified session when they type the code (ASVS 3.2.1)."""
    TOTPDevice.objects.create(user=zone_a_leader, name="app", confirmed=True)
    device = TOTPDevice.objects.get(user=zone_a_leader)
    client = Client()
    password_step(client, zone_a_leader)
    half = client.cookies["sessionid"].value
    assert client.get("/core/staff/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 302
    assert client.cookies["sessionid"].value != half
    assert client.get("/core/staff/").status_code == 200  # the owner goes on, verified
    thief = Client()
    thief.cookies["sessionid"] = half
    assert thief.get("/core/staff/").status_code == 302  # the old key is no session at all


def test_enrolling_gives_the_session_a_new_key(zone_a_leader):
    client = Client()
    password_step(client, zone_a_leader)
    half = client.cookies["sessionid"].value
    enroll(client, zone_a_leader)
    assert client.cookies["sessionid"].value != half
    thief = Client()
    thief.cookies["sessionid"] = half
    assert thief.get("/core/staff/").status_code == 302


def test_the_pages_showing_the_secret_and_the_recovery_codes_are_never_stored(zone_a_leader):
    """On a shared office computer the browser's cache and Back button must not give the next person the
    authenticator's key (its QR code) or the recovery codes."""
    client = Client()
    password_step(client, zone_a_leader)
    page = client.get(ENROLL)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert no_store(page), page.get("Cache-Control")
    device = TOTPDevice.objects.get(user=zone_a_leader, confirmed=False)
    codes = client.post(ENROLL, {"code": code_of(device)})
    assert codes.status_code == 200 and "恢复码" in codes.content.decode()
    assert no_store(codes), codes.get("Cache-Control")
    later = Client()
    password_step(later, zone_a_leader)
    assert no_store(later.get(VERIFY))


def test_a_recovery_code_works_once(zone_a_leader):
    first = Client()
    password_step(first, zone_a_leader)
    codes = enroll(first, zone_a_leader)

    client = Client()
    password_step(client, zone_a_leader)
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get("/core/staff/").status_code == 200
    assert StaticToken.objects.filter(device__user=zone_a_leader).count() == 9

    again = Client()
    password_step(again, zone_a_leader)
    refused = again.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 200 and "验证码不正确或已使用" in refused.content.decode()
    assert again.get("/core/staff/").status_code == 302


def test_a_sysadmin_resets_with_a_reason_audited_and_the_user_enrolls_again(zone_a_leader, sysadmin):
    leader = Client()
    password_step(leader, zone_a_leader)
    enroll(leader, zone_a_leader)
    assert leader.get("/core/staff/").status_code == 200

    admin = Client()
    password_step(admin, sysadmin)
    enroll(admin, sysadmin)
    no_reason = admin.post(RESET, {"username": zone_a_leader.username, "reason": ""})
    assert no_reason.status_code == 200 and TOTPDevice.objects.filter(user=zone_a_leader).exists()
    done = admin.post(RESET, {"username": zone_a_leader.username, "reason": "手机丢失，本人到场核实"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=zone_a_leader).exists()
    assert not StaticDevice.objects.filter(user=zone_a_leader).exists()
    event = AuditEvent.objects.get(
        actor=sysadmin, action=AuditAction.UPDATE, note__startswith="重置双因素认证"
    )
    assert (
        event.note == "重置双因素认证：手机丢失，本人到场核实"
        and event.zone_id == zone_a_leader.profile.zone_id
    )

    # The leader's session ended with the reset (as their API tokens were revoked): log in, then enroll again.
    response = leader.get("/core/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    password_step(leader, zone_a_leader)
    response = leader.get("/core/staff/")
    assert response.status_code == 302 and response["Location"].startswith(ENROLL)
    assert len(enroll(leader, zone_a_leader)) == 10


def test_only_a_sysadmin_may_reset(client_for, zone_a_leader, city_officer):
    assert client_for(city_officer).get(RESET).status_code == 403
    response = client_for(city_officer).post(RESET, {"username": zone_a_leader.username, "reason": "x"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(note__startswith="重置双因素认证").exists()


@pytest.mark.parametrize("role_user", ["zone_a_leader", "city_officer", "sysadmin"])
def test_a_role_without_a_verified_session_cannot_open_a_page(role_user, request):
    user = request.getfixturevalue(role_user)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user, backend=ACCOUNT_BACKEND)  # password only
    for path in ("/", "/core/staff/", "/core/calendar/", "/core/tokens/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), path
    assert client.get("/api/v1/core/enterprises").status_code == 401


def test_other_roles_and_api_tokens_need_no_second_factor(
    zone_a_investment_officer, zone_a_leader, client_for
):
    client = Client()
    password_step(client, zone_a_investment_officer)
    assert client.get("/core/staff/").status_code == 200
    token = client_for(zone_a_leader).post(
        "/api/v1/core/tokens", {"name": "脚本", "days_valid": 30}, content_type="application/json"
    )
    assert token.status_code == 201
    machine = Client(HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    assert machine.get("/api/v1/core/enterprises").status_code == 200


def test_the_roles_are_a_setting(zone_a_investment_officer, zone_a_leader):
    with override_settings(DEVZONE_OTP_ROLES=("investment_officer",)):
        officer = Client()
        password_step(officer, zone_a_investment_officer)
        assert officer.get("/core/staff/")["Location"].startswith(ENROLL)
        leader = Client()
        password_step(leader, zone_a_leader)
        assert leader.get("/core/staff/").status_code == 200


def test_a_sysadmin_resets_only_accounts_of_their_city_and_never_their_own(sysadmin):
    """The reset page names an account by its user name: one of another city reads as no account, and nobody
    strips their own second factor or the system actor's."""
    from devzone.core.actors import system_actor
    from devzone.core.choices import Role
    from devzone.testing import factories as f

    other_city = f.CityFactory(name="青岛市", code="370200")
    other_admin = f.user_with_role(Role.SYSADMIN, city=other_city, user__username="qd_admin")
    TOTPDevice.objects.create(user=other_admin, name="phone", confirmed=True)
    admin = Client()
    password_step(admin, sysadmin)
    enroll(admin, sysadmin)
    for username in (other_admin.username, system_actor().username):  # read as no such account
        refused = admin.post(RESET, {"username": username, "reason": "试"})
        assert refused.status_code == 200 and "没有这个用户名" in refused.content.decode(), username
    assert admin.post(RESET, {"username": sysadmin.username, "reason": "试"}).status_code == 403  # one's own
    assert TOTPDevice.objects.filter(user=other_admin).exists()
    assert TOTPDevice.objects.filter(user=sysadmin).exists()
    assert not AuditEvent.objects.filter(note__startswith="重置双因素认证").exists()
