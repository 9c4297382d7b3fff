"""What the projects services share beyond the core kit: who may act, the zone's rules, the calendar."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from devzone.core.calendar import CalendarError
from devzone.core.choices import Role
from devzone.core.errors import ConflictError, DomainError, NotFoundError, clean_text, require_text
from devzone.core.locking import locked
from devzone.core.models import Project
from devzone.core.workdays import get_calendar
from devzone.projects import status as status_algo
from devzone.projects.models import KeyProject, ProjectRules

# The system administrator is none of these: DOMAIN.md gives them users, roles, reference data, the calendar and
# backups, and the module to read (access.py); a zone's key projects are its leaders' and agents' work.
# Roles that follow key projects day to day: milestones, investment figures, visits.
WORKERS = (Role.ZONE_LEADER, Role.AGENT, Role.DEPARTMENT_HEAD)
# Who makes a project key (an investment officer when a contract is signed).
HANDOVER = (Role.ZONE_LEADER, Role.INVESTMENT_OFFICER)
LEADERS = (Role.ZONE_LEADER,)
ASSIGNERS = (Role.ZONE_LEADER, Role.DEPARTMENT_HEAD, Role.INVESTMENT_OFFICER)
# The periodic jobs, the demo and the bench act as the system actor: they issue dispatches and reach
# milestones (an approval granted by the system's own scan), never the pages' moves.
SYSTEM = (Role.SYSTEM,)

# The longest free text a field takes (the models' TextFields have no limit of their own).
LONG_TEXT = 2000


def day(d: dt.date) -> str:
    """A date as the user's language writes it (2026年11月2日)."""
    return date_format(d, "DATE_FORMAT")


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


# The core calendar raises ``CalendarError`` (a ValueError) for a year it has no schedule for; a service
# refuses such a date as bad input. (The kit has no such wrapper yet.)
def add_workdays(start: dt.date, n: int) -> dt.date:
    try:
        return get_calendar().add_workdays(start, n)
    except CalendarError as e:
        raise DomainError(str(e)) from e


def next_workday(d: dt.date) -> dt.date:
    """``d`` when it is a working day, else the first working day after it."""
    try:
        return get_calendar().next_workday(d)
    except CalendarError as e:
        raise DomainError(str(e)) from e


def workdays_between(start: dt.date, end: dt.date) -> int:
    try:
        return get_calendar().between(start, end)
    except CalendarError as e:
        raise DomainError(str(e)) from e


def check_past_date(field: str, when: dt.date, *, not_before: dt.date | None, before_label: str, on: dt.date):
    """A date that happened: not in the future and not before ``not_before`` (the signing)."""
    if when > on:
        raise DomainError.on(field, _("日期不能晚于今天（%(d)s）") % {"d": day(on)})
    if not_before is not None and when < not_before:
        raise DomainError.on(
            field, _("日期不能早于%(what)s（%(d)s）") % {"what": before_label, "d": day(not_before)}
        )


def check_texts(*specs: tuple[str, object, int, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Several free texts at once, each ``(field, value, max_length, message when blank or '')``: the stripped
    texts and the errors of all of them (so a form shows every bad field, not the first one)."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, value, limit, required in specs:
        try:
            if required:
                cleaned[field] = require_text(value, field, required, max_length=limit)
            else:
                cleaned[field] = clean_text(value, field, max_length=limit)
        except DomainError as e:
            errors.update(e.errors)
    return cleaned, errors


def clean_texts(*specs: tuple[str, object, int, str]) -> dict[str, str]:
    """``check_texts`` for a service with no other checks to gather: the stripped texts, or a ``DomainError``
    naming every bad field."""
    cleaned, errors = check_texts(*specs)
    if errors:
        raise DomainError.of(errors)
    return cleaned


def staff_user_ids(staff_ids) -> dict[int, int]:
    """The active user behind each staff record (to notify a responsible person or an agent)."""
    from devzone.core.models import Profile

    return dict(
        Profile.objects.filter(staff_id__in=list(staff_ids), user__is_active=True).values_list(
            "staff_id", "user_id"
        )
    )


def tracking_of(actor, project: Project, *, action: str = "change") -> KeyProject:
    """The key-project row of ``project``, locked, in the actor's reach for ``action``: 404 when the project
    is not key (or out of reach), 403 when only visible. The version the actor saw is checked by the move,
    against what the move changes (``check_seen``)."""
    pk = KeyProject.objects.filter(project_id=project.pk).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFoundError(_("该项目不是重点项目"))
    return locked(KeyProject, pk, actor=actor, action=action, what=_("重点项目"), related=("project",))


# A key project's page has four forms (the agent, the visit cadence, a year's planned investment, a month's
# completed investment) and the API the same four moves, all carrying the one ``version`` the page or the
# body read. Each move gives the key project the next version and notes, on what it changed, the version that
# change made (``KeyProject.agent_changed_in``, ``cadence_changed_in``; ``AnnualPlan.changed_in`` per year,
# ``MonthlyInvestment.changed_in`` per month). A move is refused as stale only when what *it* changes was
# changed after the version the actor saw: a leader who assigns the agent does not make the cadence form of
# another page (or the figure of another month) stale, while two people setting the same figure from the same
# page view still meet the 409.
def check_seen(tracking: KeyProject, version: int | None, changed_in: int) -> None:
    """Refuse (409, nothing changed) a move made from the key project's ``version`` when what it changes was
    last changed in a later version (``changed_in``), or when ``version`` is none the row ever had. ``None``: not
    checked (the handover, the demo)."""
    if version is None:
        return
    if not (changed_in <= version <= tracking.version):
        raise ConflictError(_("该重点项目刚被他人修改过，请刷新后查看"))


def bump(tracking: KeyProject, *changed: str) -> int:
    """A change a page or an API caller made to the key project (its agent, its visit cadence, its investment
    figures): the next version, written on the key project and, for each of ``changed`` (its ``*_changed_in``
    fields), as the version that changed it. Returns the new version (for the rows of a figure to note it)."""
    tracking.version += 1
    for field in changed:
        setattr(tracking, field, tracking.version)
    tracking.save(update_fields=["version", *changed, "updated_at"])
    return tracking.version
