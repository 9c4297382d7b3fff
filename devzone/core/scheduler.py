"""Periodic jobs on the database, for SQLite and PostgreSQL alike (django-tasks has no periodic jobs).

Each ``PeriodicJob`` row holds ``next_run_at``. A scheduler claims a due run with a conditional UPDATE
(``… WHERE next_run_at = <the value it read>``) and enqueues the task in the same transaction: of two
schedulers only the one whose UPDATE matched enqueues, so a run never happens twice; a process that dies
between the claim and the enqueue rolls both back. The next run is computed from *now* (on the job's
Beijing-time anchor when it has one), and a run that comes due while the job's previous task still waits
for the worker is skipped: after downtime of the scheduler or of the worker, the missed runs collapse into
one instead of flooding the queue. One broken job (a task that no longer imports) is logged and skipped;
the others go on."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from devzone.core import registry
from devzone.core.models import PeriodicJob

log = logging.getLogger(__name__)

# name -> (task path, interval in seconds); modules add theirs in their ``jobs.py`` (``registry.job``), with an
# optional Beijing-time anchor (``at="00:05"``, kept in ``registry.JOB_AT``).
JOBS = registry.JOBS
registry.job("core.calendar_horizon_check", "devzone.core.tasks.calendar_horizon_check", 6 * 3600)
registry.job("core.prune_task_results", "devzone.core.tasks.prune_task_results", 24 * 3600, at="03:30")
registry.job("core.prune_idempotent_answers", "devzone.core.tasks.prune_idempotent_answers", 3600)
# on the hour: the digest goes out at DEVZONE_DIGEST_HOUR:00, not up to an hour later
registry.job("core.daily_digest", "devzone.core.tasks.daily_digest", 3600, at="00:00")

BEIJING = ZoneInfo("Asia/Shanghai")
# Anchored runs fall on a grid counted from this Monday in Beijing time: a daily job at its time every day, a
# weekly one on Mondays, an hourly one at its minute of every hour. China keeps UTC+8 without daylight saving
# (since 1991), so the grid never shifts.
_GRID_START = dt.date(2001, 1, 1)


def next_run(now: dt.datetime, interval_seconds: int, at: dt.time | None = None) -> dt.datetime:
    """When a job run at ``now`` runs next: one interval later, or, with an anchor ``at`` (Beijing time),
    the first time after ``now`` on the anchor's grid (daily at 00:05: the next 00:05 in Beijing)."""
    step = dt.timedelta(seconds=interval_seconds)
    if at is None:
        return now + step
    start = dt.datetime.combine(_GRID_START, at, tzinfo=BEIJING)
    return start + ((now - start) // step + 1) * step


def ensure_jobs(now: dt.datetime | None = None) -> None:
    """Create the rows of registered jobs (due at once) and keep the schedule of existing ones, pulled in
    when a changed interval or a new anchor puts their next run nearer; disable the rows of jobs no longer
    registered (renamed or removed by an upgrade), whose task would not import."""
    now = now or timezone.now()
    registry.discover("jobs")  # every module's jobs, before any row is taken for an orphan
    for name, (path, interval) in JOBS.items():
        job, created = PeriodicJob.objects.get_or_create(
            name=name, defaults={"task_path": path, "interval_seconds": interval, "next_run_at": now}
        )
        if created:
            continue
        changes = {}
        if (job.task_path, job.interval_seconds) != (path, interval):
            changes.update(task_path=path, interval_seconds=interval)
        due = next_run(now, interval, registry.JOB_AT.get(name))
        if job.next_run_at > due:
            changes["next_run_at"] = due
        if changes:  # as read: a scheduler that claimed a run meanwhile keeps its schedule
            PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(**changes)
        if not job.enabled:
            log.warning("periodic job %s is disabled (enable it in the admin to run it)", name)
    orphans = PeriodicJob.objects.filter(enabled=True).exclude(name__in=list(JOBS))
    names = sorted(orphans.values_list("name", flat=True))
    if names:
        orphans.update(enabled=False)
        log.warning("periodic jobs no longer registered, disabled: %s", ", ".join(names))


def _still_waiting(job: PeriodicJob, task) -> bool:
    """Whether the task the job enqueued last is still queued or running (the worker is down or behind)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskException

    if not job.last_task_id:
        return False
    try:
        result = task.get_result(job.last_task_id)
    except (TaskException, NotImplementedError):  # pruned, or a backend that keeps no results
        return False
    return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def run_due(job: PeriodicJob, now: dt.datetime) -> bool:
    """Claim this run of ``job`` (as read) and enqueue its task, atomically. False when another scheduler
    claimed it first (its UPDATE moved ``next_run_at`` away from the value this one read), or when the
    job's previous task still waits for the worker: then this run is skipped, not queued behind it."""
    task = import_string(job.task_path)  # before the claim: a task that no longer imports claims nothing
    claim = PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at)
    following = next_run(now, job.interval_seconds, registry.JOB_AT.get(job.name))
    if _still_waiting(job, task):
        if claim.update(next_run_at=following):
            log.warning("%s: its last run still waits for the worker; this run is skipped", job.name)
        return False
    with transaction.atomic():
        won = claim.update(next_run_at=following, last_enqueued_at=now, runs=F("runs") + 1)
        if not won:
            return False
        result = task.enqueue()
        PeriodicJob.objects.filter(pk=job.pk).update(last_task_id=str(result.id)[:64])
    return True


def tick(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every due job once. Returns the names this call enqueued. A job that fails to enqueue (its
    task no longer imports, say) is logged and tried again after its interval; the others go on. A database
    error ends the round (``tick_safely`` reconnects)."""
    now = now or timezone.now()
    enqueued = []
    for job in PeriodicJob.objects.filter(enabled=True, next_run_at__lte=now):
        try:
            if run_due(job, now):
                enqueued.append(job.name)
        except DatabaseError:
            raise
        except Exception:
            log.exception("periodic job %s (%s) could not be enqueued", job.name, job.task_path)
            # tried again after its interval, not on every round of the scheduler (a log line every 5 s)
            PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
                next_run_at=next_run(now, job.interval_seconds, registry.JOB_AT.get(job.name))
            )
    return enqueued


def recover_stale(now: dt.datetime | None = None) -> tuple[int, int]:
    """Tasks left ``RUNNING`` by a worker that died (killed, machine restarted): once the task has run for
    ``DEVZONE_TASK_STALE_SECONDS`` and its worker has not beaten for as long (``core.heartbeat``; a worker
    without heartbeats counts as dead), each is queued again, or marked failed once it has been tried
    ``DEVZONE_TASK_MAX_ATTEMPTS`` times (every job is safe to run twice). A slow task whose worker is alive is
    left to finish: queued again it would run twice at once. Returns (requeued, failed)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from devzone.core.heartbeat import alive_workers

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.DEVZONE_TASK_STALE_SECONDS)
    requeued = failed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        alive = alive_workers(cutoff) if running else set()
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in alive:
                log.debug("task %s runs long; its worker %s is alive", result.pk, result.worker_ids[-1])
                continue
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
