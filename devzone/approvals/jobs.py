"""Periodic work of the approvals module: the deadline scan (warnings, 督办 escalations, the check after a grant
on commitment), deemed acceptance and overdue 容缺 materials. Registered with the core scheduler; run by the
worker."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from devzone.approvals import clock as clockread
from devzone.approvals import conf
from devzone.approvals.choices import PostCheckResult, Status
from devzone.approvals.models import Application, ItemStep, PostCheck
from devzone.core import registry
from devzone.core.calendar import Pause
from devzone.core.choices import Role
from devzone.core.models import ClockPause, Profile
from devzone.core.notify import Outbox, Text
from devzone.core.workdays import get_calendar


def clock_pauses() -> list[Prefetch]:
    """Both clocks' pauses prefetched into plain lists (``pause_list``, read by ``_read``): for the scans over
    thousands of files, where Django would otherwise set up a related manager on every clock (docs/benchmark.md)."""
    return [
        Prefetch("clock__pauses", to_attr="pause_list"),
        Prefetch("legal_clock__pauses", to_attr="pause_list"),
    ]


def attach_pauses(apps) -> None:
    """Both clocks' pauses of ``apps`` (their clocks joined) read by one query into plain lists (``pause_list``,
    read by ``_read``): a list's page, where a prefetch per clock costs a query and Django's prefetch machinery
    each."""
    clocks = {}
    for app in apps:
        for clock in (app.clock if app.clock_id else None, app.legal_clock if app.legal_clock_id else None):
            if clock is not None:
                clock.pause_list = []
                clocks[clock.pk] = clock
    if clocks:
        for pause in ClockPause.objects.filter(clock_id__in=clocks):  # in their order: paused_on, id
            clocks[pause.clock_id].pause_list.append(pause)


def attach_step_limits(apps) -> None:
    """The review steps' own limits of ``apps``' items, read by one query into a plain dict on each item
    (``step_limits``: step name → working days, read by ``readings``); each row has its own item instance."""
    limits: dict[int, dict[str, int]] = defaultdict(dict)
    if apps:
        rows = ItemStep.objects.filter(item_id__in={a.item_id for a in apps}).order_by(
            "item_id", "order", "id"
        )
        for item_id, name, days in rows.values_list("item_id", "name", "limit_days"):
            limits[item_id].setdefault(name, days)
    for app in apps:
        app.item.step_limits = limits[app.item_id]


def _step_limit(app: Application) -> int | None:
    """The limit of the file's current review step, from its item's steps (read for a page by
    ``attach_step_limits``, else prefetched or read here)."""
    limits = getattr(app.item, "step_limits", None)
    if limits is None:
        limits = {}
        for step in app.item.steps.all():
            limits.setdefault(step.name, step.limit_days)
    return limits.get(app.step)


def step_timed(app: Application) -> bool:
    """Whether the file's current review step runs against its own limit (the item's step of that name)."""
    return app.status == Status.IN_REVIEW and bool(app.step_started_on)


def _read(clock, *, which: str, on: dt.date, cal, step_limit=None, step_since=None) -> clockread.Reading:
    listed = getattr(clock, "pause_list", None)  # prefetched into a list by the scan (``_scanned``)
    pauses = [Pause(p.paused_on, p.resumed_on) for p in (clock.pauses.all() if listed is None else listed)]
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
    app: Application, on: dt.date, cal=None, *, steps: bool = True
) -> tuple[clockread.Reading | None, clockread.Reading | None]:
    """Both clocks of an application: (promised, statutory); None before a clock starts. ``steps=False``
    reads the deadlines only (a review step that overran its own limit does not turn the clock red)."""
    cal = cal or get_calendar()
    promised = legal = None
    if app.clock_id is not None:
        step_limit = _step_limit(app) if steps and step_timed(app) else None
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


def reading(app: Application, on: dt.date, cal=None, *, steps: bool = True) -> clockread.Reading | None:
    """The clock of an application as the lists and the scan read it: the nearer of its two clocks (None
    before the clock starts)."""
    return clockread.nearer(*readings(app, on, cal, steps=steps))


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


# What a post-check's reading says it reads (``clock.Reading.which``): 告知承诺's check against its due date.
POST_CHECK = "post_check"


def post_check_reading(post_check: PostCheck, on: dt.date, cal=None) -> clockread.Reading:
    """告知承诺: the check after a grant on commitment against its due date, counted in working days from the
    grant (``conf.POST_CHECK_DAYS`` when it was made): yellow near the date, red past it."""
    cal = cal or get_calendar()
    start = post_check.application.concluded_on or post_check.due_on
    r = clockread.read(
        budget=max(cal.between(start, post_check.due_on), 0),
        elapsed=cal.between(start, on),
        warn_fraction=conf.get("WARN_FRACTION"),
    )
    return replace(r, which=POST_CHECK, due_on=post_check.due_on)


def _notice(outbox: Outbox, users, *, app: Application, kind: str, title: Text, key: str) -> None:
    """One notice about ``app`` to ``users``, once per user and key (a rerun of the scan sends nothing new),
    written in each recipient's language (``core.notify.Text``)."""
    outbox.add(
        users, kind=kind, title=title, url=app.get_absolute_url(), zone_id=app.zone_id, key=f"{key}-{app.pk}"
    )


