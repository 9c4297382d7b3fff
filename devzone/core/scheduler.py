"""Periodic jobs on the database, for SQLite and PostgreSQL alike (django-tasks has no periodic jobs).

Each ``PeriodicJob`` row holds ``next_run_at``. A scheduler claims a due run with a conditional UPDATE
(``… WHERE next_run_at = <the value it read>``) and enqueues the task in the same transaction: of two
schedulers only the one whose UPDATE matched enqueues, so a run never happens twice; a process that dies
between the claim and the enqueue rolls both back. The next run is computed from *now*, so after downtime
the missed runs collapse into one instead of flooding the queue."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from devzone.core import registry
from devzone.core.models import PeriodicJob

log = logging.getLogger(__name__)

# name -> (task path, interval in seconds); modules add theirs in their ``jobs.py`` (``registry.job``).
JOBS = registry.JOBS
registry.job("core.calendar_horizon_check", "devzone.core.tasks.calendar_horizon_check", 6 * 3600)
registry.job("core.prune_task_results", "devzone.core.tasks.prune_task_results", 24 * 3600)


def ensure_jobs(now: dt.datetime | None = None) -> None:
    """Create the rows of registered jobs (due at once); keep the schedule of existing ones."""
    now = now or timezone.now()
    for name, (path, interval) in JOBS.items():
        job, created = PeriodicJob.objects.get_or_create(
            name=name, defaults={"task_path": path, "interval_seconds": interval, "next_run_at": now}
        )
        if not created and (job.task_path, job.interval_seconds) != (path, interval):
            PeriodicJob.objects.filter(pk=job.pk).update(task_path=path, interval_seconds=interval)


def run_due(job: PeriodicJob, now: dt.datetime) -> bool:
    """Claim this run of ``job`` (as read) and enqueue its task, atomically. False when another scheduler
    claimed it first: its UPDATE moved ``next_run_at`` away from the value this one read."""
    with transaction.atomic():
        won = PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
            next_run_at=now + dt.timedelta(seconds=job.interval_seconds),
            last_enqueued_at=now,
            runs=F("runs") + 1,
        )
        if not won:
            return False
        result = import_string(job.task_path).enqueue()
        PeriodicJob.objects.filter(pk=job.pk).update(last_task_id=str(result.id)[:64])
    return True


def tick(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every due job once. Returns the names this call enqueued."""
    now = now or timezone.now()
    return [
        job.name
        for job in PeriodicJob.objects.filter(enabled=True, next_run_at__lte=now)
        if run_due(job, now)
    ]


def run_forever(poll_seconds: float = 5.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    ensure_jobs()
    while not stop.is_set():
        try:
            for name in tick():
                log.info("enqueued %s", name)
        except Exception:  # keep the scheduler alive through a transient database error
            log.exception("scheduler tick failed")
        stop.wait(poll_seconds)
