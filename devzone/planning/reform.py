"""The arithmetic of the institutional reform (机构改革), pure: which bodies existed on a day, the change of their
number in percent, and the share of investment and service staff. No database, property-tested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Body:
    established_on: dt.date
    ended_on: dt.date | None
    staff: int
    front_line: bool  # investment or enterprise service


def active_on(bodies: Iterable[Body], day: dt.date) -> list[Body]:
    """Bodies that existed on ``day``: set up on or before it, not yet ended (an end takes effect on its day)."""
    return [b for b in bodies if b.established_on <= day and (b.ended_on is None or b.ended_on > day)]


def change_percent(before: int, after: int) -> Decimal | None:
    """(after − before) / before in percent to one decimal (half up): 109 → 64 is −41.3; None without a before."""
    if not before:
        return None
    return (Decimal(100) * (after - before) / before).quantize(TENTH, rounding=ROUND_HALF_UP)


def reduction_percent(before: int, after: int) -> Decimal | None:
    """The share cut (精简比例), (before − after) / before in percent to one decimal (half up): 109 → 64 is 41.3,
    as the report prints its 42 %; negative when bodies were added; None without a before. The change with its
    sign reversed (half up rounds away from zero, so both round alike)."""
    if not before:
        return None
    return (Decimal(100) * (before - after) / before).quantize(TENTH, rounding=ROUND_HALF_UP)


def share(bodies: Iterable[Body]) -> Decimal | None:
    """The front-line (investment and service) staff in percent of all staff, to one decimal; None without
    staff."""
    rows = list(bodies)
    total = sum(b.staff for b in rows)
    if not total:
        return None
    front = sum(b.staff for b in rows if b.front_line)
    return (Decimal(100) * front / total).quantize(TENTH, rounding=ROUND_HALF_UP)


def exact_share(bodies: Iterable[Body]) -> tuple[int, int]:
    """(front-line staff, all staff), to add zones before rounding."""
    rows = list(bodies)
    return sum(b.staff for b in rows if b.front_line), sum(b.staff for b in rows)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


def rise(before: tuple[int, int], after: tuple[int, int]) -> Decimal | None:
    """The rise of the front-line share in percentage points, from the exact fractions (rounded once, to one
    decimal); None when either side has no staff."""
    (fb, tb), (fa, ta) = before, after
    if not tb or not ta:
        return None
    return (Decimal(100) * fa / ta - Decimal(100) * fb / tb).quantize(TENTH, rounding=ROUND_HALF_UP)
