"""Timetables: handover writes the template's milestones in working days from the signing; recording an actual
date refuses dates before the signing or in the future and calls the milestone hook; a granted approval whose
item is tied to a milestone completes it; investment against 序时进度 drives the stored status."""

import datetime as dt
from decimal import Decimal

import pytest

from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent, Project
from devzone.core.workdays import get_calendar
from devzone.projects import hooks
from devzone.projects.choices import DEFAULT_STEPS
from devzone.projects.models import AgentAssignment, KeyProject, Milestone
from devzone.projects.services import (
    handover_to_build,
    investment_month_record,
    investment_plan_set,
    milestone_record,
    milestones_on_approval_granted,
    refresh_statuses,
)
from devzone.testing.projects import SIGNED, TODAY, key

pytestmark = pytest.mark.django_db


def test_handover_marks_the_project_key_and_writes_the_timetable_in_working_days(a):
    tracking = key(a)
    project = Project.objects.get(pk=a.project.pk)
    assert project.is_key and tracking.agent == a.agent_staff
    ms = list(Milestone.objects.filter(project=project))
    assert [m.code for m in ms] == [c for c, *_ in DEFAULT_STEPS]
    cal = get_calendar()
    for m, (_code, _name, offset, item) in zip(ms, DEFAULT_STEPS, strict=True):
        assert m.planned_on == cal.add_workdays(SIGNED, offset)
        assert m.approval_item_code == item
    assert ms[0].actual_on == SIGNED and all(m.actual_on is None for m in ms[1:])
    assert AgentAssignment.objects.filter(project=project, ended_on__isnull=True).get().agent == a.agent_staff
    assert AuditEvent.objects.filter(object_repr=project.name, action="create").exists()


def test_handover_twice_or_without_signing_or_by_a_reviewer_is_refused(a):
    key(a)
    with pytest.raises(ConflictError):
        key(a)
    unsigned = Project.objects.create(
        zone=a.zone, enterprise=a.enterprise, name="未签约", industry_id="13", total_investment=Decimal("100")
    )
    with pytest.raises(DomainError, match="签约日期"):
        handover_to_build(actor=a.leader, project=unsigned)
    with pytest.raises(PermissionDeniedError):
        handover_to_build(actor=a.officer, project=unsigned)


def test_a_milestone_date_before_signing_or_in_the_future_is_refused_and_nothing_changes(a):
    key(a)
    land = Milestone.objects.get(project=a.project, code="land")
    for bad, words in ((SIGNED - dt.timedelta(days=1), "签约"), (TODAY + dt.timedelta(days=1), "今天")):
        with pytest.raises(DomainError, match=words) as e:
            milestone_record(actor=a.agent, milestone=land, actual_on=bad, on=TODAY)
        assert "actual_on" in e.value.errors
    land.refresh_from_db()
    assert land.actual_on is None and land.version == 0


def test_recording_a_milestone_calls_the_hook_inside_the_transaction(a, monkeypatch):
    key(a)
    seen = []
    monkeypatch.setattr(hooks, "MILESTONE_REACHED", [lambda **kw: seen.append(kw)])
    ms = Milestone.objects.get(project=a.project, code="groundbreaking")
    milestone_record(actor=a.agent, milestone=ms, actual_on=TODAY, notes="桩基开工", on=TODAY)
    ms.refresh_from_db()
    assert ms.actual_on == TODAY and ms.notes == "桩基开工" and ms.recorded_by == a.agent
    assert seen == [{"project": a.project, "code": "groundbreaking", "on": TODAY, "actor": a.agent}]


def test_a_stale_version_is_refused(a):
    key(a)
    ms = Milestone.objects.get(project=a.project, code="land")
    milestone_record(actor=a.agent, milestone=ms, actual_on=TODAY, on=TODAY, expected_version=0)
    with pytest.raises(ConflictError):
        milestone_record(actor=a.leader, milestone=ms, actual_on=TODAY, on=TODAY, expected_version=0)


def test_a_zone_b_leader_cannot_record_zone_a_milestones(a, b):
    key(a)
    ms = Milestone.objects.get(project=a.project, code="land")
    from devzone.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        milestone_record(actor=b.leader, milestone=ms, actual_on=TODAY, on=TODAY)


def test_a_granted_approval_completes_the_tied_milestone_and_tolerates_projects_without_timetable(a):
    assert (
        milestones_on_approval_granted(project=a.project, item_code="ZJ-010", on=TODAY, actor=a.officer)
        is None
    )
    key(a)
    ms = milestones_on_approval_granted(project=a.project, item_code="ZJ-010", on=TODAY, actor=a.officer)
    assert ms.code == "construction_permit" and ms.actual_on == TODAY
    # granted again (another application of the same item): nothing left to complete
    assert (
        milestones_on_approval_granted(project=a.project, item_code="ZJ-010", on=TODAY, actor=a.officer)
        is None
    )
    assert (
        milestones_on_approval_granted(project=a.project, item_code="XX-999", on=TODAY, actor=a.officer)
        is None
    )


def test_the_approvals_grant_service_completes_the_milestone(a, settings, tmp_path):
    """The real path: an application of item ZJ-010 granted in approvals -> 施工许可 reached."""
    from django.utils import timezone

    from devzone.approvals.services import applications as svc
    from devzone.core.choices import Role
    from devzone.testing import factories as f
    from devzone.testing.approvals import ItemFactory, accepted

    settings.DEVZONE_SEAL_MASTER_KEY = "11" * 32
    key(a)
    item = ItemFactory(zone=a.zone, code="ZJ-010")
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=a.zone, user__username="clerk")
    app = accepted(a.company, clerk, a.officer, a.project, item, on=timezone.localdate())
    svc.application_grant(actor=a.officer, application=app)
    ms = Milestone.objects.get(project=a.project, code="construction_permit")
    assert ms.actual_on is not None