# every accepted, open state in which the statutory clock may run: a file waiting for its prerequisite too (its
# legal clock counts from acceptance; its promised clock starts with the review)
SCANNED_STATUSES = [
    Status.IN_REVIEW,
    Status.REVIEW_SUPPLEMENT,
    Status.SPECIAL,
    Status.SUSPENDED,
    Status.WAITING,
]


def _scanned(on: dt.date):
    """The files whose clocks may warn: only clocks whose due date is near can be yellow or red (the longest limit
    is 365 working days, whose 20 % is at most ~110 calendar days away); step overruns need a running clock."""
    horizon = on + dt.timedelta(days=120)
    return (
        Application.objects.filter(status__in=SCANNED_STATUSES)
        .filter(
            Q(clock__due_on__lte=horizon)
            | Q(legal_clock__due_on__lte=horizon)
            | Q(step_started_on__isnull=False)
            | Q(status=Status.SPECIAL)
        )
        .select_related("clock", "legal_clock", "item", "reviewer", "project")
        # Into plain lists (to_attr): Django then sets no related manager up on each of thousands of rows, which
        # was half of the scan's time at province scale (docs/benchmark.md).
        .prefetch_related(
            *clock_pauses(), "item__steps", Prefetch("special_procedures", to_attr="special_list")
        )
    )


class _Recipients:
    """Who is told, per zone read once: warnings go to the reviewer and the head of the reviewer's own department
    (all heads when the reviewer has no staff record); escalations to the zone's leaders and the reviewer."""

    def __init__(self):
        self.leaders: dict[int, list] = {}
        self.heads: dict[int, list] = {}
        self.departments: dict[int, int] = {}  # user id -> department id

    def of(self, app) -> tuple[list, list]:
        if app.zone_id not in self.leaders:
            profiles = list(Profile.objects.filter(zone_id=app.zone_id).select_related("user", "staff"))
            self.leaders[app.zone_id] = [p.user for p in profiles if p.role == Role.ZONE_LEADER]
            self.heads[app.zone_id] = [p for p in profiles if p.role == Role.DEPARTMENT_HEAD]
            self.departments.update({p.user_id: p.staff.department_id for p in profiles if p.staff_id})
        reviewer = [app.reviewer] if app.reviewer_id else []
        dept = self.departments.get(app.reviewer_id)
        own_heads = [
            p.user
            for p in self.heads[app.zone_id]
            if dept is None or (p.staff_id and p.staff.department_id == dept)
        ]
        return reviewer + own_heads, self.leaders[app.zone_id] + reviewer


def _promised_notice(outbox, app, r, warn_to, escalate_to) -> None:
    if r.colour == clockread.YELLOW:
        title = Text(_("即将到期：%(app)s（承诺时限剩余%(n)d个工作日）"), app=str(app), n=r.remaining)
        _notice(outbox, warn_to, app=app, kind="approvals.warn", title=title, key=f"warn-{r.due_on}")
    elif r.overdue:
        title = Text(_("督办：%(app)s 已超过承诺时限%(n)d个工作日"), app=str(app), n=-r.remaining)
        _notice(
            outbox, escalate_to, app=app, kind="approvals.escalate", title=title, key=f"overdue-{r.due_on}"
        )
    else:  # a step overran its own limit
        # the step's label in the recipient's language too
        title = Text(_("环节超时：%(app)s（%(step)s）"), app=str(app), step=lazy(app.get_step_display, str)())
        _notice(outbox, warn_to, app=app, kind="approvals.step", title=title, key=f"step-{app.step}")


def _legal_notice(outbox, app, r, warn_to, escalate_to) -> None:
    if r.overdue:
        title = Text(
            _("督办：%(app)s 已超过法定时限%(n)d个工作日，办理已违法定期限"), app=str(app), n=-r.remaining
        )
        kind, to, key = "approvals.legal_escalate", escalate_to, f"legal-overdue-{r.due_on}"
    else:
        title = Text(_("法定时限即将届满：%(app)s（剩余%(n)d个工作日）"), app=str(app), n=r.remaining)
        kind, to, key = "approvals.legal_warn", warn_to, f"legal-warn-{r.due_on}"
    _notice(outbox, to, app=app, kind=kind, title=title, key=key)


def _special_notice(outbox, app, procedure, r, warn_to, escalate_to) -> None:
    what = {"app": str(app), "k": lazy(procedure.get_kind_display, str)(), "n": abs(r.remaining)}
    if r.overdue:
        title = Text(_("督办：%(app)s 的%(k)s已超过其时限%(n)d个工作日"), **what)
        kind, to, key = "approvals.special_escalate", escalate_to, f"special-overdue-{procedure.pk}"
    else:
        title = Text(_("特别程序即将到期：%(app)s 的%(k)s（剩余%(n)d个工作日）"), **what)
        kind, to, key = "approvals.special_warn", warn_to, f"special-warn-{procedure.pk}"
    _notice(outbox, to, app=app, kind=kind, title=title, key=key)


