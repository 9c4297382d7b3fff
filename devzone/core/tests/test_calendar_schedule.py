"""Loading an official schedule and correcting a day (services/calendar.py, the calendar page): the law is data
with its source — a schedule must rest on every statutory holiday of its year, and every change names the document
it rests on, stored on the row, shown on the page and recorded in the audit trail."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core.calendar import statutory_holidays
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent, CalendarDay, CalendarYear
from devzone.core.services.calendar import (
    ScheduleRow,
    calendar_day_remove,
    calendar_day_set,
    calendar_year_load,
)
from devzone.core.workdays import get_calendar
from devzone.testing.workbooks import xlsx

D = dt.date
pytestmark = pytest.mark.django_db
SOURCE = "国办发明电〔2026〕7号"


def complete_2027() -> list[ScheduleRow]:
    """Every statutory rest day of 2027 (and its 补假) as 休, and one make-up working day."""
    rows = [ScheduleRow(day, False, name) for day, name in sorted(statutory_holidays(2027).items())]
    return rows + [ScheduleRow(D(2027, 2, 20), True, "春节调休")]


# 春节 2027: 除夕 Friday 5 to 初三 Monday 8 February, the weekend's two days given back on Tuesday 9 and Wednesday 10.
SPRING_FESTIVAL_2027 = [D(2027, 2, 5) + dt.timedelta(n) for n in range(6)]


def spring_festival_rests(cal) -> list[dt.date]:
    return [d for d in SPRING_FESTIVAL_2027 if not cal.is_workday(d)]


# --- a schedule must rest on every statutory holiday -------------------------------------------------------------
def test_it_refuses_a_partial_schedule_and_names_the_missing_holidays(sysadmin):
    before = spring_festival_rests(get_calendar())
    with pytest.raises(DomainError) as exc:
        calendar_year_load(
            actor=sysadmin, year=2027, rows=[ScheduleRow(D(2027, 10, 4), False, "国庆节")], source=SOURCE
        )
    text = " ".join(exc.value.messages())
    assert "2027年2月5日" in text and "春节" in text and "2027年10月1日" in text and "国庆节" in text
    assert "2027年10月4日" not in text  # the file rests on it
    # Nothing changed: no row, the year still provisional, 春节 still a holiday.
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    cal = get_calendar()
    assert cal.is_provisional(D(2027, 2, 8))
    assert spring_festival_rests(cal) == before == SPRING_FESTIVAL_2027
    assert not cal.is_workday(D(2027, 10, 1))


def test_it_refuses_a_schedule_that_makes_a_statutory_holiday_a_working_day(sysadmin):
    rows = [r for r in complete_2027() if r.date != D(2027, 10, 1)] + [ScheduleRow(D(2027, 10, 1), True, "")]
    with pytest.raises(DomainError) as exc:
        calendar_year_load(actor=sysadmin, year=2027, rows=rows, source=SOURCE)
    assert "2027年10月1日" in " ".join(exc.value.messages())
    assert not CalendarYear.objects.exists()


def test_a_statutory_holiday_on_a_weekend_need_not_be_listed(sysadmin):
    # Saturday 1 and Sunday 2 May 2027 rest anyway in a loaded year; their 补假 (3, 4 May) must be listed.
    rows = [r for r in complete_2027() if r.date not in (D(2027, 5, 1), D(2027, 5, 2))]
    calendar_year_load(actor=sysadmin, year=2027, rows=rows, source=SOURCE)
    cal = get_calendar()
    assert not cal.is_provisional(D(2027, 5, 1))
    assert not any(cal.is_workday(d) for d in statutory_holidays(2027))


def test_a_complete_schedule_loads_with_its_source_on_every_row_and_in_the_audit(sysadmin):
    calendar_year_load(actor=sysadmin, year=2027, rows=complete_2027(), source=f"  {SOURCE} ")
    assert CalendarYear.objects.get(year=2027).source == SOURCE
    assert set(CalendarDay.objects.values_list("source", flat=True)) == {SOURCE}
    cal = get_calendar()
    assert not cal.is_provisional(D(2027, 2, 8)) and cal.is_workday(D(2027, 2, 20))
    assert spring_festival_rests(cal) == SPRING_FESTIVAL_2027
    event = AuditEvent.objects.get(action=AuditAction.CALENDAR)
    assert event.changes["source"] == [None, SOURCE]
    # Loading it again under a corrected document records the document it replaces.
    calendar_year_load(actor=sysadmin, year=2027, rows=complete_2027(), source="国办发明电〔2026〕8号")
    latest = AuditEvent.objects.filter(action=AuditAction.CALENDAR).order_by("-id").first()
    assert latest.changes["source"] == [SOURCE, "国办发明电〔2026〕8号"]


def test_a_statutory_holiday_of_a_loaded_schedule_cannot_be_withdrawn_without_a_source(sysadmin):
    calendar_year_load(actor=sysadmin, year=2027, rows=complete_2027(), source=SOURCE)
    with pytest.raises(DomainError) as exc:
        calendar_day_remove(actor=sysadmin, date=D(2027, 10, 1))
    assert "国庆节" in exc.value.errors["date"][0]
    assert not get_calendar().is_workday(D(2027, 10, 1))
    # A make-up working day may be withdrawn; a holiday is changed by a correction naming its source.
    calendar_day_remove(actor=sysadmin, date=D(2027, 2, 20))
    calendar_day_set(actor=sysadmin, date=D(2027, 10, 1), is_workday=True, source="国办发明电〔2027〕1号")
    assert get_calendar().is_workday(D(2027, 10, 1))


@pytest.mark.parametrize("source", ["", "   ", None])
def test_a_schedule_without_a_source_is_refused(sysadmin, source):
    with pytest.raises(DomainError) as exc:
        calendar_year_load(actor=sysadmin, year=2027, rows=complete_2027(), source=source)
    assert "source" in exc.value.errors
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


# --- a day override names its source, and the audit its previous value ------------------------------------------
@pytest.mark.parametrize("source", ["", "  ", None])
def test_a_day_override_without_a_source_is_refused(sysadmin, source):
    with pytest.raises(DomainError) as exc:
        calendar_day_set(actor=sysadmin, date=D(2026, 6, 1), is_workday=False, name="", source=source)
    assert "source" in exc.value.errors
    assert not CalendarDay.objects.exists()


def test_a_day_override_stores_its_source_and_audits_the_value_it_replaces(sysadmin):
    day, _moved = calendar_day_set(
        actor=sysadmin, date=D(2026, 6, 1), is_workday=False, name="临时停电", source="市政府通知〔2026〕1号"
    )
    assert day.source == "市政府通知〔2026〕1号"
    first = AuditEvent.objects.get(action=AuditAction.CALENDAR)
    assert first.changes["is_workday"] == [True, False]  # Monday 1 June 2026 was a working day
    assert first.changes["source"] == [None, "市政府通知〔2026〕1号"]
    calendar_day_set(
        actor=sysadmin, date=D(2026, 6, 1), is_workday=True, name="恢复上班", source="市政府通知〔2026〕2号"
    )
    second = AuditEvent.objects.filter(action=AuditAction.CALENDAR).order_by("-id").first()
    assert second.changes["is_workday"] == [False, True]
    assert second.changes["name"] == ["临时停电", "恢复上班"]
    assert second.changes["source"] == ["市政府通知〔2026〕1号", "市政府通知〔2026〕2号"]
    assert second.changes["date"] == ["2026-06-01", "2026-06-01"]
    assert CalendarDay.objects.get(date=D(2026, 6, 1)).source == "市政府通知〔2026〕2号"


# --- the calendar page -------------------------------------------------------------------------------------------
def test_the_page_refuses_a_load_or_a_day_without_a_source(sysadmin, client_for):
    c = client_for(sysadmin)
    data = xlsx([["日期", "类型", "名称"], *[[r.date.isoformat(), "休", r.name] for r in complete_2027()]])
    r = c.post(
        reverse("core:calendar"), {"year-year": "2027", "year-file": SimpleUploadedFile("s.xlsx", data)}
    )
    assert r.status_code == 200 and "year_form" in r.context and r.context["year_form"].errors["source"]
    r = c.post(reverse("core:calendar"), {"day-date": "2026-06-01", "day-is_workday": "0", "day-name": ""})
    assert r.status_code == 200 and r.context["day_form"].errors["source"]
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


def test_the_page_refuses_a_partial_schedule_naming_the_missing_days(sysadmin, client_for):
    c = client_for(sysadmin)
    data = xlsx([["日期", "类型", "名称"], ["2027-10-04", "休", "国庆节"]])
    r = c.post(
        reverse("core:calendar"),
        {"year-year": "2027", "year-source": SOURCE, "year-file": SimpleUploadedFile("s.xlsx", data)},
    )
    assert r.status_code == 200
    assert "2027年2月5日" in r.content.decode() and "春节" in r.content.decode()
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert get_calendar().is_provisional(D(2027, 2, 8))


def test_the_page_shows_the_source_of_each_change(sysadmin, client_for):
    c = client_for(sysadmin)
    r = c.post(
        reverse("core:calendar"),
        {
            "day-date": "2026-06-01",
            "day-is_workday": "0",
            "day-name": "停电",
            "day-source": "市政府通知〔2026〕1号",
        },
    )
    assert r.status_code == 302
    assert CalendarDay.objects.get(date=D(2026, 6, 1)).source == "市政府通知〔2026〕1号"
    assert "市政府通知〔2026〕1号" in c.get(reverse("core:calendar") + "?year=2026").content.decode()


# --- the migration fills the rows from before -------------------------------------------------------------------
def test_the_migration_gives_old_rows_their_years_source_or_says_it_was_not_recorded(sysadmin):
    migration = importlib.import_module("devzone.core.migrations.0019_calendar_day_source")
    CalendarYear.objects.create(year=2027, source=SOURCE)
    CalendarYear.objects.create(year=2028, source="")
    for day in (D(2026, 6, 1), D(2027, 2, 20), D(2028, 1, 3)):
        CalendarDay.objects.create(date=day, is_workday=False, source=migration.NOT_RECORDED)
    migration.fill_sources(apps, None)
    sources = dict(CalendarDay.objects.values_list("date", "source"))
    assert sources == {
        D(2026, 6, 1): migration.NOT_RECORDED,
        D(2027, 2, 20): SOURCE,
        D(2028, 1, 3): migration.NOT_RECORDED,
    }
    assert CalendarYear.objects.get(year=2028).source == migration.NOT_RECORDED
    assert "未记录" in migration.NOT_RECORDED


def test_the_command_loads_a_year_with_the_source_it_is_given(sysadmin, tmp_path):
    from django.core.management import CommandError, call_command

    rows = [["日期", "类型", "名称"]] + [
        [r.date.isoformat(), "班" if r.is_workday else "休", r.name] for r in complete_2027()
    ]
    path = tmp_path / "schedule-2027.xlsx"
    path.write_bytes(xlsx(rows))
    partial = tmp_path / "partial.xlsx"
    partial.write_bytes(xlsx([["日期", "类型", "名称"], ["2027-10-04", "休", "国庆节"]]))
    with pytest.raises(CommandError, match="2027年2月5日"):
        call_command("calendar", "load", "2027", str(partial), "--as", sysadmin.username, "--source", SOURCE)
    call_command("calendar", "load", "2027", str(path), "--as", sysadmin.username, "--source", SOURCE)
    assert CalendarYear.objects.get(year=2027).source == SOURCE
    assert set(CalendarDay.objects.values_list("source", flat=True)) == {SOURCE}
