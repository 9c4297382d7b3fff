"""What every projects service shares: who may act, the zone's rules, the calendar, dates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.access import reach_of
from devzone.core.calendar import CalendarError
from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.workdays import get_calendar
from devzone.projects import status as status_algo
from devzone.projects.models import ProjectRules

# Roles that follow key projects day to day: milestones, investment figures, visits.
WORKERS = {Role.ZONE_LEADER, Role.AGENT, Role.DEPARTMENT_HEAD, Role.SYSADMIN}
# Who makes a project key (an investment officer when a contract is signed).
HANDOVER = {Role.ZONE_LEADER, Role.INVESTMENT_OFFICER, Role.SYSADMIN}
LEADERS = {Role.ZONE_LEADER, Role.SYSADMIN}
ASSIGNERS = {Role.ZONE_LEADER, Role.DEPARTMENT_HEAD, Role.SYSADMIN, Role.INVESTMENT_OFFICER}


def chinese_day(d: dt.date) -> str:
    """2026年11月2日 (no leading zeros), as dates are written in Chinese."""
    return f"{d.year}年{d.month}月{d.day}日"


def today() -> dt.date:
    return timezone.localdate()


def role(actor) -> str:
    return reach_of(actor).role


def require_role(actor, roles, doing: str) -> None:
    if role(actor) not in roles:
        raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": doing})


def field_error(field: str, message: str) -> DomainError:
    return DomainError(message, {field: [message]})


def scoped_row(model, actor, pk, action: str = "change", *, lock: bool = True, label: str = ""):
    """The row in the actor's reach for ``action`` (locked); 403 when only visible, 404 when out of reach."""
    qs = model.objects.for_user(actor, action)
    if lock:
        qs = qs.select_for_update()
    row = qs.filter(pk=pk).first()
    if row is None:
        if model.objects.for_user(actor, "view").filter(pk=pk).exists():
            raise PermissionDeniedError(_("您无权办理此%(what)s") % {"what": label or _("记录")})
        raise NotFoundError(_("%(what)s不存在") % {"what": label or _("记录")})
    return row


def rules_for(zone_id: int) -> ProjectRules:
    rules, _created = ProjectRules.objects.get_or_create(zone_id=zone_id)
    return rules


def algo_rules(rules: ProjectRules) -> status_algo.Rules:
    return status_algo.Rules(
        start_yellow_months=rules.start_yellow_months,
        start_red_months=rules.start_red_months,
        behind_yellow_points=rules.behind_yellow_points,
        behind_red_points=rules.behind_red_points,
        recovery_months=rules.recovery_months,
    )


def add_workdays(start: dt.date, n: int) -> dt.date:
    try:
        return get_calendar().add_workdays(start, n)
    except CalendarError as e:
        raise DomainError(str(e)) from e


def workdays_between(start: dt.date, end: dt.date) -> int:
    try:
        return get_calendar().between(start, end)
    except CalendarError as e:
        raise DomainError(str(e)) from e


# The longest free text a field takes (the models' TextFields have no limit of their own).
LONG_TEXT = 2000


def text_error(value, *, max_length: int = LONG_TEXT, required: str = "") -> str:
    """What is wrong with a free text (empty when nothing): NUL characters, over-long, missing when required."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        return _("请填写文字")
    if "\x00" in text:
        return _("不能包含空字符（\\x00）")
    if required and not text:
        return required
    if len(text) > max_length:
        return _("不能超过%(n)d个字（现有%(m)d个）") % {"n": max_length, "m": len(text)}
    return ""


def check_text(field: str, value, *, max_length: int = LONG_TEXT, required: str = "") -> str:
    """The stripped text, or a field error naming what is wrong."""
    message = text_error(value, max_length=max_length, required=required)
    if message:
        raise field_error(field, message)
    return (value or "").strip()


def check_id(value) -> int | None:
    """A row id from a query string or a path: digits that fit a database integer, else None."""
    text = str(value) if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def check_past_date(field: str, day: dt.date, *, not_before: dt.date | None, before_label: str, on: dt.date):
    """A date that happened: not in the future and not before ``not_before`` (the signing)."""
    if day > on:
        raise field_error(field, _("日期不能晚于今天（%(d)s）") % {"d": chinese_day(on)})
    if not_before is not None and day < not_before:
        raise field_error(
            field,
            _("日期不能早于%(what)s（%(d)s）") % {"what": before_label, "d": chinese_day(not_before)},
        )
