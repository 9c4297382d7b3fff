"""Periodic work of 大招商: the follow-up scan (stale marking and reminders), registered with the core
scheduler."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from devzone.core import registry


@task()
def follow_up_scan() -> dict[str, int]:
    from devzone.investment.reminders import scan

    return scan(timezone.localdate())


registry.job("investment.follow_up_scan", "devzone.investment.jobs.follow_up_scan", 3600)
