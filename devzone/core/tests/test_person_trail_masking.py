"""The person page's 变更记录 shows the staff record's audit rows unmasked (core.views_people.person_detail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.models import Profile
from devzone.core.services import object_update
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
PHONE, NEW_PHONE = "13812341234", "13700001111"


@pytest.fixture
def member(zone_a, zone_a_department):
    return f.StaffFactory(
        zone=zone_a, department=zone_a_department, name="钱小红", phone=PHONE, birth_date=dt.date(1988, 7, 15)
    )


@pytest.fixture
def member_profile(zone_a, member):
    user = f.user_with_role(Role.REVIEWER, zone=zone_a, staff=member, user__username="a_member")
    return Profile.objects.get(user=user)


@pytest.mark.parametrize("who", ["city_officer", "sysadmin"])
def test_the_person_page_trail_masks_the_staff_records_mobile(
    request, client_for, zone_a_leader, member, member_profile, who
):
    """A city officer or a system administrator sees a staff member's mobile masked (138****1234) on the staff
    pages, their trail, the API and the admin (core.personal) -- but the person page lists the staff record's
    audit rows through ``audit.readable`` without ``personal.masked_changes``: old and new mobile in full."""
    member.phone = NEW_PHONE
    object_update(actor=zone_a_leader, instance=member)
    reader = request.getfixturevalue(who)
    r = client_for(reader).get(reverse("core:person_detail", args=[member_profile.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "钱小红" in html or "a_member" in html
    assert NEW_PHONE not in html and PHONE not in html, "full mobile numbers in the person page's trail"
