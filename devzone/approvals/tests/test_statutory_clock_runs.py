"""Where the statutory clock runs, the file is watched and has a way out (review F): 行政许可法第四十二条 counts from
acceptance (受理) and only 第四十五条's special procedures stop it, so

- a file suspended for a late 容缺 material may still be denied (with reasons) or extended (within the item's
  maximum), as the law's clock runs on while the zone's promise is stopped;
- a file accepted while it waits for its prerequisite has its statutory clock from that day (the promised one
  and the review start when the prerequisite is granted);
- a file the scan deemed accepted (逾期视为受理), which nobody gave a reviewer, is in the reviewers' queue as
  待分派 and on the leaders' desk, and a zone leader assigns it (分派) or gives it to another reviewer (改派);
- the weekly dispatch lists the files the deadline scan watches, with their statutory clock whenever it runs.

Dates on the real 2025 calendar: 03-03 (Monday) + 20 working days = 03-31 (no holiday in March)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from devzone.approvals import selectors
from devzone.approvals.choices import Status
from devzone.approvals.dispatch import approvals_near_deadline as near_deadline
from devzone.approvals.models import Application, ElapsedBucket
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Notification
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import (
    MONDAY,
    ItemFactory,
    accepted,
    accepted_owing,
    submit,
    tolerable_item,
)

pytestmark = pytest.mark.django_db

D = dt.date
LEGAL_DUE = D(2025, 3, 31)  # 03-03 + 20 working days


def workday(n: int) -> dt.date:
    return get_calendar().add_workdays(MONDAY, n)


@pytest.fixture
def suspended(company_user, clerk, reviewer, project_a, zone_a):
    """A file accepted on 03-03 with its 容缺 material owed within 3 working days (03-06), suspended on 03-07."""
    app = accepted_owing(company_user, clerk, reviewer, project_a, tolerable_item(zone_a))
    assert svc.tolerated_scan(workday(4)) == 1
    app.refresh_from_db()
    assert app.status == Status.SUSPENDED
    assert (app.clock.status, app.legal_clock.status) == ("paused", "running")
    return app


def notices_to(user, kind: str) -> list[str]:
    return list(Notification.objects.filter(user=user, kind=kind).values_list("title", flat=True))


# --- 容缺 suspension: the law's clock runs on, and so do the ways out of it ------------------------------------
def test_a_suspended_file_can_be_denied_with_reasons(suspended, reviewer, company_user):
    on = workday(18)  # two working days left on the statutory clock
    with pytest.raises(DomainError, match="不予许可须说明理由"):
        svc.application_deny(actor=reviewer, application=suspended, reason=" ", on=on)
    with pytest.raises(
        DomainError, match="当前状态为“中止（容缺材料逾期）”"
    ):  # a grant still needs the material
        svc.application_grant(actor=reviewer, application=suspended, on=on)

    svc.application_deny(actor=reviewer, application=suspended, reason="环评批复逾期未补交", on=on)
    app = Application.objects.get(pk=suspended.pk)
    assert (app.status, app.decision_reason, app.concluded_on) == (Status.DENIED, "环评批复逾期未补交", on)
    assert (app.clock.status, app.legal_clock.status) == ("stopped", "stopped")
    assert app.events.last().from_status == Status.SUSPENDED
    # decided within the law, and the enterprise is told, with the reasons
    assert ElapsedBucket.objects.get(item=app.item).legal_late == 0
    assert any(
        "不予许可" in t and "环评批复逾期未补交" in t for t in notices_to(company_user, "approvals.decision")
    )


def test_a_suspended_file_can_be_extended_within_the_items_maximum(suspended, zone_a_leader, company_user):
    on = workday(18)
    with pytest.raises(DomainError, match="不得超过10个工作日.*第四十二条"):
        svc.application_extend(
            actor=zone_a_leader, application=suspended, reason="需补充论证", days=11, on=on
        )
    with pytest.raises(DomainError, match="请写明延期理由"):
        svc.application_extend(actor=zone_a_leader, application=suspended, reason="", on=on)

    svc.application_extend(actor=zone_a_leader, application=suspended, reason="需补充论证", on=on)
    app = Application.objects.get(pk=suspended.pk)
    assert app.status == Status.SUSPENDED and app.extension.days == 10
    assert app.legal_clock.due_on == get_calendar().add_workdays(LEGAL_DUE, 10)
    assert app.clock.status == "paused"  # the promise is neither extended nor restarted
    told = notices_to(company_user, "approvals.time_limit")
    assert any("延长" in t and "需补充论证" in t for t in told), told


def test_a_suspended_file_past_its_statutory_limit_is_no_longer_extended(suspended, zone_a_leader, reviewer):
    with pytest.raises(DomainError, match="法定期限已届满，不能延期"):
        svc.application_extend(actor=zone_a_leader, application=suspended, reason="补充论证", on=workday(21))
    svc.application_deny(actor=reviewer, application=suspended, reason="材料逾期未补交", on=workday(21))
    assert ElapsedBucket.objects.get(item=suspended.item).legal_late == 1  # decided, late in law


def test_the_leader_is_offered_the_extension_and_the_reviewer_the_denial_of_a_suspended_file(
    client_for, company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    """Today's file on the pages: the leader's 批准延期 form and the reviewer's 不予许可 form, which decides it."""
    cal, today = get_calendar(), timezone.localdate()
    start = today
    while cal.between(start, today) < 5:  # accepted 5 working days ago: its 容缺 material (3 days) is late
        start -= dt.timedelta(days=1)
    app = accepted_owing(company_user, clerk, reviewer, project_a, tolerable_item(zone_a), on=start)
    assert svc.tolerated_scan(today) == 1
    url = reverse("approvals:application_detail", args=[app.pk])
    assert 'data-action="extend"' in client_for(zone_a_leader).get(url).content.decode()
    page = client_for(reviewer).get(url).content.decode()
    assert 'data-actions="suspended"' in page and 'data-action="extend"' not in page
    app.refresh_from_db()
    deny = reverse("approvals:application_action", args=[app.pk, "deny"])
    client_for(reviewer).post(deny, {"version": app.version, "reason": "环评批复逾期未补交"})
    assert Application.objects.get(pk=app.pk).status == Status.DENIED


