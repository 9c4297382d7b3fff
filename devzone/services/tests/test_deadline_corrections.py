"""The deadlines of 企业诉求 and of 差评整改 follow the working-day calendar when an administrator corrects it:
the page, the lists and the reminders read the moved day, and nobody is told of an overdue item too early."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.core.models import Notification
from devzone.core.services.calendar import calendar_day_set
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as svc

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)
NOTICE = "市政府通知〔2025〕1号"


def _submitted(side):
    return svc.request_submit(
        actor=side.company, category="labour", title="招工", description="缺200名普工", on=MONDAY
    )


def test_a_request_deadline_follows_a_calendar_correction_and_is_not_overdue_early(side_a, sysadmin):
    req = svc.request_accept(actor=side_a.head, request=_submitted(side_a), assignee_id=side_a.officer.pk)
    assert req.due_on == dt.date(2025, 3, 10)  # 5 working days
    # the city declares Wednesday 2025-03-05 a rest day: the deadline moves one working day
    calendar_day_set(actor=sysadmin, date=dt.date(2025, 3, 5), is_workday=False, source=NOTICE)
    req.refresh_from_db()
    assert req.due_on == req.clock.due_on == dt.date(2025, 3, 11)
    overdue = Notification.objects.filter(kind="services.overdue")
    assert svc.overdue_scan(dt.date(2025, 3, 11)) == 0 and not overdue.exists()  # its last day, not overdue
    assert svc.overdue_scan(dt.date(2025, 3, 12)) >= 2  # the day after: the head, the leader, the assignee
    assert "2025年3月11日" in overdue.first().title  # as its reader writes it


def test_a_follow_up_deadline_follows_a_calendar_correction_and_its_reminders_too(side_a, sysadmin):
    req = svc.request_accept(actor=side_a.head, request=_submitted(side_a), assignee_id=side_a.officer.pk)
    svc.request_answer(actor=side_a.officer, request=req, body="已协调", on=dt.date(2025, 3, 4))
    rating = rating_svc.rate(
        actor=side_a.company, kind="request", pk=req.pk, level=1, comment="态度差", on=dt.date(2025, 3, 4)
    )
    follow = rating.follow_up
    assert follow.due_on == dt.date(2025, 3, 11)  # 5 working days from Tuesday 2025-03-04
    # the day before the deadline the handler is reminded
    assert follow_svc.followup_reminder_scan(dt.date(2025, 3, 10)) == {"due": 1, "overdue": 0}
    # then the city declares Tuesday 2025-03-11 a rest day: the call-back is due on Wednesday 2025-03-12
    calendar_day_set(actor=sysadmin, date=dt.date(2025, 3, 11), is_workday=False, source=NOTICE)
    follow.refresh_from_db()
    assert follow.due_on == follow.clock.due_on == dt.date(2025, 3, 12)
    # the handler is reminded again before the moved deadline, and nobody hears of an overdue call-back on it
    assert follow_svc.followup_reminder_scan(dt.date(2025, 3, 11)) == {"due": 1, "overdue": 0}
    assert follow_svc.followup_reminder_scan(dt.date(2025, 3, 12)) == {"due": 0, "overdue": 0}
    assert not Notification.objects.filter(kind="services.followup_overdue").exists()
    assert follow_svc.followup_reminder_scan(dt.date(2025, 3, 13))["overdue"] == 2  # the handler, the leader
