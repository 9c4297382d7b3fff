"""大审批's section of the weekly dispatch (周调度, in projects): open applications near or past their deadline.
Registered from ApprovalsConfig.ready (approvals depends on projects, never the reverse)."""

from __future__ import annotations

import datetime as dt

from devzone.approvals import clock as clockread
from devzone.approvals.choices import Status
from devzone.approvals.jobs import reading
from devzone.approvals.models import Application
from devzone.core.workdays import get_calendar


def approvals_near_deadline(*, zone, week_start, week_end, on):
    """In-review applications whose clock is yellow (near the deadline) or overdue, most urgent first."""
    from devzone.projects.dispatch import day

    cal = get_calendar()
    horizon = on + dt.timedelta(days=120)
    qs = (
        Application.objects.filter(zone=zone, status=Status.IN_REVIEW, clock__due_on__lte=horizon)
        .select_related("clock", "item", "reviewer", "project", "reviewer__profile")
        .prefetch_related("clock__pauses", "item__steps")
        .order_by("clock__due_on", "id")
    )
    rows, overdue = [], 0
    for app in qs:
        r = reading(app, on, cal)
        if r is None or r.colour == clockread.GREEN:
            continue
        if r.overdue:
            overdue += 1
            state = f"已超期{-r.remaining}个工作日"
        else:
            state = f"剩余{r.remaining}个工作日"
        profile = getattr(app.reviewer, "profile", None) if app.reviewer_id else None
        reviewer = (profile.display_name if profile else "") or (
            app.reviewer.username if app.reviewer_id else "—"
        )
        rows.append([app.project.name, app.item.name, reviewer, day(app.clock.due_on), state])
    return {
        "columns": ["项目", "审批事项", "审批人员", "到期日", "时限"],
        "rows": rows,
        "summary": f"临近期限的在办审批件{len(rows) - overdue}件，超期{overdue}件",
    }
