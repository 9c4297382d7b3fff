"""The working-day calendar (devzone.core.calendar.WorkCalendar): statutory holidays, make-up working days,
provisional years and the arithmetic every legal time limit depends on. Plain Python, no database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.core.calendar import (
    BUILTIN_LAST_YEAR,
    COMPENSATION_SOURCE,
    STATUTORY_HOLIDAYS_SOURCE,
    CalendarError,
    Pause,
    WorkCalendar,
    statutory_holidays,
)

D = dt.date
CAL = WorkCalendar()


def test_the_first_working_day_after_national_day_eve_is_after_the_holiday():
    # 2025: 1–8 October off; the start day (30 September) is never counted.
    assert CAL.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)


def test_zero_workdays_is_the_start_day_and_negative_is_refused():
    assert CAL.add_workdays(D(2025, 9, 30), 0) == D(2025, 9, 30)
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2025, 9, 30), -1)


def test_between_counts_working_days_after_start_up_to_end():
    assert CAL.between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert CAL.between(D(2025, 9, 30), D(2025, 10, 8)) == 0
    assert CAL.between(D(2025, 10, 9), D(2025, 9, 30)) == -1
    # A plain week: Monday -> next Monday is five working days.
    assert CAL.between(D(2025, 11, 3), D(2025, 11, 10)) == 5


def test_a_start_on_a_holiday_is_not_snapped_to_a_working_day_first():
    # chinesecalendar.find_workday would snap 1 October to 9 October and then count one more (10 October).
    assert CAL.add_workdays(D(2025, 10, 1), 1) == D(2025, 10, 9)
    assert CAL.add_workdays(D(2025, 10, 5), 2) == D(2025, 10, 10)


def test_make_up_working_days_count():
    assert D(2025, 9, 28).weekday() == 6  # a Sunday …
    assert CAL.is_workday(D(2025, 9, 28))  # … that was a working day (调休)
    assert CAL.is_workday(D(2025, 10, 11))  # a Saturday, also worked
    assert CAL.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert CAL.between(D(2025, 9, 26), D(2025, 9, 30)) == 3  # Sun 28, Mon 29, Tue 30 (Sat 27 off)
    assert CAL.between(D(2025, 10, 10), D(2025, 10, 13)) == 2  # Sat 11 worked, Sun 12 off, Mon 13


def test_natural_period_ending_on_a_rest_day_moves_to_the_next_working_day():
    assert CAL.natural_period_end(D(2025, 9, 21), 10) == D(2025, 10, 9)  # 1 October: holiday
    assert CAL.natural_period_end(D(2025, 11, 5), 10) == D(2025, 11, 17)  # Saturday 15 November
    assert CAL.natural_period_end(D(2025, 11, 4), 10) == D(2025, 11, 14)  # a Friday: unchanged


def test_years_without_an_official_schedule_rest_on_weekends_and_statutory_holidays_provisionally():
    assert BUILTIN_LAST_YEAR == 2026
    assert not CAL.is_provisional(D(2026, 12, 31))
    assert CAL.is_provisional(D(2027, 1, 1))
    assert not CAL.is_workday(D(2027, 1, 1))  # 元旦, a Friday: a holiday by law before any schedule
    assert not CAL.is_workday(D(2027, 1, 2))  # a Saturday
    assert CAL.is_workday(D(2027, 1, 4))
    assert CAL.span_is_provisional(D(2026, 12, 20), D(2027, 1, 15))
    assert not CAL.span_is_provisional(D(2026, 1, 5), D(2026, 12, 31))


def test_the_statutory_holidays_of_a_provisional_year_are_computed_from_the_law():
    """Hand-checked for 2027 against the lunar calendar: 春节 is 6 February (除夕 the 5th), 清明 5 April,
    端午 9 June, 中秋 15 September."""
    rest = {day for day in statutory_holidays(2027)}
    assert {D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)} <= rest  # 除夕 to 初三: 4 days
    assert {D(2027, 4, 5), D(2027, 5, 1), D(2027, 5, 2), D(2027, 6, 9), D(2027, 9, 15)} <= rest
    assert {D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)} <= rest
    # 13 days by Article 2, and 6 given back (补假) for those on a weekend: 春节 2, 劳动节 2, 国庆 2
    assert len(rest) == 1 + 4 + 1 + 2 + 1 + 1 + 3 + 6
    # the National Day of 2027: Friday 1 October is a holiday; the 2nd and 3rd fall on the weekend and are given
    # back on Monday 4 and Tuesday 5 October (补假, Article 6); Wednesday the 6th is the first working day
    assert not CAL.is_workday(D(2027, 10, 1))
    assert not CAL.is_workday(D(2027, 10, 4)) and not CAL.is_workday(D(2027, 10, 5))
    assert CAL.is_workday(D(2027, 10, 6))
    # 7 working days from Thursday 30 September 2027: 6, 7, 8, 11, 12, 13, 14 October — Thursday the 14th
    # (weekends only would say Monday the 11th; without 补假, Tuesday the 12th)
    assert CAL.add_workdays(D(2027, 9, 30), 7) == D(2027, 10, 14)
    # 2028: 中秋 (3 October) falls inside 国庆: one rest day, counted once
    assert statutory_holidays(2028)[D(2028, 10, 3)] in ("中秋节", "国庆节")
    assert "795" in STATUTORY_HOLIDAYS_SOURCE


def test_a_statutory_holiday_on_a_weekend_is_given_back_on_the_next_working_days():
    """Article 6 (补假), hand-checked for 2027: 春节 runs Friday 5 to Monday 8 February, two of its days on the
    weekend, so Tuesday 9 and Wednesday 10 are rest days; 劳动节 is Saturday 1 and Sunday 2 May, given back on
    Monday 3 and Tuesday 4; 元旦 2027 is a Friday and owes nothing. 2028: 元旦 is a Saturday, given back on Monday
    3 January; 国庆 starts on Sunday 1 October, one day owed after the 3rd: Wednesday 4 October."""
    h27 = statutory_holidays(2027)
    assert h27[D(2027, 2, 9)] == h27[D(2027, 2, 10)] == "春节（补假）" and D(2027, 2, 11) not in h27
    assert h27[D(2027, 5, 3)] == h27[D(2027, 5, 4)] == "劳动节（补假）" and D(2027, 5, 5) not in h27
    assert D(2027, 1, 4) not in h27
    h28 = statutory_holidays(2028)
    assert h28[D(2028, 1, 3)] == "元旦（补假）" and D(2028, 1, 4) not in h28
    assert h28[D(2028, 10, 4)] == "国庆节（补假）" and D(2028, 10, 5) not in h28
    assert "第六条" in COMPENSATION_SOURCE


def test_an_override_makes_a_provisional_day_a_holiday_and_moves_deadlines():
    cal = WorkCalendar(overrides={D(2027, 1, 4): False})
    assert not cal.is_workday(D(2027, 1, 4))
    assert CAL.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 5)


def test_an_override_corrects_the_package_in_an_official_year():
    cal = WorkCalendar(overrides={D(2025, 10, 9): False, D(2025, 10, 4): True})
    assert not cal.is_workday(D(2025, 10, 9))
    assert cal.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 4)


def test_a_loaded_year_is_official_and_extends_the_horizon():
    cal = WorkCalendar(loaded_years=frozenset({2027}))
    assert not cal.is_provisional(D(2027, 6, 1))
    assert cal.last_year == CAL.last_year + 1


def test_the_calendar_refuses_dates_it_cannot_answer_for():
    with pytest.raises(CalendarError) as exc:
        CAL.is_workday(D(2003, 6, 2))
    assert "2004" in str(exc.value)
    beyond = D(CAL.last_year + 1, 1, 4)
    with pytest.raises(CalendarError):
        CAL.is_workday(beyond)
    with pytest.raises(CalendarError):
        CAL.add_workdays(D(CAL.last_year, 12, 20), 30)
    CAL.is_workday(D(CAL.last_year, 12, 31))  # the last year itself is fine


def test_due_date_is_unknown_while_a_pause_is_open():
    assert CAL.due_date(D(2025, 11, 3), 5, [Pause(D(2025, 11, 4))]) is None


def test_paused_working_days_are_not_counted():
    # Mon 3 Nov + 5 working days = Mon 10 Nov; paused after Tue 4 up to Thu 6 (5 and 6 not counted).
    assert CAL.due_date(D(2025, 11, 3), 5, []) == D(2025, 11, 10)
    assert CAL.due_date(D(2025, 11, 3), 5, [Pause(D(2025, 11, 4), D(2025, 11, 6))]) == D(2025, 11, 12)
    assert CAL.elapsed(D(2025, 11, 3), D(2025, 11, 7), [Pause(D(2025, 11, 4), D(2025, 11, 6))]) == 2


# --- properties ------------------------------------------------------------------------------------
# Start dates whose deadlines (up to 120 working days) stay inside the horizon.
starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2028, 6, 30))
budgets = st.integers(min_value=1, max_value=120)


@st.composite
def pauses_after(draw, start):
    spans = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        begin = start + dt.timedelta(days=draw(st.integers(min_value=0, max_value=120)))
        end = begin + dt.timedelta(days=draw(st.integers(min_value=0, max_value=30)))
        spans.append(Pause(begin, end))
    return spans


@given(start=starts, n=budgets)
def test_add_workdays_always_lands_on_a_working_day(start, n):
    day = CAL.add_workdays(start, n)
    assert day > start
    assert CAL.is_workday(day)


@given(start=starts, n=st.integers(min_value=0, max_value=120))
def test_between_inverts_add_workdays(start, n):
    assert CAL.between(start, CAL.add_workdays(start, n)) == n


@given(data=st.data(), start=starts, n=budgets)
def test_due_date_never_counts_a_paused_day(data, start, n):
    pauses = data.draw(pauses_after(start))
    due = CAL.due_date(start, n, pauses)
    assert CAL.is_workday(due)
    assert not any(p.covers(due) for p in pauses)
    counted = [
        start + dt.timedelta(days=i)
        for i in range(1, (due - start).days + 1)
        if CAL.is_workday(start + dt.timedelta(days=i))
        and not any(p.covers(start + dt.timedelta(days=i)) for p in pauses)
    ]
    assert len(counted) == n
    assert due >= CAL.due_date(start, n, [])


@given(start=starts, days=st.integers(min_value=0, max_value=400))
def test_a_natural_period_deadline_is_always_a_working_day(start, days):
    end = CAL.natural_period_end(start, days)
    assert CAL.is_workday(end)
    assert end >= start + dt.timedelta(days=days)
    # and it is the first working day on or after the natural end
    assert all(not CAL.is_workday(start + dt.timedelta(days=k)) for k in range(days, (end - start).days))


@given(start=starts, n=budgets, offset=st.integers(min_value=0, max_value=60))
def test_pausing_and_resuming_the_same_day_changes_nothing(start, n, offset):
    day = start + dt.timedelta(days=offset)
    assert CAL.due_date(start, n, [Pause(day, day)]) == CAL.due_date(start, n, [])


@st.composite
def any_pauses(draw, start):
    """Pauses around a clock's span: some begin before it, overlap one another or are still open."""
    spans = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        begin = start + dt.timedelta(days=draw(st.integers(min_value=-20, max_value=400)))
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=90)))
        spans.append(Pause(begin, None if length is None else begin + dt.timedelta(days=length)))
    return spans


