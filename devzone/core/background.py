"""后台任务: the background work as the system administrator sees it in the app (the Django admin is the
server operator's break-glass): each periodic job with its schedule, its last run and how it ended; each task
worker's last heartbeat; the queue; and the problems found, which their desk counts (``problems``):

- no task worker has beaten lately (``silent_after``: six beats missed, at least a minute) while jobs are
  enabled: nothing queued runs (deadline warnings, 督办 escalations, deemed acceptance, reminders, deliveries);
- a job's next run is more than ``SCHEDULER_LATE`` past: the scheduler (``devzone scheduler``) is not running;
- a job's last task failed (its exception named; the traceback stays in the server's log and the task row);
- a task has waited longer than the stale period: the workers are behind or stopped.

A selector: reads only, and reads no zone's rows (the jobs and workers are the installation's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from devzone.core import desk, registry
from devzone.core.choices import Role
from devzone.core.heartbeat import beat_interval
from devzone.core.models import PeriodicJob, WorkerHeartbeat

# the scheduler claims a due job within seconds (it looks every 5 s); a run this far past means it is not running
SCHEDULER_LATE = dt.timedelta(minutes=10)
OUTCOMES = {
    "READY": gettext_lazy("排队中"),
    "RUNNING": gettext_lazy("执行中"),
    "FAILED": gettext_lazy("失败"),
    "SUCCESSFUL": gettext_lazy("成功"),
}
TONES = {"READY": "blue", "RUNNING": "blue", "FAILED": "red", "SUCCESSFUL": "green"}


@dataclass(frozen=True)
class JobState:
    name: str
    schedule: str
    enabled: bool
    runs: int
    last_enqueued_at: dt.datetime | None
    next_run_at: dt.datetime
    outcome: str  # "" (never run, or its task pruned) | a TaskResultStatus value
    finished_at: dt.datetime | None
    error: str  # the exception's class of a failed run
    late: bool

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES.get(self.outcome, "—"))

    @property
    def tone(self) -> str:
        return TONES.get(self.outcome, "secondary")


@dataclass(frozen=True)
class WorkerState:
    worker_id: str
    host: str
    pid: int
    started_at: dt.datetime
    beat_at: dt.datetime
    alive: bool


@dataclass(frozen=True)
class Overview:
    jobs: list[JobState]
    workers: list[WorkerState]
    queued: int
    running: int
    failed_today: int  # tasks failed in the last 24 hours
    oldest_waiting: dt.datetime | None
    problems: list[str]

    @property
    def alive_workers(self) -> int:
        return sum(w.alive for w in self.workers)


def schedule(interval_seconds: int, at: dt.time | None) -> str:
    """每小时, 每10分钟, 每天 03:30 (the job's registration: ``registry.job``)."""
    if at is not None and interval_seconds % 86400 == 0:
        return _("每天 %(at)s") % {"at": at.strftime("%H:%M")}
    if interval_seconds % 86400 == 0:
        n = interval_seconds // 86400
        return ngettext("每天", "每%(n)d天", n) % {"n": n}
    if interval_seconds % 3600 == 0:
        n = interval_seconds // 3600
        return ngettext("每小时", "每%(n)d小时", n) % {"n": n}
    if interval_seconds % 60 == 0:
        n = interval_seconds // 60
        return ngettext("每分钟", "每%(n)d分钟", n) % {"n": n}
    return ngettext("每%(n)d秒", "每%(n)d秒", interval_seconds) % {"n": interval_seconds}


def silent_after() -> dt.timedelta:
    """How long a worker may be silent before the page counts it stopped: six beats (``core.heartbeat``), at
    least a minute. Shorter than the stale period after which the scheduler queues its tasks again (that one
    errs on the side of a slow task; this one tells the administrator soon)."""
    return max(dt.timedelta(seconds=6 * beat_interval()), dt.timedelta(minutes=1))


def overview(now: dt.datetime | None = None) -> Overview:
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = dt.timedelta(seconds=settings.DEVZONE_TASK_STALE_SECONDS)
    jobs = list(PeriodicJob.objects.order_by("name"))
    results = {
        str(r["id"]): r
        for r in DBTaskResult.objects.filter(id__in=[j.last_task_id for j in jobs if j.last_task_id]).values(
            "id", "status", "finished_at", "exception_class_path"
        )
    }
    states = []
    for j in jobs:
        r = results.get(j.last_task_id, {})
        states.append(
            JobState(
                name=j.name,
                schedule=schedule(j.interval_seconds, registry.JOB_AT.get(j.name)),
                enabled=j.enabled,
                runs=j.runs,
                last_enqueued_at=j.last_enqueued_at,
                next_run_at=j.next_run_at,
                outcome=r.get("status", ""),
                finished_at=r.get("finished_at"),
                error=(r.get("exception_class_path") or "").rpartition(".")[2]
                if r.get("status") == "FAILED"
                else "",
                late=j.enabled and j.next_run_at < now - SCHEDULER_LATE,
            )
        )
    workers = [
        WorkerState(
            w.worker_id, w.host, w.pid, w.started_at, w.beat_at, alive=w.beat_at >= now - silent_after()
        )
        for w in WorkerHeartbeat.objects.order_by("-beat_at")[:50]
    ]
    tasks = DBTaskResult.objects.all()
    waiting = tasks.filter(status="READY")
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    failed_today = tasks.filter(status="FAILED", finished_at__gte=now - dt.timedelta(days=1)).count()
    problems = []
    if any(j.enabled for j in states) and not any(w.alive for w in workers):
        problems.append(
            _(
                "没有正在运行的任务进程（devzone worker）：排队的任务不会执行（时限预警、督办、提醒、数据交换等）"
            )
        )
    if late := [j.name for j in states if j.late]:
        problems.append(
            _("定时任务逾期未排队：%(jobs)s（调度进程 devzone scheduler 可能未运行）")
            % {"jobs": "、".join(late)}
        )
    if failed := [f"{j.name}（{j.error}）" for j in states if j.outcome == "FAILED"]:
        problems.append(_("最近一次执行失败：%(jobs)s（详见服务器日志）") % {"jobs": "、".join(failed)})
    if oldest is not None and oldest < now - stale:
        problems.append(
            _("有任务已排队超过%(minutes)d分钟：任务进程跟不上或已停止")
            % {"minutes": settings.DEVZONE_TASK_STALE_SECONDS // 60}
        )
    return Overview(
        jobs=states,
        workers=workers,
        queued=waiting.count(),
        running=tasks.filter(status="RUNNING").count(),
        failed_today=failed_today,
        oldest_waiting=oldest,
        problems=problems,
    )


@desk.item(5, Role.SYSADMIN)
def background_problems(request) -> desk.Entry:
    """The system administrator's desk: the background work's problems, counted (none: 运行正常)."""
    problems = overview().problems
    return desk.Entry(
        key="core.background",
        label=_("后台任务问题"),
        count=len(problems),
        url=reverse("core:background"),
        tone="red",
        hint="" if problems else _("定时任务和任务进程运行正常"),
    )
