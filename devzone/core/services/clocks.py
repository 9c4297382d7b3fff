"""Clocks in working days. Modules (approvals, problems, requests) start, pause, resume and stop them inside
their own audited transitions; the due date is always derived from start, budget and pauses."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from devzone.core.calendar import Pause, WorkCalendar
from devzone.core.choices import ClockStatus
from devzone.core.errors import DomainError
from devzone.core.models import Clock, ClockJournal, ClockPause
from devzone.core.workdays import get_calendar

# Sent for each open clock whose due date a calendar change moved (``clock=``): what depends on a deadline
# (e.g. an approval's 容缺 materials) follows it.
deadline_moved = Signal()


def _pauses(clock: Clock) -> list[Pause]:
    if clock.pk is None:  # a clock being started has no pauses (and no relation to ask yet)
        return []
    return [Pause(p.paused_on, p.resumed_on) for p in clock.pauses.all()]


def project(clock: Clock, cal: WorkCalendar | None = None) -> tuple[dt.date | None, bool]:
    """The due date and whether it is provisional, from the clock's own truth and the calendar."""
    cal = cal or get_calendar()
    due = cal.due_date(clock.started_on, clock.budget_workdays, _pauses(clock))
    return due, cal.span_is_provisional(clock.started_on, due)


def _refresh(clock: Clock, cal: WorkCalendar | None = None) -> None:
    clock.due_on, clock.due_provisional = project(clock, cal)
    clock.version += 1
    clock.save()


@transaction.atomic
def clock_start(*, zone, purpose: str, started_on: dt.date, budget_workdays: int, subject=None) -> Clock:
    if budget_workdays < 0:
        raise DomainError(_("时限不能为负数"))
    get_calendar().check(started_on)
    clock = Clock(zone=zone, purpose=purpose, started_on=started_on, budget_workdays=budget_workdays)
    if subject is not None:
        from django.contrib.contenttypes.models import ContentType

        clock.content_type = ContentType.objects.get_for_model(type(subject))
        clock.object_id = str(subject.pk)
    _refresh(clock)
    return clock


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


@transaction.atomic
def clock_pause(*, clock: Clock, on: dt.date, reason: str) -> Clock:
    clock = _locked(clock)
    if clock.status != ClockStatus.RUNNING:
        raise DomainError(_("时限不在计时中，不能暂停"))
    if on < clock.started_on:
        raise DomainError(_("暂停日不能早于起算日"))
    ClockPause.objects.create(clock=clock, paused_on=on, reason=reason)
    clock.status = ClockStatus.PAUSED
    _refresh(clock)
    return clock


@transaction.atomic
def clock_resume(*, clock: Clock, on: dt.date) -> Clock:
    clock = _locked(clock)
    pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if clock.status != ClockStatus.PAUSED or pause is None:
        raise DomainError(_("时限未暂停，不能恢复"))
    if on < pause.paused_on:
        raise DomainError(_("恢复日不能早于暂停日"))
    pause.resumed_on = on
    pause.save(update_fields=["resumed_on"])
    clock.status = ClockStatus.RUNNING
    _refresh(clock)
    return clock


@transaction.atomic
def clock_extend(*, clock: Clock, by_workdays: int) -> Clock:
    clock = _locked(clock)
    if by_workdays <= 0:
        raise DomainError(_("延长的工作日数须为正数"))
    clock.budget_workdays += by_workdays
    _refresh(clock)
    return clock


@transaction.atomic
def clock_stop(*, clock: Clock, on: dt.date) -> Clock:
    clock = _locked(clock)
    if clock.status == ClockStatus.STOPPED:
        raise DomainError(_("时限已结束"))
    if clock.status == ClockStatus.PAUSED:
        clock.pauses.filter(resumed_on__isnull=True).update(resumed_on=on)
    clock.status = ClockStatus.STOPPED
    clock.stopped_on = on
    _refresh(clock)
    return clock


def clock_state(clock: Clock, today: dt.date, cal: WorkCalendar | None = None) -> dict:
    """What a page shows: elapsed and remaining working days, overdue or not, provisional or not."""
    cal = cal or get_calendar()
    end = clock.stopped_on or today
    elapsed = cal.elapsed(clock.started_on, end, _pauses(clock))
    remaining = clock.budget_workdays - elapsed
    return {
        "elapsed": elapsed,
        "remaining": remaining,
        "overdue": remaining < 0 or (clock.due_on is not None and end > clock.due_on),
        "due_on": clock.due_on,
        "provisional": clock.due_provisional,
        "paused": clock.status == ClockStatus.PAUSED,
    }


def reproject_open_clocks(*, reason: str, first_day: dt.date, last_day: dt.date) -> int:
    """Re-derive the due date of every open clock a calendar change between ``first_day`` and ``last_day``
    can touch, and journal each one that moved. Returns how many moved."""
    cal = get_calendar()
    moved = 0
    candidates = (
        Clock.objects.exclude(status=ClockStatus.STOPPED)
        .filter(started_on__lte=last_day)
        .exclude(due_on__lt=first_day)
        .prefetch_related("pauses")
    )
    for clock in candidates.iterator(chunk_size=500):
        old_due, old_prov = clock.due_on, clock.due_provisional
        new_due, new_prov = project(clock, cal)
        if (new_due, new_prov) != (old_due, old_prov):
            Clock.objects.filter(pk=clock.pk).update(
                due_on=new_due, due_provisional=new_prov, version=clock.version + 1
            )
            ClockJournal.objects.create(
                clock=clock,
                old_due_on=old_due,
                new_due_on=new_due,
                old_provisional=old_prov,
                new_provisional=new_prov,
                reason=reason[:200],
            )
            clock.due_on, clock.due_provisional, clock.version = new_due, new_prov, clock.version + 1
            deadline_moved.send(sender=Clock, clock=clock)
            moved += 1
    return moved
