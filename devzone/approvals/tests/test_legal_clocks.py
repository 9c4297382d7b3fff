"""Issue 13, approval clocks against the law: the promised and the statutory clock side by side, 延期 within the
item's legal maximum (行政许可法第四十二条, 企业投资项目核准和备案管理条例第十一条), 一次性告知, deemed acceptance
after an answered 补正 (第三十二条), 容缺 due dates following the deadline, 特别程序 (第四十五条, 委托评估) with
their own monitored limit, and the catalog's legal nature and result type.

Dates are checked by hand on the real 2025 calendar: National Day and Mid-Autumn 10-01 to 10-08 off, Sunday
09-28 and Saturday 10-11 make-up working days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.approvals import clock as clockread
from devzone.approvals.certificates import certificate_wording
from devzone.approvals.choices import LegalNature, ResultKind, SpecialKind, Status, StepName
from devzone.approvals.jobs import readings, scan_deadlines
from devzone.approvals.models import ApplicationEvent, ApprovalItem, SupplementRequest
from devzone.approvals.services import applications as svc
from devzone.approvals.services.aftercare import acceptance_deadline
from devzone.core.calendar import Pause, WorkCalendar
from devzone.core.errors import DomainError
from devzone.core.models import Notification
from devzone.core.services.calendar import calendar_day_set
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import PDF, ItemFactory, accepted, submit

D = dt.date
FRI_0926 = D(2025, 9, 26)  # the Friday before the make-up Sunday 09-28


def seven_day_item(zone):
    """施工许可-like: statutory 7, promised 5 working days (steps 1+2+1+1)."""
    return ItemFactory(zone=zone, legal_limit_days=7, promised_limit_days=5, steps=(1, 2, 1, 1))


def answer(company_user, app, on):
    return svc.application_answer_supplement(
        actor=company_user, application=app, uploads=[(None, "补正.pdf", PDF)], on=on
    )


# --- the two clocks ---------------------------------------------------------------------------------------------
def test_the_two_clocks_across_national_day_with_its_make_up_days(
    company_user, clerk, reviewer, project_a, zone_a
):
    app = accepted(company_user, clerk, reviewer, project_a, seven_day_item(zone_a), on=FRI_0926)
    # counted: 09-28 (make-up Sunday) 1, 09-29 2, 09-30 3, [10-01..10-08 off], 10-09 4, 10-10 5, 10-11 (make-up
    # Saturday) 6, 10-13 7
    assert (app.clock.due_on, app.legal_clock.due_on) == (D(2025, 10, 10), D(2025, 10, 13))

    # 补正 in review on 09-29, answered on 10-13: the promised clock stops (09-30, 10-09, 10-10, 10-11, 10-13 not
    # counted), the statutory one does not (the law leaves out only 特别程序, 第四十五条)
    svc.application_request_supplement(
        actor=reviewer, application=app, missing="补充施工合同", on=D(2025, 9, 29)
    )
    app = answer(company_user, app, D(2025, 10, 13))
    app.refresh_from_db()
    assert app.clock.due_on == D(2025, 10, 16)  # 09-28, 09-29, then 10-14, 10-15, 10-16
    assert app.legal_clock.due_on == D(2025, 10, 13)

    # 10-15: on time against the promise (1 day left; its review step has overrun), two days past the law
    promised, legal = readings(app, D(2025, 10, 15))
    assert (promised.remaining, promised.overdue, promised.step_overrun) == (1, False, True)
    assert (legal.remaining, legal.overdue, legal.colour) == (-2, True, clockread.RED)
    assert clockread.nearer(promised, legal) == legal  # the lists show the nearer one

    # the scan: the promise only warns (its step), the law escalates to the leaders (督办), each once
    counts = scan_deadlines(D(2025, 10, 15))
    assert counts["escalated"] >= 1
    assert Notification.objects.filter(kind="approvals.legal_escalate").exists()
    assert Notification.objects.filter(kind="approvals.step").exists()
    assert not Notification.objects.filter(kind="approvals.escalate").exists()
    assert scan_deadlines(D(2025, 10, 15))["escalated"] == 0


def test_the_detail_page_shows_both_clocks_and_says_when_the_law_is_past(
    client_for, company_user, clerk, reviewer, project_a, zone_a, monkeypatch
):
    from django.utils import timezone

    app = accepted(company_user, clerk, reviewer, project_a, seven_day_item(zone_a), on=FRI_0926)
    svc.application_request_supplement(
        actor=reviewer, application=app, missing="补充施工合同", on=D(2025, 9, 29)
    )
    answer(company_user, app, D(2025, 10, 13))
    monkeypatch.setattr(timezone, "localdate", lambda *a: D(2025, 10, 15))
    page = client_for(reviewer).get(app.get_absolute_url()).content.decode()
    assert 'data-clock-kind="promised"' in page and 'data-clock-kind="legal"' in page
    assert "承诺时限" in page and "法定时限" in page
    assert 'data-legal-breach="1"' in page and "已超过法定时限" in page
    queue = client_for(reviewer).get(reverse("approvals:queue")).content.decode()
    assert 'data-clock-kind="legal"' in queue  # the nearer one in the list


# --- 延期 -------------------------------------------------------------------------------------------------------
def test_an_extension_lengthens_the_statutory_clock_within_the_items_legal_maximum(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    item = ItemFactory(zone=zone_a)  # 行政许可, statutory 20, promised 10; extension max 10 (第四十二条)
    app = accepted(company_user, clerk, reviewer, project_a, item, on=FRI_0926)
    # statutory: ... 10-13 7, 10-14 8 … 10-30 20; promised: 10-16 10
    assert (app.clock.due_on, app.legal_clock.due_on) == (D(2025, 10, 16), D(2025, 10, 30))
    with pytest.raises(DomainError, match="不得超过10个工作日.*行政许可法》第四十二条"):
        svc.application_extend(
            actor=zone_a_leader, application=app, reason="情况复杂", days=11, on=D(2025, 9, 29)
        )
    app = svc.application_extend(actor=zone_a_leader, application=app, reason="需现场踏勘", on=D(2025, 9, 29))
    app.refresh_from_db()
    assert app.extension.days == 10
    assert app.legal_clock.due_on == D(2025, 11, 13)  # 10-31, 11-03 … 11-07, 11-10 … 11-13
    assert app.clock.due_on == D(2025, 10, 16)  # the promise is not extended
    assert "第四十二条" in app.events.get(action="延期").note


def test_a_project_approval_may_be_extended_by_40_days_under_the_regulation(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    item = ItemFactory(
        zone=zone_a,
        result_kind=ResultKind.APPROVAL_DOCUMENT,
        extension_max_days=40,
        extension_basis="《企业投资项目核准和备案管理条例》第十一条",
    )
    app = accepted(company_user, clerk, reviewer, project_a, item)
    on = D(2025, 3, 4)  # within the statutory limit (an extension is decided within it)
    with pytest.raises(DomainError, match="不得超过40个工作日.*条例》第十一条"):
        svc.application_extend(actor=zone_a_leader, application=app, reason="征求意见", days=41, on=on)
    due = app.legal_clock.due_on
    svc.application_extend(actor=zone_a_leader, application=app, reason="征求有关部门意见", days=40, on=on)
    app.refresh_from_db()
    assert app.legal_clock.due_on == get_calendar().add_workdays(due, 40)


def test_an_item_without_a_legal_extension_cannot_be_extended(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    item = ItemFactory(
        zone=zone_a,
        legal_nature=LegalNature.TECHNICAL_REVIEW,
        result_kind=ResultKind.REVIEW_CERTIFICATE,
        legal_limit_days=15,
        legal_limit_basis="《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》第十三条",
        extension_max_days=0,
        extension_basis="",
    )
    app = accepted(company_user, clerk, reviewer, project_a, item)
    with pytest.raises(DomainError, match="没有可以延长办理期限的法律依据"):
        svc.application_extend(actor=zone_a_leader, application=app, reason="复杂")


# --- 一次性告知 --------------------------------------------------------------------------------------------------
def test_one_supplement_request_per_review_step_unless_a_leader_approves_with_reasons(
    company_user, clerk, reviewer, project_a, item, zone_a_leader
):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=D(2025, 3, 3))
    svc.application_request_supplement(actor=reviewer, application=app, missing="施工合同", on=D(2025, 3, 4))
    answer(company_user, app, D(2025, 3, 5))
    with pytest.raises(DomainError, match="一次性告知"):
        svc.application_request_supplement(
            actor=reviewer, application=app, missing="又缺图纸", on=D(2025, 3, 6)
        )
    with pytest.raises(DomainError, match="批准理由"):
        svc.application_request_supplement(
            actor=zone_a_leader, application=app, missing="又缺图纸", on=D(2025, 3, 6)
        )
    app = svc.application_request_supplement(
        actor=zone_a_leader,
        application=app,
        missing="补充消防设计图",
        approval_reason="设计变更后新增的内容，首次告知时尚不存在",
        on=D(2025, 3, 6),
    )
    second = SupplementRequest.objects.filter(application=app).last()
    assert second.approved_by == zone_a_leader and second.step == StepName.REVIEW
    assert "设计变更后新增的内容" in ApplicationEvent.objects.filter(application=app).last().note
    answer(company_user, app, D(2025, 3, 7))
    # the next step may ask once again
    svc.application_advance_step(actor=reviewer, application=app, on=D(2025, 3, 10))
    app = svc.application_request_supplement(
        actor=reviewer, application=app, missing="签字页", on=D(2025, 3, 10)
    )
    assert app.status == Status.REVIEW_SUPPLEMENT and app.supplements == 3


# --- deemed acceptance after an answered 补正 ---------------------------------------------------------------------
def test_an_answered_pre_acceptance_supplement_restarts_the_five_days(company_user, clerk, project_a, item):
    app = submit(company_user, project_a, [item], on=D(2025, 9, 22), with_files=False).applications.get()
    svc.application_request_supplement(actor=clerk, application=app, missing="全部材料", on=D(2025, 9, 23))
    app = answer(company_user, app, D(2025, 9, 30))
    # 5 working days after 09-30: 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 10-14
    assert acceptance_deadline(app) == D(2025, 10, 14)
    assert svc.deemed_acceptance_scan(D(2025, 10, 14)) == 0
    assert svc.deemed_acceptance_scan(D(2025, 10, 15)) == 1
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.deemed_accepted
    assert app.accepted_on == D(2025, 9, 30) and app.clock.started_on == D(2025, 9, 30)
    assert app.legal_clock.started_on == D(2025, 9, 30)


def test_a_project_without_a_code_does_not_escape_deemed_acceptance(company_user, project_a, item):
    app = submit(company_user, project_a, [item], on=D(2025, 3, 3)).applications.get()
    type(project_a).objects.filter(pk=project_a.pk).update(project_code="")
    assert svc.deemed_acceptance_scan(D(2025, 3, 11)) == 1  # 03-10 is the fifth working day
    app.refresh_from_db()
    assert app.deemed_accepted and app.accepted_on == D(2025, 3, 3)
    assert "尚无有效的投资项目代码" in app.events.last().note


# --- 容缺 -------------------------------------------------------------------------------------------------------
def test_a_tolerated_material_follows_the_deadline_through_a_pause_and_a_calendar_change(
    company_user, clerk, reviewer, project_a, zone_a, sysadmin
):
    item = ItemFactory(
        zone=zone_a,
        promised_limit_days=5,
        steps=(1, 2, 1, 1),
        materials=[("申请表", False, None), ("环评批复", True, 8)],
    )
    only = [(m.pk, f"{m.name}.pdf", PDF) for m in item.materials.filter(tolerable=False)]
    app = submit(
        company_user, project_a, [item], on=D(2025, 3, 3), uploads={item.pk: only}
    ).applications.get()
    app = svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=D(2025, 3, 3))
    owed = app.tolerated.get()
    # own: 8 working days → 03-13; the promised deadline 03-10 comes first
    assert (app.clock.due_on, owed.due_on) == (D(2025, 3, 10), D(2025, 3, 10))
    svc.application_request_supplement(actor=reviewer, application=app, missing="签字页", on=D(2025, 3, 4))
    answer(company_user, app, D(2025, 3, 6))  # 03-05, 03-06 not counted
    owed.refresh_from_db()
    assert owed.due_on == D(2025, 3, 12)
    calendar_day_set(actor=sysadmin, date=D(2025, 3, 11), is_workday=False, name="调整", source="测试")
    owed.refresh_from_db()
    app.refresh_from_db()
    assert app.clock.due_on == D(2025, 3, 13) and owed.due_on == D(2025, 3, 13)


# --- 特别程序 ---------------------------------------------------------------------------------------------------
def test_special_procedures_cover_article_45_and_the_entrusted_evaluation():
    labels = {str(label) for label in SpecialKind.labels}
    assert {"听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审", "委托评估"} <= labels


def test_an_entrusted_evaluation_is_for_project_approvals_and_at_most_30_days(
    company_user, clerk, reviewer, project_a, zone_a, item
):
    from django.utils import timezone

    today = timezone.localdate()  # the procedures start today: within the statutory limit
    app = accepted(company_user, clerk, reviewer, project_a, item, on=today)
    with pytest.raises(DomainError, match="委托评估仅适用于企业投资项目核准"):
        svc.application_start_special(
            actor=reviewer, application=app, kind="entrusted_evaluation", notice="委托评估", limit_days=20
        )
    approval = ItemFactory(zone=zone_a, result_kind=ResultKind.APPROVAL_DOCUMENT)
    project = f.ProjectFactory(zone=zone_a, enterprise=project_a.enterprise)
    other = accepted(company_user, clerk, reviewer, project, approval, on=today)
    with pytest.raises(DomainError, match="条例》第十一条"):
        svc.application_start_special(
            actor=reviewer, application=other, kind="entrusted_evaluation", notice="委托评估", limit_days=31
        )
    other = svc.application_start_special(
        actor=reviewer,
        application=other,
        kind="entrusted_evaluation",
        notice="委托咨询机构评估",
        limit_days=30,
    )
    other.refresh_from_db()
    assert other.clock.status == "paused" and other.legal_clock.status == "paused"


def test_a_special_procedures_own_limit_is_warned_and_escalated(
    company_user, clerk, reviewer, project_a, item, zone_a_leader
):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=D(2025, 3, 3))
    svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=5, on=D(2025, 3, 3)
    )
    scan_deadlines(D(2025, 3, 7))  # 4 of 5 used: 1 left, yellow
    assert Notification.objects.filter(kind="approvals.special_warn", user=reviewer).exists()
    assert not Notification.objects.filter(kind="approvals.special_escalate").exists()
    scan_deadlines(D(2025, 3, 11))  # 6 used
    assert Notification.objects.filter(kind="approvals.special_escalate", user=zone_a_leader).exists()


# --- legal nature and result type ------------------------------------------------------------------------------
def test_a_filing_certificate_never_says_it_grants_a_licence():
    filing = ApprovalItem(
        result_kind=ResultKind.FILING_PROOF, legal_basis="《企业投资项目核准和备案管理条例》第十三条"
    )
    permit = ApprovalItem(result_kind=ResultKind.PERMIT)
    review = ApprovalItem(result_kind=ResultKind.REVIEW_CERTIFICATE)
    assert "准予行政许可" not in certificate_wording(filing) and "备案" in certificate_wording(filing)
    assert "准予行政许可，特发此证" in certificate_wording(permit)
    assert "准予行政许可" not in certificate_wording(review) and "审查合格" in certificate_wording(review)


def test_only_licensing_items_take_the_licensing_laws_limits(zone_a):
    item = ItemFactory(zone=zone_a)
    item.legal_nature = LegalNature.TECHNICAL_REVIEW  # still citing 行政许可法第四十二条
    with pytest.raises(ValidationError) as exc:
        item.clean()
    assert "legal_limit_basis" in exc.value.message_dict and "extension_basis" in exc.value.message_dict


def test_the_demo_catalog_gives_the_drawing_review_its_own_nature_and_limit(zone_a):
    from devzone.approvals.demo_catalog import load_catalog

    load_catalog(zone_a)
    review = ApprovalItem.objects.get(zone=zone_a, code="ZJ-008")
    assert review.legal_nature == LegalNature.TECHNICAL_REVIEW and review.extension_max_days == 0
    assert review.legal_limit_days == 15 and "第十三条" in review.legal_limit_basis
    assert "行政许可法" not in review.legal_limit_basis
    approval = ApprovalItem.objects.get(zone=zone_a, code="FG-002")
    assert approval.extension_max_days == 40 and "第十一条" in approval.extension_basis
    filing = ApprovalItem.objects.get(zone=zone_a, code="FG-001")
    assert (filing.legal_nature, filing.result_kind) == (LegalNature.FILING, ResultKind.FILING_PROOF)


# --- the clock arithmetic, as properties -------------------------------------------------------------------------
DAYS = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30))


@settings(max_examples=80, deadline=None)
@given(start=DAYS, budget=st.integers(0, 40), extra=st.integers(1, 40))
def test_an_extension_never_brings_a_due_date_earlier_and_adds_exactly_its_days(start, budget, extra):
    cal = WorkCalendar()  # the official schedules (chinesecalendar), no database
    due, longer = cal.due_date(start, budget, []), cal.due_date(start, budget + extra, [])
    assert longer > due or budget + extra == 0
    assert cal.elapsed(due, longer, []) == extra


@settings(max_examples=80, deadline=None)
@given(start=DAYS, budget=st.integers(1, 30), gap=st.integers(0, 20), length=st.integers(0, 20))
def test_a_pause_only_the_promised_clock_takes_keeps_the_statutory_due_date_no_later(
    start, budget, gap, length
):
    """Same start and budget, the promised clock paused and the statutory one not: the statutory due date is
    never later, and the elapsed days of each reach the budget exactly on its due date."""
    cal = WorkCalendar()
    paused_on = start + dt.timedelta(days=gap)
    pause = Pause(paused_on, paused_on + dt.timedelta(days=length))
    promised_due = cal.due_date(start, budget, [pause])
    legal_due = cal.due_date(start, budget, [])
    assert legal_due <= promised_due
    assert cal.elapsed(start, promised_due, [pause]) == budget == cal.elapsed(start, legal_due, [])


@given(a=st.integers(-40, 40), b=st.integers(-40, 40))
def test_the_list_shows_the_clock_with_fewer_days_left(a, b):
    def r(which, remaining):
        return clockread.Reading(clockread.GREEN, remaining, remaining < 0, False, which=which)

    shown = clockread.nearer(r(clockread.PROMISED, a), r(clockread.LEGAL, b))
    assert shown.remaining == min(a, b)
    assert shown.which == (clockread.LEGAL if b <= a else clockread.PROMISED)


# --- files opened before the statutory clock -------------------------------------------------------------------
def test_the_migration_gives_an_open_file_its_statutory_clock(company_user, clerk, reviewer, project_a, item):
    import importlib

    from django.apps import apps as django_apps

    from devzone.approvals.models import Application

    migration = importlib.import_module("devzone.approvals.migrations.0006_statutory_clocks_for_open_files")
    app = accepted(company_user, clerk, reviewer, project_a, item, on=FRI_0926)
    svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="专家评审", limit_days=5, on=D(2025, 9, 29)
    )
    svc.application_end_special(actor=reviewer, application=app, on=D(2025, 10, 13))
    Application.objects.filter(pk=app.pk).update(legal_clock=None, acceptance_from=None)  # as before
    migration.forwards(django_apps, None)
    app.refresh_from_db()
    # 09-28 1, 09-29 2, [special: 09-30 … 10-13 not counted], 10-14 3 … 10-31 16, 11-03 17 … 11-05 19, 11-06 20
    assert app.legal_clock.due_on == D(2025, 11, 6) and app.legal_clock.status == "running"
    assert app.acceptance_from == app.submitted_on


@settings(max_examples=80, deadline=None)
@given(start=DAYS, supply=st.integers(1, 30), budget=st.integers(1, 30), shift=st.integers(0, 30))
def test_a_tolerated_due_date_never_passes_the_deadline_and_follows_it_later(start, supply, budget, shift):
    from devzone.approvals.services.common import tolerated_due

    cal = WorkCalendar()
    deadline = cal.add_workdays(start, budget)
    later = cal.add_workdays(deadline, shift)  # a pause or a calendar change moved the deadline later
    due, moved = tolerated_due(cal, start, supply, deadline), tolerated_due(cal, start, supply, later)
    assert due <= deadline and moved <= later and due <= moved
    assert moved == min(cal.add_workdays(start, supply), later)
