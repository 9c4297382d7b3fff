"""The working-day calendar: plain Python, free of Django, tested directly.

Chinese administrative law counts time limits in working days and does not count the start day, so
``add_workdays(start, n)`` is the n-th working day *after* ``start`` (also when ``start`` is a rest day).
Statutory holidays and make-up working days (调休) come from ``chinesecalendar`` (2004 to its last year),
corrected by overrides that administrators enter. A year the package does not know and for which no official
schedule was loaded is *provisional*: its weekends and its statutory holidays — known by law
(``STATUTORY_HOLIDAYS``, with their source) and computed from the lunar calendar and the solar terms — are rest
days; the make-up working days (调休) stay unknown until the State Council publishes the year's schedule, so every
date that depends on it is marked 暂定.

A clock is a start date, a budget of working days and paused spans; its due date is derived, never stored as
the only truth, so that a change of the calendar can re-project it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import chinese_calendar

BUILTIN_FIRST_YEAR = 2004
BUILTIN_LAST_YEAR = max(d.year for d in chinese_calendar.holidays)
# How many years past the last official one dates may be computed (provisionally, on weekends only).
PROVISIONAL_HORIZON_YEARS = 3
ONE_DAY = dt.timedelta(days=1)


# 全国年节及纪念日放假办法 (国务院令第795号, 2024年11月10日修订, 2025年1月1日起施行), Article 2: the holidays of all
# citizens, as (name, how the first day is found, number of days). "lunar" is a lunar month/day, "eve" the last day
# of the lunar year, "term" a solar term.
STATUTORY_HOLIDAYS_SOURCE = "《全国年节及纪念日放假办法》第二条（国务院令第795号，2025年1月1日起施行）"
STATUTORY_HOLIDAYS = (
    ("元旦", ("solar", 1, 1), 1),
    ("春节", ("eve",), 4),  # 除夕 to 初三
    ("清明节", ("term", "清明"), 1),
    ("劳动节", ("solar", 5, 1), 2),
    ("端午节", ("lunar", 5, 5), 1),
    ("中秋节", ("lunar", 8, 15), 1),
    ("国庆节", ("solar", 10, 1), 3),
)
# Article 6 of the same 办法: a holiday of all citizens that falls on a Saturday or a Sunday is given back
# (补假) on a working day — in practice the first working days after the holiday.
COMPENSATION_SOURCE = (
    "《全国年节及纪念日放假办法》第六条（全体公民放假的假日适逢星期六、星期日，应当在工作日补假）"
)


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The rest days that the law gives in ``year`` (weekday or not), each with its holiday's name, and the
    days given back for those that fall on a weekend (``COMPENSATION_SOURCE``), named "…（补假）"."""
    from lunar_python import Lunar

    out: dict[dt.date, str] = {}
    blocks: list[tuple[str, dt.date, int]] = []
    for name, rule, days in STATUTORY_HOLIDAYS:
        if rule[0] == "solar":
            first = dt.date(year, rule[1], rule[2])
        elif rule[0] == "eve":
            first = _solar(Lunar.fromYmd(year, 1, 1).getSolar()) - ONE_DAY
        elif rule[0] == "lunar":
            first = _solar(Lunar.fromYmd(year, rule[1], rule[2]).getSolar())
        else:
            first = _solar(Lunar.fromYmd(year, 3, 1).getJieQiTable()[rule[1]])
        blocks.append((name, first, days))
        for k in range(days):
            out.setdefault(first + dt.timedelta(days=k), name)
    for name, first, days in blocks:
        owed = sum((first + dt.timedelta(days=k)).weekday() >= 5 for k in range(days))
        day = first + dt.timedelta(days=days - 1)
        while owed:
            day += ONE_DAY
            if day.weekday() < 5 and day not in out:
                out[day] = f"{name}（补假）"
                owed -= 1
    return out


