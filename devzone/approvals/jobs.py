"""Periodic work of the approvals module: the deadline scan (warnings, 督办 escalations), deemed acceptance
and overdue 容缺 materials. Registered with the core scheduler; run by the worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

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


def _read(clock, *, which: str, on: dt.date, cal, step_limit=None, step_since=None) -> clockread.Reading:
    pauses = [Pause(p.paused_on, p.resumed_on) for p in clock.pauses.all()]
    end = clock.stopped_on or on
    step_elapsed = cal.elapsed(step_since, end, pauses) if step_limit is not None and step_since else None
    r = clockread.read(
        budget=clock.budget_workdays,
        elapsed=cal.elapsed(clock.started_on, end, pauses),
        step_limit=step_limit if step_elapsed is not None else None,
        step_elapsed=step_elapsed,
        warn_fraction=conf.get("WARN_FRACTION"),
    )
    return replace(
        r,
        which=which,
        due_on=clock.due_on,
        provisional=clock.due_provisional,
        paused=clock.status == "paused",
        stopped=clock.status == "stopped",
    )


def readings(
    app: Application, on: dt.date, cal=None
) -> tuple[clockread.Reading | None, clockread.Reading | None]:
    """Both clocks of an application: (promised, statutory); None before a clock starts."""
    cal = cal or get_calendar()
    promised = legal = None
    if app.clock_id is not None:
        step_limit = None
        if app.status == Status.IN_REVIEW and app.step_started_on:
            step = next((s for s in app.item.steps.all() if s.name == app.step), None)
            step_limit = step.limit_days if step is not None else None
        promised = _read(
            app.clock,
            which=clockread.PROMISED,
            on=on,
            cal=cal,
            step_limit=step_limit,
            step_since=app.step_started_on,
        )
    if app.legal_clock_id is not None:
        legal = _read(app.legal_clock, which=clockread.LEGAL, on=on, cal=cal)
    return promised, legal


def reading(app: Application, on: dt.date, cal=None) -> clockread.Reading | None:
    """The clock of an application as the lists and the scan read it: the nearer of its two clocks (None
    before the clock starts)."""
    return clockread.nearer(*readings(app, on, cal))


def special_reading(procedure, on: dt.date, cal=None) -> clockread.Reading:
    """A 特别程序's own limit (行政许可法第四十五条: its time is told in writing and not counted in the limit)."""
    cal = cal or get_calendar()
    end = procedure.ended_on or on
    r = clockread.read(
        budget=procedure.limit_days,
        elapsed=cal.elapsed(procedure.started_on, end, []),
        warn_fraction=conf.get("WARN_FRACTION"),
    )
    due = cal.add_workdays(procedure.started_on, procedure.limit_days)
    return replace(r, which=clockread.SPECIAL, due_on=due, stopped=procedure.ended_on is not None)


def _notice(outbox: Outbox, users, *, app: Application, kind: str, title: str, key: str) -> None:
    """One notice about ``app`` to ``users``, once per user and key (a rerun of the scan sends nothing new)."""
    outbox.add(
        users, kind=kind, title=title, url=app.get_absolute_url(), zone_id=app.zone_id, key=f"{key}-{app.pk}"
    )


SCANNED_STATUSES = [Status.IN_REVIEW, Status.REVIEW_SUPPLEMENT, Status.SPECIAL, Status.SUSPENDED]


