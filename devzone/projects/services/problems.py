"""问题清单: problems raised from a visit, by an officer or by the enterprise; each has a responsible department
and person and a deadline in working days (a core clock); progress notes; resolution; escalation when overdue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import Department, Notification, Profile, Project, Staff
from devzone.core.services import clocks
from devzone.projects.choices import ProblemCategory, ProblemSource, ProblemStatus
from devzone.projects.models import KeyProject, Problem, ProblemNote, SiteVisit
from devzone.projects.services.common import (
    LEADERS,
    LONG_TEXT,
    check_text,
    chinese_day,
    field_error,
    reach_of,
    rules_for,
    scoped_row,
    text_error,
    today,
    workdays_between,
)


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
    on = on or today()
    r = reach_of(actor)
    if r.kind not in ("zone", "city", "enterprise") or r.role == Role.CANDIDATE:
        raise PermissionDeniedError(_("您的角色不能提出问题"))
    project = scoped_row(Project, actor, project.pk, "view", lock=False, label=_("项目"))
    tracking = KeyProject.objects.filter(project=project).first()
    if tracking is None:
        raise field_error("project", _("该项目不是重点项目，不在问题清单范围内"))
    errors: dict[str, list[str]] = {}
    if category not in ProblemCategory.values:
        errors["category"] = [_("请选择问题类别")]
    for field, value, limit, required in (
        ("title", title, 120, _("请填写问题")),
        ("description", description, LONG_TEXT, ""),
    ):
        message = text_error(value, max_length=limit, required=required)
        if message:
            errors[field] = [message]
    source = ProblemSource.OFFICER
    if r.kind == "enterprise":
        source = ProblemSource.ENTERPRISE
        visit = None
        if tracking.agent_id is None:
            errors["owner"] = [_("该项目尚未配备代办专员，请联系管委会综合服务部")]
        else:
            owner = tracking.agent
            department = owner.department
    else:
        if department is None:
            errors["department"] = [_("请选择责任部门")]
        if owner is None:
            errors["owner"] = [_("请选择责任人")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    if department.zone_id != project.zone_id:
        raise field_error("department", _("责任部门须为本开发区的部门"))
    if owner.zone_id != project.zone_id or not owner.is_active:
        raise field_error("owner", _("责任人须为本开发区在岗工作人员"))
    if owner.department_id != department.pk:
        raise field_error("owner", _("责任人不属于所选责任部门"))
    if visit is not None:
        if visit.project_id != project.pk:
            raise field_error("visit", _("走访记录不属于该项目"))
        source = ProblemSource.VISIT
    if due_on is not None:
        if due_on < on:
            raise field_error("due_on", _("办结期限不能早于今天"))
        budget = workdays_between(on, due_on)
    else:
        budget = (
            deadline_workdays
            if deadline_workdays is not None
            else rules_for(project.zone_id).problem_deadline_workdays
        )
        if budget < 1:
            raise field_error("deadline_workdays", _("办理时限至少为1个工作日（期限不能是过去的日期）"))
        if budget > 250:
            raise field_error("deadline_workdays", _("办理时限不能超过250个工作日"))
    problem = Problem(
        zone_id=project.zone_id,
        project=project,
        visit=visit,
        source=source,
        category=category,
        title=title.strip(),
        description=(description or "").strip(),
        department=department,
        owner=owner,
        raised_by=actor,
        raised_on=on,
        due_on=on,
    )
    problem.save()
    clock = clocks.clock_start(
        zone=project.zone, purpose="问题办理", started_on=on, budget_workdays=budget, subject=problem
    )
    problem.clock = clock
    problem.due_on = clock.due_on
    problem.save(update_fields=["clock", "due_on"])
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=problem, note=f"{problem.get_category_display()}"
    )
    owner_user = Profile.objects.filter(staff=owner).values_list("user_id", flat=True).first()
    if owner_user:
        Notification.objects.get_or_create(
            user_id=owner_user,
            dedupe_key=f"problem-new-{problem.pk}",
            defaults={
                "zone_id": problem.zone_id,
                "kind": "projects.problem",
                "title": f"新问题：{project.name}·{problem.title}（{chinese_day(problem.due_on)}前办结）",
                "url": problem.get_absolute_url(),
            },
        )
    return problem


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


def _lock(actor, problem: Problem, expected_version) -> Problem:
    row = scoped_row(Problem, actor, problem.pk, label=_("问题"))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(_("该问题刚被他人处理过，请刷新后查看"))
    return row


@transaction.atomic
def problem_note_add(*, actor, problem: Problem, text: str, expected_version=None, on=None) -> ProblemNote:
    on = on or today()
    row = _lock(actor, problem, expected_version)
    _may_work_on(actor, row)
    if row.status != ProblemStatus.OPEN:
        raise DomainError(_("问题已解决，不能再添加进展"))
    text = check_text("text", text, required=_("请填写办理进展"))
    note = ProblemNote.objects.create(
        problem=row, on=on, author=actor, author_label=audit.actor_label(actor)[:80], text=text.strip()
    )
    row.version += 1
    row.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, note=f"进展：{text.strip()}"[:300])
    return note


@transaction.atomic
def problem_resolve(*, actor, problem: Problem, resolution: str, expected_version=None, on=None) -> Problem:
    on = on or today()
    row = _lock(actor, problem, expected_version)
    _may_work_on(actor, row)
    if row.status != ProblemStatus.OPEN:
        raise DomainError(_("问题已解决"))
    resolution = check_text("resolution", resolution, required=_("请填写解决情况"))
    if on < row.raised_on:
        raise field_error("on", _("解决日期不能早于提出日期"))
    row.status = ProblemStatus.RESOLVED
    row.resolution = resolution.strip()
    row.resolved_on = on
    row.resolved_by = actor
    row.version += 1
    row.save()
    if row.clock_id:
        from devzone.core.models import Clock

        clocks.clock_stop(clock=Clock.objects.get(pk=row.clock_id), on=on)
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=row,
        changes={"status": [ProblemStatus.OPEN, ProblemStatus.RESOLVED]},
        note=f"解决：{row.resolution}"[:300],
    )
    # 好差评 (services) rates the agency service here: it subscribes to PROBLEM_RESOLVED.
    from devzone.projects import hooks

    hooks.problem_resolved(problem=row, actor=actor)
    return row


def escalation_scan(on: dt.date) -> dict[str, int]:
    """Overdue open problems go to the zone's leaders (督办) and their responsible person, once each."""
    overdue = list(
        Problem.objects.filter(status=ProblemStatus.OPEN, due_on__lt=on).select_related("project", "owner")
    )
    if not overdue:
        return {"overdue": 0, "notified": 0}
    zone_ids = {p.zone_id for p in overdue}
    leaders: dict[int, list[int]] = {}
    for zone_id, user_id in Profile.objects.filter(zone_id__in=zone_ids, role=Role.ZONE_LEADER).values_list(
        "zone_id", "user_id"
    ):
        leaders.setdefault(zone_id, []).append(user_id)
    owners = dict(
        Profile.objects.filter(staff_id__in={p.owner_id for p in overdue}).values_list("staff_id", "user_id")
    )
    notes = []
    for p in overdue:
        key = f"problem-overdue-{p.pk}-{p.due_on:%Y%m%d}"
        title = f"督办：{p.project.name}·{p.title} 已超过办结期限（{chinese_day(p.due_on)}），责任人{p.owner.name}"
        for user_id in {*leaders.get(p.zone_id, []), owners.get(p.owner_id)} - {None}:
            notes.append(
                Notification(
                    user_id=user_id,
                    zone_id=p.zone_id,
                    kind="projects.escalate",
                    title=title[:200],
                    url=p.get_absolute_url(),
                    dedupe_key=key,
                )
            )
    sent = set(
        Notification.objects.filter(dedupe_key__in={n.dedupe_key for n in notes}).values_list(
            "user_id", "dedupe_key"
        )
    )
    new = [n for n in notes if (n.user_id, n.dedupe_key) not in sent]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    Problem.objects.filter(pk__in=[p.pk for p in overdue if p.escalated_on is None]).update(escalated_on=on)
    return {"overdue": len(overdue), "notified": len(new)}