# --- waiting for a prerequisite: 受理 starts the law's clock ----------------------------------------------------
def test_an_accepted_file_waiting_for_its_prerequisite_has_its_statutory_clock_running(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader, no_certificate
):
    first, second = ItemFactory(zone=zone_a), ItemFactory(zone=zone_a)
    second.prerequisites.add(first)
    before = accepted(company_user, clerk, reviewer, project_a, first)
    app = accepted(company_user, clerk, reviewer, project_a, second)
    assert app.status == Status.WAITING and app.accepted_on == MONDAY
    assert app.clock_id is None  # the review and the zone's promise have not started
    assert (app.legal_clock.started_on, app.legal_clock.due_on, app.legal_clock.status) == (
        MONDAY,
        LEGAL_DUE,
        "running",
    )
    # its statutory limit may run out while it waits: the leader may extend it, within the item's maximum
    svc.application_extend(actor=zone_a_leader, application=app, reason="前置事项尚在审查", on=workday(15))
    app.refresh_from_db()
    assert app.legal_clock.due_on == get_calendar().add_workdays(LEGAL_DUE, 10)

    granted_on = workday(16)
    svc.application_grant(actor=reviewer, application=before, on=granted_on)
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    assert app.clock.started_on == granted_on  # the promise counts from the opening
    assert app.legal_clock.started_on == MONDAY  # the law's clock keeps counting from acceptance
    assert app.legal_clock.due_on == get_calendar().add_workdays(LEGAL_DUE, 10)


