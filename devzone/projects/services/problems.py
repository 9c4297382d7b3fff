"""问题清单: problems raised from a visit, by an officer or by the enterprise; each has a responsible department
and person and a deadline in working days (a core clock); progress notes; resolution; escalation when overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError, require
from devzone.core.locking import in_scope, locked
from devzone.core.models import Department, Profile, Project, Staff
from devzone.core.notify import Outbox, Text, notify, reader_day, zone_users
from devzone.core.services import clocks
from devzone.core.transitions import Move, Transitions
from devzone.projects.choices import ProblemCategory, ProblemSource, ProblemStatus
from devzone.projects.events import problem_facts
from devzone.projects.models import KeyProject, Problem, ProblemNote, SiteVisit
from devzone.projects.services.common import (
    LEADERS,
    LONG_TEXT,
    check_texts,
    clean_texts,
    next_workday,
    rules_for,
    staff_user_ids,
    workdays_between,
)

# The moves of a problem: progress notes while it is open (the state stays), then its resolution.
PROBLEM_MOVES = Transitions(
    moves={
        "note": Move(sources={ProblemStatus.OPEN}, target=None, label=gettext_lazy("添加进展")),
        "resolve": Move(
            sources={ProblemStatus.OPEN}, target=ProblemStatus.RESOLVED, label=gettext_lazy("解决问题")
        ),
    },
    topic="projects.problem",  # each move to the outbox (projects.events)
    payload=problem_facts,
)
MAX_DEADLINE_WORKDAYS = 250


def _responsibility(*, actor, tracking, department, owner, visit, errors) -> tuple:
    """Who answers for the problem and where it comes from: an enterprise's problem goes to its project's
    agent; an officer names the department and the person (errors are added to ``errors``)."""
    if reach_of(actor).kind == "enterprise":
        if tracking.agent_id is None:
            errors["owner"] = [_("该项目尚未配备代办专员，请联系管委会综合服务部")]
            return None, None, None, ProblemSource.ENTERPRISE
        return tracking.agent.department, tracking.agent, None, ProblemSource.ENTERPRISE
    if department is None:
        errors["department"] = [_("请选择责任部门")]
    if owner is None:
        errors["owner"] = [_("请选择责任人")]
    return department, owner, visit, ProblemSource.VISIT if visit is not None else ProblemSource.OFFICER


def _check_responsibility(project, department, owner, visit) -> None:
    require(department.zone_id == project.zone_id, _("责任部门须为本开发区的部门"), "department")
    require(
        owner.zone_id == project.zone_id and owner.is_active, _("责任人须为本开发区在岗工作人员"), "owner"
    )
    require(owner.department_id == department.pk, _("责任人不属于所选责任部门"), "owner")
    if visit is not None:
        require(visit.project_id == project.pk, _("走访记录不属于该项目"), "visit")


def _budget(project, *, on, deadline_workdays, due_on) -> int:
    """The deadline in working days: from a due date (not in the past), given, or the zone's default. A due
    date on a rest day (a weekend, a holiday) moves on to the next working day, never back to the one before
    it: the deadline may not come before the date the raiser set."""
    if due_on is not None:
        require(due_on >= on, _("办结期限不能早于今天"), "due_on")
        budget = workdays_between(on, next_workday(due_on))
        require(
            budget <= MAX_DEADLINE_WORKDAYS,
            _("办理时限不能超过%(n)d个工作日") % {"n": MAX_DEADLINE_WORKDAYS},
            "due_on",
        )
        return budget
    budget = (
        deadline_workdays
        if deadline_workdays is not None
        else rules_for(project.zone_id).problem_deadline_workdays
    )
    require(budget >= 1, _("办理时限至少为1个工作日（期限不能是过去的日期）"), "deadline_workdays")
    require(
        budget <= MAX_DEADLINE_WORKDAYS,
        _("办理时限不能超过%(n)d个工作日") % {"n": MAX_DEADLINE_WORKDAYS},
        "deadline_workdays",
    )
    return budget


@transaction.atomic
def problem_raise(
    *,
    actor,
    project: Project,
    category: str,
    title: str,
    description: str = "",
    department: Department | None = None,
    owner: Staff | None = None,
    deadline_workdays: int | None = None,
    due_on: dt.date | None = None,
    visit: SiteVisit | None = None,
    on: dt.date | None = None,
) -> Problem:
    """Raise a problem. Officers name the responsible department and person (required); an enterprise's
    problem goes to its project's agent. The deadline is a number of working days (the zone's default when
    neither is given) or a due date, never in the past."""
    on = on or timezone.localdate()
    r = reach_of(actor)
    # the right to create problems (access.py: zone staff, an enterprise; a city officer and the system
    # administrator only read), checked here so that no caller (page, API, job) skips it
    if (
        r.kind not in ("zone", "city", "enterprise")
        or r.role == Role.CANDIDATE
        or not can(actor, "create", Problem)
    ):
        raise PermissionDeniedError(_("您的角色不能提出问题"))
    project = in_scope(Project, project, actor=actor, what=_("项目"))
    tracking = KeyProject.objects.filter(project=project).select_related("agent").first()
    require(tracking is not None, _("该项目不是重点项目，不在问题清单范围内"), "project")
    texts, errors = check_texts(
        ("title", title, 120, _("请填写问题")), ("description", description, LONG_TEXT, "")
    )
    if category not in ProblemCategory.values:
        errors = {"category": [_("请选择问题类别")], **errors}
    department, owner, visit, source = _responsibility(
        actor=actor, tracking=tracking, department=department, owner=owner, visit=visit, errors=errors
    )
    if errors:
        raise DomainError.of(errors)
    _check_responsibility(project, department, owner, visit)
    budget = _budget(project, on=on, deadline_workdays=deadline_workdays, due_on=due_on)
    problem = Problem.objects.create(
        zone_id=project.zone_id,
        project=project,
        visit=visit,
        source=source,
        category=category,
        department=department,
        owner=owner,
        raised_by=actor,
        raised_on=on,
        due_on=on,
        **texts,
    )
    clock = clocks.clock_start(
        zone=project.zone, purpose="问题办理", started_on=on, budget_workdays=budget, subject=problem
    )
    problem.clock, problem.due_on = clock, clock.due_on
    problem.save(update_fields=["clock", "due_on"])
    audit.record(actor=actor, action=AuditAction.CREATE, obj=problem, note=problem.get_category_display())
    notify(
        staff_user_ids([owner.pk]).values(),
        zone_id=problem.zone_id,
        kind="projects.problem",
        title=Text(  # in the owner's own language, not the raiser's, the date as they write it (core.notify)
            gettext_lazy("新问题：%(project)s·%(title)s（%(day)s前办结）"),
            project=project.name,
            title=problem.title,
            day=reader_day(problem.due_on),
        ),
        url=problem.get_absolute_url(),
        key=f"problem-new-{problem.pk}",
    )
    return problem


def may_work_on(actor, problem: Problem) -> bool:
    """Whether ``actor`` may note progress on or resolve ``problem`` (the page offers its forms only then)."""
    try:
        _may_work_on(actor, problem)
    except PermissionDeniedError:
        return False
    return True


def _may_work_on(actor, problem: Problem) -> None:
    """The responsible person, the head of the responsible department, the project's agent, a leader."""
    r = reach_of(actor)
    if r.role in LEADERS:
        return
    staff_id = Profile.objects.filter(user=actor).values_list("staff_id", flat=True).first()
    if staff_id and staff_id == problem.owner_id:
        return
    if r.role == Role.DEPARTMENT_HEAD and r.department_id == problem.department_id:
        return
    agent_id = (
        KeyProject.objects.filter(project_id=problem.project_id).values_list("agent_id", flat=True).first()
    )
    if staff_id and staff_id == agent_id:
        return
    raise PermissionDeniedError(_("只有责任人、责任部门负责人、代办专员或管委会领导可以办理此问题"))


