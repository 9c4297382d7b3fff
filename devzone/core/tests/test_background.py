"""后台任务: the system administrator sees in the app whether the background work runs (the deadline warnings,
督办, deemed acceptance and reminders all hang on it): each job's last run and its outcome, the workers'
heartbeats, and the problems counted on their desk — no live worker, a scheduler that stopped queueing, a failed
run, a task waiting too long. Before, only the Django admin (the server operator's break-glass) showed the rows,
and nothing told anyone when the worker had died."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from devzone.core import background, heartbeat, scheduler
from devzone.core.models import PeriodicJob

# the worker runs the task in its own transaction (as in test_scheduler.py)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PAGE = "/core/background/"


def only(*names: str) -> None:
    PeriodicJob.objects.exclude(name__in=names).update(enabled=False)


def desk(client) -> str:
    return client.get(reverse("dashboard:home")).content.decode()


def test_without_a_live_worker_the_administrator_is_told_on_the_desk_and_the_page(client_for, sysadmin):
    scheduler.ensure_jobs()
    o = background.overview()
    assert any("没有正在运行的任务进程" in p for p in o.problems)
    page = client_for(sysadmin).get(PAGE).content.decode()
    assert 'data-testid="background-problems"' in page and "没有正在运行的任务进程" in page
    assert "core.prune_task_results" in page and "每天 03:30" in page  # every job, with its schedule
    assert 'data-desk="core.background"' in desk(client_for(sysadmin))


def test_a_job_that_ran_and_a_live_worker_read_as_running_normally(client_for, sysadmin):
    scheduler.ensure_jobs()
    only("core.calendar_horizon_check")
    scheduler.tick()
    call_command("worker", "--batch", "--interval", "0")  # devzone worker: it beats while it lives
    o = background.overview()
    assert o.problems == []
    (job,) = [j for j in o.jobs if j.name == "core.calendar_horizon_check"]
    assert job.outcome == "SUCCESSFUL" and job.runs == 1 and job.schedule == "每6小时"
    assert o.alive_workers == 1
    page = client_for(sysadmin).get(PAGE).content.decode()
    assert 'data-testid="background-ok"' in page and "成功" in page
    assert "定时任务和任务进程运行正常" in desk(client_for(sysadmin))


def test_a_scheduler_that_stopped_queueing_and_a_failed_run_are_named(client_for, sysadmin):
    now = timezone.now()
    scheduler.ensure_jobs(now)
    only("core.calendar_horizon_check", "core.prune_task_results")
    heartbeat.beat("web-1:42")
    # the horizon check's next run is an hour past: no scheduler claimed it
    PeriodicJob.objects.filter(name="core.calendar_horizon_check").update(
        next_run_at=now - dt.timedelta(hours=1)
    )
    # the pruning job's last task failed
    failed = DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="devzone.core.tasks.prune_task_results",
        backend_name="default",
        run_after=now,
        finished_at=now,
        exception_class_path="django.db.utils.OperationalError",
        traceback="…",
    )
    PeriodicJob.objects.filter(name="core.prune_task_results").update(last_task_id=str(failed.id))
    problems = background.overview(now).problems
    assert any("core.calendar_horizon_check" in p and "scheduler" in p for p in problems)
    assert any("core.prune_task_results（OperationalError）" in p for p in problems)
    page = client_for(sysadmin).get(PAGE).content.decode()
    assert "OperationalError" in page and "逾期" in page
    assert "定时任务和任务进程运行正常" not in desk(client_for(sysadmin))


def test_a_worker_silent_for_a_minute_counts_as_stopped():
    scheduler.ensure_jobs()
    heartbeat.beat("web-1:42", now=timezone.now() - dt.timedelta(minutes=2))  # killed two minutes ago
    o = background.overview()
    assert o.alive_workers == 0
    assert any("没有正在运行的任务进程" in p for p in o.problems)


def test_a_task_waiting_past_the_stale_period_means_the_workers_are_behind(settings):
    settings.DEVZONE_TASK_STALE_SECONDS = 600
    now = timezone.now()
    heartbeat.beat("web-1:42")
    DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="devzone.core.tasks.prune_task_results",
        backend_name="default",
        run_after=now,
    )
    DBTaskResult.objects.update(enqueued_at=now - dt.timedelta(minutes=11))
    o = background.overview(now)
    assert o.queued == 1
    assert any("已排队超过10分钟" in p for p in o.problems)


@pytest.mark.isolation
def test_only_the_system_administrator_opens_it(client_for, zone_a_leader, city_officer, zone_a_reviewer):
    for user in (zone_a_leader, city_officer, zone_a_reviewer):
        assert client_for(user).get(PAGE).status_code == 403
        assert 'data-desk="core.background"' not in desk(client_for(user))
        assert PAGE not in desk(client_for(user))  # not in their menu either