def test_a_file_waiting_for_its_prerequisite_past_its_statutory_limit_is_escalated_and_listed(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    from devzone.approvals.jobs import scan_deadlines

    first, second = ItemFactory(zone=zone_a), ItemFactory(zone=zone_a)
    second.prerequisites.add(first)
    accepted(company_user, clerk, reviewer, project_a, first)
    app = accepted(company_user, clerk, reviewer, project_a, second)
    on = workday(21)  # one working day past the statutory limit, still waiting
    scan_deadlines(on)
    assert Notification.objects.filter(
        user=zone_a_leader, kind="approvals.legal_escalate", url=app.get_absolute_url()
    ).exists()
    section = approvals_near_deadline(zone=zone_a, week_start=on, week_end=on, on=on)
    assert app.item.name in [row[1] for row in section["rows"]]


def test_the_migration_gives_a_waiting_file_its_statutory_clock(
    company_user, clerk, reviewer, project_a, zone_a
):
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module(
        "devzone.approvals.migrations.0011_statutory_clocks_for_waiting_files"
    )
    first, second = ItemFactory(zone=zone_a), ItemFactory(zone=zone_a)
    second.prerequisites.add(first)
    app = accepted(company_user, clerk, reviewer, project_a, second)
    Application.objects.filter(pk=app.pk).update(legal_clock=None)  # as accepted before this fix
    migration.forwards(django_apps, None)
    app.refresh_from_db()
    assert (app.legal_clock.started_on, app.legal_clock.due_on, app.legal_clock.status) == (
        MONDAY,
        LEGAL_DUE,
        "running",
    )
    assert app.clock_id is None


# --- deemed acceptance: 待分派, and a leader's 分派 -------------------------------------------------------------
@pytest.fixture
def deemed(company_user, project_a, item):
    """A file nobody acted on, accepted by the scan as of the day it came: no reviewer."""
    app = submit(company_user, project_a, [item]).applications.get()
    assert svc.deemed_acceptance_scan(workday(6)) == 1
    app.refresh_from_db()
    assert (app.status, app.reviewer_id, app.deemed_accepted) == (Status.IN_REVIEW, None, True)
    return app


def test_a_file_deemed_accepted_reaches_a_reviewers_queue(deemed, reviewer, zone_a_reviewer):
    for who in (reviewer, zone_a_reviewer):
        assert deemed in selectors.application_queue(user=who)


def test_a_file_deemed_accepted_is_on_the_desks_as_waiting_for_a_reviewer(
    client_for, deemed, reviewer, zone_a_leader, company_user
):
    for who in (zone_a_leader, reviewer):
        c = client_for(who)
        entry = {e.key: e for e in c.get(reverse("dashboard:home")).context["desk"]}["approvals.unassigned"]
        assert entry.count == 1
        listed = c.get(entry.url)
        assert [a.pk for a, _reading in listed.context["rows"]] == [deemed.pk]
        assert 'data-unassigned="1"' in listed.content.decode()
    queue = client_for(reviewer).get(reverse("dashboard:home")).context["desk"]
    [mine] = [e for e in queue if e.key == "approvals.queue"]
    assert mine.rows[0].note.startswith("待分派")
    # the enterprise's list says how its file stands, not the zone's assignment
    page = client_for(company_user).get(reverse("approvals:queue")).content.decode()
    assert "data-application" in page and 'data-unassigned="1"' not in page


def test_a_leader_assigns_a_file_deemed_accepted_then_gives_it_to_another_reviewer(
    client_for, deemed, reviewer, zone_a_reviewer, zone_a_leader
):
    leader = client_for(zone_a_leader)
    page = leader.get(deemed.get_absolute_url()).content.decode()
    assert 'data-action="assign"' in page and "分派审批人员" in page
    assign = reverse("approvals:application_action", args=[deemed.pk, "assign"])

    leader.post(assign, {"version": deemed.version, "reviewer": reviewer.pk})
    app = Application.objects.get(pk=deemed.pk)
    assert app.reviewer == reviewer and app.status == Status.IN_REVIEW
    assert app.events.last().note == "分派给审查甲"
    assert notices_to(reviewer, "approvals.assign") == [f"分派给您审查：{app}"]
    assert app not in selectors.application_queue(user=zone_a_reviewer)  # now the one reviewer's

    leader.post(assign, {"version": app.version, "reviewer": zone_a_reviewer.pk})
    app = Application.objects.get(pk=deemed.pk)
    assert app.reviewer == zone_a_reviewer
    assert app.events.last().note.startswith("由审查甲改派给")
    assert app not in selectors.application_queue(user=reviewer)
    with pytest.raises(PermissionDeniedError):  # the former reviewer no longer acts on it
        svc.application_advance_step(actor=reviewer, application=app)


def test_only_a_zone_leader_assigns_and_only_a_reviewer_of_the_files_zone(
    deemed, reviewer, zone_a_leader, zone_b, clerk
):
    outsider = f.user_with_role(Role.REVIEWER, zone=zone_b, user__username="b_rev")
    retired = f.user_with_role(Role.REVIEWER, zone=deemed.zone, user__username="a_rev_retired")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    for someone in (reviewer, clerk):
        with pytest.raises(PermissionDeniedError):
            svc.application_assign(actor=someone, application=deemed, reviewer=reviewer)
    for wrong in (outsider, retired, clerk):
        with pytest.raises(DomainError, match="所选审批人员无效"):
            svc.application_assign(actor=zone_a_leader, application=deemed, reviewer=wrong)
    svc.application_assign(actor=zone_a_leader, application=deemed, reviewer=reviewer)
    with pytest.raises(DomainError, match="该件已由所选审批人员办理"):
        svc.application_assign(actor=zone_a_leader, application=deemed, reviewer=reviewer)
    svc.application_deny(actor=reviewer, application=deemed, reason="不符合条件", on=workday(7))
    with pytest.raises(DomainError, match="当前状态为“不予许可”"):  # a concluded file is nobody's to take
        svc.application_assign(actor=zone_a_leader, application=deemed, reviewer=reviewer)


# --- the weekly dispatch: the files the deadline scan watches ---------------------------------------------------
def approvals_near_deadline(**kw):
    """The section as a Chinese reader reads it (its stored words written: projects.dispatch)."""
    from devzone.projects.dispatch import shown_content

    with translation.override("zh-hans"):
        return shown_content({"sections": [near_deadline(**kw)]})["sections"][0]


def test_the_weekly_dispatch_lists_a_file_past_its_statutory_limit_while_suspended(suspended, zone_a):
    on = workday(22)  # two working days past the statutory limit (03-31); the promise stopped on 03-07
    section = approvals_near_deadline(zone=zone_a, week_start=on, week_end=on, on=on)
    [row] = section["rows"]
    assert row[1] == suspended.item.name and row[4] == "法定时限已超期2个工作日"
    assert section["summary"].endswith("超期1件")


def test_the_weekly_dispatch_reads_no_clock_a_special_procedure_stops(
    company_user, clerk, reviewer, project_a, item, zone_a
):
    """The law leaves a 特别程序's time out (第四十五条): a file in one is not listed by its paused clocks; a file
    whose promise a 补正 stopped is listed by its statutory clock, which runs."""
    special = accepted(company_user, clerk, reviewer, project_a, item)
    svc.application_start_special(
        actor=reviewer, application=special, kind="expert", notice="专家评审", limit_days=30, on=workday(1)
    )
    asked = accepted(company_user, clerk, reviewer, project_a, ItemFactory(zone=zone_a))
    svc.application_request_supplement(actor=reviewer, application=asked, missing="补充图纸", on=workday(1))
    on = workday(19)
    rows = approvals_near_deadline(zone=zone_a, week_start=on, week_end=on, on=on)["rows"]
    assert [(r[1], r[4]) for r in rows] == [(asked.item.name, "法定时限剩余1个工作日")]


def test_the_weekly_dispatch_says_which_listed_file_waits_for_a_reviewer(deemed, zone_a):
    on = workday(19)  # the deemed file counts from 03-03, the day it came: one working day left
    [row] = approvals_near_deadline(zone=zone_a, week_start=on, week_end=on, on=on)["rows"]
    assert row[2] == "待分派"
