"""Timetables: the zone's templates, the handover of a signed project to construction (重点项目), milestones
reached by hand or by a granted approval, the year's investment against 序时进度, and the stored status."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, require, require_role
from devzone.core.locking import locked
from devzone.core.models import Project, Staff
from devzone.core.notify import stored
from devzone.core.templatetags.devzone import wan
from devzone.projects import hooks
from devzone.projects import status as status_algo
from devzone.projects.choices import DEFAULT_STEPS, START_CODE, ProjectType
from devzone.projects.events import milestone_reached
from devzone.projects.models import (
    AnnualPlan,
    KeyProject,
    Milestone,
    MilestoneTemplate,
    MonthlyInvestment,
    ProjectRules,
    TemplateStep,
)
from devzone.projects.services.common import (
    HANDOVER,
    LEADERS,
    WORKERS,
    add_workdays,
    algo_rules,
    bump,
    check_past_date,
    check_seen,
    clean_texts,
    rules_for,
    tracking_of,
)
from devzone.projects.services.common import day as day_text


# --- templates -------------------------------------------------------------------------------------------
def ensure_template(zone_id: int, project_type: str = ProjectType.INDUSTRIAL) -> MilestoneTemplate:
    """The zone's template for the type; the default steps are written the first time it is needed."""
    template = MilestoneTemplate.objects.filter(zone_id=zone_id, project_type=project_type).first()
    if template is None:
        label = ProjectType(project_type).label
        template = MilestoneTemplate.objects.create(
            zone_id=zone_id, project_type=project_type, name=_("%(t)s节点模板") % {"t": label}
        )
        TemplateStep.objects.bulk_create(
            TemplateStep(
                template=template, order=i, code=code, name=name, offset_workdays=off, approval_item_code=item
            )
            for i, (code, name, off, item) in enumerate(DEFAULT_STEPS, start=1)
        )
    return template


@transaction.atomic
def template_step_update(
    *, actor, step: TemplateStep, name: str, offset_workdays: int, approval_item_code: str = ""
) -> TemplateStep:
    require_role(actor, *LEADERS, doing=_("修改节点模板"))
    locked(MilestoneTemplate, step.template_id, actor=actor, what=_("节点模板"))
    step = TemplateStep.objects.select_for_update().get(pk=step.pk)
    texts = clean_texts(
        ("name", name, 30, _("请填写节点名称")), ("approval_item_code", approval_item_code, 40, "")
    )
    name, approval_item_code = texts["name"], texts["approval_item_code"]
    require(
        offset_workdays is not None and 0 <= offset_workdays <= 2000,
        _("距签约工作日数应在0–2000之间"),
        "offset_workdays",
    )
    before = audit.snapshot(step)
    neighbours = list(step.template.steps.exclude(pk=step.pk))
    earlier = [s.offset_workdays for s in neighbours if s.order < step.order]
    later = [s.offset_workdays for s in neighbours if s.order > step.order]
    require(
        not (earlier and offset_workdays < max(earlier)) and not (later and offset_workdays > min(later)),
        _("节点须按顺序：不能早于前一节点或晚于后一节点"),
        "offset_workdays",
    )
    step.name, step.offset_workdays, step.approval_item_code = name, offset_workdays, approval_item_code
    step.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=step.template,
        changes=audit.diff(before, audit.snapshot(step)),
        note=stored(gettext_lazy("节点 %(code)s"), code=step.code),
    )
    return step


@transaction.atomic
def rules_update(*, actor, zone_id: int, data: dict, expected_version: int | None = None) -> ProjectRules:
    require_role(actor, *LEADERS, doing=_("修改重点项目规则"))
    rules = locked(
        ProjectRules,
        rules_for(zone_id),
        actor=actor,
        version=expected_version,
        what=_("规则"),
        conflict=_("规则刚被他人修改，请刷新后再改"),
    )
    before = audit.snapshot(rules)
    for key, value in data.items():
        if isinstance(value, Decimal) and value.is_finite() and value == 0:
            value = Decimal(0)  # "-0" is 0
        setattr(rules, key, value)
    from django.core.exceptions import ValidationError

    try:
        rules.full_clean(exclude=["zone"])
    except ValidationError as e:
        raise DomainError.from_validation(e) from e
    require(
        rules.start_red_months > rules.start_yellow_months, _("转红月数须大于转黄月数"), "start_red_months"
    )
    require(
        rules.behind_red_points > rules.behind_yellow_points,
        _("转红百分点须大于转黄百分点"),
        "behind_red_points",
    )
    changes = audit.diff(before, audit.snapshot(rules))
    if not changes:
        return rules  # nothing changed: no new version, no audit event
    rules.version += 1
    rules.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=rules, changes=changes)
    return rules


