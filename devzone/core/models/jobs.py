from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """A job the scheduler enqueues every ``interval_seconds``. ``next_run_at`` is claimed by a conditional
    UPDATE, so of two schedulers only one enqueues a given run, and after downtime the missed runs collapse
    into one (no flood)."""

    name = models.CharField(max_length=80, unique=True)
    task_path = models.CharField(max_length=200)
    interval_seconds = models.PositiveIntegerField()
    enabled = models.BooleanField(default=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.CharField(max_length=64, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The last sign of life of a task worker (``devzone worker``), by its worker id: a thread of the worker
    process writes it every few seconds while the process lives (core.heartbeat). The scheduler queues a task
    left RUNNING again only when the worker that claimed it has stopped beating (core.scheduler.recover_stale),
    never a slow task whose worker is alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()
    started_at = models.DateTimeField()
    pid = models.PositiveIntegerField(default=0)
    host = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("任务进程心跳")
        verbose_name_plural = _("任务进程心跳")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class Notification(models.Model):
    """A message in the app for one user (reminders, warnings, escalations)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    zone = models.ForeignKey("core.Zone", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # De-duplication: a job that runs again does not notify twice for the same thing.
    dedupe_key = models.CharField(max_length=120, blank=True)
    # Held for the user's daily digest (Profile.daily_digest): listed on the messages page, but not counted as
    # unread until the digest covers it (core.tasks.daily_digest).
    held = models.BooleanField(default=False)
    # What the title and body were written from when they were sent as a ``core.notify.Text`` or a lazy text
    # (``{"title": …, "body": …}``: msgids, parameters, dates): the page writes them again in the language the
    # reader reads now (``shown_title``); ``title``/``body`` keep them in the recipient's language of the day it
    # was sent, shown when there is no source (a plain string).
    source = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_dedupe"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language (core.notify.written)."""
        from devzone.core.notify import written

        return written(self, "title")

    @property
    def shown_body(self) -> str:
        """The body in the active language (core.notify.written)."""
        from devzone.core.notify import written

        return written(self, "body")
