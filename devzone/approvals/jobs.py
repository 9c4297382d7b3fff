"""Periodic work of the approvals module: the deadline scan (warnings, 督办 escalations), deemed acceptance
and overdue 容缺 materials. Registered with the core scheduler; run by the worker."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from devzone.approvals import clock as clockread
from devzone.approvals import conf
from devzone.approvals.choices import Status
from devzone.approvals.models import Application
from devzone.core import registry
from devzone.core.calendar import Pause
from devzone.core.choices import Role
from devzone.core.models import Profile
from devzone.core.notify import Outbox
from devzone.core.workdays import get_calendar


def reading(app: Application, on: dt.date, cal=None) -> clockread.Reading | None:
    """The clock of an application as the pages and the scan read it (None before the clock starts)."""
    if app.clock_id is None:
        return None
    cal = cal or get_calendar()
    clock = app.clock
    pauses = [Pause(p.paused_on, p.resumed_on) for p in clock.pauses.all()]
    end = clock.stopped_on or on
    elapsed = cal.elapsed(clock.started_on, end, pauses)
    step_limit = step_elapsed = None
    if app.status == Status.IN_REVIEW and app.step_started_on:
        step = next((s for s in app.item.steps.all() if s.name == app.step), None)
        if step is not None:
            step_limit = step.limit_days
            step_elapsed = cal.elapsed(app.step_started_on, end, pauses)
    return clockread.read(
        budget=clock.budget_workdays,
        elapsed=elapsed,
        step_limit=step_limit,
        step_elapsed=step_elapsed,
        warn_fraction=conf.get("WARN_FRACTION"),
    )


def _notice(outbox: Outbox, users, *, app: Application, kind: str, title: str, key: str) -> None:
    """One notice about ``app`` to ``users``, once per user and key (a rerun of the scan sends nothing new)."""
    outbox.add(
        users, kind=kind, title=title, url=app.get_absolute_url(), zone_id=app.zone_id, key=f"{key}-{app.pk}"
    )


def scan_deadlines(on: dt.date) -> dict[str, int]:
    """Warn the reviewer and the department heads when a clock turns yellow or red; escalate overdue
    applications to the zone leaders (督办). Each notice is sent once (de-duplicated)."""
    cal = get_calendar()
    # Only clocks whose due date is near can be yellow or red: the longest limit is 365 working days, whose
    # 20 % is at most ~110 calendar days away. Step overruns are caught too: they need a running clock.
    horizon = on + dt.timedelta(days=120)
    qs = (
        Application.objects.filter(status=Status.IN_REVIEW)
        .filter(Q(clock__due_on__lte=horizon) | Q(step_started_on__isnull=False))
        .select_related("clock", "item", "reviewer", "project")
        .prefetch_related("clock__pauses", "item__steps")
    )
    leaders: dict[int, list] = {}
    heads: dict[int, list] = {}
    departments: dict[int, int] = {}  # user id -> department id
    counts = {"warned": 0, "escalated": 0, "scanned": 0}
    outbox = Outbox()
    for app in qs.iterator(chunk_size=1000):
        counts["scanned"] += 1
        r = reading(app, on, cal)
        if r is None or r.colour == clockread.GREEN:
            continue
        if app.zone_id not in leaders:
            profiles = list(Profile.objects.filter(zone_id=app.zone_id).select_related("user", "staff"))
            leaders[app.zone_id] = [p.user for p in profiles if p.role == Role.ZONE_LEADER]
            heads[app.zone_id] = [p for p in profiles if p.role == Role.DEPARTMENT_HEAD]
            departments.update({p.user_id: p.staff.department_id for p in profiles if p.staff_id})
        reviewer = [app.reviewer] if app.reviewer_id else []
        # The head of the reviewer's own department; all heads when the reviewer has no staff record.
        dept = departments.get(app.reviewer_id)
        own_heads = [
            p.user
            for p in heads[app.zone_id]
            if dept is None or (p.staff_id and p.staff.department_id == dept)
        ]
        if r.colour == clockread.YELLOW:
            title = _("即将到期：%(app)s（剩余%(n)d个工作日）") % {"app": app, "n": r.remaining}
            _notice(
                outbox,
                reviewer + own_heads,
                app=app,
                kind="approvals.warn",
                title=title,
                key=f"warn-{app.clock.due_on}",
            )
        elif r.overdue:
            title = _("督办：%(app)s 已超期%(n)d个工作日") % {"app": app, "n": -r.remaining}
            _notice(
                outbox,
                leaders[app.zone_id] + reviewer,
                app=app,
                kind="approvals.escalate",
                title=title,
                key=f"overdue-{app.clock.due_on}",
            )
        else:  # a step overran its own limit
            title = _("环节超时：%(app)s（%(step)s）") % {"app": app, "step": app.get_step_display()}
            _notice(
                outbox,
                reviewer + own_heads,
                app=app,
                kind="approvals.step",
                title=title,
                key=f"step-{app.step}",
            )
    outbox.flush()
    created = outbox.created
    counts["warned"] = created.get("approvals.warn", 0) + created.get("approvals.step", 0)
    counts["escalated"] = created.get("approvals.escalate", 0)
    return counts


@task()
def deadline_scan() -> dict[str, int]:
    return scan_deadlines(timezone.localdate())


@task()
def acceptance_and_tolerance_scan() -> dict[str, int]:
    from devzone.approvals.services.applications import deemed_acceptance_scan, tolerated_scan

    today = timezone.localdate()
    return {"deemed_accepted": deemed_acceptance_scan(today), "suspended": tolerated_scan(today)}


registry.job("approvals.deadline_scan", "devzone.approvals.jobs.deadline_scan", 3600)
registry.job(
    "approvals.acceptance_and_tolerance_scan", "devzone.approvals.jobs.acceptance_and_tolerance_scan", 3600
)
