"""The job worker and the scheduler killed (SIGKILL) in the middle of their work, each a real ``devzone worker`` /
``devzone scheduler`` process on a migrated embedded database (issue 17, faults): afterwards every queued task has
finished exactly once — the one cut off mid-run is queued again by the next scheduler's stale-task recovery and runs
to its end once — and every periodic job was enqueued once, although its scheduler was killed and another started."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

import pytest

from devzone.core import registry
from devzone.testing.commands import ROOT, run_devzone
from devzone.testing.tasks import FINISHED

pytestmark = pytest.mark.django_db  # bench_var_dir copies the run's migrated template
KEYS = [f"step-{n:02d}" for n in range(10)]


def start(var: Path, *args: str, **env: str) -> subprocess.Popen:
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(PYTHONPATH=str(ROOT), DEVZONE_VAR_DIR=str(var), **env)
    return subprocess.Popen(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def rows(var: Path, sql: str, *params) -> list[tuple]:
    with closing(sqlite3.connect(var / "devzone.sqlite3", timeout=10)) as db:
        return db.execute(sql, params).fetchall()


def wait_for(predicate, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_a_killed_worker_and_scheduler_lose_no_task_and_repeat_no_periodic_run(bench_var_dir):
    var = bench_var_dir
    queued = run_devzone(
        [
            "shell",
            "-c",
            f"from devzone.testing.tasks import slow_step\nfor k in {KEYS!r}: slow_step.enqueue(k)",
        ],
        var=var,
    )
    assert queued.returncode == 0, queued.stderr
    tasks = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%slow_step'"
    )

    # The first worker is killed while a task runs, after at least two have finished.
    worker = start(var, "worker", "--interval", "0.1")
    try:
        wait_for(
            lambda: (var / FINISHED).exists() and len((var / FINISHED).read_text().split()) >= 2,
            "two finished tasks",
        )
        wait_for(lambda: any(s == "RUNNING" for s, _w in rows(var, tasks)), "a running task")
    finally:
        kill(worker)
    assert [s for s, _w in rows(var, tasks)].count("RUNNING") == 1  # cut off mid-run

    # A scheduler claims every periodic job's first run, and is killed; a second one starts, recovers the
    # abandoned task (stale after a second here) and must not claim those runs again.
    fast = {"DEVZONE_TASK_STALE_SECONDS": "1"}
    scheduler = start(var, "scheduler", "--poll", "0.2", **fast)
    jobs = "SELECT name, runs FROM core_periodicjob"
    try:
        wait_for(
            lambda: {n for n, r in rows(var, jobs) if r >= 1} >= set(registry.JOBS), "every job's first run"
        )
    finally:
        kill(scheduler)
    scheduler = start(var, "scheduler", "--poll", "0.2", **fast)
    worker = start(var, "worker", "--interval", "0.1")
    try:
        wait_for(
            lambda: all(s == "SUCCESSFUL" for s, _w in rows(var, tasks)), "every task to finish", timeout=90
        )
        periodic = (
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path NOT LIKE '%slow_step'"
        )
        wait_for(lambda: all(s == "SUCCESSFUL" for (s,) in rows(var, periodic)), "every periodic job to run")
    finally:
        kill(scheduler)
        kill(worker)

    finished = (var / FINISHED).read_text().split()
    assert sorted(finished) == KEYS  # each task finished once: none lost, none twice
    attempts = sorted(len(json.loads(w)) for _s, w in rows(var, tasks))
    assert attempts == [1] * (len(KEYS) - 1) + [2]  # the one cut off ran again, once
    assert dict(rows(var, jobs)) == dict.fromkeys(registry.JOBS, 1)
    enqueued = rows(
        var,
        "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path NOT LIKE '%slow_step' GROUP BY task_path",
    )
    assert sorted(enqueued) == sorted((path, 1) for path, _interval in registry.JOBS.values())


def test_a_slow_task_whose_worker_lives_is_not_run_a_second_time(bench_var_dir):
    """A task that runs longer than ``DEVZONE_TASK_STALE_SECONDS`` while its worker is alive (it beats, core.heartbeat)
    is left to finish by the scheduler's stale-task recovery, although a second worker stands idle beside it."""
    var = bench_var_dir
    queued = run_devzone(
        ["shell", "-c", "from devzone.testing.tasks import slow_step\nslow_step.enqueue('slow', 6.0)"],
        var=var,
    )
    assert queued.returncode == 0, queued.stderr
    task = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%slow_step'"
    )
    fast = {"DEVZONE_TASK_STALE_SECONDS": "1"}  # the workers beat every quarter of a second
    processes = [start(var, "scheduler", "--poll", "0.2", **fast)]
    try:  # the scheduler recovers stale tasks on every round (0.2 s) once it has enqueued the jobs' first runs
        wait_for(
            lambda: rows(var, "SELECT count(*) FROM core_periodicjob WHERE runs > 0")[0][0] > 0, "a tick"
        )
        processes += [start(var, "worker", "--interval", "0.1", **fast) for _ in range(2)]
        wait_for(lambda: rows(var, task)[0][0] == "RUNNING", "the slow task to start")
        wait_for(lambda: rows(var, task)[0][0] == "SUCCESSFUL", "the slow task to finish")
        time.sleep(1.0)  # a second run, had it started, would be under way
    finally:
        for process in processes:
            kill(process)
    assert (var / FINISHED).read_text().split() == ["slow"]  # it ran once
    ((status, workers),) = rows(var, task)
    assert status == "SUCCESSFUL" and len(json.loads(workers)) == 1  # never queued again
