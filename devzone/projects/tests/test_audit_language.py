"""What the key-project services write into the audit trail is written in the site's language, whoever's request
writes it (``core.notify.stored``, ``core.audit``): the notes were Chinese literals and f-strings ("转入重点项目，
建立时间表", f"{year}年计划投资 {amount} 万元", f"走访 {n} 张照片" …), and the agent named at a handover was
noted in the language of the leader handing over (an eager ``gettext``). A site run in English kept them in
Chinese. Failed before the fix."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from devzone.core.models import AuditEvent
from devzone.projects.models import AgentAssignment, KeyProject, Milestone
from devzone.projects.services import investment_month_record, investment_plan_set, milestone_record
from devzone.projects.services.dispatching import dispatch_issue
from devzone.projects.services.timetable import milestones_on_approval_granted
from devzone.testing.projects import TODAY, english_site, key, visit

pytestmark = pytest.mark.django_db

ENGLISH = {
    "转入重点项目，建立时间表": "Made a key project, timetable set up",
    "转入建设时指定": "Named at the handover",
    "指定代办专员": "Agent assigned",
    "登记节点完成": "Milestone reached",
    "审批事项 %(item)s %(outcome)s，节点自动完成": "Approval item %(item)s %(outcome)s: milestone reached",
    "%(year)s年计划投资%(amount)s": "Planned investment %(year)s: %(amount)s",
    "%(year)s年%(month)s月完成投资%(amount)s": "Investment completed %(year)s-%(month)s: %(amount)s",
    "走访 %(n)d 张照片": ["Visit with %(n)d photo", "Visit with %(n)d photos"],
    "生成周调度": "Weekly dispatch issued",
}


def _notes(obj) -> list[str]:
    from django.contrib.contenttypes.models import ContentType

    rows = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    return list(rows.values_list("note", flat=True))


def test_the_key_projects_audit_notes_are_written_in_the_sites_language(a, settings, monkeypatch):
    english_site(settings, monkeypatch, ENGLISH)
    with translation.override("zh-hans"):  # the leader reads Chinese; the site keeps English
        key(a)
        tracking = KeyProject.objects.get(project=a.project)
        investment_plan_set(actor=a.agent, project=a.project, year=2025, planned_wan="12000", on=TODAY)
        investment_month_record(
            actor=a.agent, project=a.project, year=2025, month=5, completed_wan="3000", on=TODAY
        )
        land = Milestone.objects.get(project=a.project, code="land")
        milestone_record(actor=a.agent, milestone=land, actual_on=TODAY, on=TODAY)
        permit = milestones_on_approval_granted(
            project=a.project, item_code="ZJ-010", on=TODAY, actor=a.officer, outcome="granted"
        )
        logged = visit(a)
        dispatch = dispatch_issue(actor=a.leader, zone=a.zone, on=TODAY)
    notes = _notes(tracking)
    assert "Made a key project, timetable set up" in notes and "Agent assigned" in notes
    # the amounts as money reads in the note's language (were "12000.00 万元" in an English note)
    assert "Planned investment 2025: CNY 120 million" in notes
    assert "Investment completed 2025-5: CNY 30 million" in notes
    assert AgentAssignment.objects.get(project=a.project).note == "Named at the handover"
    assert _notes(land) == ["Milestone reached"]
    assert _notes(permit) == ["Approval item ZJ-010 granted: milestone reached"]
    assert _notes(logged) == ["Visit with 0 photos"]
    assert _notes(dispatch) == ["Weekly dispatch issued"]


def test_in_chinese_the_notes_read_as_before(a):
    key(a, on=TODAY - dt.timedelta(days=30))
    investment_plan_set(actor=a.agent, project=a.project, year=2025, planned_wan="12000", on=TODAY)
    investment_month_record(
        actor=a.agent, project=a.project, year=2025, month=5, completed_wan="3000.5", on=TODAY
    )
    tracking = KeyProject.objects.get(project=a.project)
    # an amount reads as money reads elsewhere (万元, from 10,000万元 in 亿元): was "2025年计划投资 12000.00 万元"
    assert {
        "转入重点项目，建立时间表",
        "指定代办专员",
        "2025年计划投资1.2亿元",
        "2025年5月完成投资3,000.5万元",
    } <= set(_notes(tracking))


def test_no_service_writes_a_note_from_a_literal():
    from devzone.projects import services
    from devzone.testing.projects import literal_notes

    assert literal_notes(services) == []
