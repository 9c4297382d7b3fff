"""core.services.people.person_set_role: when an administrator moves an account to another zone and leaves the
工号 empty ("left empty, the zone, enterprise and staff record stay those the account has"), the old 工号 is looked
up *in the new zone*. 工号 are unique per zone only, so the account is silently tied to a different person's staff
record there — who then is "the person themselves" for core.personal (full birth date and mobile), their
department head scope, their performance and personnel rows."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.core import personal
from devzone.core.choices import Role
from devzone.core.models import Profile
from devzone.core.services import people as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def test_moving_an_account_to_another_zone_does_not_tie_it_to_a_stranger_with_the_same_staff_number(
    sysadmin, zone_a, zone_b
):
    alice = f.StaffFactory(zone=zone_a, name="甲区张三", employee_no="0001")
    bob = f.StaffFactory(
        zone=zone_b, name="乙区李四", employee_no="0001", phone="13911112222", birth_date=dt.date(1980, 1, 2)
    )
    account = f.user_with_role(Role.REVIEWER, zone=zone_a, staff=alice, user__username="zhangsan")
    profile = Profile.objects.get(user=account)

    svc.person_set_role(
        actor=sysadmin, profile=profile, role=Role.REVIEWER, zone=zone_b.pk, reason="调往乙区"
    )

    profile.refresh_from_db()
    assert profile.zone_id == zone_b.pk
    assert profile.staff_id != bob.pk, "张三's account is now 李四's staff record"
    moved = Profile.objects.get(pk=profile.pk).user
    assert not personal.sees_personal(moved, bob), "张三 reads 李四's birth date and mobile as his own"


def test_moving_with_the_new_zones_staff_number_links_that_record(sysadmin, zone_a, zone_b):
    alice = f.StaffFactory(zone=zone_a, name="甲区张三", employee_no="0001")
    alice_b = f.StaffFactory(zone=zone_b, name="甲区张三", employee_no="B0777")
    account = f.user_with_role(Role.REVIEWER, zone=zone_a, staff=alice, user__username="zhangsan")
    profile = Profile.objects.get(user=account)
    svc.person_set_role(
        actor=sysadmin,
        profile=profile,
        role=Role.REVIEWER,
        zone=zone_b.pk,
        staff_no="B0777",
        reason="调往乙区",
    )
    profile.refresh_from_db()
    assert (profile.zone_id, profile.staff_id) == (zone_b.pk, alice_b.pk)


def test_a_role_change_within_the_zone_keeps_the_staff_record(sysadmin, zone_a):
    alice = f.StaffFactory(zone=zone_a, name="甲区张三", employee_no="0001")
    account = f.user_with_role(Role.REVIEWER, zone=zone_a, staff=alice, user__username="zhangsan")
    profile = Profile.objects.get(user=account)
    svc.person_set_role(actor=sysadmin, profile=profile, role=Role.WINDOW_CLERK, reason="换岗")
    profile.refresh_from_db()
    assert (profile.zone_id, profile.staff_id, profile.role) == (zone_a.pk, alice.pk, Role.WINDOW_CLERK)
