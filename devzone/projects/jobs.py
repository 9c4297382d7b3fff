"""Periodic work of the key-project module, registered with the core scheduler and run by the worker: the
daily status recomputation, visit reminders, problem escalation, and the weekly dispatch."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from devzone.core import registry


@task()
def status_refresh() -> dict[str, int]:
    from devzone.projects.services import refresh_statuses

    return refresh_statuses(on=timezone.localdate())


@task()
def reminders() -> dict[str, dict[str, int]]:
    from devzone.projects.services import escalation_scan, visit_reminder_scan

    today = timezone.localdate()
    return {"visits": visit_reminder_scan(today), "problems": escalation_scan(today)}


@task()
def weekly_dispatch() -> list[int]:
    from devzone.core.actors import system_actor
    from devzone.projects.services.dispatching import dispatch_scan

    return dispatch_scan(timezone.now(), actor=system_actor())


registry.job("projects.status_refresh", "devzone.projects.jobs.status_refresh", 24 * 3600, at="00:05")
registry.job("projects.reminders", "devzone.projects.jobs.reminders", 3600)
# Every 10 minutes: the dispatch is issued within 10 minutes of the zone's weekday and hour.
registry.job("projects.weekly_dispatch", "devzone.projects.jobs.weekly_dispatch", 600)
