"""Periodic work of the enterprise-service module: automatic ratings, follow-up reminders, overdue requests,
closing surveys past their day. Registered with the core scheduler; run by the worker."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from devzone.core import registry


@task()
def auto_rate() -> dict[str, int]:
    from devzone.services.services.ratings import auto_rate_scan

    return {"rated": auto_rate_scan(timezone.localdate())}


@task()
def reminders() -> dict[str, int]:
    from devzone.services.services.followups import followup_reminder_scan
    from devzone.services.services.requests import overdue_scan
    from devzone.services.services.surveys import close_due_surveys, survey_due_reminders

    today = timezone.localdate()
    counts = followup_reminder_scan(today)
    counts["requests_overdue"] = overdue_scan(today)
    counts["surveys_closed"] = close_due_surveys(today)
    counts["survey_reminders"] = survey_due_reminders(today)
    return counts


registry.job("services.auto_rate", "devzone.services.jobs.auto_rate", 6 * 3600)
registry.job("services.reminders", "devzone.services.jobs.reminders", 3600)
