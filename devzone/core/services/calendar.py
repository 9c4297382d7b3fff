"""Administrators correct the calendar and load official schedules; every open deadline a change touches is
re-projected and journaled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.calendar import (
    BUILTIN_LAST_YEAR,
    STATUTORY_HOLIDAYS_SOURCE,
    CalendarError,
    statutory_holidays,
)
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError, clean_text, require_text
from devzone.core.models import CalendarDay, CalendarYear
from devzone.core.services.clocks import reproject_open_clocks
from devzone.core.templatetags.devzone import show
from devzone.core.workdays import bump_revision, get_calendar


def _require_admin(actor) -> None:
    if reach_of(actor).role != Role.SYSADMIN:
        raise PermissionDeniedError(_("只有系统管理员可以调整工作日历"))


SOURCE_MAX_LENGTH = 200


def _require_source(source) -> str:
    """The document a change rests on (国办发明电〔2025〕7号, a city notice …): the law is data with its source."""
    return require_text(
        source,
        "source",
        _("请填写依据（发布文件及文号，如 国办发明电〔2025〕7号）"),
        max_length=SOURCE_MAX_LENGTH,
    )


@transaction.atomic
def calendar_day_set(
    *, actor, date: dt.date, is_workday: bool, source: str, name: str = ""
) -> tuple[CalendarDay, int]:
    """Mark one day as a working day or a rest day, on the document ``source``. Returns the override and how
    many deadlines moved. The audit row holds what the day was before: the override it replaces, or (when it
    had none) whether the calendar counted it as a working day."""
    _require_admin(actor)
    source = _require_source(source)
    name = clean_text(name, "name", max_length=40)
    calendar = get_calendar()
    try:
        calendar.check(date)
    except CalendarError as e:
        raise DomainError(str(e), {"date": [str(e)]})
    previous = CalendarDay.objects.select_for_update().filter(date=date).first()
    if previous is None:
        before = {"date": None, "is_workday": calendar.is_workday(date), "name": None, "source": None}
    else:
        before = {
            "date": str(previous.date),
            "is_workday": previous.is_workday,
            "name": previous.name,
            "source": previous.source,
        }
    day, _created = CalendarDay.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "name": name, "source": source, "created_by": actor}
    )
    bump_revision()
    kind = _("工作日") if is_workday else _("休息日")
    reason = _("%(date)s 调整为%(kind)s %(name)s") % {"date": date, "kind": kind, "name": name}
    moved = reproject_open_clocks(reason=reason, first_day=date, last_day=date)
    after = {"date": str(date), "is_workday": is_workday, "name": name, "source": source}
    audit.record(
        actor=actor,
        action=AuditAction.CALENDAR,
        model=CalendarDay,
        object_id=str(day.pk),
        object_repr=str(day),
        changes={k: [before[k], after[k]] for k in after},
        note=_("%(n)d 个时限重新计算") % {"n": moved},
    )
    return day, moved


@transaction.atomic
def calendar_day_remove(*, actor, date: dt.date) -> int:
    """Withdraw the correction of one day. A rest day of a loaded official schedule that is a statutory holiday
    on a weekday is kept: without it the day would become a working day on no document (a correction, with
    its source, is the way to change it)."""
    _require_admin(actor)
    law = statutory_holidays(date.year) if date.year > BUILTIN_LAST_YEAR else {}
    if (
        date in law
        and date.weekday() < 5
        and CalendarYear.objects.filter(year=date.year).exists()
        and CalendarDay.objects.filter(date=date, is_workday=False).exists()
    ):
        raise DomainError.on(
            "date",
            _("%(date)s是法定节假日（%(name)s），不能撤销；如需更改请调整该日并填写依据")
            % {"date": show(date), "name": law[date]},
        )
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


def _statutory_holidays_missing(year: int, rows: list[ScheduleRow]) -> list[str]:
    """The statutory rest days of ``year`` (``core.calendar.statutory_holidays``: the holidays by law and the
    days given back for those on a weekend) that the schedule would leave as working days: listed as 班, or on
    a weekday and not listed. Once a year is loaded its rows alone decide its weekdays, so a schedule must
    rest on every one of them."""
    rest = {r.date for r in rows if not r.is_workday}
    work = {r.date for r in rows if r.is_workday}
    return [
        f"{show(day)}（{name}）"
        for day, name in sorted(statutory_holidays(year).items())
        if day in work or (day.weekday() < 5 and day not in rest)
    ]


@transaction.atomic
def calendar_year_load(*, actor, year: int, rows: list[ScheduleRow], source: str) -> int:
    """Load the official schedule of ``year``: its holidays (休) and make-up working days (班), published by
    the document ``source``. The year stops being provisional and every open deadline that used it is
    re-projected. A schedule that leaves a statutory holiday of the year a working day is refused, naming the
    days. Returns how many moved."""
    _require_admin(actor)
    source = _require_source(source)
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
    elif BUILTIN_LAST_YEAR < year <= get_calendar().last_year:
        missing = _statutory_holidays_missing(year, rows)
        if missing:
            errors.append(
                _("安排未将以下法定节假日列为休息日（%(law)s），请核对文件是否完整：%(days)s")
                % {"law": STATUTORY_HOLIDAYS_SOURCE, "days": "、".join(missing)}
            )
    if errors:
        raise DomainError(errors[0], {"__all__": errors})
    previous_source = CalendarYear.objects.filter(year=year).values_list("source", flat=True).first()
    previous_days = CalendarDay.objects.filter(date__year=year).count()
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                date=r.date, is_workday=r.is_workday, name=r.name[:40], source=source, created_by=actor
            )
            for r in rows
        ]
    )
    CalendarYear.objects.update_or_create(year=year, defaults={"loaded_by": actor, "source": source})
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
        changes={
            "year": [None if previous_source is None else year, year],
            "days": [previous_days, len(rows)],
            "source": [previous_source, source],
        },
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
