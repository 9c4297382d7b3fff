"""Background tasks of the core app (django-tasks; the database backend runs them on SQLite and
PostgreSQL). Periodic ones are enqueued by ``devzone.core.scheduler``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from devzone.core.choices import Role
from devzone.core.models import Profile
from devzone.core.notify import Text, notify
from devzone.core.workdays import get_calendar


def calendar_horizon_warnings(today: dt.date) -> int:
    """Tell every system administrator when a year has no official holiday schedule loaded: deadlines in it
    are provisional (weekends only, no make-up working days) until it is loaded. The current year is
    warned about every week until loaded (an installation set up in January, a November notice missed);
    next year once, from November on. Each notice is written in its administrator's language (core.notify.Text).
    Returns notifications created."""
    cal = get_calendar()
    notices = []
    if cal.is_provisional(today):
        week = today.isocalendar()
        notices.append(
            (
                f"calendar-missing-{today.year}-w{week.year}-{week.week:02d}",
                Text(_("%(year)s年法定节假日安排尚未加载"), year=today.year),
                Text(
                    _(
                        "今年（%(year)s年）尚无官方节假日安排，本年内的办理时限目前按周末暂定计算，调休上班日未计入。"
                        "请在“工作日历”中加载国务院办公厅公布的安排，系统会自动重算所有受影响的时限。"
                        "加载之前，本提醒每周发送一次。"
                    ),
                    year=today.year,
                ),
            )
        )
    next_year = today.year + 1
    if today.month >= 11 and cal.is_provisional(dt.date(next_year, 1, 1)):
        notices.append(
            (
                f"calendar-horizon-{next_year}",
                Text(_("请加载%(year)s年法定节假日安排"), year=next_year),
                Text(
                    _(
                        "%(year)s年尚无官方节假日安排，跨入该年的办理时限目前按周末暂定计算。"
                        "国务院办公厅公布安排后，请在“工作日历”中加载，系统会自动重算所有受影响的时限。"
                    ),
                    year=next_year,
                ),
            )
        )
    admins = list(Profile.objects.filter(role=Role.SYSADMIN).values_list("user_id", flat=True))
    return sum(
        notify(admins, kind="calendar", title=title, body=body, url="/core/calendar/", key=key)
        for key, title, body in notices
    )


@task()
def calendar_horizon_check() -> int:
    return calendar_horizon_warnings(timezone.localdate())


@task()
def prune_task_results() -> int:
    """Keep the task result table small: finished results older than 30 days are deleted, and the heartbeats
    of workers gone for a day (core.heartbeat; each start of a worker has an id of its own)."""
    from django_tasks_db.models import DBTaskResult

    from devzone.core.models import WorkerHeartbeat

    now = timezone.now()
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=now - dt.timedelta(days=30)).delete()
    WorkerHeartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    return deleted


@task()
def prune_idempotent_answers() -> int:
    """Answers kept for Idempotency-Key retries are kept for a day."""
    from devzone.core.models import IdempotentAnswer

    deleted, _ = IdempotentAnswer.objects.filter(
        created_at__lt=timezone.now() - dt.timedelta(days=1)
    ).delete()
    return deleted


@task()
def daily_digest() -> int:
    """Hourly; from DEVZONE_DIGEST_HOUR (Beijing time) on, each user who chose the daily digest gets today's
    (once: keyed by the date)."""
    from django.conf import settings

    from devzone.core.notify import send_digests

    now = timezone.now()
    if timezone.localtime(now).hour < getattr(settings, "DEVZONE_DIGEST_HOUR", 8):
        return 0
    return send_digests(now)
