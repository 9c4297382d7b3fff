"""The calendar job (``core.calendar_horizon_check``) tells the administrators about a year without its official
holiday schedule while it matters: the current year's too (an installation set up in January, a November notice
missed), every week until it is loaded, since every deadline of that year is provisional meanwhile."""

import datetime as dt

import pytest

from devzone.core.calendar import statutory_holidays
from devzone.core.models import Notification
from devzone.core.services.calendar import ScheduleRow, calendar_year_load
from devzone.core.tasks import calendar_horizon_warnings
from devzone.core.workdays import get_calendar

pytestmark = pytest.mark.django_db
D = dt.date


def load_2027(actor) -> None:
    rows = [ScheduleRow(day, False, name) for day, name in sorted(statutory_holidays(2027).items())]
    calendar_year_load(actor=actor, year=2027, rows=rows, source="国办发明电〔2026〕7号")


def warnings_about(user, year: int):
    return Notification.objects.filter(user=user, kind="calendar", title__contains=str(year))


def test_it_warns_the_administrators_while_the_current_year_has_no_official_schedule(sysadmin):
    assert get_calendar().is_provisional(D(2027, 1, 1))  # no official 2027 schedule loaded
    assert calendar_horizon_warnings(D(2027, 1, 15)) == 1
    note = warnings_about(sysadmin, 2027).get()
    assert "2027" in note.body and note.url == "/core/calendar/"


def test_it_repeats_the_warning_every_week_until_the_year_is_loaded(sysadmin):
    assert calendar_horizon_warnings(D(2027, 1, 15)) == 1
    assert calendar_horizon_warnings(D(2027, 1, 16)) == 0  # the same week: the job runs every 6 hours
    assert calendar_horizon_warnings(D(2027, 1, 18)) == 1  # the next week
    load_2027(sysadmin)
    assert calendar_horizon_warnings(D(2027, 1, 25)) == 0
    assert warnings_about(sysadmin, 2027).count() == 2


def test_it_says_nothing_in_a_year_with_its_schedule_before_november(sysadmin):
    assert calendar_horizon_warnings(D(2026, 3, 2)) == 0  # 2026 is built in
    assert not Notification.objects.exists()
