"""Clocks in working days (services/clocks.py) and the administrators' calendar (services/calendar.py):
a due date is derived from start, budget, pauses and the calendar, and moves, with a journal entry, when
the calendar is corrected."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.calendar import statutory_holidays
from devzone.core.choices import AuditAction, ClockStatus
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent, CalendarDay, CalendarYear, Clock, ClockJournal
from devzone.core.services.calendar import (
    ScheduleRow,
    calendar_day_remove,
    calendar_day_set,
    calendar_year_load,
    parse_schedule_rows,
)
from devzone.core.services.clocks import (
    clock_extend,
    clock_pause,
    clock_resume,
    clock_start,
    clock_state,
    clock_stop,
)
from devzone.core.workdays import get_calendar

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(zone_a):
    # Mon 22 Sep 2025 + 5 working days: 23, 24, 25, 26 and Sunday 28 (a make-up working day).
    return clock_start(zone=zone_a, purpose="审批时限", started_on=D(2025, 9, 22), budget_workdays=5)


def test_clock_start_derives_the_due_date_from_the_calendar(clock):
    clock.refresh_from_db()
    assert clock.status == ClockStatus.RUNNING
    assert clock.due_on == D(2025, 9, 28)
    assert clock.due_provisional is False


def test_clock_start_refuses_a_negative_budget_and_an_unknown_year(zone_a):
    with pytest.raises(DomainError):
        clock_start(zone=zone_a, purpose="x", started_on=D(2025, 9, 22), budget_workdays=-1)
    with pytest.raises(ValueError):  # CalendarError
        clock_start(zone=zone_a, purpose="x", started_on=D(2003, 5, 6), budget_workdays=3)
    assert not Clock.objects.exists()


def test_clock_start_links_the_subject(zone_a, enterprise_a):
    c = clock_start(
        zone=zone_a, purpose="x", started_on=D(2025, 9, 22), budget_workdays=1, subject=enterprise_a
    )
    assert c.content_type.model_class() is type(enterprise_a)
    assert c.object_id == str(enterprise_a.pk)


def test_a_paused_clock_has_no_due_date_and_resuming_skips_the_paused_days(clock):
    paused = clock_pause(clock=clock, on=D(2025, 9, 24), reason="补正材料")
    assert paused.status == ClockStatus.PAUSED
    assert paused.due_on is None
    resumed = clock_resume(clock=clock, on=D(2025, 9, 26))
    assert resumed.status == ClockStatus.RUNNING
    # 23, 24 counted; 25, 26 paused; then 28, 29, 30.
    assert Clock.objects.get(pk=clock.pk).due_on == D(2025, 9, 30)


def test_pausing_and_resuming_the_same_day_changes_nothing(clock):
    clock_pause(clock=clock, on=D(2025, 9, 24), reason="当日补正")
    clock_resume(clock=clock, on=D(2025, 9, 24))
    assert Clock.objects.get(pk=clock.pk).due_on == D(2025, 9, 28)


def test_illegal_clock_moves_are_refused(clock):
    with pytest.raises(DomainError):
        clock_resume(clock=clock, on=D(2025, 9, 24))  # not paused
    with pytest.raises(DomainError):
        clock_pause(clock=clock, on=D(2025, 9, 21), reason="早于起算日")
    clock_pause(clock=clock, on=D(2025, 9, 24), reason="补正")
    with pytest.raises(DomainError):
        clock_pause(clock=clock, on=D(2025, 9, 25), reason="再次暂停")
    with pytest.raises(DomainError):
        clock_resume(clock=clock, on=D(2025, 9, 23))  # before the pause
    clock.refresh_from_db()
    assert clock.status == ClockStatus.PAUSED
    assert clock.pauses.count() == 1


def test_clock_extend_adds_working_days(clock):
    extended = clock_extend(clock=clock, by_workdays=3)
    assert extended.budget_workdays == 8
    assert extended.due_on == D(2025, 10, 9)  # 29, 30, then the holiday, then 9 October
    for bad in (0, -2):
        with pytest.raises(DomainError):
            clock_extend(clock=clock, by_workdays=bad)
    assert Clock.objects.get(pk=clock.pk).budget_workdays == 8


def test_clock_stop_ends_the_clock_once(clock):
    clock_pause(clock=clock, on=D(2025, 9, 24), reason="补正")
    stopped = clock_stop(clock=clock, on=D(2025, 9, 25))
    assert stopped.status == ClockStatus.STOPPED
    assert stopped.stopped_on == D(2025, 9, 25)
    assert stopped.pauses.get().resumed_on == D(2025, 9, 25)  # the open pause is closed
    with pytest.raises(DomainError):
        clock_stop(clock=clock, on=D(2025, 9, 26))
    with pytest.raises(DomainError):
        clock_pause(clock=clock, on=D(2025, 9, 26), reason="x")


def test_clock_state_reports_elapsed_remaining_and_overdue(clock):
    clock.refresh_from_db()
    on_time = clock_state(clock, D(2025, 9, 26))
    assert (on_time["elapsed"], on_time["remaining"], on_time["overdue"]) == (4, 1, False)
    late = clock_state(clock, D(2025, 10, 9))
    assert late["elapsed"] == 8  # 23–26, 28–30 September and 9 October
    assert late["remaining"] == -3
    assert late["overdue"] is True


# --- provisional deadlines and the 2027 schedule ----------------------------------------------------
# As published: every statutory rest day of the year (a schedule that leaves one out is refused), with (made-up)
# make-up working days the law alone cannot know.
SCHEDULE_2027 = [ScheduleRow(day, False, name) for day, name in sorted(statutory_holidays(2027).items())] + [
    ScheduleRow(D(2027, 1, 9), True, "元旦调休"),
    ScheduleRow(D(2027, 2, 20), True, "春节调休"),
]
SOURCE = "国办发明电〔2026〕"


@pytest.fixture
def december_clock(zone_a):
    # Sun 20 Dec 2026 + 20 working days lands in January 2027, a year with no official schedule yet.
    return clock_start(zone=zone_a, purpose="跨年审批", started_on=D(2026, 12, 20), budget_workdays=20)


def test_a_clock_due_in_a_year_without_a_schedule_is_provisional(december_clock):
    december_clock.refresh_from_db()
    assert december_clock.due_on == D(2027, 1, 18)  # 元旦 is a rest day by law, before any schedule
    assert december_clock.due_provisional is True


def test_loading_the_official_schedule_moves_the_deadline_and_journals_why(december_clock, sysadmin):
    moved = calendar_year_load(actor=sysadmin, year=2027, rows=SCHEDULE_2027, source=SOURCE)
    assert moved == 1
    december_clock.refresh_from_db()
    assert december_clock.due_on == D(2027, 1, 15)  # the make-up Saturday 9 January: one working day earlier
    assert december_clock.due_provisional is False
    entry = ClockJournal.objects.get(clock=december_clock)
    assert (entry.old_due_on, entry.new_due_on) == (D(2027, 1, 18), D(2027, 1, 15))
    assert (entry.old_provisional, entry.new_provisional) == (True, False)
    assert "2027" in entry.reason
    assert CalendarYear.objects.filter(year=2027, loaded_by=sysadmin).exists()
    assert CalendarDay.objects.filter(date__year=2027).count() == len(SCHEDULE_2027)
    assert AuditEvent.objects.filter(action=AuditAction.CALENDAR, actor=sysadmin).count() == 1
    # Every process sees the new calendar.
    cal = get_calendar()
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 2, 20))


def test_stopped_clocks_and_clocks_a_change_cannot_touch_stay_put(december_clock, zone_a, sysadmin):
    early = clock_start(zone=zone_a, purpose="早已到期", started_on=D(2025, 3, 3), budget_workdays=5)
    clock_stop(clock=december_clock, on=D(2026, 12, 28))
    calendar_year_load(actor=sysadmin, year=2027, rows=SCHEDULE_2027, source=SOURCE)
    assert not ClockJournal.objects.exists()
    assert Clock.objects.get(pk=early.pk).due_on == D(2025, 3, 10)


def test_a_day_override_by_the_sysadmin_moves_open_deadlines(clock, sysadmin):
    day, moved = calendar_day_set(
        actor=sysadmin, date=D(2025, 9, 25), is_workday=False, name="临时停工", source="市政府通知"
    )
    assert moved == 1
    assert day.created_by == sysadmin
    clock.refresh_from_db()
    assert clock.due_on == D(2025, 9, 29)
    assert ClockJournal.objects.get(clock=clock).reason.startswith("2025-09-25")
    # Removing the override moves it back.
    assert calendar_day_remove(actor=sysadmin, date=D(2025, 9, 25)) == 1
    clock.refresh_from_db()
    assert clock.due_on == D(2025, 9, 28)
    assert ClockJournal.objects.filter(clock=clock).count() == 2


@pytest.mark.parametrize("who", ["zone_a_leader", "city_officer", "zone_a_reviewer", "enterprise_user"])
def test_only_the_sysadmin_may_change_the_calendar(request, who, clock):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        calendar_day_set(actor=actor, date=D(2025, 9, 25), is_workday=False, name="x", source="x")
    with pytest.raises(PermissionDeniedError):
        calendar_year_load(actor=actor, year=2027, rows=SCHEDULE_2027, source=SOURCE)
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()
    clock.refresh_from_db()
    assert clock.due_on == D(2025, 9, 28)


def test_calendar_day_set_refuses_a_date_outside_the_calendar(sysadmin):
    with pytest.raises(DomainError) as exc:
        calendar_day_set(actor=sysadmin, date=D(2003, 1, 1), is_workday=False, source="x")
    assert "date" in exc.value.errors
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize(
    ("year", "rows", "words"),
    [
        (2025, SCHEDULE_2027, "已内置"),
        (2027, [ScheduleRow(D(2028, 1, 1), False, "元旦")], "不属于2027年"),
        (2027, [ScheduleRow(D(2027, 1, 1), False, ""), ScheduleRow(D(2027, 1, 1), False, "")], "日期重复"),
        (2027, [ScheduleRow(D(2027, 2, 20), True, "调休")], "没有任何休息日"),
    ],
)
def test_calendar_year_load_refuses_a_bad_schedule_and_loads_nothing(sysadmin, year, rows, words):
    with pytest.raises(DomainError) as exc:
        calendar_year_load(actor=sysadmin, year=year, rows=rows, source=SOURCE)
    assert any(words in msg for msg in exc.value.errors["__all__"])
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_parse_schedule_rows_reads_dates_kinds_and_names():
    rows = parse_schedule_rows(
        [
            ["2027-01-01", "休", "元旦"],
            [dt.datetime(2027, 2, 20, 0, 0), "班", " 春节调休 "],
            [None, None, None],  # blank rows are skipped
            [D(2027, 2, 6), "休", None],
        ]
    )
    assert rows == [
        ScheduleRow(D(2027, 1, 1), False, "元旦"),
        ScheduleRow(D(2027, 2, 20), True, "春节调休"),
        ScheduleRow(D(2027, 2, 6), False, ""),
    ]


def test_parse_schedule_rows_reports_every_bad_row():
    with pytest.raises(DomainError) as exc:
        parse_schedule_rows(
            [
                ["2027-01-01", "休", "元旦"],
                ["2027-13-01", "休", "坏日期"],
                ["2027-02-06", "放假", "坏类型"],
            ]
        )
    errors = exc.value.errors["__all__"]
    assert len(errors) == 2
    assert errors[0].startswith("第3行") and "2027-13-01" in errors[0]
    assert errors[1].startswith("第4行") and "放假" in errors[1]


@pytest.mark.parametrize(("asked", "shown"), [("2025", 2025), ("1999", 2004), ("20x5", None), ("", None)])
def test_the_calendar_page_shows_the_year_asked_within_the_calendar(client_for, zone_a_leader, asked, shown):
    page = client_for(zone_a_leader).get(reverse("core:calendar"), {"year": asked})
    assert page.status_code == 200
    assert page.context["year"] == (shown or timezone.localdate().year)


@pytest.mark.isolation
def test_the_calendar_page_shows_why_deadlines_moved_in_the_readers_city_only(
    december_clock, zone_a, sysadmin, client_for
):
    from devzone.testing import factories as f

    other = f.ZoneFactory(city=f.CityFactory(name="淄博市", code="370300"), name="淄博高新区")
    theirs = clock_start(zone=other, purpose="淄博的审批", started_on=D(2026, 12, 20), budget_workdays=20)
    calendar_year_load(actor=sysadmin, year=2027, rows=SCHEDULE_2027, source=SOURCE)
    assert ClockJournal.objects.filter(clock=theirs).exists()
    page = client_for(sysadmin).get(reverse("core:calendar") + "?year=2027").content.decode()
    assert "跨年审批" in page and "淄博的审批" not in page
