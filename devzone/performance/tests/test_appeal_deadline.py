"""申诉期限: a grade is appealed within the working days of the rule in force (``AppealWindowRule``, data with its
basis, loaded by migration 0012) from the round's publication, counted with the core calendar; later appeals are
refused with the date; 我的考核 shows the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.models import AppealWindowRule, Round, StaffGrade
from devzone.performance.services.grades import appeal_deadline
from devzone.testing.performance import grade_all, member_user, run_round

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def graded(org):
    r, _ = run_round(org)
    grade_all(org, r)
    return r


def _published_on(r, day: dt.date):
    Round.objects.filter(pk=r.pk).update(
        published_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING)
    )
    r.refresh_from_db()


def test_the_rule_is_data_with_its_basis():
    rule = AppealWindowRule.in_force(dt.date(2026, 12, 1))
    assert rule is not None and rule.days == 5 and "工作日" in rule.basis


def test_the_deadline_counts_working_days_with_the_calendar(org, graded):
    r = graded
    _published_on(r, dt.date(2026, 9, 30))  # the eve of 国庆: 10月1日–8日 are rest days
    day, basis = appeal_deadline(r)
    assert day == dt.date(2026, 10, 13)  # naive weekdays would give 10月7日
    assert basis == AppealWindowRule.in_force(dt.date(2026, 9, 30)).basis
    # a change of the rule is a new row, with its own date: it applies to rounds published from then
    AppealWindowRule.objects.create(days=10, basis="新规则", effective_from=dt.date(2026, 9, 1))
    assert appeal_deadline(r)[0] == dt.date(2026, 10, 20)


def test_a_late_appeal_is_refused_with_the_date_and_an_early_one_taken(org, graded):
    r = graded
    user, member = member_user(org, "late")
    g = StaffGrade.objects.get(round=r, staff=member)
    _published_on(r, timezone.localdate() - dt.timedelta(days=60))
    with pytest.raises(DomainError, match="申诉期限已于.*届满") as e:
        svc.appeal_submit(actor=user, grade=g, reason="两个月后才申诉")
    assert f"{appeal_deadline(r)[0].year}年" in e.value.message
    assert not g.appeals.exists()
    _published_on(r, timezone.localdate())
    assert svc.appeal_submit(actor=user, grade=g, reason="按时申诉").pk


def test_my_page_shows_the_deadline_and_hides_the_form_once_passed(org, graded, client_for):
    r = graded
    user, _member = member_user(org, "reader")
    c = client_for(user)
    _published_on(r, timezone.localdate())
    html = c.get(reverse("performance:my")).content.decode()
    day = appeal_deadline(r)[0]
    assert "申诉期限至" in html and f"{day.year}年{day.month}月{day.day}日" in html
    assert "提交申诉" in html
    _published_on(r, timezone.localdate() - dt.timedelta(days=60))
    html = c.get(reverse("performance:my")).content.decode()
    assert "届满" in html and "提交申诉" not in html
