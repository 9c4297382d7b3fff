"""Synthetic approval history, written in bulk: for the demo (a few hundred applications) and the load
generator (a million). Rows are consistent with what the services write — intakes, applications, their clocks
in working days and the statistics buckets — but no certificate is rendered (a PDF takes about a second):
these stand for records migrated from before the platform, and the pages say so (no certificate)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from devzone.approvals.choices import OPEN_STATUSES, IntakeChannel, Status, StepName
from devzone.approvals.models import Application, ApprovalItem, ElapsedBucket, Intake
from devzone.core.calendar import WorkCalendar
from devzone.core.choices import ClockStatus
from devzone.core.models import Clock, Project
from devzone.core.workdays import get_calendar


class Workdays:
    """Working days of a span as a sorted list, so that n working days later is one bisect, not a walk."""

    def __init__(self, first: dt.date, last: dt.date):
        cal = get_calendar()
        days, d = [], first
        while d <= last:
            if cal.is_workday(d):
                days.append(d)
            d += dt.timedelta(days=1)
        self.days = days

    def add(self, start: dt.date, n: int) -> dt.date:
        i = bisect.bisect_right(self.days, start)  # the start day never counts
        return self.days[min(i + n - 1, len(self.days) - 1)] if n > 0 else start

    def between(self, start: dt.date, end: dt.date) -> int:
        return max(0, bisect.bisect_right(self.days, end) - bisect.bisect_right(self.days, start))

    def random_day(self, rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
        lo, hi = bisect.bisect_left(self.days, start), bisect.bisect_right(self.days, end) - 1
        return self.days[rng.randint(lo, max(lo, hi))]


# Draws of a file that would be open where its project has an open file of the item already, before the last
# is recorded as withdrawn.
OPEN_REDRAWS = 10


@dataclass
class _History:
    """What the generator draws from (projects, leaf items, working days, one random sequence) and what it
    adds up as it goes (the statistics buckets, files by status)."""

    zone: object
    rng: random.Random
    days: Workdays
    start: dt.date
    end: dt.date
    submitter: object
    reviewers: list
    projects: list
    items: list
    cal: WorkCalendar = field(default_factory=get_calendar)
    buckets: Counter = field(default_factory=Counter)
    on_time: Counter = field(default_factory=Counter)
    legal_late: Counter = field(default_factory=Counter)
    supplements: Counter = field(default_factory=Counter)
    made: Counter = field(default_factory=Counter)
    # (project, item) with an open file, in the database or drawn: a project has one open file of an item
    # (``approvals_one_open_application_per_item``)
    open_pairs: set = field(default_factory=set)

    def file(self, number: str) -> tuple[Intake, Clock, Clock, Application]:
        """One intake with its application and its two clocks, promised and statutory (unsaved), drawn from the
        random sequence. A file that would be open where its project already has an open file of the item is
        drawn again (a few times: in a small world every pair may be taken); the last such draw is recorded as
        withdrawn on the last day, the repeat an applicant takes back."""
        for _attempt in range(OPEN_REDRAWS):
            intake, clock, legal_clock, app = self._draw(number)
            promised, legal = clock.budget_workdays, legal_clock.budget_workdays
            pair = (app.project_id, app.item_id)
            if app.concluded_on is not None or pair not in self.open_pairs:
                break
        else:
            app.status, app.concluded_on = Status.WITHDRAWN, self.end
            for c in (clock, legal_clock):
                c.status, c.stopped_on = ClockStatus.STOPPED, self.end
        if app.concluded_on is None:
            self.open_pairs.add(pair)
        self.made[app.status] += 1
        if app.status in (Status.GRANTED, Status.DENIED):
            self._count(app.item_id, app.accepted_on, app.concluded_on, promised, app.supplements, legal)
        return intake, clock, legal_clock, app

    def _draw(self, number: str) -> tuple[Intake, Clock, Clock, Application]:
        rng, days = self.rng, self.days
        project_id, enterprise_id = self.projects[rng.randrange(len(self.projects))]
        item_id, promised, legal = self.items[rng.randrange(len(self.items))]
        submitted = days.random_day(rng, self.start, self.end)
        intake = Intake(
            zone=self.zone,
            number=number,
            project_id=project_id,
            enterprise_id=enterprise_id,
            channel=IntakeChannel.WINDOW,
            submitted_by=self.submitter,
            submitted_on=submitted,
            applicant_name="历史办件",
            applicant_phone="0531-00000000",
        )
        accepted = days.add(submitted, rng.choice((0, 0, 1, 1, 2)))
        if accepted > self.end:  # never accepted after "today"
            accepted = submitted
        roll = rng.random()
        elapsed = self._elapsed(promised, late=roll < 0.07)
        supplements = 1 if rng.random() < 0.18 else 0
        concluded = days.add(accepted, elapsed)
        status = Status.GRANTED if roll < 0.95 else Status.DENIED
        if concluded > self.end:
            status, concluded = Status.IN_REVIEW, None
        clock, legal_clock = (
            Clock(
                zone=self.zone,
                purpose=purpose,
                started_on=accepted,
                budget_workdays=budget,
                status=ClockStatus.STOPPED if concluded else ClockStatus.RUNNING,
                due_on=days.add(accepted, budget),
                stopped_on=concluded,
                due_provisional=self.cal.is_provisional(days.add(accepted, budget)),
            )
            for purpose, budget in (
                ("approvals.application", promised),
                ("approvals.application.legal", legal),
            )
        )
        app = Application(
            zone=self.zone,
            item_id=item_id,
            project_id=project_id,
            enterprise_id=enterprise_id,
            status=status,
            reviewer=self.reviewers[rng.randrange(len(self.reviewers))] if self.reviewers else None,
            submitted_on=submitted,
            accepted_on=accepted,
            concluded_on=concluded,
            step=StepName.CERTIFY if concluded else StepName.REVIEW,
            step_started_on=accepted,
            supplements=supplements,
            elapsed_workdays=days.between(accepted, concluded) if concluded else None,
            decision_reason="历史办件导入" if concluded else "",
        )
        return intake, clock, legal_clock, app

    def _elapsed(self, promised: int, *, late: bool) -> int:
        """Working days from acceptance to conclusion: past the promise when late, else within it."""
        if late:
            return promised + self.rng.randint(1, max(2, promised // 2))
        return self.rng.randint(max(0, promised // 4), max(promised, 1)) if promised else 0

    def _count(
        self, item_id, accepted: dt.date, concluded: dt.date, promised: int, supplements: int, legal: int
    ) -> None:
        elapsed = self.days.between(accepted, concluded)
        key = (item_id, concluded.replace(day=1), elapsed)
        self.buckets[key] += 1
        self.on_time[key] += int(elapsed <= promised)
        self.legal_late[key] += int(bool(legal) and elapsed > legal)
        self.supplements[key] += supplements


def _sources(zone, exclude_projects: tuple[int, ...]) -> tuple[list, list]:
    """The zone's projects (pk, enterprise) and active promised leaf items (pk, promised, legal limits)."""
    projects = list(
        Project.objects.filter(zone=zone)
        .exclude(pk__in=exclude_projects)
        .order_by("pk")
        .values_list("pk", "enterprise_id")
    )
    items = list(
        ApprovalItem.objects.filter(
            zone=zone, is_active=True, children__isnull=True, kind="promised"
        ).values_list("pk", "promised_limit_days", "legal_limit_days")
    )
    if not projects or not items:
        raise RuntimeError("该开发区没有项目或审批事项，无法生成办件")
    return projects, items


