"""Review defects in the statutory rules, each with its regression test: no 延期 once the statutory limit has
run out (行政许可法第四十二条), 委托评估 within its maximum for the file in total (企业投资项目核准和备案管理条例
第十一条), acceptance and 不予受理 after the 5 working days of 第三十二条 (the file is then accepted by law as of
the day it came), the enterprise told of an extension and of a special procedure (第四十二条, 第四十五条), the
容缺 form only on an open file, and a special procedure ended by a withdrawal.

Dates on the real 2025 calendar: 03-03 is a Monday, 04-04 (清明) a holiday."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.approvals.choices import ResultKind, Status
from devzone.approvals.models import Extension, SpecialProcedure
from devzone.approvals.services import applications as svc
from devzone.core.errors import DomainError
from devzone.core.models import Notification
from devzone.core.templatetags.devzone import show
from devzone.core.workdays import get_calendar
from devzone.testing import factories as f
from devzone.testing.approvals import (
    PDF,
    ItemFactory,
    accepted,
    accepted_owing,
    bearer,
    post_json,
    submit,
    tolerable_item,
)

D = dt.date
MON = D(2025, 3, 3)
FIFTH = D(2025, 3, 10)  # the fifth working day after 03-03: the last day to accept, reject or ask a 补正
LATE = D(2025, 3, 24)


# --- 延期 and 特别程序 only within the statutory limit (第四十二条, 第四十五条) -------------------------------------------
# 延期 lengthens the statutory limit and a 特别程序 leaves its time out of it (第四十五条): each is decided within the
# limit. After it ran out, an extension would move a late file's due date after the fact, and a special procedure
# would stop the statutory clock of a file already late in law and hide its overrun (no due date while paused:
# the badge, the escalation, the statistics). Both are refused; the special procedure names the day it ran out.
LEGAL_DUE = D(2025, 3, 31)  # 03-03 + 20 working days


@pytest.fixture
def file_on(company_user, clerk, reviewer, project_a, zone_a):
    """A new file (a project of its own) of one item, statutory 20 working days and extension max 10, accepted
    on the day given."""
    item = ItemFactory(zone=zone_a)

    def accept(on):
        project = f.ProjectFactory(zone=zone_a, enterprise=project_a.enterprise)
        return accepted(company_user, clerk, reviewer, project, item, on=on)

    return accept


def _extend(app, on, leader, reviewer):
    return svc.application_extend(actor=leader, application=app, reason="需现场踏勘", on=on)


def _start_expert(app, on, leader, reviewer):
    return svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=5, on=on
    )


def _extended(app) -> bool:
    return app.extended and app.legal_clock.due_on == get_calendar().add_workdays(LEGAL_DUE, 10)


def _special(app) -> bool:
    return app.status == Status.SPECIAL and app.legal_clock.status == "paused"


LATE_MOVES = {
    "extend": (_extend, "法定期限已届满，不能延期", _extended),
    "special": (_start_expert, "法定期限已于2025年3月31日届满，不能启动特别程序", _special),
}


@pytest.mark.parametrize("move", LATE_MOVES)
def test_it_refuses_a_move_of_the_limit_once_the_statutory_limit_has_run_out(
    move, file_on, reviewer, zone_a_leader
):
    act, refusal, done = LATE_MOVES[move]
    app = file_on(MON)
    assert app.legal_clock.due_on == LEGAL_DUE
    with pytest.raises(DomainError, match=refusal):
        act(app, D(2025, 4, 1), zone_a_leader, reviewer)
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and not app.extended
    assert not Extension.objects.filter(application=app).exists()
    assert not SpecialProcedure.objects.filter(application=app).exists()
    assert app.legal_clock.status == "running" and app.legal_clock.due_on == LEGAL_DUE

    # on the last day of the limit it may still be decided
    other = act(file_on(MON), LEGAL_DUE, zone_a_leader, reviewer)
    other.refresh_from_db()
    assert done(other)


@pytest.mark.parametrize(
    ("move", "who", "body", "refusal"),
    [
        ("extend", "zone_a_leader", {"reason": "补办延期", "days": 5}, "法定期限已届满，不能延期"),
        (
            "special",
            "reviewer",
            {"kind": "expert", "notice": "专家评审", "limit_days": 5},
            "届满，不能启动特别程序",
        ),
    ],
)
def test_the_page_and_the_api_do_not_offer_it_past_the_statutory_limit(
    request, client_for, file_on, move, who, body, refusal
):
    actor = request.getfixturevalue(who)
    today = timezone.localdate()
    late = file_on(today - dt.timedelta(days=60))  # statutory 20 working days: fewer than 60 calendar days
    fresh = file_on(today)
    page = client_for(actor)
    assert f'data-action="{move}"' in page.get(fresh.get_absolute_url()).content.decode()
    assert f'data-action="{move}"' not in page.get(late.get_absolute_url()).content.decode()
    answer = post_json(
        bearer(actor),
        f"/api/v1/approvals/applications/{late.pk}/{move}",
        {"version": late.version} | body,
    )
    assert answer.status_code == 400 and refusal in answer.json()["title"]
    if move == "special":  # the day the limit ran out, as its reader writes dates
        assert show(late.legal_clock.due_on) in answer.json()["title"]
    late.refresh_from_db()
    assert late.status == Status.IN_REVIEW and not late.extended


# --- 委托评估: its maximum holds for the file in total (条例第十一条) -------------------------------------------------
def test_it_counts_earlier_entrusted_evaluations_against_the_maximum(
    company_user, clerk, reviewer, project_a, zone_a
):
    cal = get_calendar()
    approval = ItemFactory(zone=zone_a, result_kind=ResultKind.APPROVAL_DOCUMENT)
    app = accepted(company_user, clerk, reviewer, project_a, approval, on=MON)

    def start(app, days, on, notice="委托评估"):
        return svc.application_start_special(
            actor=reviewer,
            application=app,
            kind="entrusted_evaluation",
            notice=notice,
            limit_days=days,
            on=on,
        )

    def evaluate(app, on, days, end):
        return svc.application_end_special(actor=reviewer, application=start(app, days, on), on=end)

    app = evaluate(app, D(2025, 3, 4), 20, D(2025, 3, 18))  # 10 working days used
    with pytest.raises(
        DomainError, match=r"委托评估的时限合计不得超过30个工作日.*条例》第十一条.*已用10个工作日"
    ):
        start(app, 21, D(2025, 3, 19), notice="再次评估")
    app = evaluate(app, D(2025, 3, 19), 20, cal.add_workdays(D(2025, 3, 19), 20))  # 30 used in all
    with pytest.raises(DomainError, match="委托评估已用满30个工作日"):
        start(app, 1, D(2025, 5, 6), notice="第三次评估")
    assert SpecialProcedure.objects.filter(application=app).count() == 2
    # another kind of special procedure (no legal maximum) is not counted against it
    svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="专家评审", limit_days=5, on=D(2025, 5, 6)
    )


# --- acceptance after the 5 working days (第三十二条) ---------------------------------------------------------------
def test_a_late_acceptance_dates_from_the_day_the_file_came_and_is_deemed(
    company_user, clerk, reviewer, project_a, item
):
    app = submit(company_user, project_a, [item], on=MON).applications.get()
    app = svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=LATE)
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW and app.deemed_accepted
    assert app.accepted_on == MON
    assert app.clock.started_on == MON and app.legal_clock.started_on == MON
    assert app.reviewer == reviewer
    assert app.events.filter(action="逾期视为受理").exists()


def test_a_late_acceptance_after_an_answered_supplement_dates_from_the_answer(
    company_user, clerk, reviewer, project_a, item
):
    app = submit(company_user, project_a, [item], on=MON).applications.get()
    svc.application_request_supplement(actor=clerk, application=app, missing="营业执照副本", on=D(2025, 3, 4))
    app.refresh_from_db()
    svc.application_answer_supplement(
        actor=company_user, application=app, uploads=[(None, "补正.pdf", PDF)], on=D(2025, 3, 5)
    )
    app.refresh_from_db()
    app = svc.application_accept(
        actor=clerk, application=app, reviewer=reviewer, on=D(2025, 3, 13)
    )  # 03-12 last
    app.refresh_from_db()
    assert app.deemed_accepted and app.accepted_on == D(2025, 3, 5)


def test_an_acceptance_within_the_five_days_dates_from_that_day(
    company_user, clerk, reviewer, project_a, item
):
    app = submit(company_user, project_a, [item], on=MON).applications.get()
    app = svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=FIFTH)
    app.refresh_from_db()
    assert not app.deemed_accepted and app.accepted_on == FIFTH


def test_it_refuses_a_rejection_once_the_file_is_accepted_by_law(
    company_user, clerk, project_a, zone_a, item
):
    app = submit(company_user, project_a, [item], on=MON).applications.get()
    with pytest.raises(DomainError, match="依法自收到申请材料之日起即为受理，不能不予受理"):
        svc.application_reject(actor=clerk, application=app, reason="不符合", on=LATE)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    # within the five days it may be rejected
    other = submit(
        company_user, f.ProjectFactory(zone=zone_a, enterprise=project_a.enterprise), [item], on=MON
    )
    rejected = svc.application_reject(
        actor=clerk, application=other.applications.get(), reason="不符合", on=FIFTH
    )
    assert rejected.status == Status.REJECTED


# --- the enterprise is told of an extension and of a special procedure ------------------------------------------
def test_the_enterprise_is_told_of_an_extension_and_of_a_special_procedure(
    company_user, clerk, reviewer, project_a, zone_a, zone_a_leader
):
    item = ItemFactory(zone=zone_a, name="施工许可")
    app = accepted(company_user, clerk, reviewer, project_a, item, on=MON)
    svc.application_extend(actor=zone_a_leader, application=app, reason="需现场踏勘", on=D(2025, 3, 5))
    app.refresh_from_db()
    svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=5, on=D(2025, 3, 6)
    )
    told = list(
        Notification.objects.filter(user=company_user, kind="approvals.time_limit")
        .order_by("id")
        .values_list("title", flat=True)
    )
    assert len(told) == 2
    assert told[0].startswith("您的申请“施工许可”办理期限依法延长") and "需现场踏勘" in told[0]
    assert "第四十二条" in told[0]
    assert told[1].startswith("您的申请“施工许可”进入特别程序") and "组织专家评审" in told[1]
    assert "所需时间不计入法定期限" in told[1]


# --- 容缺 form only on an open file; a withdrawal ends a special procedure --------------------------------------------
def test_the_tolerated_material_form_is_shown_only_while_the_file_is_open(
    client_for, company_user, clerk, reviewer, project_a, zone_a
):
    app = accepted_owing(company_user, clerk, reviewer, project_a, tolerable_item(zone_a))
    url = reverse("approvals:application_action", args=[app.pk, "supply"])
    assert url in client_for(company_user).get(app.get_absolute_url()).content.decode()
    svc.application_withdraw(actor=company_user, application=app)
    assert url not in client_for(company_user).get(app.get_absolute_url()).content.decode()


def test_a_withdrawal_ends_an_open_special_procedure(company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item, on=MON)
    app = svc.application_start_special(
        actor=reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=5, on=D(2025, 3, 4)
    )
    svc.application_withdraw(actor=company_user, application=app, on=D(2025, 3, 6))
    assert SpecialProcedure.objects.get(application=app).ended_on == D(2025, 3, 6)
