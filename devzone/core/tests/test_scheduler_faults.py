"""The scheduler keeps every job running on time (review findings): a job row whose task no longer imports
stops no other job, missed runs do not pile up while the worker is down, and daily jobs run at their
Beijing time, not at the hour the scheduler happened to be installed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from devzone.core import registry, scheduler
from devzone.core.models import PeriodicJob

# serialized_rollback like every transactional test of the suite (see test_scheduler.py)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BEIJING = ZoneInfo("Asia/Shanghai")


def only(*names: str) -> None:
    """Leave just these jobs enabled (the others would need the worker to run them too)."""
    PeriodicJob.objects.exclude(name__in=names).update(enabled=False)


def run_the_worker() -> None:
    call_command("worker", "--batch", "--interval", "0")


# --- a broken job row -------------------------------------------------------------------------------------------
def orphan(now: dt.datetime) -> PeriodicJob:
    """The row of a job an upgrade renamed or removed: it sorts before every registered job."""
    return PeriodicJob.objects.create(
        name="approvals.old_scan",
        task_path="devzone.approvals.jobs.old_scan_removed_in_this_release",
        interval_seconds=3600,
        next_run_at=now,
    )


def test_it_enqueues_every_registered_job_although_a_job_row_no_longer_imports():
    now = timezone.now()
    scheduler.ensure_jobs(now)
    orphan(now)
    scheduler.tick_safely()  # what run_forever does every 5 s
    enqueued = set(PeriodicJob.objects.filter(runs__gt=0).values_list("name", flat=True))
    assert enqueued == set(scheduler.JOBS)
    assert DBTaskResult.objects.count() == len(scheduler.JOBS)


def test_it_disables_the_rows_of_jobs_no_longer_registered_at_start():
    now = timezone.now()
    stale = orphan(now)
    scheduler.ensure_jobs(now)
    stale.refresh_from_db()
    assert not stale.enabled
    assert "approvals.old_scan" not in scheduler.tick(now)
    assert set(PeriodicJob.objects.filter(enabled=True).values_list("name", flat=True)) == set(scheduler.JOBS)


# --- the worker down --------------------------------------------------------------------------------------------
def test_it_queues_one_copy_of_a_job_while_the_worker_is_down_and_the_next_once_it_ran():
    start = timezone.now()
    scheduler.ensure_jobs(start)
    only("exchange.deliver")  # every minute
    for minute in range(120):  # two hours without a worker, the scheduler ticking
        scheduler.tick(start + dt.timedelta(minutes=minute, seconds=1))
    waiting = DBTaskResult.objects.filter(status="READY", task_path="devzone.exchange.jobs.deliver")
    assert waiting.count() == 1
    assert PeriodicJob.objects.get(name="exchange.deliver").runs == 1
    run_the_worker()  # the worker is back: it runs the one copy, and the job is on its schedule again
    assert scheduler.tick(start + dt.timedelta(minutes=121, seconds=1)) == ["exchange.deliver"]
    assert DBTaskResult.objects.filter(task_path="devzone.exchange.jobs.deliver").count() == 2


# --- daily jobs at their Beijing time -----------------------------------------------------------------------------
def test_it_runs_a_daily_job_after_each_beijing_midnight_not_at_the_install_hour():
    installed = dt.datetime(2026, 3, 2, 23, 0, tzinfo=BEIJING)
    scheduler.ensure_jobs(installed)
    only("projects.status_refresh")
    assert scheduler.tick(installed) == ["projects.status_refresh"]  # the first run, at once
    run_the_worker()
    assert scheduler.tick(dt.datetime(2026, 3, 3, 0, 4, tzinfo=BEIJING)) == []
    assert scheduler.tick(dt.datetime(2026, 3, 3, 0, 30, tzinfo=BEIJING)) == ["projects.status_refresh"]
    run_the_worker()
    assert scheduler.tick(dt.datetime(2026, 3, 3, 23, 30, tzinfo=BEIJING)) == []  # not again at 23:00
    job = PeriodicJob.objects.get(name="projects.status_refresh")
    assert timezone.localtime(job.next_run_at) == dt.datetime(2026, 3, 4, 0, 5, tzinfo=BEIJING)


def test_it_moves_a_daily_job_scheduled_at_the_old_install_hour_to_its_beijing_time():
    """A row scheduled by an earlier release (24 h after an install at 23:00) runs at 00:05 after the upgrade."""
    restarted = dt.datetime(2026, 3, 2, 23, 30, tzinfo=BEIJING)
    PeriodicJob.objects.create(
        name="personnel.cases_finalize",
        task_path="devzone.personnel.jobs.cases_finalize",
        interval_seconds=24 * 3600,
        next_run_at=dt.datetime(2026, 3, 3, 23, 0, tzinfo=BEIJING),
        runs=1,
    )
    scheduler.ensure_jobs(restarted)
    job = PeriodicJob.objects.get(name="personnel.cases_finalize")
    assert timezone.localtime(job.next_run_at) == dt.datetime(2026, 3, 3, 0, 5, tzinfo=BEIJING)


def test_the_daily_jobs_and_the_digest_have_a_beijing_time():
    registry.discover("jobs")
    assert registry.JOB_AT["projects.status_refresh"] == dt.time(0, 5)
    assert registry.JOB_AT["personnel.cases_finalize"] == dt.time(0, 5)
    assert registry.JOB_AT["core.daily_digest"] == dt.time(0, 0)  # hourly, on the hour: 08:00 sharp
    daily = {name for name, (_path, interval) in registry.JOBS.items() if interval == 24 * 3600}
    assert daily <= set(registry.JOB_AT)
