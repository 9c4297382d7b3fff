"""特岗特薪 per quarter: what an agreed annual pay gives for one quarter of the pay sheet (plain arithmetic, property
tested).

Each month of the term pays a twelfth of the annual pay; a month the term covers in part pays for its days in
the term over the month's days. The quarter's share is the sum over its three months, rounded once, half up,
to the fen: a full quarter is exactly a quarter of the annual pay (rounded), and the four quarters of a full
year add up to the annual pay within two fen."""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction


def quarter_months(year: int, quarter: int) -> list[tuple[int, int]]:
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1–4")
    return [(year, 3 * (quarter - 1) + k) for k in (1, 2, 3)]


def covered_days(start: dt.date, until: dt.date, first: dt.date, last: dt.date) -> int:
    """Days of [first, last] inside [start, until] (both inclusive)."""
    lo, hi = max(start, first), min(until, last)
    return max(0, (hi - lo).days + 1)


def quarter_share_fen(
    annual_fen: int, term_from: dt.date, term_until: dt.date, year: int, quarter: int
) -> int:
    """The quarter's share of ``annual_fen`` for a term from ``term_from`` to ``term_until`` (inclusive)."""
    if annual_fen < 0:
        raise ValueError("annual pay must not be negative")
    total = Fraction(0)
    for y, m in quarter_months(year, quarter):
        days = calendar.monthrange(y, m)[1]
        inside = covered_days(term_from, term_until, dt.date(y, m, 1), dt.date(y, m, days))
        total += Fraction(annual_fen, 12) * Fraction(inside, days)
    return int(total + Fraction(1, 2))  # half up (the amount is never negative)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    months = quarter_months(year, quarter)
    (y1, m1), (y3, m3) = months[0], months[-1]
    return dt.date(y1, m1, 1), dt.date(y3, m3, calendar.monthrange(y3, m3)[1])
