"""The red/yellow/green status of a key project: plain Python, free of Django, tested directly (hypothesis).

Two measures, the worse one wins:

* **Start.** A project that has not broken ground after its planned start month: ``start_yellow_months`` (1 by
  default: the month is missed) calendar months late -> yellow, ``start_red_months`` (3) -> red.
* **序时进度.** The year's planned investment × elapsed months / 12 is what should be done by now. The project is
  ``points behind`` = 序时进度 % − completed % of the annual plan: from ``behind_yellow_points`` (10) yellow,
  above ``behind_red_points`` (30) red.

A red project that catches up is yellow for ``recovery_months`` (1) after the last day it was red, then green.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

GREEN, YELLOW, RED = "green", "yellow", "red"
RANK = {GREEN: 0, YELLOW: 1, RED: 2}

# The reasons as stored on the key project (in Chinese, joined by SEPARATOR): the pages read them back in the
# reader's language (``projects.wording.status_reason_label``, through ``reason_parts``).
LATE_START = "逾期{months}个月未开工"
BEHIND = "落后序时进度{points}个百分点"
RECOVERING = "红色项目赶上进度，观察期内显示黄色"
SEPARATOR = "；"
_PARTS = {
    "late_start": re.compile(r"逾期(?P<months>\d+)个月未开工"),
    "behind": re.compile(r"落后序时进度(?P<points>-?\d+(?:\.\d+)?)个百分点"),
    "recovering": re.compile(re.escape(RECOVERING)),
}


@dataclass(frozen=True)
class Rules:
    start_yellow_months: int = 1
    start_red_months: int = 3
    behind_yellow_points: Decimal = Decimal("10")
    behind_red_points: Decimal = Decimal("30")
    recovery_months: int = 1


@dataclass(frozen=True)
class Inputs:
    today: dt.date
    planned_start: dt.date | None = None  # the 开工 milestone's planned date
    started_on: dt.date | None = None  # its actual date
    annual_plan: Decimal | None = None  # 万元, this year
    completed: Decimal = Decimal("0")  # 万元, this year, months before the current one
    last_red_on: dt.date | None = None


@dataclass(frozen=True)
class Result:
    colour: str
    months_late: int
    expected_percent: Decimal | None
    done_percent: Decimal | None
    behind_points: Decimal | None
    last_red_on: dt.date | None
    reasons: list[str] = field(default_factory=list)


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, pycalendar.monthrange(year, month)[1]))


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s month (0 in the same month)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def months_late(planned_start: dt.date | None, started_on: dt.date | None, today: dt.date) -> int:
    """Months past the planned start month while the project has not started (0 once it has)."""
    if planned_start is None or started_on is not None:
        return 0
    return max(0, months_between(planned_start, today))


def elapsed_months(today: dt.date) -> int:
    """Months of the year that are over (reported investment is for completed months)."""
    return today.month - 1


def progress(annual_plan: Decimal | None, completed: Decimal, today: dt.date):
    """(expected %, done %, points behind) of the annual plan; None without a plan."""
    if not annual_plan or annual_plan <= 0:
        return None, None, None
    # rounded as figures are read (四舍五入), not to the even digit
    expected = (Decimal(elapsed_months(today)) * 100 / 12).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    done = (Decimal(completed) * 100 / Decimal(annual_plan)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return expected, done, expected - done


def compute(inputs: Inputs, rules: Rules = Rules()) -> Result:
    late = months_late(inputs.planned_start, inputs.started_on, inputs.today)
    expected, done, behind = progress(inputs.annual_plan, inputs.completed, inputs.today)
    colour, reasons = GREEN, []
    if late >= rules.start_red_months:
        colour = RED
        reasons.append(LATE_START.format(months=late))
    elif late >= rules.start_yellow_months:
        colour = YELLOW
        reasons.append(LATE_START.format(months=late))
    if behind is not None:
        if behind > rules.behind_red_points:
            colour = RED
            reasons.append(BEHIND.format(points=behind))
        elif behind >= rules.behind_yellow_points:
            colour = worse(colour, YELLOW)
            reasons.append(BEHIND.format(points=behind))
    last_red = inputs.last_red_on
    if colour == RED:
        last_red = inputs.today
    elif (
        last_red is not None
        and last_red <= inputs.today
        and inputs.today < add_months(last_red, rules.recovery_months)
    ):
        if colour == GREEN:
            reasons.append(RECOVERING)
        colour = worse(colour, YELLOW)
    return Result(colour, late, expected, done, behind, last_red, reasons)


def reason_parts(stored: str) -> list[tuple[str, dict[str, str]]]:
    """A stored reason's parts, each as (kind, its figures): ``("late_start", {"months": "6"})``,
    ``("behind", {"points": "77.7"})``, ``("recovering", {})``, or ``("text", {"text": part})`` for words not
    written by ``compute`` (kept as they are)."""
    parts = []
    for part in filter(None, (p.strip() for p in stored.split(SEPARATOR))):
        for kind, pattern in _PARTS.items():
            found = pattern.fullmatch(part)
            if found:
                parts.append((kind, found.groupdict()))
                break
        else:
            parts.append(("text", {"text": part}))
    return parts


def worse(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def lateness(planned: dt.date, actual: dt.date | None, today: dt.date, between) -> int:
    """Working days a milestone is late: after its planned date up to its actual date (or today while it is
    not reached); never negative. ``between(a, b)`` counts working days after a up to b."""
    end = actual or today
    if end <= planned:
        return 0
    return max(0, between(planned, end))
