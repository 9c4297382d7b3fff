"""The sections of the weekly dispatch (周调度): a registry, so that modules that depend on projects (approvals:
"approvals near their deadline") add their own section without projects importing them.

A section's ``build(*, zone, week_start, week_end, on)`` returns a dict that is stored as issued (JSON):
``{"columns": [...], "rows": [[str, ...], ...], "summary": str}``. Cells are strings, ready to print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    build: Callable[..., dict]


SECTIONS: dict[str, Section] = {}


def register_section(key: str, title: str, build: Callable[..., dict], order: int = 100) -> None:
    SECTIONS[key] = Section(key, title, order, build)


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))


def day(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def wan(amount) -> str:
    """万元 as the reports print it (亿元 from 10 000 万元), rounded half up (四舍五入) to the cent of the unit
    printed; the unit is chosen after rounding, so 9 999.995 万元 prints 1.00亿元, never 10000.00万元."""
    from decimal import ROUND_HALF_UP, Decimal

    if amount is None:
        return "—"
    cent = Decimal("0.01")
    amount = Decimal(amount)
    shown = amount.quantize(cent, rounding=ROUND_HALF_UP)
    if shown >= 10000:
        # 亿元 rounded from the amount itself, not from ``shown`` (rounding twice: 10 049.995 -> 1.01亿元)
        return f"{(amount / 10000).quantize(cent, rounding=ROUND_HALF_UP)}亿元"
    return f"{shown}万元"
