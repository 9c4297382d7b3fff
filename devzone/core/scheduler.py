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

from django.conf import settings
from django.db import connections, transaction
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
registry.job("core.prune_idempotent_answers", "devzone.core.tasks.prune_idempotent_answers", 3600)
registry.job("core.daily_digest", "devzone.core.tasks.daily_digest", 3600)


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


def recover_stale(now: dt.datetime | None = None) -> tuple[int, int]:
    """Tasks left ``RUNNING`` by a worker that died (killed, machine restarted): after
    ``DEVZONE_TASK_STALE_SECONDS`` each is queued again, or marked failed once it has been tried
    ``DEVZONE_TASK_MAX_ATTEMPTS`` times (every job is safe to run twice). Returns (requeued, failed)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.DEVZONE_TASK_STALE_SECONDS)
    requeued = failed = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ):
            if len(result.worker_ids) >= settings.DEVZONE_TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = "devzone.core.scheduler.StaleTask"
                result.traceback = (
                    f"abandoned by its worker (started {result.started_at:%Y-%m-%d %H:%M:%S} UTC)"
                )
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
    if requeued or failed:
        log.warning("stale tasks: %s queued again, %s failed", requeued, failed)
    return requeued, failed


def tick_safely() -> None:
    """One round of the scheduler that survives a lost database: the failure is logged and every
    connection closed, so the next round connects afresh (a dropped connection never stays broken)."""
    try:
        recover_stale()
        for name in tick():
            log.info("enqueued %s", name)
    except Exception:
        log.exception("scheduler tick failed; reconnecting on the next one")
        connections.close_all()


def run_forever(poll_seconds: float = 5.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            ensure_jobs()
            break
        except Exception:
            log.exception("scheduler start failed; retrying")
            connections.close_all()
            stop.wait(poll_seconds)
    while not stop.is_set():
        tick_safely()
        stop.wait(poll_seconds)