def test_investment_behind_the_time_proportional_plan_turns_the_project_yellow_then_red(a):
    key(a)
    ms = Milestone.objects.get(project=a.project, code="groundbreaking")
    milestone_record(actor=a.agent, milestone=ms, actual_on=dt.date(2025, 6, 3), on=TODAY)
    t = KeyProject.objects.get(project=a.project)

    def month(m, amount):
        investment_month_record(
            actor=a.agent, project=a.project, year=2025, month=m, completed_wan=amount, on=TODAY
        )
        t.refresh_from_db()
        return t.status, t.behind_points

    # June 16th: five months are over, 序时进度 = 5/12 = 41.7 % of 12,000 万元
    month(3, "1700")
    month(4, "1700")
    month(5, "1700")
    assert t.behind_points is None  # no plan yet: nothing to compare with
    investment_plan_set(actor=a.agent, project=a.project, year=2025, planned_wan="12000", on=TODAY)
    assert month(5, "1700") == ("green", Decimal("-0.8"))  # 5,100 = 42.5 %
    assert month(5, "0") == ("yellow", Decimal("13.4"))  # 28.3 %: 10-30 points behind
    assert month(4, "0") == ("yellow", Decimal("27.5"))
    assert month(3, "0") == ("red", Decimal("41.7"))  # more than 30 points behind
    assert t.turned_red_on == TODAY
    refresh_statuses(on=TODAY)  # the daily job finds it red
    # caught up again: yellow for a month after the last red day, not green at once
    month(3, "1700")
    month(4, "1700")
    assert month(5, "1700") == ("yellow", Decimal("-0.8"))
    assert "观察期" in t.status_reason


def test_a_red_that_only_flickers_while_figures_are_entered_leaves_no_month_of_yellow(a):
    key(a)
    ms = Milestone.objects.get(project=a.project, code="groundbreaking")
    milestone_record(actor=a.agent, milestone=ms, actual_on=dt.date(2025, 6, 3), on=TODAY)
    investment_plan_set(actor=a.agent, project=a.project, year=2025, planned_wan="12000", on=TODAY)
    t = KeyProject.objects.get(project=a.project)
    assert t.status == "red"  # a plan and no months yet
    for m in (3, 4, 5):
        investment_month_record(
            actor=a.agent, project=a.project, year=2025, month=m, completed_wan="1700", on=TODAY
        )
    t.refresh_from_db()
    assert t.status == "green" and t.last_red_on is None


def test_a_future_month_or_negative_amount_is_refused(a):
    key(a)
    with pytest.raises(DomainError, match="未来"):
        investment_month_record(
            actor=a.agent, project=a.project, year=2025, month=7, completed_wan="1", on=TODAY
        )
    with pytest.raises(DomainError, match="金额"):
        investment_month_record(
            actor=a.agent, project=a.project, year=2025, month=5, completed_wan="-1", on=TODAY
        )
    with pytest.raises(DomainError, match="金额"):
        investment_plan_set(actor=a.agent, project=a.project, year=2025, planned_wan="abc", on=TODAY)


def test_a_project_that_misses_its_start_month_turns_yellow_and_after_three_months_red(a):
    tracking = key(a)
    start = Milestone.objects.get(project=a.project, code="groundbreaking").planned_on
    refresh_statuses(on=start)
    tracking.refresh_from_db()
    assert tracking.status == "green"
    month_after = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    refresh_statuses(on=month_after)
    tracking.refresh_from_db()
    assert tracking.status == "yellow" and "未开工" in tracking.status_reason
    three = (month_after + dt.timedelta(days=65)).replace(day=1)
    refresh_statuses(on=three)
    tracking.refresh_from_db()
    assert tracking.status == "red" and tracking.turned_red_on == three
    # it starts: no longer late, but red projects stay yellow for a month before green
    ms = Milestone.objects.get(project=a.project, code="groundbreaking")
    milestone_record(actor=a.agent, milestone=ms, actual_on=three, on=three)
    refresh_statuses(on=three + dt.timedelta(days=1))
    tracking.refresh_from_db()
    assert tracking.status == "yellow"
    refresh_statuses(on=three + dt.timedelta(days=40))
    tracking.refresh_from_db()
    assert tracking.status == "green"


def test_it_refuses_recording_a_milestone_already_reached(a, monkeypatch):
    key(a)
    seen = []
    monkeypatch.setattr(hooks, "MILESTONE_REACHED", [lambda **kw: seen.append(kw)])
    ms = Milestone.objects.get(project=a.project, code="land")
    milestone_record(actor=a.agent, milestone=ms, actual_on=dt.date(2025, 4, 1), on=TODAY)
    with pytest.raises(DomainError, match="不能重复登记"):
        milestone_record(actor=a.leader, milestone=ms, actual_on=dt.date(2025, 6, 1), on=TODAY)
    ms.refresh_from_db()
    assert ms.actual_on == dt.date(2025, 4, 1) and ms.version == 1
    assert [kw["on"] for kw in seen] == [dt.date(2025, 4, 1)]  # the hooks ran once
    signing = Milestone.objects.get(project=a.project, code="signing")  # reached at the handover
    with pytest.raises(DomainError, match="不能重复登记"):
        milestone_record(actor=a.agent, milestone=signing, actual_on=TODAY, on=TODAY)