def _post_check_notice(outbox, app, post_check, r, warn_to, escalate_to) -> None:
    what = {"app": str(app), "n": abs(r.remaining)}
    if r.overdue:
        title = Text(_("督办：%(app)s 的告知承诺核查已超过核查期限%(n)d个工作日"), **what)
        kind, to, key = (
            "approvals.post_check_escalate",
            escalate_to,
            f"post-check-overdue-{post_check.due_on}",
        )
    else:
        title = Text(_("告知承诺核查即将到期：%(app)s（剩余%(n)d个工作日）"), **what)
        kind, to, key = "approvals.post_check_warn", warn_to, f"post-check-warn-{post_check.due_on}"
    _notice(outbox, to, app=app, kind=kind, title=title, key=key)


def _post_checks(on: dt.date):
    """The checks after a grant on commitment still to be made (the grant standing) whose due date is near
    enough to warn (the same horizon as the clocks': ``_scanned``)."""
    return PostCheck.objects.filter(
        result=PostCheckResult.PENDING,
        application__status=Status.GRANTED,
        due_on__lte=on + dt.timedelta(days=120),
    ).select_related("application__item", "application__project", "application__reviewer")


WARNING_KINDS = (
    "approvals.warn",
    "approvals.step",
    "approvals.legal_warn",
    "approvals.special_warn",
    "approvals.post_check_warn",
)
ESCALATION_KINDS = (
    "approvals.escalate",
    "approvals.legal_escalate",
    "approvals.special_escalate",
    "approvals.post_check_escalate",
)


def scan_deadlines(on: dt.date) -> dict[str, int]:
    """Each clock warns and escalates on its own:

    - the promised clock (while the review runs): yellow warns the reviewer and the department heads, overdue
      is escalated to the zone leaders (督办), a step overrun warns the reviewer and the heads;
    - the statutory clock (whenever it runs: it does not stop for a 补正 or a 容缺 suspension): the same, with
      its own notices, so that a file on time against its promise and past the law is escalated;
    - an open 特别程序 against its own limit: the same;
    - the check after a grant on commitment (告知承诺) against its due date: near it the reviewer (and the heads)
      are warned, past it the leaders are told (督办), until the check is recorded.

    Each notice is sent once (de-duplicated)."""
    cal = get_calendar()
    recipients = _Recipients()
    scanned = 0
    outbox = Outbox()
    for app in _scanned(on).iterator(chunk_size=1000):
        scanned += 1
        promised, legal = readings(app, on, cal)
        if promised is not None and (app.status != Status.IN_REVIEW or promised.paused):
            promised = None  # a stopped promised clock neither warns nor escalates
        if legal is not None and legal.paused:
            legal = None
        specials = [(p, special_reading(p, on, cal)) for p in app.special_list if p.ended_on is None]
        specials = [(p, r) for p, r in specials if r.colour != clockread.GREEN]
        promised = promised if promised is not None and promised.colour != clockread.GREEN else None
        legal = legal if legal is not None and legal.colour != clockread.GREEN else None
        if promised is None and legal is None and not specials:
            continue
        warn_to, escalate_to = recipients.of(app)
        if promised is not None:
            _promised_notice(outbox, app, promised, warn_to, escalate_to)
        if legal is not None:
            _legal_notice(outbox, app, legal, warn_to, escalate_to)
        for procedure, r in specials:
            _special_notice(outbox, app, procedure, r, warn_to, escalate_to)
    for post_check in _post_checks(on).iterator(chunk_size=1000):
        r = post_check_reading(post_check, on, cal)
        if r.colour != clockread.GREEN:
            app = post_check.application
            warn_to, escalate_to = recipients.of(app)
            _post_check_notice(outbox, app, post_check, r, warn_to, escalate_to)
    outbox.flush()
    created = outbox.created
    return {
        "warned": sum(created.get(k, 0) for k in WARNING_KINDS),
        "escalated": sum(created.get(k, 0) for k in ESCALATION_KINDS),
        "scanned": scanned,
    }


@task()
def deadline_scan() -> dict[str, int]:
    return scan_deadlines(timezone.localdate())


@task()
def acceptance_and_tolerance_scan() -> dict[str, int]:
    from devzone.approvals.services.applications import deemed_acceptance_scan, tolerated_scan
    from devzone.approvals.services.review import special_overrun_scan

    today = timezone.localdate()
    return {
        "deemed_accepted": deemed_acceptance_scan(today),
        "suspended": tolerated_scan(today),
        "special_limit_passed": special_overrun_scan(today),  # 第四十五条: the statutory clock counts again
    }


registry.job("approvals.deadline_scan", "devzone.approvals.jobs.deadline_scan", 3600)
registry.job(
    "approvals.acceptance_and_tolerance_scan", "devzone.approvals.jobs.acceptance_and_tolerance_scan", 3600
)
