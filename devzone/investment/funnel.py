"""The funnel's stage machine and each lead's contribution to the funnel counters. Plain Python, no Django.

A lead moves forward only, one stage at a time, on a date that is not in the future and not before its last
stage date. A jump over stages (未接触 → 签约) is allowed only with the dates of the skipped stages (in order) or
an explicit reason; the skipped stages then count as reached, without a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STAGES = ["unaware", "aware", "attentive", "invited", "negotiating", "signed", "landed", "kept"]
INDEX = {s: i for i, s in enumerate(STAGES)}
LABELS = {
    "unaware": "未接触",
    "aware": "了解",
    "attentive": "关注",
    "invited": "请进（考察）",
    "negotiating": "洽谈",
    "signed": "签约",
    "landed": "落地",
    "kept": "留住（投产）",
}


class StageError(Exception):
    def __init__(self, message: str, field: str = "stage"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Move:
    target: str
    dates: dict[str, dt.date]  # stage -> date to record (the target and the skipped stages given a date)
    skipped: list[str]  # stages jumped over
    undated: list[str]  # jumped over without a date (a reason was given)
    reason: str


def last_date(dates: dict[str, dt.date | None]) -> dt.date | None:
    known = [d for d in dates.values() if d is not None]
    return max(known) if known else None


def plan_move(
    *,
    current: str,
    dates: dict[str, dt.date | None],
    target: str,
    on: dt.date,
    today: dt.date,
    skipped_dates: dict[str, dt.date] | None = None,
    reason: str = "",
) -> Move:
    """Check a move from ``current`` to ``target`` on ``on``; return what to record or raise StageError."""
    if target not in INDEX or current not in INDEX:
        raise StageError("未知的阶段")
    if INDEX[target] == INDEX[current]:
        raise StageError(f"线索已处于“{LABELS[target]}”阶段")
    if INDEX[target] < INDEX[current]:
        raise StageError(f"阶段只能向前推进，不能从“{LABELS[current]}”退回“{LABELS[target]}”")
    if on > today:
        raise StageError("阶段日期不能晚于今天", "on")
    previous = last_date(dates)
    if previous is not None and on < previous:
        raise StageError(
            f"阶段日期不能早于上一阶段的日期（{previous.year}年{previous.month}月{previous.day}日）", "on"
        )
    skipped = STAGES[INDEX[current] + 1 : INDEX[target]]
    given = {s: d for s, d in (skipped_dates or {}).items() if s in skipped and d is not None}
    undated = [s for s in skipped if s not in given]
    reason = (reason or "").strip()
    if undated and not reason:
        names = "、".join(f"“{LABELS[s]}”" for s in undated)
        raise StageError(
            f"从“{LABELS[current]}”跳到“{LABELS[target]}”须填写被跳过阶段{names}的日期，或说明跳过的理由",
            "reason",
        )
    floor = previous
    for s in skipped:
        d = given.get(s)
        if d is None:
            continue
        if d > on or (floor is not None and d < floor):
            raise StageError(f"“{LABELS[s]}”的日期须在上一阶段日期与本次日期之间，且按阶段先后", f"date_{s}")
        floor = d
    return Move(target=target, dates={**given, target: on}, skipped=skipped, undated=undated, reason=reason)


def contribution(*, stage: str, dates: dict[str, dt.date | None], lost: bool, merged: bool = False) -> dict:
    """What one lead adds to its funnel cell: 1 lead, reached flags for every stage up to its own, lost, and
    for each stage it left (both its date and the next stage's date known) the calendar days spent there."""
    if merged:
        return {}
    out = {"leads": 1, "lost": 1 if lost else 0}
    k = INDEX[stage]
    for i, s in enumerate(STAGES):
        out[f"reached_{s}"] = 1 if i <= k else 0
    for i, s in enumerate(STAGES[:-1]):
        nxt = STAGES[i + 1]
        start, end = dates.get(s), dates.get(nxt)
        if i < k and start is not None and end is not None:
            out[f"left_{s}"] = 1
            out[f"days_{s}"] = (end - start).days
        else:
            out[f"left_{s}"] = 0
            out[f"days_{s}"] = 0
    return out


def subtract(a: dict, b: dict) -> dict:
    keys = a.keys() | b.keys()
    return {k: a.get(k, 0) - b.get(k, 0) for k in keys if a.get(k, 0) - b.get(k, 0)}


@dataclass(frozen=True)
class StageRow:
    stage: str
    reached: int
    conversion: float | None  # reached(this) / reached(previous)
    overall: float | None  # reached(this) / leads
    avg_days: float | None  # mean calendar days spent in this stage by leads that left it


def summarise(totals: dict) -> list[StageRow]:
    """The funnel from summed counters."""
    rows, previous = [], None
    leads = totals.get("leads", 0)
    for s in STAGES:
        n = totals.get(f"reached_{s}", 0)
        left = totals.get(f"left_{s}", 0)
        days = totals.get(f"days_{s}", 0)
        rows.append(
            StageRow(
                stage=s,
                reached=n,
                conversion=(n / previous) if previous else None,
                overall=(n / leads) if leads else None,
                avg_days=(days / left) if left else None,
            )
        )
        previous = n
    return rows
