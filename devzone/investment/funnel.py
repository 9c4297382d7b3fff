"""The funnel's stage machine and each lead's contribution to the funnel counters. Plain Python, no models
(only Django's translation: the stage names and the errors read in the reader's language).

A lead moves forward only, one stage at a time, on a date that is not in the future and not before its last
stage date. A jump over stages (未接触 → 签约) is allowed only with the dates of the skipped stages (in order) or
an explicit reason; the skipped stages then count as reached, without a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STAGES = ["unaware", "aware", "attentive", "invited", "negotiating", "signed", "landed", "kept"]
INDEX = {s: i for i, s in enumerate(STAGES)}
# Lazy: rendered in the language of whoever reads them (a page, a chart's JSON: ``str()`` them there).
LABELS = {
    "unaware": gettext_lazy("未接触"),
    "aware": gettext_lazy("了解"),
    "attentive": gettext_lazy("关注"),
    "invited": gettext_lazy("请进（考察）"),
    "negotiating": gettext_lazy("洽谈"),
    "signed": gettext_lazy("签约"),
    "landed": gettext_lazy("落地"),
    "kept": gettext_lazy("留住（投产）"),
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
        raise StageError(_("未知的阶段"))
    if INDEX[target] == INDEX[current]:
        raise StageError(_("线索已处于“%(stage)s”阶段") % {"stage": LABELS[target]})
    if INDEX[target] < INDEX[current]:
        raise StageError(
            _("阶段只能向前推进，不能从“%(current)s”退回“%(target)s”")
            % {"current": LABELS[current], "target": LABELS[target]}
        )
    if on > today:
        raise StageError(_("阶段日期不能晚于今天"), "on")
    previous = last_date(dates)
    if previous is not None and on < previous:
        raise StageError(
            _("阶段日期不能早于上一阶段的日期（%(date)s）") % {"date": date_format(previous, "DATE_FORMAT")},
            "on",
        )
    skipped = STAGES[INDEX[current] + 1 : INDEX[target]]
    given = {s: d for s, d in (skipped_dates or {}).items() if s in skipped and d is not None}
    undated = [s for s in skipped if s not in given]
    reason = (reason or "").strip()
    if undated and not reason:
        names = _("、").join(f"“{LABELS[s]}”" for s in undated)
        raise StageError(
            _("从“%(current)s”跳到“%(target)s”须填写被跳过阶段%(stages)s的日期，或说明跳过的理由")
            % {"current": LABELS[current], "target": LABELS[target], "stages": names},
            "reason",
        )
    floor = previous
    for s in skipped:
        d = given.get(s)
        if d is None:
            continue
        if d > on or (floor is not None and d < floor):
            raise StageError(
                _("“%(stage)s”的日期须在上一阶段日期与本次日期之间，且按阶段先后") % {"stage": LABELS[s]},
                f"date_{s}",
            )
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