def _lock(actor, problem, expected_version, move: str, text: tuple[str, str, str]) -> tuple[Problem, str]:
    """The problem locked for ``move`` by someone who may work on it, and the move's one free text
    ``(field, value, message when empty)`` cleaned."""
    row = locked(
        Problem,
        problem,
        actor=actor,
        version=expected_version,
        what=_("问题"),
        conflict=_("该问题刚被他人处理过，请刷新后查看"),
    )
    _may_work_on(actor, row)
    PROBLEM_MOVES.check(row, move)
    field, value, missing = text
    return row, clean_texts((field, value, LONG_TEXT, missing))[field]


@transaction.atomic
def problem_note_add(*, actor, problem: Problem, text: str, expected_version=None, on=None) -> ProblemNote:
    """A progress note, added to the problem's notes. A note replaces nothing, so the version the page read
    (``expected_version``) is not held against it: two people recording progress from the same page view both
    keep their note (the second was refused as stale, its text lost). A resolved problem takes no note (its
    state). A resolution still names the version it read: a note its author has not seen may say the problem
    is not solved."""
    on = on or timezone.localdate()
    row, text = _lock(actor, problem, None, "note", ("text", text, _("请填写办理进展")))
    if expected_version is not None and not 0 <= expected_version <= row.version:  # none the problem ever had
        raise ConflictError(_("该问题刚被他人处理过，请刷新后查看"))
    note = ProblemNote.objects.create(
        problem=row, on=on, author=actor, author_label=audit.actor_label(actor)[:80], text=text
    )
    PROBLEM_MOVES.apply(row, "note", actor=actor, note=text)
    return note