# --- handover ----------------------------------------------------------------------------------------------
@transaction.atomic
def handover_to_build(
    *,
    actor,
    project: Project,
    agent: Staff | None = None,
    project_type: str = ProjectType.INDUSTRIAL,
    on=None,
) -> KeyProject:
    """Mark a signed project key, write its timetable from the zone's template (planned dates in working days
    from the signing date) and assign its agent when given. Called when a contract is signed."""
    from devzone.projects.services.agents import assign, visit_clock_restart

    on = on or timezone.localdate()
    require_role(actor, *HANDOVER, doing=_("将项目转入重点项目"))
    project = locked(Project, project, actor=actor, action="view", what=_("项目"))
    require(project.signed_on is not None, _("项目尚无签约日期，不能建立时间表"), "project")
    if KeyProject.objects.filter(project=project).exists():
        raise ConflictError(_("该项目已是重点项目，时间表已建立"))
    require(project_type in ProjectType.values, _("未知的项目类型"), "project_type")
    rules = rules_for(project.zone_id)
    template = ensure_template(project.zone_id, project_type)
    steps = list(template.steps.all())
    Milestone.objects.bulk_create(
        Milestone(
            zone_id=project.zone_id,
            project=project,
            order=s.order,
            code=s.code,
            name=s.name,
            planned_on=add_workdays(project.signed_on, s.offset_workdays),
            actual_on=project.signed_on if s.code == "signing" else None,
            approval_item_code=s.approval_item_code,
        )
        for s in steps
    )
    if not project.is_key:
        project.is_key = True
        project.save(update_fields=["is_key", "updated_at"])
    tracking = KeyProject.objects.create(
        zone_id=project.zone_id,
        project=project,
        project_type=project_type,
        visit_cadence_workdays=rules.visit_cadence_workdays,
        handed_over_on=on,
        status_since=on,
    )
    visit_clock_restart(tracking, on)  # the first visit is due the cadence after the handover
    tracking.save(update_fields=["visit_clock", "next_visit_due"])
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=tracking, note=gettext_lazy("转入重点项目，建立时间表")
    )
    if agent is not None:
        assign(
            actor=actor, tracking=tracking, agent=agent, on=on, note=stored(gettext_lazy("转入建设时指定"))
        )
    refresh_status(tracking, on=on)
    return tracking


# --- milestones ----------------------------------------------------------------------------------------------
@transaction.atomic
def milestone_record(
    *, actor, milestone: Milestone, actual_on: dt.date, notes: str = "", expected_version=None, on=None
) -> Milestone:
    """Record the day a milestone was reached: not before the signing, not in the future, and once (a reached
    milestone has told other modules its date, 大招商's contract among them: there is no correction)."""
    on = on or timezone.localdate()
    require_role(actor, *WORKERS, doing=_("登记节点完成"))
    ms = locked(
        Milestone,
        milestone,
        actor=actor,
        version=expected_version,
        what=_("节点"),
        conflict=_("该节点刚被他人登记过，请刷新后查看"),
    )
    if ms.actual_on is not None:
        raise DomainError.on(
            "__all__",
            _("该节点已于%(day)s完成，不能重复登记") % {"day": day_text(ms.actual_on)},
        )
    texts = clean_texts(("notes", notes, 500, ""))
    notes = texts["notes"]
    require(actual_on is not None, _("请填写实际完成日期"), "actual_on")
    project = Project.objects.get(pk=ms.project_id)
    check_past_date("actual_on", actual_on, not_before=project.signed_on, before_label=_("签约日期"), on=on)
    _reach(
        ms, project=project, actual_on=actual_on, notes=notes, actor=actor, note=gettext_lazy("登记节点完成")
    )
    return ms


def _reach(ms: Milestone, *, project, actual_on, notes, actor, note) -> None:
    before = audit.snapshot(ms)
    ms.actual_on = actual_on
    if notes:
        ms.notes = notes
    ms.recorded_by = actor
    ms.version += 1
    ms.save()
    audit.updated(actor, ms, before, note=note)
    milestone_reached(ms, project)
    hooks.milestone_reached(project=project, code=ms.code, on=actual_on, actor=actor)
    tracking = KeyProject.objects.filter(project=project).first()
    if tracking is not None:
        refresh_status(tracking, on=max(actual_on, timezone.localdate()))


