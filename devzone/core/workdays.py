"""The calendar as the application sees it: the package's schedule plus the administrators' corrections,
cached per process and rebuilt when any process changes it (``CalendarRevision``)."""

from __future__ import annotations

import threading

from devzone.core.calendar import WorkCalendar
from devzone.core.models import CalendarDay, CalendarRevision, CalendarYear

_lock = threading.Lock()
_cache: dict[str, object] = {"revision": None, "calendar": None}


def current_revision() -> int:
    row = CalendarRevision.objects.filter(pk=1).values_list("number", flat=True).first()
    return row or 0


def build_calendar() -> WorkCalendar:
    overrides = dict(CalendarDay.objects.values_list("date", "is_workday"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(overrides=overrides, loaded_years=years)


def get_calendar() -> WorkCalendar:
    revision = current_revision()
    with _lock:
        if _cache["revision"] != revision or _cache["calendar"] is None:
            _cache["calendar"] = build_calendar()
            _cache["revision"] = revision
        return _cache["calendar"]  # type: ignore[return-value]


def bump_revision() -> None:
    from django.db.models import F

    updated = CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        CalendarRevision.objects.create(pk=1, number=1)
    with _lock:
        _cache["revision"] = None