def scan_deadlines(on: dt.date) -> dict[str, int]:
    """Each clock warns and escalates on its own:

    - the promised clock (while the review runs): yellow warns the reviewer and the department heads, overdue
      is escalated to the zone leaders (督办), a step overrun warns the reviewer and the heads;
    - the statutory clock (whenever it runs: it does not stop for a 补正 or a 容缺 suspension): the same, with
      its own notices, so that a file on time against its promise and past the law is escalated;
    - an open 特别程序 against its own limit: the same.

    Each notice is sent once (de-duplicated)."""
    cal = get_calendar()
    # Only clocks whose due date is near can be yellow or red: the longest limit is 365 working days, whose
    # 20 % is at most ~110 calendar days away. Step overruns are caught too: they need a running clock.
    horizon = on + dt.timedelta(days=120)
    qs = (
        Application.objects.filter(status__in=SCANNED_STATUSES)
        .filter(
            Q(clock__due_on__lte=horizon)
            | Q(legal_clock__due_on__lte=horizon)
            | Q(step_started_on__isnull=False)
            | Q(status=Status.SPECIAL)
        )
        .select_related("clock", "legal_clock", "item", "reviewer", "project")
        .prefetch_related("clock__pauses", "legal_clock__pauses", "item__steps", "special_procedures")
    )
    leaders: dict[int, list] = {}
    heads: dict[int, list] = {}
    departments: dict[int, int] = {}  # user id -> department id
    counts = {"warned": 0, "escalated": 0, "scanned": 0}
    outbox = Outbox()
    for app in qs.iterator(chunk_size=1000):
        counts["scanned"] += 1
        promised, legal = readings(app, on, cal)
        if promised is not None and (app.status != Status.IN_REVIEW or promised.paused):
            promised = None  # a stopped promised clock neither warns nor escalates
        if legal is not None and legal.paused:
            legal = None
        specials = [
            (p, special_reading(p, on, cal)) for p in app.special_procedures.all() if p.ended_on is None
        ]
        alarms = [r for r in (promised, legal) if r is not None and r.colour != clockread.GREEN]
        alarms += [r for _p, r in specials if r.colour != clockread.GREEN]
        if not alarms:
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
        warn_to, escalate_to = reviewer + own_heads, leaders[app.zone_id] + reviewer
        if promised is not None and promised.colour != clockread.GREEN:
            if promised.colour == clockread.YELLOW:
                title = _("即将到期：%(app)s（承诺时限剩余%(n)d个工作日）") % {
                    "app": app,
                    "n": promised.remaining,
                }
                _notice(
                    outbox,
                    warn_to,
                    app=app,
                    kind="approvals.warn",
                    title=title,
                    key=f"warn-{promised.due_on}",
                )
            elif promised.overdue:
                title = _("督办：%(app)s 已超过承诺时限%(n)d个工作日") % {
                    "app": app,
                    "n": -promised.remaining,
                }
                _notice(
                    outbox,
                    escalate_to,
                    app=app,
                    kind="approvals.escalate",
                    title=title,
                    key=f"overdue-{promised.due_on}",
                )
            else:  # a step overran its own limit
                title = _("环节超时：%(app)s（%(step)s）") % {"app": app, "step": app.get_step_display()}
                _notice(outbox, warn_to, app=app, kind="approvals.step", title=title, key=f"step-{app.step}")
        if legal is not None and legal.colour != clockread.GREEN:
            if legal.overdue:
                title = _("督办：%(app)s 已超过法定时限%(n)d个工作日，办理已违法定期限") % {
                    "app": app,
                    "n": -legal.remaining,
                }
                _notice(
                    outbox,
                    escalate_to,
                    app=app,
                    kind="approvals.legal_escalate",
                    title=title,
                    key=f"legal-overdue-{legal.due_on}",
                )
            else:
                title = _("法定时限即将届满：%(app)s（剩余%(n)d个工作日）") % {
                    "app": app,
                    "n": legal.remaining,
                }
                _notice(
                    outbox,
                    warn_to,
                    app=app,
                    kind="approvals.legal_warn",
                    title=title,
                    key=f"legal-warn-{legal.due_on}",
                )
        for procedure, r in specials:
            if r.colour == clockread.GREEN:
                continue
            what = {"app": app, "k": procedure.get_kind_display(), "n": abs(r.remaining)}
            if r.overdue:
                title = _("督办：%(app)s 的%(k)s已超过其时限%(n)d个工作日") % what
                kind, to, key = "approvals.special_escalate", escalate_to, f"special-overdue-{procedure.pk}"
            else:
                title = _("特别程序即将到期：%(app)s 的%(k)s（剩余%(n)d个工作日）") % what
                kind, to, key = "approvals.special_warn", warn_to, f"special-warn-{procedure.pk}"
            _notice(outbox, to, app=app, kind=kind, title=title, key=key)
    outbox.flush()
    created = outbox.created
    counts["warned"] = sum(
        created.get(k, 0)
        for k in ("approvals.warn", "approvals.step", "approvals.legal_warn", "approvals.special_warn")
    )
    counts["escalated"] = sum(
        created.get(k, 0)
        for k in ("approvals.escalate", "approvals.legal_escalate", "approvals.special_escalate")
    )
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