@given(data=st.data(), start=starts, days=st.integers(min_value=-5, max_value=800))
def test_elapsed_counts_exactly_the_working_days_no_pause_covers(data, start, days):
    """The running totals give what counting day by day gives: each working day after start up to today that
    no pause covers, across years, with pauses overlapping, open or outside the span."""
    today = min(start + dt.timedelta(days=days), D(CAL.last_year, 12, 31))
    new_years = [
        D(y, 1, 1) for y in range(start.year + 1, start.year + 3)
    ]  # a year's first day, made a working one
    days_in_span = st.one_of(st.dates(start, start + dt.timedelta(days=800)), st.sampled_from(new_years))
    cal = WorkCalendar(overrides=data.draw(st.dictionaries(days_in_span, st.booleans(), max_size=5)))
    pauses = data.draw(any_pauses(start))
    counted = sum(
        1
        for i in range(1, (today - start).days + 1)
        if cal.is_workday(start + dt.timedelta(days=i))
        and not any(p.covers(start + dt.timedelta(days=i)) for p in pauses)
    )
    assert cal.elapsed(start, today, pauses) == counted


def test_elapsed_from_the_last_day_before_the_calendar_counts_the_days_after_it():
    """Only the days after the start count, so a start on the eve of the first year with a schedule is fine."""
    days = [D(2004, 1, d) for d in range(1, 10)]
    assert CAL.elapsed(D(2003, 12, 31), D(2004, 1, 9), []) == sum(CAL.is_workday(d) for d in days) == 6
