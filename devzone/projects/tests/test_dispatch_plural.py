"""The weekly dispatch's counts of working days read in the plural form their count asks for: "1 working day
overdue", "3 working days overdue" (a milestone missed; an approval file past or near its limit: "Promised limit:
4 working days overdue"), never "working day(s)"; the Chinese stays 已逾期N个工作日 / 承诺时限已超期N个工作日. The
English is the project's catalog's (``make messages``), as every English test of the dispatch reads it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from devzone.core.choices import Role
from devzone.core.workdays import get_calendar
from devzone.projects.dispatch import shown_content
from devzone.projects.models import Milestone
from devzone.projects.services.dispatching import build_content
from devzone.testing import factories as f
from devzone.testing.projects import key

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 6, 16)


def _missed_by(n: int) -> dt.date:
    """The latest day before the week whose milestone is ``n`` working days late on Monday (the section's count)."""
    cal = get_calendar()
    day = MONDAY - dt.timedelta(days=1)
    while cal.between(day, MONDAY) != n:
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def late(a, settings):
    """Two milestones missed, by 1 and by 3 working days, and an approval file past its promised limit."""
    from devzone.testing.approvals import ItemFactory, accepted

    settings.DEVZONE_SEAL_MASTER_KEY = "11" * 32
    key(a)
    Milestone.objects.filter(project=a.project, code="filing").update(planned_on=_missed_by(1))
    Milestone.objects.filter(project=a.project, code="groundbreaking").update(planned_on=_missed_by(3))
    item = ItemFactory(zone=a.zone, name="排水许可", promised_limit_days=5)
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=a.zone, user__username="clerk")
    accepted(a.company, clerk, a.officer, a.project, item, on=dt.date(2025, 6, 3))
    return a


def _section(content: dict, key: str) -> dict:
    return next(s for s in content["sections"] if s["key"] == key)


def test_the_dispatch_counts_working_days_in_the_plural_form_its_count_asks_for(late):
    content = build_content(zone=late.zone, on=MONDAY)
    with translation.override("en"):
        english = shown_content(content)
    with translation.override("zh-hans"):
        chinese = shown_content(content)

    missed = [row[3] for row in _section(english, "milestones")["rows"] if "overdue" in row[3]]
    assert "1 working day overdue" in missed and "3 working days overdue" in missed
    assert all(re.fullmatch(r"1 working day overdue|([02-9]|\d\d+) working days overdue", m) for m in missed)
    assert "已逾期1个工作日" in [row[3] for row in _section(chinese, "milestones")["rows"]]
    assert "已逾期3个工作日" in [row[3] for row in _section(chinese, "milestones")["rows"]]

    stored = _section(content, "approvals")["rows"]
    assert stored, "the file past its promised limit is listed"
    for piece, row_en, row_zh in zip(
        stored, _section(english, "approvals")["rows"], _section(chinese, "approvals")["rows"], strict=True
    ):
        n = piece[4]["p"]["n"]
        days = "working day" if n == 1 else "working days"
        assert row_en[4] in (f"Promised limit: {n} {days} overdue", f"Statutory limit: {n} {days} overdue")
        assert row_zh[4] in (f"承诺时限已超期{n}个工作日", f"法定时限已超期{n}个工作日")
    assert "(s)" not in str(english)
