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
    """万元 as the reports print it (亿元 from 10 000 万元)."""
    from decimal import Decimal

    if amount is None:
        return "—"
    amount = Decimal(amount)
    if amount >= 10000:
        return f"{(amount / 10000).quantize(Decimal('0.01'))}亿元"
    return f"{amount.quantize(Decimal('0.01'))}万元"
