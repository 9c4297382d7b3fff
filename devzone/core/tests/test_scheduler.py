"""The scheduler enqueues each periodic run once, also with two schedulers, and collapses missed runs after
downtime; the worker runs the queued task from the database."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from devzone.core import scheduler
from devzone.core.models import Notification, PeriodicJob
from devzone.core.tasks import calendar_horizon_warnings

# serialized_rollback like every transactional test of the suite: a plain transactional test's flush re-creates
# the content types with new ids (post_migrate), and the next serialized test, in the same xdist worker, then
# fails to restore its own (UNIQUE constraint failed: django_content_type…).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_enqueues_a_due_job_once_even_when_two_schedulers_tick():
    now = timezone.now()
    scheduler.ensure_jobs(now)
    first = scheduler.tick(now)
    second = scheduler.tick(now)  # a second scheduler process looking at the same moment
    assert set(first) == set(scheduler.JOBS)
    assert second == []
    assert DBTaskResult.objects.count() == len(scheduler.JOBS)


def test_of_two_schedulers_that_read_the_same_run_only_one_enqueues_it():
    now = timezone.now()
    scheduler.ensure_jobs(now)
    seen_by_a = PeriodicJob.objects.get(name="core.prune_task_results")
    seen_by_b = PeriodicJob.objects.get(name="core.prune_task_results")
    assert scheduler.run_due(seen_by_a, now) is True
    assert scheduler.run_due(seen_by_b, now) is False
    assert DBTaskResult.objects.count() == 1
    assert PeriodicJob.objects.get(pk=seen_by_a.pk).runs == 1


def test_it_collapses_missed_runs_after_downtime_into_one():
    start = timezone.now()
    scheduler.ensure_jobs(start)
    PeriodicJob.objects.exclude(name="core.calendar_horizon_check").update(enabled=False)
    scheduler.tick(start)
    call_command("worker", "--batch", "--interval", "0")  # the worker ran it; then the scheduler was down
    three_days_later = start + dt.timedelta(days=3)  # 12 runs of the 6-hourly job were missed
    enqueued = scheduler.tick(three_days_later)
    assert enqueued.count("core.calendar_horizon_check") == 1
    job = PeriodicJob.objects.get(name="core.calendar_horizon_check")
    assert job.next_run_at == three_days_later + dt.timedelta(hours=6)
    assert "core.calendar_horizon_check" not in scheduler.tick(three_days_later + dt.timedelta(hours=1))


def test_it_runs_the_queued_task_in_the_worker(sysadmin):
    scheduler.ensure_jobs()
    PeriodicJob.objects.exclude(name="core.calendar_horizon_check").update(enabled=False)
    scheduler.tick()
    call_command("worker", "--batch", "--interval", "0")
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"


def test_calendar_horizon_warns_administrators_once_in_november(sysadmin):
    assert calendar_horizon_warnings(dt.date(2026, 10, 15)) == 0  # too early in the year
    assert calendar_horizon_warnings(dt.date(2026, 11, 27)) == 1
    assert calendar_horizon_warnings(dt.date(2026, 11, 28)) == 0  # not twice for the same year
    note = Notification.objects.get(user=sysadmin)
    assert "2027" in note.title


def test_a_task_abandoned_by_a_dead_worker_is_queued_again_then_failed():
    from django_tasks.base import TaskResultStatus

    scheduler.ensure_jobs()
    PeriodicJob.objects.exclude(name="core.prune_task_results").update(enabled=False)
    scheduler.tick()
    result = DBTaskResult.objects.get()
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    # a worker claimed it and was killed: RUNNING for an hour
    for attempt in range(1, 4):
        result.refresh_from_db()
        result.claim(f"worker-{attempt}")
        DBTaskResult.objects.filter(pk=result.pk).update(started_at=an_hour_ago)
        requeued, failed = scheduler.recover_stale()
        result.refresh_from_db()
        if attempt < 3:
            assert (requeued, failed, result.status) == (1, 0, TaskResultStatus.READY)
        else:  # the third abandoned attempt: it fails, with the reason, instead of looping forever
            assert (requeued, failed, result.status) == (0, 1, TaskResultStatus.FAILED)
            assert "abandoned" in result.traceback
    # a task that has run only a minute is left alone
    scheduler.tick(timezone.now() + dt.timedelta(days=2))
    fresh = DBTaskResult.objects.exclude(pk=result.pk).get()
    fresh.claim("worker-9")
    assert scheduler.recover_stale() == (0, 0)


def test_a_slow_task_whose_worker_beats_runs_on_and_one_whose_worker_stopped_is_queued_again(settings):
    """The stale period alone does not tell a dead worker from a slow task: only the worker's heartbeat does."""
    from django_tasks.base import TaskResultStatus

    from devzone.core.heartbeat import beat
    from devzone.core.tasks import prune_idempotent_answers

    settings.DEVZONE_TASK_STALE_SECONDS = 60
    now = timezone.now()
    slow, abandoned, unknown = (
        DBTaskResult.objects.get(pk=prune_idempotent_answers.enqueue().id) for _ in "abc"
    )
    for result, worker in ((slow, "worker-alive"), (abandoned, "worker-dead"), (unknown, "worker-no-beat")):
        result.claim(worker)
    DBTaskResult.objects.filter(pk__in=[slow.pk, abandoned.pk, unknown.pk]).update(
        started_at=now - dt.timedelta(hours=1)
    )
    beat("worker-alive", now - dt.timedelta(seconds=20))  # beats every few seconds: alive
    beat("worker-dead", now - dt.timedelta(seconds=90))  # its last beat is older than the stale period
    assert scheduler.recover_stale(now) == (2, 0)
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[slow.pk] == TaskResultStatus.RUNNING  # left to finish: it must not run twice at once
    assert states[abandoned.pk] == states[unknown.pk] == TaskResultStatus.READY
    # the worker dies later: its task is queued again once its beat is as old as the stale period
    assert scheduler.recover_stale(now + dt.timedelta(seconds=30)) == (0, 0)
    assert scheduler.recover_stale(now + dt.timedelta(seconds=41)) == (1, 0)


def test_the_worker_beats_while_it_lives():
    import time

    from devzone.core.heartbeat import Heartbeat
    from devzone.core.models import WorkerHeartbeat

    heartbeat = Heartbeat("worker-x", interval=0.05).start()
    try:
        first = WorkerHeartbeat.objects.get(worker_id="worker-x").beat_at
        deadline = time.monotonic() + 10
        while WorkerHeartbeat.objects.get(worker_id="worker-x").beat_at == first:
            assert time.monotonic() < deadline, "no second beat"
            time.sleep(0.05)
    finally:
        heartbeat.stop()
    assert not heartbeat.thread.is_alive()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a dropped server connection (PostgreSQL)")
def test_the_scheduler_reconnects_after_the_database_connection_drops(caplog):
    import psycopg

    scheduler.ensure_jobs()
    connection.ensure_connection()
    with connection.cursor() as cur:  # the server ends this session, as a restart or a network cut would
        cur.execute("SELECT pid FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        (pid,) = cur.fetchone()
    with psycopg.connect(**connection.get_connection_params()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    scheduler.tick_safely()  # fails on the dead connection, logs, and closes it
    assert "reconnecting" in caplog.text
    scheduler.tick_safely()  # connects afresh and does its work
    assert DBTaskResult.objects.count() == len(scheduler.JOBS)
