"""The scheduler enqueues each periodic run once, also with two schedulers, and collapses missed runs after
downtime; the worker runs the queued task from the database."""

import datetime as dt

import pytest
from django.core.management import call_command
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
    scheduler.tick(start)
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
