"""回避 for pay: nobody who may edit pay profiles (the tally staff, the zone leader) sets their own 标准月薪 — the
base of their guaranteed share and of the pool — neither one by one nor through the Excel import; and the
system administrator, who runs the system, sets nobody's pay."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.access import can
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.performance import services as svc
from devzone.performance.models import PayProfile
from devzone.testing import factories as f
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db


def _editor_with_a_record(org, role=Role.TALLY_STAFF):
    me = org.staff[org.depts[3].pk][4]
    return f.user_with_role(role, zone=org.zone, staff=me, user__username=f"self_{role}"), me


def _pay_of(staff) -> int:
    return PayProfile.objects.get(staff=staff).monthly_standard_fen


@pytest.mark.parametrize("role", [Role.TALLY_STAFF, Role.ZONE_LEADER])
def test_it_refuses_a_pay_editor_setting_their_own_standard_pay(org, role):
    actor, me = _editor_with_a_record(org, role)
    before = _pay_of(me)
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.payprofile_set(actor=actor, staff=me, monthly_yuan="99999")
    assert _pay_of(me) == before
    # a colleague's they set
    other = org.staff[org.depts[3].pk][3]
    svc.payprofile_set(actor=actor, staff=other, monthly_yuan="9000")
    assert _pay_of(other) == 900_000


def test_the_import_refuses_a_row_of_the_importers_own_and_writes_nothing(org):
    actor, me = _editor_with_a_record(org)
    other = org.staff[org.depts[0].pk][1]
    before = sorted(PayProfile.objects.values_list("staff_id", "monthly_standard_fen"))
    data = xlsx([["工号", "标准月薪"], [other.employee_no, 9000], [me.employee_no, 99999]])
    with pytest.raises(DomainError) as e:
        svc.payprofile_import(actor=actor, zone=org.zone, data=data)
    said = " ".join(e.value.messages())
    assert "第3行" in said and "回避" in said
    assert sorted(PayProfile.objects.values_list("staff_id", "monthly_standard_fen")) == before


def test_the_page_offers_no_field_for_ones_own_pay_and_refuses_a_post(org, client_for):
    actor, me = _editor_with_a_record(org)
    c = client_for(actor)
    page = c.get(reverse("performance:payprofile_list"), {"q": me.employee_no}).content.decode()
    assert reverse("performance:payprofile_edit", args=[me.pk]) not in page
    assert "由其他人员维护" in page
    before = _pay_of(me)
    resp = c.post(reverse("performance:payprofile_edit", args=[me.pk]), {"monthly_yuan": "99999"})
    assert resp.status_code == 403
    resp = c.put(
        f"/api/v1/performance/pay-profiles/{me.pk}",
        {"monthly_yuan": "99999"},
        content_type="application/json",
    )
    assert resp.status_code == 403
    assert _pay_of(me) == before


def test_the_system_administrator_sets_nobodys_pay(org, sysadmin, client_for):
    s = org.staff[org.depts[0].pk][1]
    before = _pay_of(s)
    assert not can(sysadmin, "change", PayProfile)
    with pytest.raises(PermissionDeniedError):
        svc.payprofile_set(actor=sysadmin, staff=s, monthly_yuan="99999")
    with pytest.raises(PermissionDeniedError):
        svc.payprofile_import(
            actor=sysadmin, zone=org.zone, data=xlsx([["工号", "标准月薪"], [s.employee_no, 99999]])
        )
    assert _pay_of(s) == before


def test_the_system_administrator_reads_nobodys_grade_appeal_or_pay(org, sysadmin, client_for):
    """The administrator runs the system (users, roles, reference data, calendar, backups): it read every grade,
    appeal and pay profile of every zone; it keeps only the rounds it may reopen for a correction."""
    from devzone.performance.models import Appeal, Round, StaffGrade
    from devzone.performance.selectors import can_see_pay

    for model in (StaffGrade, Appeal, PayProfile):
        assert not can(sysadmin, "view", model)
    assert can(sysadmin, "view", Round) and not can_see_pay(sysadmin)
    c = client_for(sysadmin)
    assert c.get(reverse("performance:payprofile_list")).status_code == 403