def _solar(solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


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


@dataclass(frozen=True)
class WorkCalendar:
    """Working days for a city: the package's schedule, the administrators' overrides and the years for
    which an official schedule was loaded by hand. Built once per calendar revision (``core.workdays``) and never
    changed: its years are worked out once, not on every day a clock counts (a queue page counts ~900)."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    loaded_years: frozenset[int] = frozenset()

    @cached_property
    def official_years(self) -> frozenset[int]:
        return frozenset(range(BUILTIN_FIRST_YEAR, BUILTIN_LAST_YEAR + 1)) | self.loaded_years

    @cached_property
    def last_year(self) -> int:
        return max(self.official_years) + PROVISIONAL_HORIZON_YEARS

    def check(self, day: dt.date) -> None:
        if day.year < BUILTIN_FIRST_YEAR or day.year > self.last_year:
            raise CalendarError(
                f"{day.year}年的工作日历未加载：可计算的年份为{BUILTIN_FIRST_YEAR}–{self.last_year}年"
            )

    def is_provisional(self, day: dt.date) -> bool:
        """True when the day's year has no official schedule (weekends and statutory holidays only; the
        make-up working days are not known yet)."""
        return day.year not in self.official_years

    def is_workday(self, day: dt.date) -> bool:
        self.check(day)
        if day in self.overrides:
            return self.overrides[day]
        if day.year <= BUILTIN_LAST_YEAR:
            return _builtin_is_workday(day)
        if day.year in self.loaded_years:  # the official schedule, loaded as overrides, decides
            return day.weekday() < 5
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

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
            counted += self._counts(day, pauses)
        return day

    def elapsed(self, start: dt.date, today: dt.date, pauses: Iterable[Pause]) -> int:
        """Working days used after ``start`` up to and including ``today``, paused spans not counted: the
        working days of the span less those of the paused spans within it (overlapping pauses merged), each
        counted from the year's running totals instead of day by day (a queue page reads 50 clocks)."""
        used = self._workdays_after(start, today)
        for begin, end in _merged(pauses, start, today):
            used -= self._workdays_after(begin, end)
        return used

    def _workdays_after(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end is not after start)."""
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            if year == start.year and (start.month, start.day) == (12, 31):
                continue  # no day of it counts (and the year before the first one has no schedule)
            running = self._running_total(year)
            first = start.timetuple().tm_yday if year == start.year else 0
            last = end.timetuple().tm_yday if year == end.year else len(running) - 1
            total += running[last] - running[first]
        return total

    def _running_total(self, year: int) -> list[int]:
        """``[0, w1, w2, …]``: the working days among the year's first k days, made once per year."""
        running = self._running_totals.get(year)
        if running is None:
            running, n, day = [0], 0, dt.date(year, 1, 1)
            while day.year == year:
                n += self.is_workday(day)
                running.append(n)
                day += ONE_DAY
            self._running_totals[year] = running
        return running

    @cached_property
    def _running_totals(self) -> dict[int, list[int]]:
        return {}

    def _counts(self, day: dt.date, pauses: list[Pause]) -> bool:
        """Whether ``day`` uses a working day of a clock: a working day outside every pause."""
        return self.is_workday(day) and not any(p.covers(day) for p in pauses)

    def span_is_provisional(self, start: dt.date, end: dt.date | None) -> bool:
        """Whether any day after start up to end falls in a year without an official schedule."""
        if end is None:
            return self.is_provisional(start)
        return any(self.is_provisional(dt.date(y, 1, 1)) for y in range(start.year, end.year + 1))


def _merged(pauses: Iterable[Pause], start: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The paused spans within (start, today] as disjoint ``(after, through)`` pairs: a pause covers the days
    after its start up to and including its end (an open one, up to today)."""
    spans = sorted((max(p.start, start), min(p.end or today, today)) for p in pauses)
    merged: list[list[dt.date]] = []
    for begin, end in spans:
        if end <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(b, e) for b, e in merged]


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(f"日期格式应为 YYYY-MM-DD：{text}")
