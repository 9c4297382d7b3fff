"""A lead's page carries the lead's version in its forms (推进阶段, 指定负责人, 标记流失, 编辑). An officer noting a
call (跟进记录) gave the lead a new version, and a leader who had the page open was refused as stale
("该线索刚被他人修改过") when naming the owner, although a record changes nothing those forms show. A form read
before follow-up records alone is accepted; any other change in between (another owner named, a stage moved) is
still refused, and a second signing from the same form still is."""

import pytest
from django.contrib.messages import get_messages

from devzone.core.errors import ConflictError
from devzone.investment import services as svc
from devzone.investment.models import Lead
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead

pytestmark = pytest.mark.django_db
STALE = "该线索刚被他人修改过，请刷新后重试"


def _messages(resp) -> list[str]:
    return [str(m) for m in get_messages(resp.wsgi_request)]


def test_a_leader_names_the_owner_from_a_page_read_before_a_followup_record(
    client_for, officer, zone_a_leader, team_a
):
    lead = new_lead(officer, team_a, name="记录后食品有限公司", credit_code=f.credit_code_for(9301))
    seen = lead.version
    svc.lead_record(actor=officer, lead=lead, kind="note", text="电话沟通，客商下月来访")
    svc.lead_record(actor=officer, lead=lead, kind="assessment", text="符合食品方向")
    staff = officer.profile.staff
    resp = client_for(zone_a_leader).post(
        f"/investment/leads/{lead.pk}/assign/", {"owner": staff.pk, "version": seen}
    )
    assert STALE not in _messages(resp)
    lead.refresh_from_db()
    assert lead.owner_id == staff.pk, "the owner form was refused after a follow-up record"


def test_a_stage_move_from_a_page_read_before_a_followup_record(officer, team_a):
    lead = new_lead(officer, team_a, name="记录后推进食品有限公司", credit_code=f.credit_code_for(9303))
    seen = lead.version
    svc.lead_record(actor=officer, lead=lead, kind="report", text="进展报告")
    svc.lead_move(actor=officer, lead=lead, target="aware", on=TODAY, expected_version=seen)
    assert Lead.objects.get(pk=lead.pk).stage == "aware"


def test_a_form_read_before_another_change_is_still_refused(officer, team_a):
    lead = new_lead(officer, team_a, name="其他修改食品有限公司", credit_code=f.credit_code_for(9302))
    seen = lead.version
    svc.lead_record(actor=officer, lead=lead, kind="note", text="电话沟通")
    svc.lead_assign(actor=officer, lead=lead, owner=officer.profile.staff, expected_version=seen)
    svc.lead_record(actor=officer, lead=lead, kind="note", text="再次沟通")
    with pytest.raises(ConflictError):  # the owner was named after ``seen``
        svc.lead_assign(actor=officer, lead=lead, owner=None, expected_version=seen)
    with pytest.raises(ConflictError):  # a version the lead never had
        svc.lead_assign(
            actor=officer, lead=lead, owner=None, expected_version=Lead.objects.get(pk=lead.pk).version + 1
        )
    assert Lead.objects.get(pk=lead.pk).owner_id == officer.profile.staff.pk
