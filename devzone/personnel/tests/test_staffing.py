"""年度考核 and 刚性淘汰: reviews proposed from the published quarter, a different grade only with a reason, cases
flagged by rule, decided with reasons and told to the person, who appeals; the band check; and isolation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.personnel.choices import CaseStatus
from devzone.personnel.models import AnnualReview, EliminationCase
from devzone.personnel.selectors import elimination_report
from devzone.personnel.services import staffing as svc
from devzone.testing import factories as f
from devzone.testing.performance import build_org, grade_all, run_round

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def org(zone_a):
    org = build_org(zone_a, "甲")
    r, _codes = run_round(org, year=YEAR, quarter=3)
    grade_all(org, r)
    return org


def test_reviews_follow_the_published_quarter_and_a_different_grade_needs_a_reason(org):
    made = svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    staff_count = sum(len(v) for v in org.staff.values())
    assert made == staff_count == AnnualReview.objects.filter(year=YEAR).count()
    assert svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR) == 0  # idempotent
    review = AnnualReview.objects.filter(proposed="competent").first()
    with pytest.raises(DomainError, match="理由"):
        svc.review_decide(actor=org.leader, review=review, grade="incompetent")
    review = svc.review_decide(
        actor=org.leader, review=review, grade="incompetent", note="全年多次违反工作纪律"
    )
    assert review.grade == "incompetent" and review.decided_by == org.leader


def test_cases_are_flagged_decided_told_and_appealed(org):
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    review = AnnualReview.objects.filter(proposed="competent").first()
    svc.review_decide(actor=org.leader, review=review, grade="incompetent", note="年度考核不称职")
    staff = review.staff
    svc.term_target_add(
        actor=org.leader, zone=org.zone, staff=staff, term_end=dt.date(YEAR, 6, 30), target="引进项目3个"
    )
    target = svc.TermTarget.objects.get(staff=staff)
    svc.term_target_assess(actor=org.leader, target=target, met=False, assessment="仅引进1个")
    assert svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR) == 2
    assert svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR) == 0
    case = EliminationCase.objects.get(staff=staff, trigger="incompetent")
    with pytest.raises(DomainError, match="处理方式"):
        svc.case_decide(actor=org.leader, case=case, action="fire", reason="x")
    case = svc.case_decide(actor=org.leader, case=case, action="transfer", reason="年度考核不称职，转岗")
    assert case.status == CaseStatus.DECIDED and case.notified_at is not None
    person = f.user_with_role(Role.DEPARTMENT_HEAD, zone=org.zone, staff=staff, user__username="person")
    other = f.user_with_role(Role.PERSONNEL_OFFICER, zone=org.zone, user__username="someone")
    with pytest.raises(DomainError, match="本人"):
        svc.case_appeal(actor=other, case=case, appeal="不服")
    case = svc.case_appeal(actor=person, case=case, appeal="第三季度病休，请复核")
    case = svc.case_answer(actor=org.leader, case=case, upheld=False, answer="经复核，撤销决定")
    assert case.status == CaseStatus.CLEARED


def test_the_band_counts_decided_cases_only(org, jinan_share):
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    (row,) = elimination_report([org.zone], YEAR)
    assert (row.staff, row.eliminated, row.band.minimum, row.band.maximum) == (
        30,
        0,
        1,
        1,
    )  # 30 × 3 % = 0.9 → 1
    assert row.verdict == "below"
    review = AnnualReview.objects.first()
    svc.review_decide(actor=org.leader, review=review, grade="incompetent", note="不称职")
    svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR)
    (row,) = elimination_report([org.zone], YEAR)
    assert row.eliminated == 0  # flagged is not decided
    case = EliminationCase.objects.get()
    svc.case_decide(actor=org.leader, case=case, action="wait", reason="待岗培训")
    (row,) = elimination_report([org.zone], YEAR)
    assert (row.eliminated, row.verdict) == (1, "within")


@pytest.mark.isolation
def test_pages_answer_only_in_the_zone(org, zone_b, client_for, city_officer):
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    review = AnnualReview.objects.first()
    svc.review_decide(actor=org.leader, review=review, grade="incompetent", note="不称职")
    svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR)
    case = EliminationCase.objects.get()
    b_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_lead")
    mine, theirs = client_for(org.leader), client_for(b_leader)
    assert mine.get(reverse("personnel:annual") + f"?year={YEAR}").status_code == 200
    assert (
        theirs.get(reverse("personnel:annual") + f"?year={YEAR}").status_code == 200
    )  # their own zone: empty
    assert mine.get(case.get_absolute_url()).status_code == 200
    assert theirs.get(case.get_absolute_url()).status_code == 404
    decide = {"move": "decide", "action": "dismiss", "reason": "x"}
    assert theirs.post(case.get_absolute_url(), decide).status_code == 404
    assert (
        theirs.post(reverse("personnel:review_decide", args=[review.pk]), {"grade": "excellent"}).status_code
        == 404
    )
    assert theirs.post(reverse("personnel:annual_action", args=["flag"]), {"year": YEAR}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.FLAGGED
    city = client_for(city_officer).get(reverse("personnel:annual") + f"?year={YEAR}")
    assert city.status_code == 200 and org.zone.name in city.content.decode()
    with pytest.raises(NotFoundError):
        svc.case_decide(actor=b_leader, case=case, action="dismiss", reason="x")


@pytest.mark.parametrize(("asked", "shown"), [(str(YEAR), YEAR), ("1999", None), ("2101", None), ("x", None)])
def test_the_annual_page_shows_the_year_asked_or_this_year(org, client_for, asked, shown):
    page = client_for(org.leader).get(reverse("personnel:annual"), {"year": asked})
    assert page.status_code == 200
    assert page.context["year"] == (shown or timezone.localdate().year)


def test_the_annual_page_names_each_quarters_grade_in_the_readers_words(org, client_for):
    """The quarters are stored as the performance module's codes ("pass"); the page reads 合格, never the code."""
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    review = AnnualReview.objects.filter(year=YEAR).first()
    assert review.quarters  # e.g. {"3": "pass"}
    page = client_for(org.leader).get(reverse("personnel:annual"), {"year": YEAR}).content.decode()
    quarter, code = next(iter(review.quarters.items()))
    label = dict(review.quarter_grades)[quarter]
    assert label != code and f"Q{quarter} {label}" in page
    assert f"Q{quarter} {code}" not in page