@transaction.atomic
def _write(rows: list[tuple[Intake, Clock, Clock, Application]], batch: int) -> None:
    """Intakes and clocks first, then the applications pointing at them (bulk inserts return the keys)."""
    intakes, clocks, legal_clocks, apps = ([row[i] for row in rows] for i in range(4))
    Intake.objects.bulk_create(intakes, batch_size=batch)
    Clock.objects.bulk_create(clocks + legal_clocks, batch_size=batch)
    if not all(c.pk for c in clocks + legal_clocks) or not all(i.pk for i in intakes):
        raise RuntimeError("数据库未返回批量插入的主键")
    for app, intake, clock, legal_clock in zip(apps, intakes, clocks, legal_clocks, strict=True):
        app.intake_id, app.clock_id, app.legal_clock_id = intake.pk, clock.pk, legal_clock.pk
    Application.objects.bulk_create(apps, batch_size=batch)


def generate_history(
    *,
    zone,
    count: int,
    start: dt.date,
    end: dt.date,
    submitter,
    reviewers: list,
    seed: int = 1,
    batch: int = 2000,
    log: Callable[[str], None] | None = None,
    exclude_projects: tuple[int, ...] = (),
) -> dict:
    """Create ``count`` applications submitted from ``start`` to ``end`` (``end`` is "today": files whose
    conclusion would fall after it are still open, with running clocks)."""
    rng = random.Random(seed)
    projects, items = _sources(zone, exclude_projects)
    days = Workdays(start - dt.timedelta(days=10), end + dt.timedelta(days=800))
    history = _History(zone, rng, days, start, end, submitter, reviewers, projects, items)
    history.open_pairs = set(
        Application.objects.filter(item_id__in=[i[0] for i in items], status__in=OPEN_STATUSES).values_list(
            "project_id", "item_id"
        )
    )
    began = time.monotonic()
    serial0 = Intake.objects.filter(zone=zone).count()
    for offset in range(0, count, batch):
        n = min(batch, count - offset)
        _write([history.file(f"LS{zone.pk:04d}{serial0 + offset + k + 1:09d}") for k in range(n)], batch)
        if log and (offset // batch) % 50 == 0:
            log(f"  {offset + n:,} / {count:,} 件（{time.monotonic() - began:.0f} s）")
    _merge_buckets(zone, history.buckets, history.on_time, history.supplements, history.legal_late)
    return {"created": count, "by_status": dict(history.made), "seconds": time.monotonic() - began}


@transaction.atomic
def _merge_buckets(
    zone, counts: Counter, on_time: Counter, supplements: Counter, legal_late: Counter
) -> None:
    existing = {
        (b.item_id, b.month, b.elapsed_workdays): b
        for b in ElapsedBucket.objects.filter(zone=zone).select_for_update()
    }
    new, changed = [], []
    for key, n in counts.items():
        b = existing.get(key)
        if b is None:
            new.append(
                ElapsedBucket(
                    zone=zone,
                    item_id=key[0],
                    month=key[1],
                    elapsed_workdays=key[2],
                    count=n,
                    on_time=on_time[key],
                    legal_late=legal_late[key],
                    supplements=supplements[key],
                )
            )
        else:
            b.count += n
            b.on_time += on_time[key]
            b.legal_late += legal_late[key]
            b.supplements += supplements[key]
            changed.append(b)
    ElapsedBucket.objects.bulk_create(new, batch_size=2000)
    ElapsedBucket.objects.bulk_update(
        changed, ["count", "on_time", "legal_late", "supplements"], batch_size=2000
    )
