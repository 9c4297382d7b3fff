"""The working-day calendar: plain Python, free of Django, tested directly.

Chinese administrative law counts time limits in working days and does not count the start day, so
``add_workdays(start, n)`` is the n-th working day *after* ``start`` (also when ``start`` is a rest day).
Statutory holidays and make-up working days (调休) come from ``chinesecalendar`` (2004 to its last year),
corrected by overrides that administrators enter. A year the package does not know and for which no official
schedule was loaded is computed on weekends only and every date that depends on it is *provisional*.

A clock is a start date, a budget of working days and paused spans; its due date is derived, never stored as
the only truth, so that a change of the calendar can re-project it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar

BUILTIN_FIRST_YEAR = 2004
BUILTIN_LAST_YEAR = max(d.year for d in chinese_calendar.holidays)
# How many years past the last official one dates may be computed (provisionally, on weekends only).
PROVISIONAL_HORIZON_YEARS = 3
ONE_DAY = dt.timedelta(days=1)


class CalendarError(ValueError):
    """A date the calendar cannot answer for (a year with no schedule and beyond the horizon)."""


@lru_cache(maxsize=20000)
def _builtin_is_workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


@dataclass(frozen=True)
class Pause:
    """A span during which a clock does not run: working days d with start < d <= end are not counted.
    ``end`` None means the pause is still open."""

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass
class WorkCalendar:
    """Working days for a city: the package's schedule, the administrators' overrides and the years for
    which an official schedule was loaded by hand."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    loaded_years: frozenset[int] = frozenset()

    @property
    def official_years(self) -> frozenset[int]:
        return frozenset(range(BUILTIN_FIRST_YEAR, BUILTIN_LAST_YEAR + 1)) | self.loaded_years

    @property
    def last_year(self) -> int:
        return max(self.official_years) + PROVISIONAL_HORIZON_YEARS

    def check(self, day: dt.date) -> None:
        if day.year < BUILTIN_FIRST_YEAR or day.year > self.last_year:
            raise CalendarError(
                f"{day.year}年的工作日历未加载：可计算的年份为{BUILTIN_FIRST_YEAR}–{self.last_year}年"
            )

    def is_provisional(self, day: dt.date) -> bool:
        """True when the day's year has no official schedule (weekends only)."""
        return day.year not in self.official_years

    def is_workday(self, day: dt.date) -> bool:
        self.check(day)
        if day in self.overrides:
            return self.overrides[day]
        if day.year <= BUILTIN_LAST_YEAR:
            return _builtin_is_workday(day)
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (start itself is never counted); ``n == 0`` gives start."""
        if n < 0:
            raise ValueError("n must not be negative")
        return self.due_date(start, n, ())  # type: ignore[return-value]

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end is before start."""
        if end < start:
            return -self.between(end, start)
        return self.elapsed(start, end, ())

    def natural_period_end(self, start: dt.date, days: int) -> dt.date:
        """A period of ``days`` natural days from ``start``; when its last day is a rest day it ends on the
        next working day."""
        end = start + dt.timedelta(days=days)
        while not self.is_workday(end):
            end += ONE_DAY
        return end

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    # --- clocks ------------------------------------------------------------------------------------
    def due_date(self, start: dt.date, budget: int, pauses: Iterable[Pause]) -> dt.date | None:
        """The day the budget of working days runs out, skipping paused spans; None while a pause is open
        (the due date is unknown until the clock runs again)."""
        pauses = list(pauses)
        if any(p.end is None for p in pauses):
            return None
        day, counted = start, 0
        while counted < budget:
            day += ONE_DAY
            if self.is_workday(day) and not any(p.covers(day) for p in pauses):
                counted += 1
        return day

    def elapsed(self, start: dt.date, today: dt.date, pauses: Iterable[Pause]) -> int:
        """Working days used after ``start`` up to and including ``today``, paused spans not counted."""
        pauses = list(pauses)
        day, counted = start, 0
        while day < today:
            day += ONE_DAY
            if self.is_workday(day) and not any(p.covers(day) for p in pauses):
                counted += 1
        return counted

    def span_is_provisional(self, start: dt.date, end: dt.date | None) -> bool:
        """Whether any day after start up to end falls in a year without an official schedule."""
        if end is None:
            return self.is_provisional(start)
        return any(self.is_provisional(dt.date(y, 1, 1)) for y in range(start.year, end.year + 1))


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(f"日期格式应为 YYYY-MM-DD：{text}")
