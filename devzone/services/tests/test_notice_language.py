"""The reminders job's notices are written in each recipient's language (Profile.language; Chinese when none was
chosen), dates as that reader writes them: overdue requests, follow-ups near or past their call-back deadline,
and the reminder to open last quarter's survey."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

from devzone.core.choices import Role
from devzone.core.models import Notification, Profile
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as svc
from devzone.services.services.surveys import survey_due_reminders
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)


def english(user) -> None:
    Profile.objects.filter(user=user).update(language="en")


def written(day: dt.date, language: str) -> str:
    with translation.override(language):
        return date_format(day, "DATE_FORMAT")


def title_of(user, kind: str) -> str:
    return Notification.objects.get(user=user, kind=kind).title


def _accepted(side):
    req = svc.request_submit(
        actor=side.company, category="labour", title="招工", description="缺200名普工", on=MONDAY
    )
    return svc.request_accept(actor=side.head, request=req, assignee_id=side.officer.pk)


def test_an_overdue_request_reaches_each_reader_in_their_language_with_their_dates(side_a):
    req = _accepted(side_a)
    english(side_a.leader)
    with translation.override("zh-hans"):  # the job's own language does not matter
        assert svc.overdue_scan(req.due_on + dt.timedelta(days=1)) >= 2
    name = side_a.enterprise.name
    assert title_of(side_a.leader, "services.overdue") == (
        f"Request overdue: {name} 招工 (due {written(req.due_on, 'en')})"
    )
    assert title_of(side_a.head, "services.overdue") == f"诉求超期：{name} 招工（期限2025年3月10日）"


def test_a_follow_up_reminder_is_in_each_readers_language(side_a):
    req = svc.request_answer(actor=side_a.officer, request=_accepted(side_a), body="已协调", on=MONDAY)
    rating = rating_svc.rate(
        actor=side_a.company, kind="request", pk=req.pk, level=1, comment="态度差", on=MONDAY
    )
    due = rating.follow_up.due_on
    english(side_a.leader)
    follow_svc.followup_reminder_scan(due + dt.timedelta(days=1))
    en = title_of(side_a.leader, "services.followup_overdue")
    zh = title_of(side_a.head, "services.followup_overdue")
    assert en == (
        f"Rectification of a poor rating not followed up in time: {rating.item} (due {written(due, 'en')})"
    )
    assert zh == f"差评整改超期未回访：{rating.item}（期限{written(due, 'zh-hans')}）"


def test_the_survey_reminder_is_in_each_leaders_language(side_a, zone_a):
    other = f.user_with_role(Role.ZONE_LEADER, zone=zone_a, user__username="sv_a_lead_en")
    english(other)
    assert survey_due_reminders(dt.date(2026, 10, 8)) == 2
    assert title_of(other, "services.survey_due") == (
        "Please start the enterprise satisfaction survey for Q3 2026"
    )
    assert title_of(side_a.leader, "services.survey_due") == "请发起2026年第3季度企业满意度测评"


def test_the_new_request_and_rectification_notices_write_their_dates_as_the_reader_does(side_a):
    """The notice of a new request, of a rectification opened by a poor rating and of its assignment printed
    ``2025-03-10``, the ISO form no reader writes."""
    req = _accepted(side_a)
    new = title_of(side_a.head, "services.request")
    assert new.endswith(f"（{written(req.due_on, 'zh-hans')}前办结）"), new
    req = svc.request_answer(actor=side_a.officer, request=req, body="已协调", on=MONDAY)
    rating = rating_svc.rate(
        actor=side_a.company, kind="request", pk=req.pk, level=1, comment="态度差", on=MONDAY
    )
    follow = rating.follow_up
    opened = Notification.objects.filter(user=side_a.head, kind="services.followup").latest("pk").title
    assert opened == f"差评整改：{rating.item}（{written(follow.due_on, 'zh-hans')}前回访企业）"
    english(side_a.reviewer)  # another of the zone's staff: the rated officer may not handle it (回避)
    follow_svc.followup_assign(actor=side_a.head, follow_up=follow, handler_id=side_a.reviewer.pk)
    assigned = Notification.objects.filter(user=side_a.reviewer, kind="services.followup").latest("pk").title
    assert written(follow.due_on, "en") in assigned and "-" not in assigned.split("(")[-1], assigned