def test_nobody_decides_their_own_case_or_answers_their_own_appeal(org, client_for):
    leader_staff = f.StaffFactory(zone=org.zone, name="主任本人")
    leader = f.staff_user(Role.ZONE_LEADER, leader_staff, "leader_in_question")
    case = EliminationCase.objects.create(zone=org.zone, staff=leader_staff, year=YEAR, trigger="incompetent")
    answer = client_for(leader).post(
        reverse("personnel:case_detail", args=[case.pk]),
        {"move": "decide", "action": "dismiss", "reason": "不称职"},
    )
    assert answer.status_code in (302, 403)
    case.refresh_from_db()
    assert case.status == CaseStatus.FLAGGED  # the page refused it: another leader decides
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.case_decide(actor=leader, case=case, action="dismiss", reason="不称职")
    case = svc.case_decide(actor=org.leader, case=case, action="transfer", reason="年度考核不称职，转岗")
    case = svc.case_appeal(actor=leader, case=case, appeal="请复核")
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.case_answer(actor=leader, case=case, upheld=False, answer="撤销")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPEALED


def _decided_case(org, username="person"):
    """A 不称职 case decided today, and the person's own account."""
    svc.reviews_prepare(actor=org.leader, zone=org.zone, year=YEAR)
    review = AnnualReview.objects.filter(year=YEAR, grade="").first()
    svc.review_decide(actor=org.leader, review=review, grade="incompetent", note="不称职")
    svc.cases_flag(actor=org.leader, zone=org.zone, year=YEAR)
    case = EliminationCase.objects.get(staff=review.staff)
    case = svc.case_decide(actor=org.leader, case=case, action="transfer", reason="年度考核不称职，转岗")
    from devzone.core.models import Profile

    profile = Profile.objects.filter(staff=review.staff).select_related("user").first()
    person = (
        profile.user
        if profile
        else f.user_with_role(
            Role.DEPARTMENT_HEAD, zone=org.zone, staff=review.staff, user__username=username
        )
    )
    return case, person


def test_a_decision_carries_its_appeal_deadline_with_the_legal_basis(org, client_for):
    from django.utils.formats import date_format

    from devzone.core.workdays import get_calendar
    from devzone.personnel.models import AppealWindow

    rule = AppealWindow.objects.get()  # loaded by the migration: the law is data with its source
    assert rule.days == 30 and "人社部发〔2014〕45号" in rule.basis and "三十日内" in rule.basis
    case, person = _decided_case(org)
    told = timezone.localdate(case.notified_at)  # the Beijing date of the notice
    assert case.appeal_until == get_calendar().natural_period_end(told, 30)
    assert case.appeal_basis == rule.basis
    shown = date_format(case.appeal_until, "DATE_FORMAT")  # 2026年12月7日
    assert "年" in shown
    for reader in (person, org.leader):
        page = client_for(reader).get(case.get_absolute_url()).content.decode()
        assert f"{shown}（含）前" in page and "人社部发〔2014〕45号" in page
    assert shown in person.notifications.get(kind="personnel.case").title


def test_an_appeal_after_the_deadline_is_refused(org, client_for):
    case, person = _decided_case(org)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    EliminationCase.objects.filter(pk=case.pk).update(appeal_until=yesterday)
    with pytest.raises(DomainError, match="申诉期限已于.*届满"):
        svc.case_appeal(actor=person, case=case, appeal="不服")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.appeal == ""
    page = client_for(person).get(case.get_absolute_url()).content.decode()
    assert "已届满" in page and 'value="appeal"' not in page
    # on the last day itself the appeal is still in time
    EliminationCase.objects.filter(pk=case.pk).update(appeal_until=timezone.localdate())
    assert svc.case_appeal(actor=person, case=case, appeal="请复核").status == CaseStatus.APPEALED


def test_the_daily_job_makes_unappealed_decisions_final(org, client_for):
    from devzone.core.models import AuditEvent
    from devzone.personnel import jobs

    due, person = _decided_case(org)
    today = timezone.localdate()
    EliminationCase.objects.filter(pk=due.pk).update(appeal_until=today - dt.timedelta(days=1))
    in_time, _p2 = _decided_case(org, username="person2")  # still within its window
    assert in_time.appeal_until >= today
    with pytest.raises(PermissionDeniedError):  # only the system actor runs it
        svc.cases_finalize(actor=org.leader)
    assert jobs.cases_finalize.call() == 1
    due.refresh_from_db()
    in_time.refresh_from_db()
    assert (due.status, in_time.status) == (CaseStatus.FINAL, CaseStatus.DECIDED)
    trail = AuditEvent.objects.filter(object_id=str(due.pk), note__contains="决定生效")
    assert trail.count() == 1 and trail.get().actor.username == "system"
    assert person.notifications.filter(title__contains="已生效").exists()
    for reader in (person, org.leader):
        assert "已生效" in client_for(reader).get(due.get_absolute_url()).content.decode()
    assert jobs.cases_finalize.call() == 0  # nothing twice
    with pytest.raises(DomainError):
        svc.case_appeal(actor=person, case=due, appeal="不服")
