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


# 好评 and 差评 as the national 好差评 system counts them (国办发〔2019〕51号《关于建立政务服务“好差评”制度提高政务服务
# 水平的意见》: 非常满意、满意、基本满意 are 好评, 不满意、非常不满意 are 差评). The stricter 满意率 (满意 and above) is a zone's
# own measure and is always labelled as such.
GOOD_RULE_SOURCE = "国办发〔2019〕51号"
GOOD_FROM = 3  # 基本满意 and above: 好评
BAD_UP_TO = 2  # 不满意 and below: 差评
SATISFIED_FROM = 4  # 满意率 (stricter, the zone's own): 满意 and above


def is_good(level: int) -> bool:
    return level >= GOOD_FROM


def is_bad(level: int) -> bool:
    return level <= BAD_UP_TO


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage with two decimals (None of nothing)."""
    return (Decimal(100 * part) / whole).quantize(CENT, rounding=ROUND_HALF_UP) if whole else None


def share_good(levels: Iterable[int]) -> Decimal | None:
    """好评率 as the national system reports it: 基本满意 and above among the levels, in percent."""
    levels = list(levels)
    return percent(sum(1 for lv in levels if is_good(lv)), len(levels))
