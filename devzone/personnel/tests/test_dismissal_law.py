"""解聘 for 年度考核不称职 follows 《事业单位人事管理条例》第十八条: a first 不称职 year is met with a post adjustment
(转岗/降岗), and only if the person refuses it — or after two consecutive 不称职 years — may the contract be ended,
with 30 days' written notice. The conditions are data with their source (``DismissalRule``, migration 0014), shown
on the case page where the leaders decide; the reform's other 刚性淘汰 decisions are unchanged."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.personnel.choices import CaseStatus
from devzone.personnel.models import AnnualReview, DismissalRule, EliminationCase
from devzone.personnel.selectors import elimination_report
from devzone.personnel.services import staffing as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2026


def _unfit(zone, staff, *years):
    for year in years:
        AnnualReview.objects.create(
            zone=zone, staff=staff, year=year, quarters={}, proposed="incompetent", grade="incompetent"
        )


@pytest.fixture
def person(zone_a):
    staff = f.StaffFactory(zone=zone_a, name="考核对象")
    return f.staff_user(Role.DEPARTMENT_HEAD, staff, "person")


def _case(zone, leader, staff, trigger="incompetent") -> EliminationCase:
    svc.cases_flag(actor=leader, zone=zone, year=YEAR)
    return EliminationCase.objects.get(staff=staff, year=YEAR, trigger=trigger)


def _told(case) -> dt.date:
    return timezone.localdate(case.notified_at)


def test_it_loads_the_rule_as_data_with_its_source():
    rule = DismissalRule.objects.get(trigger="incompetent")
    assert (rule.consecutive_years, rule.notice_days) == (2, 30)
    assert "国务院令第652号" in rule.basis and "第十八条" in rule.basis and "不同意调整工作岗位" in rule.basis


def test_it_refuses_dismissal_in_a_first_unfit_year_without_a_refused_adjustment(
    zone_a, zone_a_leader, person, client_for
):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR)
    case = _case(zone_a, zone_a_leader, staff)
    with pytest.raises(DomainError, match="第十八条") as refused:
        svc.case_decide(actor=zone_a_leader, case=case, action="dismiss", reason="不称职")
    assert "action" in refused.value.errors
    # the page's button is refused the same way, and nothing changes
    client_for(zone_a_leader).post(
        case.get_absolute_url(), {"move": "decide", "action": "dismiss", "reason": "不称职"}
    )
    case.refresh_from_db()
    assert (case.status, case.action, case.notified_at) == (CaseStatus.FLAGGED, "", None)
    assert not person.notifications.exists()
    # the page shows the law where the leaders decide, and offers no dismissal yet
    page = client_for(zone_a_leader).get(case.get_absolute_url()).content.decode()
    assert "国务院令第652号" in page and 'data-testid="dismissal-closed"' in page
    assert '<option value="dismiss" disabled>' in page


def test_a_refused_adjustment_opens_dismissal_with_thirty_days_notice(
    zone_a, zone_a_leader, person, client_for
):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR)
    case = _case(zone_a, zone_a_leader, staff)
    case = svc.case_decide(
        actor=zone_a_leader, case=case, action="transfer", reason="不称职，调整到综合服务部"
    )
    # the person refuses the adjustment from their own page; the leaders are told
    answer = client_for(person).post(case.get_absolute_url(), {"move": "refuse", "statement": "不同意转岗"})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REFUSED and case.adjustment_refusal == "不同意转岗"
    assert zone_a_leader.notifications.filter(kind="personnel.case").exists()
    page = client_for(zone_a_leader).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="dismissal-open"' in page and '<option value="dismiss">' in page
    today = timezone.localdate()
    # the notice period: effective 29 days after the notice is refused, 30 is lawful
    with pytest.raises(DomainError, match="提前30日书面通知") as refused:
        svc.case_decide(
            actor=zone_a_leader,
            case=case,
            action="dismiss",
            reason="不同意调整工作岗位",
            effective_on=today + dt.timedelta(days=29),
        )
    assert "effective_on" in refused.value.errors
    case = svc.case_decide(
        actor=zone_a_leader,
        case=case,
        action="dismiss",
        reason="不同意调整工作岗位",
        effective_on=today + dt.timedelta(days=30),
    )
    assert case.status == CaseStatus.DECIDED and case.action == "dismiss"
    assert case.effective_on == _told(case) + dt.timedelta(days=30)
    assert "第十八条" in case.dismissal_basis
    notice = person.notifications.filter(kind="personnel.case").order_by("-pk").first()
    assert "解除聘用合同" in notice.title
    # the band still counts the case (the reform's 3–5 % unchanged)
    (row,) = elimination_report([zone_a], YEAR)
    assert row.eliminated == 1


def test_only_a_post_adjustment_can_be_refused(zone_a, zone_a_leader, person):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR)
    case = svc.case_decide(
        actor=zone_a_leader, case=_case(zone_a, zone_a_leader, staff), action="wait", reason="待岗"
    )
    with pytest.raises(DomainError, match="调整工作岗位"):
        svc.case_refuse(actor=person, case=case, statement="不同意")
    with pytest.raises(DomainError, match="第十八条"):  # 待岗 is no adjustment offered: still no dismissal
        svc.case_decide(actor=zone_a_leader, case=case, action="dismiss", reason="x")


def test_two_consecutive_unfit_years_can_be_dismissed_with_notice(zone_a, zone_a_leader, person, client_for):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR - 1, YEAR)
    case = _case(zone_a, zone_a_leader, staff)
    page = client_for(zone_a_leader).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="dismissal-open"' in page
    case = svc.case_decide(actor=zone_a_leader, case=case, action="dismiss", reason="连续两年年度考核不称职")
    assert case.status == CaseStatus.DECIDED
    assert case.effective_on == _told(case) + dt.timedelta(days=30)  # the earliest the notice allows


def test_a_break_between_unfit_years_is_not_two_in_a_row(zone_a, zone_a_leader, person):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR - 2, YEAR)
    AnnualReview.objects.create(
        zone=zone_a, staff=staff, year=YEAR - 1, quarters={}, proposed="competent", grade="competent"
    )
    case = _case(zone_a, zone_a_leader, staff)
    assert svc.years_in_a_row(case) == 1
    with pytest.raises(DomainError, match="第十八条"):
        svc.case_decide(actor=zone_a_leader, case=case, action="dismiss", reason="x")


def test_the_notice_period_follows_the_rule_row(zone_a, zone_a_leader, person):
    """A change of the law is a change of data: a later rule with 45 days applies from its date."""
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR - 1, YEAR)
    old = DismissalRule.objects.get(trigger="incompetent")
    DismissalRule.objects.create(
        trigger="incompetent",
        consecutive_years=2,
        notice_days=45,
        basis=old.basis + "（测试：通知期45日）",
        effective_from=dt.date(2020, 1, 1),
    )
    case = _case(zone_a, zone_a_leader, staff)
    with pytest.raises(DomainError, match="提前45日"):
        svc.case_decide(
            actor=zone_a_leader,
            case=case,
            action="dismiss",
            reason="x",
            effective_on=timezone.localdate() + dt.timedelta(days=30),
        )
    case = svc.case_decide(actor=zone_a_leader, case=case, action="dismiss", reason="x")
    assert case.effective_on == _told(case) + dt.timedelta(days=45)
    assert "通知期45日" in case.dismissal_basis


def test_other_situations_keep_the_reforms_decisions(zone_a, zone_a_leader, person):
    """No rule for 未完成聘期工作目标: the leaders decide as before (the reform's 刚性淘汰)."""
    staff = person.profile.staff
    target = svc.term_target_add(
        actor=zone_a_leader, zone=zone_a, staff=staff, term_end=dt.date(YEAR, 6, 30), target="引进项目3个"
    )
    svc.term_target_assess(actor=zone_a_leader, target=target, met=False, assessment="仅引进1个")
    case = _case(zone_a, zone_a_leader, staff, trigger="term_target")
    case = svc.case_decide(actor=zone_a_leader, case=case, action="dismiss", reason="未完成聘期目标")
    assert case.status == CaseStatus.DECIDED and case.dismissal_basis == ""


def test_the_personnel_officer_reads_the_basis_without_the_decision_form(
    zone_a, zone_a_leader, person, client_for
):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR)
    case = _case(zone_a, zone_a_leader, staff)
    hr = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_case")
    page = client_for(hr).get(reverse("personnel:case_detail", args=[case.pk])).content.decode()
    assert "国务院令第652号" in page and 'name="move" value="decide"' not in page


def test_the_page_refuses_a_date_that_is_no_date(zone_a, zone_a_leader, person, client_for):
    staff = person.profile.staff
    _unfit(zone_a, staff, YEAR - 1, YEAR)
    case = _case(zone_a, zone_a_leader, staff)
    leader = client_for(zone_a_leader)
    answer = leader.post(
        case.get_absolute_url(),
        {"move": "decide", "action": "dismiss", "reason": "x", "effective_on": "2026-13-45"},
        follow=True,
    )
    assert answer.status_code == 200 and "请填写正确的日期" in answer.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.FLAGGED
    # a personnel officer reads the case but records no refusal for anyone
    hr = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_refuse")
    assert (
        client_for(hr).post(case.get_absolute_url(), {"move": "refuse", "statement": "x"}).status_code == 403
    )