@transaction.atomic
def milestones_on_approval_granted(
    *, project, item_code: str, on: dt.date, actor, outcome: str = "准予许可"
) -> Milestone | None:
    """Approvals granted ``item_code`` for ``project``: the open milestone tied to that item completes by
    itself. Tolerant: a project without a timetable or without such a milestone changes nothing. ``outcome``
    is the decision in the item's own words (准予备案, 审查通过 …)."""
    ms = (
        Milestone.objects.select_for_update()
        .filter(project_id=project.pk, approval_item_code=item_code, actual_on__isnull=True)
        .order_by("order")
        .first()
    )
    if ms is None:
        return None
    signed = project.signed_on
    day = max(on, signed) if signed else on
    _reach(
        ms,
        project=project,
        actual_on=day,
        notes="",
        actor=actor,
        note=stored(
            gettext_lazy("审批事项 %(item)s %(outcome)s，节点自动完成"), item=item_code, outcome=outcome
        ),
    )
    return ms


# --- investment ----------------------------------------------------------------------------------------------
# An amount in 万元 as the language of the note reads it (1.2亿元 / CNY 120 million), not 12000.00 万元.
money = lazy(wan, str)


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError.on(field, _("请填写金额（万元）")) from None
    require(
        amount.is_finite() and 0 <= amount <= Decimal("100000000"),
        _("金额应在0到1万亿元之间（单位：万元）"),
        field,
    )
    require(
        amount == amount.quantize(Decimal("0.01")),
        _("金额最多保留两位小数（单位：万元，即精确到百元）"),
        field,
    )
    return amount.quantize(Decimal("0.01")) + 0


