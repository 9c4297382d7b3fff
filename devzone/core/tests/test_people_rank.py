"""Who may act on whose account (core.services.people): only someone who outranks the person — a zone leader
over the zone's staff and enterprise users, the city's system administrator over zone leaders and city
officers — never someone of equal or higher rank (a leader resetting a fellow leader's password would take
over their account), and never oneself through the managers' actions (oneself: the 修改密码 page)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.choices import Role
from devzone.core.errors import PermissionDeniedError
from devzone.core.models import AuditEvent, Profile
from devzone.core.services import people as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ACTIONS = ["password", "otp", "deactivate", "role", "reactivate"]


@pytest.fixture
def deputy(zone_a):
    """Another leader of zone A: the same rank as ``zone_a_leader``, with a password and an authenticator."""
    user = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="a_deputy", display_name="甲副主任")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return Profile.objects.get(user=user)


@pytest.fixture
def second_admin(city):
    user = f.user_with_role(Role.SYSADMIN, city=city, user__username="admin2", display_name="管理员二")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return Profile.objects.get(user=user)


def act(action: str, actor, person: Profile):
    if action == "password":
        return svc.person_reset_password(actor=actor, profile=person, reason="试")
    if action == "otp":
        return svc.person_reset_otp(actor=actor, profile=person, reason="试")
    if action == "deactivate":
        return svc.person_deactivate(actor=actor, profile=person, reason="试")
    if action == "reactivate":
        user = person.user
        user.is_active = False
        user.save(update_fields=["is_active"])
        return svc.person_reactivate(actor=actor, profile=person, reason="试")
    return svc.person_set_role(actor=actor, profile=person, role=Role.AGENT, reason="试")


def unchanged(person: Profile, *, active: bool = True) -> bool:
    user = get_user_model().objects.get(pk=person.user_id)
    return (
        user.check_password(f.PASSWORD)
        and user.is_active == active
        and Profile.objects.get(pk=person.pk).role == person.role
        and TOTPDevice.objects.filter(user=user).exists()
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_a_leader_cannot_act_on_a_fellow_leader_of_the_zone(zone_a_leader, deputy, action):
    with pytest.raises(PermissionDeniedError) as e:
        act(action, zone_a_leader, deputy)
    assert "相同或更高" in e.value.message
    assert unchanged(deputy, active=action != "reactivate")
    assert not AuditEvent.objects.filter(actor=zone_a_leader).exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_an_administrator_cannot_act_on_a_fellow_administrator(sysadmin, second_admin, action):
    with pytest.raises(PermissionDeniedError):
        act(action, sysadmin, second_admin)
    assert unchanged(second_admin, active=action != "reactivate")


@pytest.mark.parametrize("action", ACTIONS)
def test_an_administrator_acts_on_a_zone_leader(sysadmin, deputy, action):
    act(action, sysadmin, deputy)
    assert AuditEvent.objects.filter(actor=sysadmin).exists()


def test_an_administrator_acts_on_a_city_officer(sysadmin, city_officer):
    person = Profile.objects.get(user=city_officer)
    link = svc.person_reset_password(actor=sysadmin, profile=person, reason="忘记密码")
    assert svc.user_of_link(*link.path.strip("/").split("/")[-2:]) is not None


def test_the_person_page_offers_no_action_on_an_equal_and_refuses_a_forged_one(
    client_for, zone_a_leader, deputy
):
    c = client_for(zone_a_leader)
    page = c.get(reverse("core:person_detail", args=[deputy.pk]))
    assert page.status_code == 200  # the leader still sees their colleague …
    for action in ACTIONS:  # … but is offered no action, and a forged one is refused
        assert reverse("core:person_action", args=[deputy.pk, action]) not in page.content.decode()
        url = reverse("core:person_action", args=[deputy.pk, action])
        assert c.get(url).status_code == 403, action
        assert c.post(url, {"reason": "试", "role": "agent"}).status_code == 403, action
    assert unchanged(deputy)


def test_the_api_refuses_an_action_on_an_equal(client_for, zone_a_leader, deputy):
    c = client_for(zone_a_leader)
    for op, body in {
        "password": {"reason": "试"},
        "otp-reset": {"reason": "试"},
        "deactivate": {"reason": "试"},
        "role": {"role": "agent", "reason": "试"},
    }.items():
        r = c.post(f"/api/v1/core/people/{deputy.pk}/{op}", body, content_type="application/json")
        assert r.status_code == 403, (op, r.content)
    assert unchanged(deputy)


def test_nobody_resets_their_own_password_through_the_managers_action(client_for, zone_a_leader):
    own = Profile.objects.get(user=zone_a_leader)
    with pytest.raises(PermissionDeniedError) as e:
        svc.person_reset_password(actor=zone_a_leader, profile=own, reason="试")
    assert "修改密码" in e.value.message  # sent to the self-service page
    c = client_for(zone_a_leader)
    assert (
        c.post(reverse("core:person_action", args=[own.pk, "password"]), {"reason": "试"}).status_code == 403
    )
    assert get_user_model().objects.get(pk=zone_a_leader.pk).check_password(f.PASSWORD)


def test_a_leader_still_acts_on_the_zones_staff(zone_a_leader, zone_a_investment_officer):
    person = Profile.objects.get(user=zone_a_investment_officer)
    svc.person_reset_password(actor=zone_a_leader, profile=person, reason="忘记密码")
    assert not get_user_model().objects.get(pk=person.user_id).has_usable_password()
