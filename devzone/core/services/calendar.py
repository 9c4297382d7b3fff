"""Administrators correct the calendar and load official schedules; every open deadline a change touches is
re-projected and journaled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.calendar import BUILTIN_LAST_YEAR, CalendarError
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import CalendarDay, CalendarYear
from devzone.core.services.clocks import reproject_open_clocks
from devzone.core.workdays import bump_revision, get_calendar


def _require_admin(actor) -> None:
    if reach_of(actor).role != Role.SYSADMIN:
        raise PermissionDeniedError(_("只有系统管理员可以调整工作日历"))


@transaction.atomic
def calendar_day_set(*, actor, date: dt.date, is_workday: bool, name: str = "") -> tuple[CalendarDay, int]:
    """Mark one day as a working day or a rest day. Returns the override and how many deadlines moved."""
    _require_admin(actor)
    try:
        get_calendar().check(date)
    except CalendarError as e:
        raise DomainError(str(e), {"date": [str(e)]})
    day, _created = CalendarDay.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "name": name[:40], "created_by": actor}
    )
    bump_revision()
    kind = _("工作日") if is_workday else _("休息日")
    reason = _("%(date)s 调整为%(kind)s %(name)s") % {"date": date, "kind": kind, "name": name}
    moved = reproject_open_clocks(reason=reason, first_day=date, last_day=date)
    audit.record(
        actor=actor,
        action=AuditAction.CALENDAR,
        model=CalendarDay,
        object_id=str(day.pk),
        object_repr=str(day),
        changes={"date": [None, str(date)], "is_workday": [None, is_workday]},
        note=_("%(n)d 个时限重新计算") % {"n": moved},
    )
    return day, moved


@transaction.atomic
def calendar_day_remove(*, actor, date: dt.date) -> int:
    _require_admin(actor)
    deleted, _rows = CalendarDay.objects.filter(date=date).delete()
    if not deleted:
        raise DomainError(_("该日期没有调整记录"))
    bump_revision()
    moved = reproject_open_clocks(
        reason=_("撤销 %(date)s 的日历调整") % {"date": date}, first_day=date, last_day=date
    )
    audit.record(
        actor=actor,
        action=AuditAction.CALENDAR,
        model=CalendarDay,
        object_repr=str(date),
        changes={"date": [str(date), None]},
        note=_("%(n)d 个时限重新计算") % {"n": moved},
    )
    return moved


@dataclass(frozen=True)
class ScheduleRow:
    date: dt.date
    is_workday: bool
    name: str


@transaction.atomic
def calendar_year_load(*, actor, year: int, rows: list[ScheduleRow], source: str = "") -> int:
    """Load the official schedule of ``year``: its holidays (休) and make-up working days (班). The year stops
    being provisional and every open deadline that used it is re-projected. Returns how many moved."""
    _require_admin(actor)
    errors = []
    if year <= BUILTIN_LAST_YEAR:
        errors.append(_("%(year)d年的官方安排已内置，无需加载；个别日期请单独调整") % {"year": year})
    if year > get_calendar().last_year:
        errors.append(_("%(year)d年超出可加载范围") % {"year": year})
    for i, row in enumerate(rows, start=1):
        if row.date.year != year:
            errors.append(
                _("第%(i)d行：%(date)s 不属于%(year)d年") % {"i": i, "date": row.date, "year": year}
            )
    dates = [r.date for r in rows]
    if len(set(dates)) != len(dates):
        errors.append(_("日期重复"))
    if not any(not r.is_workday for r in rows):
        errors.append(_("安排中没有任何休息日，请检查文件"))
    if errors:
        raise DomainError(errors[0], {"__all__": errors})
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=r.date, is_workday=r.is_workday, name=r.name[:40], created_by=actor) for r in rows]
    )
    CalendarYear.objects.update_or_create(year=year, defaults={"loaded_by": actor, "source": source[:200]})
    bump_revision()
    moved = reproject_open_clocks(
        reason=_("加载%(year)d年官方节假日安排") % {"year": year},
        first_day=dt.date(year, 1, 1),
        last_day=dt.date(year, 12, 31),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CALENDAR,
        model=CalendarYear,
        object_repr=str(year),
        changes={"year": [None, year], "days": [None, len(rows)]},
        note=_("%(n)d 个时限重新计算") % {"n": moved},
    )
    return moved


def parse_schedule_rows(table: list[list]) -> list[ScheduleRow]:
    """Rows of an uploaded schedule: 日期 | 类型 (休/班) | 名称. Raises DomainError listing every bad row."""
    rows, errors = [], []
    for i, raw in enumerate(table, start=2):
        cells = [("" if c is None else c) for c in list(raw) + ["", "", ""]][:3]
        if not any(str(c).strip() for c in cells):
            continue
        date_cell, kind, name = cells
        if isinstance(date_cell, dt.datetime):
            date = date_cell.date()
        elif isinstance(date_cell, dt.date):
            date = date_cell
        else:
            try:
                date = dt.date.fromisoformat(str(date_cell).strip())
            except ValueError:
                errors.append(_("第%(i)d行：日期“%(v)s”无法识别，应为 YYYY-MM-DD") % {"i": i, "v": date_cell})
                continue
        kind = str(kind).strip()
        if kind not in {"休", "班"}:
            errors.append(_("第%(i)d行：类型应为“休”或“班”，实际为“%(v)s”") % {"i": i, "v": kind})
            continue
        rows.append(ScheduleRow(date, kind == "班", str(name).strip()))
    if errors:
        raise DomainError(errors[0], {"__all__": errors})
    return rows
