"""单点登录的身份关联 kept in the app (docs/integration.md): whoever manages a person's account links it to the
person's identity on the province's platform, or removes the link, from the person's page — audited, never for
a peer or another zone's person. Before, only the break-glass Django admin could, which the city's
administrators do not have."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent, IdentityLink
from devzone.core.services import people as svc
from devzone.core.services.tokens import token_authenticate, token_create
from devzone.core.sso import ProvinceBackend
from devzone.testing import factories as f
from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db
ISSUER = "https://sso.example.gov.cn/o"


@pytest.fixture
def sso(settings):
    settings.DEVZONE_OIDC_ISSUER = ISSUER
    return settings


def test_a_leader_links_a_clerk_and_the_platform_login_finds_the_account(sso, zone_a_leader, clerk):
    link = svc.person_link_identity(actor=zone_a_leader, profile=clerk, subject="u-1001", reason="入职开通")
    assert (link.issuer, link.subject, link.user) == (ISSUER, "u-1001", clerk.user)
    assert list(ProvinceBackend().filter_users_by_claims({"sub": "u-1001"})) == [clerk.user]
    [event] = AuditEvent.objects.filter(object_id=str(clerk.pk), note__contains="u-1001")
    assert event.actor == zone_a_leader and "入职开通" in event.note


def test_one_identity_opens_one_account(sso, zone_a_leader, clerk, zone_a, zone_a_department):
    svc.person_link_identity(actor=zone_a_leader, profile=clerk, subject="u-1001", reason="入职开通")
    f.StaffFactory(zone=zone_a, department=zone_a_department, name="窗口小王", employee_no="JB0102")
    other, _ = svc.person_create(
        actor=zone_a_leader, username="xiaowang", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0102"
    )
    with pytest.raises(DomainError) as refused:
        svc.person_link_identity(actor=zone_a_leader, profile=other, subject="u-1001", reason="入职开通")
    assert "xiaoli" not in str(refused.value)  # which account holds it is not told
    assert IdentityLink.objects.get(subject="u-1001").user == clerk.user


def test_nobody_links_a_peer_nor_another_zones_person(sso, zone_a, zone_a_leader, zone_b_leader, clerk):
    """A link opens the account as surely as a password: a fellow leader's would take it over."""
    deputy = f.user_with_role(
        Role.ZONE_LEADER, zone=zone_a, user__username="a_deputy", display_name="甲副主任"
    )
    with pytest.raises(NotFoundError):
        svc.person_link_identity(actor=zone_b_leader, profile=clerk, subject="u-1", reason="x")
    with pytest.raises(PermissionDeniedError):
        svc.person_link_identity(actor=zone_a_leader, profile=deputy.profile, subject="u-1", reason="x")
    assert not IdentityLink.objects.exists()


def test_no_link_without_single_sign_on(settings, zone_a_leader, clerk):
    settings.DEVZONE_OIDC_ISSUER = ""
    with pytest.raises(DomainError):
        svc.person_link_identity(actor=zone_a_leader, profile=clerk, subject="u-1001", reason="入职开通")


def test_removing_a_link_ends_the_accounts_sessions_and_is_audited(sso, zone_a_leader, clerk):
    link = svc.person_link_identity(actor=zone_a_leader, profile=clerk, subject="u-1001", reason="入职开通")
    clerk.user.set_password("Qingdao-Harbour-77")
    clerk.user.save()
    make_client(clerk.user)
    assert svc.person_unlink_identity(actor=zone_a_leader, profile=clerk, link=link.pk, reason="认错人") == 1
    assert not IdentityLink.objects.exists()
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(clerk.user_id)
    ]
    assert not list(ProvinceBackend().filter_users_by_claims({"sub": "u-1001"}))
    assert AuditEvent.objects.filter(object_id=str(clerk.pk), note__contains="认错人").exists()


def test_the_person_page_links_and_unlinks(sso, zone_a_leader, clerk):
    c = make_client(zone_a_leader)
    page = c.get(reverse("core:person_detail", args=[clerk.pk])).content.decode()
    assert reverse("core:person_action", args=[clerk.pk, "identity"]) in page
    assert reverse("core:person_action", args=[clerk.pk, "unlink"]) not in page  # nothing to remove yet
    url = reverse("core:person_action", args=[clerk.pk, "identity"])
    r = c.post(url, {"subject": "u-1001", "reason": "入职开通"})
    assert r.status_code == 302
    page = c.get(reverse("core:person_detail", args=[clerk.pk])).content.decode()
    assert "u-1001" in page and reverse("core:person_action", args=[clerk.pk, "unlink"]) in page
    # a duplicate is a form error in the user's language, nothing changes
    f.StaffFactory(zone=clerk.zone, department=clerk.staff.department, name="窗口小王", employee_no="JB0102")
    other, _ = svc.person_create(
        actor=zone_a_leader, username="xiaowang", display_name="", role=Role.WINDOW_CLERK, staff_no="JB0102"
    )
    r = c.post(
        reverse("core:person_action", args=[other.pk, "identity"]), {"subject": "u-1001", "reason": "x"}
    )
    assert r.status_code == 200 and "该身份标识已关联其他账号" in r.content.decode()
    link = IdentityLink.objects.get()
    r = c.post(
        reverse("core:person_action", args=[clerk.pk, "unlink"]), {"link": link.pk, "reason": "认错人"}
    )
    assert r.status_code == 302 and not IdentityLink.objects.exists()


def test_without_single_sign_on_the_page_offers_no_link(settings, zone_a_leader, clerk):
    settings.DEVZONE_OIDC_ISSUER = ""
    c = make_client(zone_a_leader)
    page = c.get(reverse("core:person_detail", args=[clerk.pk])).content.decode()
    assert reverse("core:person_action", args=[clerk.pk, "identity"]) not in page


def test_unlinking_an_identity_revokes_the_tokens_made_through_it(sso, zone_a_leader, clerk):
    """An identity linked by mistake (or taken over at the province's platform) logs in through single sign-on
    and makes a personal API token; the leader removes the link: the sessions end, but the token keeps working
    for up to DEVZONE_TOKEN_MAX_DAYS. Every other credential change (role, password, second factor, deactivate)
    revokes tokens through ``end_access``."""
    link = svc.person_link_identity(actor=zone_a_leader, profile=clerk, subject="u-1001", reason="入职开通")
    _token, raw = token_create(actor=clerk.user, name="脚本", days_valid=30)
    assert token_authenticate(raw) is not None
    svc.person_unlink_identity(actor=zone_a_leader, profile=clerk, link=link, reason="关联错了人")
    assert token_authenticate(raw) is None, "the token made under the removed identity still opens the API"
    note = AuditEvent.objects.filter(object_id=str(clerk.pk)).order_by("-id").first().note
    assert "撤销API令牌1个" in note, note
