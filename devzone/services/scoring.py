"""Satisfaction scores, free of Django: levels to points, the combined department score, quarter arithmetic.

A level of the five-level scale maps linearly onto 0–100: 非常满意 100, 满意 75, 基本满意 50, 不满意 25,
非常不满意 0. A department's quarterly satisfaction combines the survey (its answers' mean of 整体满意度,
服务效率, 服务态度) and 好差评 (the mean of the counted ratings' overall level)::

    score = 0.6 × survey + 0.4 × 好差评     when both exist
    score = survey  or  score = 好差评       when only one exists

rounded half-up to two decimals. Excluded ratings (an upheld appeal) count nowhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

SURVEY_WEIGHT = Decimal("0.6")
RATING_WEIGHT = Decimal("0.4")
CENT = Decimal("0.01")


def points(level: int | float | Decimal) -> Decimal:
    """A level 1–5 (or a mean of levels) on the 0–100 scale."""
    value = Decimal(str(level))
    if not Decimal(1) <= value <= Decimal(5):
        raise ValueError(f"level out of range: {level}")
    return (value - 1) * 25


def mean_points(levels: Iterable[int]) -> Decimal | None:
    levels = list(levels)
    if not levels:
        return None
    return points(Decimal(sum(levels)) / len(levels))


def combine(survey: Decimal | None, ratings: Decimal | None) -> Decimal | None:
    """The department's score from its survey points and its 好差评 points (either may be missing)."""
    if survey is None and ratings is None:
        return None
    if survey is None:
        value = ratings
    elif ratings is None:
        value = survey
    else:
        value = SURVEY_WEIGHT * survey + RATING_WEIGHT * ratings
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of the quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


def share_good(levels: Iterable[int]) -> Decimal | None:
    """好评率: the share of 满意 and 非常满意 among the levels, as a percentage with two decimals."""
    levels = list(levels)
    if not levels:
        return None
    good = sum(1 for lv in levels if lv >= 4)
    return (Decimal(100 * good) / len(levels)).quantize(CENT, rounding=ROUND_HALF_UP)