def _investment_saved(actor, tracking: KeyProject, row, on: dt.date, note: str) -> None:
    """After a figure of the key project's investment (``row``) is written: the key project's new version, noted
    on the figure as the one that changed it, the audit row (``note`` says which figure) and its status computed
    again."""
    row.changed_in = bump(tracking)
    row.save(update_fields=["changed_in"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=tracking, note=note)
    refresh_status(tracking, on=on)


@transaction.atomic
def investment_plan_set(
    *, actor, project: Project, year: int, planned_wan, expected_version: int | None = None, on=None
) -> AnnualPlan:
    """A year's planned investment, at the key project's version the actor saw (409, nothing saved, when that
    year's plan was written after it; None: not checked); the key project takes a new version."""
    on = on or timezone.localdate()
    require_role(actor, *WORKERS, doing=_("填报年度计划投资"))
    tracking = tracking_of(actor, project)
    require(2000 <= int(year) <= on.year + 1, _("年度应在2000年到明年之间"), "year")
    written = AnnualPlan.objects.filter(project_id=tracking.project_id, year=year)
    check_seen(tracking, expected_version, written.values_list("changed_in", flat=True).first() or 0)
    amount = _amount(planned_wan, "planned_wan")
    plan, _created = AnnualPlan.objects.update_or_create(
        project_id=tracking.project_id,
        year=year,
        defaults={"zone_id": tracking.zone_id, "planned_wan": amount},
    )
    _investment_saved(
        actor,
        tracking,
        plan,
        on,
        stored(gettext_lazy("%(year)s年计划投资%(amount)s"), year=year, amount=money(amount)),
    )
    return plan


@transaction.atomic
def investment_month_record(
    *,
    actor,
    project: Project,
    year: int,
    month: int,
    completed_wan,
    expected_version: int | None = None,
    on=None,
) -> MonthlyInvestment:
    """A month's completed investment, at the key project's version the actor saw (409 when that month's figure
    was written after it, as ``investment_plan_set``)."""
    on = on or timezone.localdate()
    require_role(actor, *WORKERS, doing=_("填报月度完成投资"))
    tracking = tracking_of(actor, project)
    require(1 <= int(month) <= 12, _("月份应为1–12"), "month")
    written = MonthlyInvestment.objects.filter(project_id=tracking.project_id, year=year, month=month)
    check_seen(tracking, expected_version, written.values_list("changed_in", flat=True).first() or 0)
    require((int(year), int(month)) <= (on.year, on.month), _("不能填报未来月份的完成投资"), "month")
    signed = tracking.project.signed_on
    require(
        not signed or (int(year), int(month)) >= (signed.year, signed.month),
        _("不能填报签约之前月份的完成投资"),
        "month",
    )
    amount = _amount(completed_wan, "completed_wan")
    row, _created = MonthlyInvestment.objects.update_or_create(
        project_id=tracking.project_id,
        year=year,
        month=month,
        defaults={"zone_id": tracking.zone_id, "completed_wan": amount},
    )
    note = stored(
        gettext_lazy("%(year)s年%(month)s月完成投资%(amount)s"), year=year, month=month, amount=money(amount)
    )
    _investment_saved(actor, tracking, row, on, note)
    return row


# --- status ----------------------------------------------------------------------------------------------------
# What a status computation writes on the key project (one row after an edit, every row in the daily job).
STATUS_FIELDS = (
    "status",
    "status_since",
    "status_reason",
    "last_red_on",
    "turned_red_on",
    "behind_points",
    "status_computed_on",
    "next_milestone",
    "next_milestone_code",
    "next_milestone_on",
)


def _compute(
    tracking: KeyProject, milestones: list[Milestone], *, annual_plan, completed, rules, on: dt.date
):
    """The status algorithm on one key project's figures: (its result, the next open milestone)."""
    start = next((m for m in milestones if m.code == START_CODE), None)
    result = status_algo.compute(
        status_algo.Inputs(
            today=on,
            planned_start=start.planned_on if start else None,
            started_on=start.actual_on if start else None,
            annual_plan=annual_plan,
            completed=completed,
            last_red_on=tracking.last_red_on,
        ),
        rules,
    )
    nxt = min((m for m in milestones if m.actual_on is None), key=lambda m: m.order, default=None)
    return result, nxt


def _apply(tracking: KeyProject, result: status_algo.Result, on: dt.date, nxt) -> bool:
    changed = tracking.status != result.colour
    if changed:
        if result.colour == status_algo.RED:
            tracking.turned_red_on = on
        tracking.status = result.colour
        tracking.status_since = on
    tracking.status_reason = status_algo.SEPARATOR.join(result.reasons)[:200]
    tracking.last_red_on = result.last_red_on
    tracking.behind_points = result.behind_points
    tracking.status_computed_on = on
    tracking.next_milestone = nxt.name if nxt else ""
    tracking.next_milestone_code = nxt.code if nxt else ""
    tracking.next_milestone_on = nxt.planned_on if nxt else None
    return changed


def refresh_status(tracking: KeyProject, *, on: dt.date | None = None) -> KeyProject:
    """Recompute one project's status after an edit (in the caller's transaction).

    A red that only flickers while figures are being entered (a plan saved before its months, milestones
    entered one after the other) is not a red day: the days a project was red (``last_red_on``, from which
    a project that catches up stays yellow for a month) are recorded by the daily job only."""
    on = on or timezone.localdate()
    rules = algo_rules(rules_for(tracking.zone_id))
    milestones = list(Milestone.objects.filter(project_id=tracking.project_id))
    plan = AnnualPlan.objects.filter(project_id=tracking.project_id, year=on.year).first()
    completed = MonthlyInvestment.objects.filter(
        project_id=tracking.project_id, year=on.year, month__lt=on.month
    ).aggregate(s=Sum("completed_wan"))["s"] or Decimal("0")
    result, nxt = _compute(
        tracking,
        milestones,
        annual_plan=plan.planned_wan if plan else None,
        completed=completed,
        rules=rules,
        on=on,
    )
    result = dataclasses.replace(result, last_red_on=tracking.last_red_on)
    _apply(tracking, result, on, nxt)
    KeyProject.objects.filter(pk=tracking.pk).update(**{f: getattr(tracking, f) for f in STATUS_FIELDS})
    return tracking


def refresh_statuses(*, on: dt.date, zone_id: int | None = None) -> dict[str, int]:
    """Recompute every key project's status (the daily job): a handful of queries per zone, not per project."""
    qs = KeyProject.objects.all()
    if zone_id is not None:
        qs = qs.filter(zone_id=zone_id)
    zone_ids = set(qs.values_list("zone_id", flat=True).distinct())
    counts = {"projects": 0, "changed": 0}
    for zid in zone_ids:
        rules = algo_rules(rules_for(zid))
        rows = list(KeyProject.objects.filter(zone_id=zid))
        project_ids = [t.project_id for t in rows]
        milestones: dict[int, list[Milestone]] = {}
        for m in Milestone.objects.filter(project_id__in=project_ids).only(
            "project_id", "order", "code", "name", "planned_on", "actual_on"
        ):
            milestones.setdefault(m.project_id, []).append(m)
        plans = dict(
            AnnualPlan.objects.filter(project_id__in=project_ids, year=on.year).values_list(
                "project_id", "planned_wan"
            )
        )
        done = dict(
            MonthlyInvestment.objects.filter(project_id__in=project_ids, year=on.year, month__lt=on.month)
            .values("project_id")
            .annotate(s=Sum("completed_wan"))
            .values_list("project_id", "s")
        )
        with transaction.atomic():
            for t in rows:
                result, nxt = _compute(
                    t,
                    milestones.get(t.project_id, []),
                    annual_plan=plans.get(t.project_id),
                    completed=done.get(t.project_id) or Decimal("0"),
                    rules=rules,
                    on=on,
                )
                counts["changed"] += _apply(t, result, on, nxt)
            KeyProject.objects.bulk_update(rows, STATUS_FIELDS, batch_size=500)
        counts["projects"] += len(rows)
    return counts


def milestone_lateness(ms: Milestone, on: dt.date, cal=None) -> int:
    from devzone.core.workdays import get_calendar

    cal = cal or get_calendar()
    return status_algo.lateness(ms.planned_on, ms.actual_on, on, cal.between)