@transaction.atomic
def problem_resolve(*, actor, problem: Problem, resolution: str, expected_version=None, on=None) -> Problem:
    on = on or timezone.localdate()
    row, resolution = _lock(
        actor, problem, expected_version, "resolve", ("resolution", resolution, _("请填写解决情况"))
    )
    require(on >= row.raised_on, _("解决日期不能早于提出日期"), "on")
    row.resolution, row.resolved_on, row.resolved_by = resolution, on, actor
    PROBLEM_MOVES.apply(
        row, "resolve", actor=actor, note=row.resolution, fields=("resolution", "resolved_on", "resolved_by")
    )
    if row.clock_id:
        from devzone.core.models import Clock

        clocks.clock_stop(clock=Clock.objects.get(pk=row.clock_id), on=on)
    # 好差评 (services) rates the agency service here: it subscribes to PROBLEM_RESOLVED.
    from devzone.projects import hooks

    hooks.problem_resolved(problem=row, actor=actor)
    return row


def problem_follow_clock(clock) -> int:
    """A calendar change moved ``clock``'s due date: its problem's stored copy (what lists, the dispatch and
    the escalation filter on) follows. An escalation the new deadline makes premature (the problem was not
    overdue on that day after all) is forgotten, so that the next scan escalates on the right day. Returns
    how many problems moved (0 or 1)."""
    if clock.due_on is None:
        return 0
    rows = Problem.objects.filter(clock_id=clock.pk, status=ProblemStatus.OPEN)
    rows.filter(escalated_on__lte=clock.due_on).update(escalated_on=None)
    return rows.exclude(due_on=clock.due_on).update(due_on=clock.due_on)


def escalation_scan(on: dt.date) -> dict[str, int]:
    """Overdue open problems go to the zone's leaders (督办) and their responsible person, once each."""
    overdue = list(
        Problem.objects.filter(status=ProblemStatus.OPEN, due_on__lt=on).select_related("project", "owner")
    )
    if not overdue:
        return {"overdue": 0, "notified": 0}
    leaders = {z: zone_users(z, roles=[Role.ZONE_LEADER]) for z in {p.zone_id for p in overdue}}
    owners = staff_user_ids({p.owner_id for p in overdue})
    box = Outbox()
    for p in overdue:
        box.add(
            [*leaders[p.zone_id], owners.get(p.owner_id)],
            zone_id=p.zone_id,
            kind="projects.escalate",
            title=Text(  # in each reader's own language, the date as they write it (core.notify)
                gettext_lazy("督办：%(project)s·%(title)s 已超过办结期限（%(day)s），责任人%(owner)s"),
                project=p.project.name,
                title=p.title,
                day=reader_day(p.due_on),
                owner=p.owner.name,
            ),
            url=p.get_absolute_url(),
            key=f"problem-overdue-{p.pk}-{p.due_on:%Y%m%d}",
        )
    box.flush()
    Problem.objects.filter(pk__in=[p.pk for p in overdue if p.escalated_on is None]).update(escalated_on=on)
    return {"overdue": len(overdue), "notified": box.total}
