"""大审批's section of the weekly dispatch (周调度, in projects): open applications near or past their deadline.
Registered from ApprovalsConfig.ready (approvals depends on projects, never the reverse). Its headings, labels
and sentences are stored as msgids with their figures and written in the reader's language when shown
(``projects.dispatch``)."""

from __future__ import annotations

import math

from django.db.models import Max, Q
from django.utils.translation import gettext_noop, npgettext_lazy

from devzone.approvals import clock as clockread
from devzone.approvals import conf
from devzone.approvals.choices import Status
from devzone.approvals.jobs import SCANNED_STATUSES, clock_pauses, readings
from devzone.approvals.models import Application
from devzone.approvals.selectors import by_nearest_due
from devzone.core.workdays import get_calendar

TITLE = gettext_noop("五、临近办理期限的审批件")
LEGAL, PROMISED = gettext_noop("法定时限"), gettext_noop("承诺时限")
OVERDUE = gettext_noop("%(which)s已超期%(n)d个工作日")
LEFT = gettext_noop("%(which)s剩余%(n)d个工作日")
# the same sentences in the form the count asks for in the reader's language (``projects.dispatch_sections.counted``;
# OVERDUE and LEFT are how the issues stored before read)
OVERDUE_DAYS = npgettext_lazy(
    "weekly dispatch", "%(which)s已超期%(n)d个工作日", "%(which)s已超期%(n)d个工作日", "n"
)
LEFT_DAYS = npgettext_lazy("weekly dispatch", "%(which)s剩余%(n)d个工作日", "%(which)s剩余%(n)d个工作日", "n")
UNASSIGNED = gettext_noop("待分派")
SUMMARY = gettext_noop("临近期限的在办审批件%(near)d件，超期%(overdue)d件")
# the labels and sentences the section stores (and by which the issues stored before are read back)
WORDS = (LEGAL, PROMISED, OVERDUE, LEFT, UNASSIGNED, SUMMARY)


def _running(app, on, cal) -> clockread.Reading | None:
    """The nearer of the file's clocks that run, read as the deadline scan reads them (``jobs.scan_deadlines``):
    the promised clock while the review runs, the statutory one whenever it is not paused (it runs on through a
    补正 in review and a 容缺 suspension; only a 特别程序 stops it, 行政许可法第四十五条)."""
    promised, legal = readings(app, on, cal, steps=False)
    if promised is not None and (app.status != Status.IN_REVIEW or promised.paused):
        promised = None
    if legal is not None and legal.paused:
        legal = None
    return clockread.nearer(promised, legal)


def approvals_near_deadline(*, zone, week_start, week_end, on):
    """Open files whose nearer running clock (promised or statutory) is near its deadline (yellow: at most the
    warning share of its limit left) or past it, most urgent first: the files the deadline scan watches
    (``jobs.SCANNED_STATUSES``), so that a file on time against its promise and past the law (a long 补正, a
    容缺 suspension) is on the Monday meeting's list. A review step that overran its own limit is the review
    desk's concern, not the dispatch's: its files are listed when their deadline nears.

    Only files that can qualify are read: a clock turns yellow when at most ⌊limit × warning share⌋ working days
    remain, so no file whose two due dates both lie further than that — for the largest limit among the open
    files — can be listed (a paused clock has no due date and is read). At province scale this reads a few
    hundred files instead of every open one."""
    from devzone.projects.dispatch import on_day, text
    from devzone.projects.dispatch_sections import counted

    cal = get_calendar()
    open_files = Application.objects.filter(zone=zone, status__in=SCANNED_STATUSES)
    largest = open_files.aggregate(
        promised=Max("clock__budget_workdays"), legal=Max("legal_clock__budget_workdays")
    )
    budget = max(largest["promised"] or 0, largest["legal"] or 0)
    horizon = cal.add_workdays(on, math.floor(budget * conf.get("WARN_FRACTION") + 1e-9))
    qs = by_nearest_due(
        open_files.filter(
            Q(clock__due_on__lte=horizon)
            | Q(legal_clock__due_on__lte=horizon)
            | Q(clock__due_on=None)
            | Q(legal_clock__due_on=None)
        )
        .select_related("clock", "legal_clock", "item", "reviewer", "project", "reviewer__profile")
        .prefetch_related(*clock_pauses())
    )
    rows, overdue = [], 0
    for app in qs:
        r = _running(app, on, cal)
        if r is None or r.colour == clockread.GREEN:
            continue
        which = text(LEGAL if r.which == clockread.LEGAL else PROMISED)
        if r.overdue:
            overdue += 1
            state = counted(OVERDUE, OVERDUE_DAYS, which=which, n=-r.remaining)
        else:
            state = counted(LEFT, LEFT_DAYS, which=which, n=r.remaining)
        profile = getattr(app.reviewer, "profile", None) if app.reviewer_id else None
        reviewer = (profile.display_name if profile else "") or (
            app.reviewer.username if app.reviewer_id else text(UNASSIGNED)
        )
        rows.append([app.project.name, app.item.name, reviewer, on_day(r.due_on), state])
    return {
        "columns": [
            text(c)
            for c in (
                gettext_noop("项目"),
                gettext_noop("审批事项"),
                gettext_noop("审批人员"),
                gettext_noop("到期日"),
                gettext_noop("时限"),
            )
        ],
        "rows": rows,
        "summary": text(SUMMARY, near=len(rows) - overdue, overdue=overdue),
    }
