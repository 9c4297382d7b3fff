"""序时进度 of an annual task (年度任务): how far through its own period the task is on a day, as the share of the
period's days that are over by the end of that day. The period is the task's year, from the latest of its real
starts that falls in the year — the plan's effective date (``IndustryPlan.effective_on``: a plan approved in
July), the day the task was added to a plan already in force (``PlanTarget.added_on``), the zone's establishment
(``Zone.established_on``: a zone set up mid-year) — to 31 December; not from 1 January whatever happened. Plain
Python, property-tested with hypothesis (tests/test_pace.py)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> Fraction:
    """The share of the period ``start``–``end`` (both days included) over by the end of ``today``: 0 before
    ``start``, 1 from ``end`` on, in between the days over (``today`` counted) out of the period's days. It never
    falls as ``today`` moves on. A period that ends before it starts counts as its end day alone."""
    start = min(start, end)
    if today < start:
        return Fraction(0)
    if today >= end:
        return Fraction(1)
    return Fraction((today - start).days + 1, (end - start).days + 1)


def task_period(year: int, *starts: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The period of an annual task of ``year``: from 1 January or the latest of ``starts`` (None: not known) in
    the year, to 31 December; None when a start comes after the year (the task never ran in it)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    begin = max([first, *(d for d in starts if d is not None)])
    if begin > last:
        return None
    return begin, last


def expected_percent(year: int, today: dt.date, *starts: dt.date | None) -> Decimal | None:
    """序时进度 in percent, to one decimal (rounded half up, as figures are read): ``task_period``'s share over
    on ``today``; None when the task never ran in its year."""
    period = task_period(year, *starts)
    if period is None:
        return None
    share = elapsed_share(*period, today)
    return (Decimal(share.numerator * 100) / Decimal(share.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
