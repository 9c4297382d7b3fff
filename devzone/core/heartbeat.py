"""The task worker's sign of life: ``devzone worker`` runs django-tasks-db's worker under a worker id of its own
and, beside it, a thread that writes that id's ``WorkerHeartbeat`` every few seconds for as long as the process
lives, a task running or not. The scheduler's stale-task recovery (``core.scheduler.recover_stale``) reads it: a
task RUNNING for longer than ``DEVZONE_TASK_STALE_SECONDS`` is queued again only when the worker that claimed it
has not beaten for that long (killed, machine gone), never while a slow task's worker is alive — that would run
the task a second time beside the first.

A beat is one UPDATE (an INSERT the first time) in the thread's own connection; a beat that fails (the database
briefly locked or away) is logged and the next one tried, so the thread never dies of it. It beats four times in
each stale period (at most every ``BEAT_EVERY_MAX`` seconds), so a live worker is never taken for a dead one
because of a missed beat or two."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from devzone.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)
BEAT_EVERY_MAX = 10.0


def beat_interval() -> float:
    """Seconds between two beats: a quarter of the stale period, at most ``BEAT_EVERY_MAX``."""
    return max(0.05, min(BEAT_EVERY_MAX, settings.DEVZONE_TASK_STALE_SECONDS / 4))


def new_worker_id() -> str:
    """A worker id unique across the pool and readable in the task table: host, process id, a random tail."""
    host = socket.gethostname()[:30]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_id: str, now=None) -> None:
    """Record that ``worker_id`` is alive now."""
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now):
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            beat_at=now,
            started_at=now,
            pid=os.getpid(),
            host=socket.gethostname()[:100],
        )


def alive_workers(since) -> set[str]:
    """The ids of the workers that have beaten since ``since``."""
    return set(WorkerHeartbeat.objects.filter(beat_at__gte=since).values_list("worker_id", flat=True))


class Heartbeat:
    """The thread that beats for ``worker_id`` until ``stop()`` (or the process ends: it is a daemon thread)."""

    def __init__(self, worker_id: str, interval: float | None = None):
        self.worker_id = worker_id
        self.interval = interval or beat_interval()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> Heartbeat:
        beat(self.worker_id)  # before the first task is claimed: the row exists from the start
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                try:
                    beat(self.worker_id)
                except Exception:  # a locked or lost database: logged, the next beat tries again
                    log.warning("heartbeat of worker %s failed; retrying", self.worker_id, exc_info=True)
                    _close()
        finally:
            _close()


def _close() -> None:
    """Close this thread's own connection (the next beat connects afresh)."""
    try:
        connection.close()
    except Exception:  # already broken: nothing left to close
        log.debug("closing the heartbeat's connection failed", exc_info=True)
