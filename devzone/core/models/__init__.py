"""Core tables: organization, people, enterprises and projects, accounts, audit, calendar, jobs."""

from devzone.core.models.accounts import ApiToken, IdentityLink, Profile
from devzone.core.models.audit import AuditEvent
from devzone.core.models.business import Enterprise, Industry, Project
from devzone.core.models.calendar import (
    CalendarDay,
    CalendarRevision,
    CalendarYear,
    Clock,
    ClockJournal,
    ClockPause,
)
from devzone.core.models.events import DomainEvent
from devzone.core.models.idempotency import IdempotentAnswer
from devzone.core.models.jobs import Notification, PeriodicJob, WorkerHeartbeat
from devzone.core.models.org import Area, City, Department, Post, Zone
from devzone.core.models.people import Staff
from devzone.core.models.sequences import NumberSequence

__all__ = [
    "ApiToken",
    "IdentityLink",
    "Area",
    "AuditEvent",
    "CalendarDay",
    "CalendarRevision",
    "CalendarYear",
    "City",
    "Clock",
    "ClockJournal",
    "ClockPause",
    "DomainEvent",
    "Department",
    "Enterprise",
    "IdempotentAnswer",
    "Industry",
    "Notification",
    "NumberSequence",
    "PeriodicJob",
    "Post",
    "Profile",
    "Project",
    "Staff",
    "WorkerHeartbeat",
    "Zone",
]
