"""一企一策 (support plans), the routing table of requests and the zone's service settings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import Department, Enterprise, Profile
from devzone.services.choices import MeasureStatus, RequestCategory
from devzone.services.models import RoutingRule, ServiceSettings, SupportMeasure, SupportPlan
from devzone.services.services.common import STAFF_ROLES, locked, require_text, today


def _zone_staff_user(zone_id: int, user_id, field: str, label: str):
    if user_id in (None, ""):
        return None
    profile = (
        Profile.objects.filter(user_id=user_id, zone_id=zone_id, role__in=STAFF_ROLES)
        .select_related("user")
        .first()
    )
    if profile is None:
        msg = _("%(l)s须为本开发区工作人员") % {"l": label}
        raise DomainError(msg, {field: [msg]})
    return profile.user


def _department(zone_id: int, department_id, field: str = "department"):
    if department_id in (None, ""):
        return None
    dept = Department.objects.filter(pk=department_id, zone_id=zone_id).first()
    if dept is None:
        msg = _("部门须为本开发区的部门")
        raise DomainError(msg, {field: [msg]})
    return dept


@transaction.atomic
def plan_save(
    *, actor, enterprise: Enterprise, summary: str, owner_id=None, expected_version=None
) -> SupportPlan:
    """Create or edit the enterprise's plan (zone staff with the right to change plans)."""
    ent = Enterprise.objects.for_user(actor, "view").filter(pk=enterprise.pk).first()
    if ent is None:
        raise NotFoundError(_("企业不存在"))
    plan = SupportPlan.objects.select_for_update().filter(enterprise=ent).first()
    if plan is None:
        if not can(actor, "create", SupportPlan) or reach_of(actor).kind != "zone":
            raise PermissionDeniedError(_("您无权制定一企一策"))
        plan = SupportPlan(zone_id=ent.zone_id, enterprise=ent)
        before = {}
    else:
        plan = locked(SupportPlan, plan, actor, "change", expected_version, _("一企一策"))
        before = audit.snapshot(plan)
    plan.summary = (summary or "").strip()
    plan.owner = _zone_staff_user(ent.zone_id, owner_id, "owner", _("包联负责人"))
    plan.version += 1
    plan.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=plan,
        changes=audit.diff(before, audit.snapshot(plan)) if before else {},
    )
    return plan


@transaction.atomic
def measure_add(
    *, actor, plan: SupportPlan, title: str, detail: str = "", department_id=None, owner_id=None, due_on=None
) -> SupportMeasure:
    plan = locked(SupportPlan, plan, actor, "change", None, _("一企一策"))
    title = require_text(title, "title", _("请填写帮扶措施"))[:120]
    if due_on is not None and due_on < today():
        raise DomainError(_("完成时限不能早于今天"), {"due_on": [_("完成时限不能早于今天")]})
    measure = SupportMeasure.objects.create(
        plan=plan,
        title=title,
        detail=(detail or "").strip(),
        department=_department(plan.zone_id, department_id),
        owner=_zone_staff_user(plan.zone_id, owner_id, "owner", _("责任人")),
        due_on=due_on,
    )
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=plan, note=_("新增措施：%(t)s") % {"t": title})
    return measure


@transaction.atomic
def measure_update(
    *, actor, measure: SupportMeasure, status: str, done_on: dt.date | None = None, note: str = ""
) -> SupportMeasure:
    plan = locked(SupportPlan, measure.plan, actor, "change", None, _("一企一策"))
    row = SupportMeasure.objects.select_for_update().get(pk=measure.pk, plan=plan)
    if status not in MeasureStatus.values:
        raise DomainError(_("状态无效"), {"status": [_("状态无效")]})
    if status == MeasureStatus.DONE:
        done_on = done_on or today()
        if done_on > today():
            raise DomainError(_("落实日期不能晚于今天"), {"done_on": [_("落实日期不能晚于今天")]})
    else:
        done_on = None
    before = row.status
    row.status, row.done_on = status, done_on
    row.save(update_fields=["status", "done_on"])
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        note=f"{row.title}：{MeasureStatus(before).label} → {row.get_status_display()} {note}"[:300],
    )
    return row


def _leader_zone(actor, doing: str) -> int:
    r = reach_of(actor)
    if r.role != Role.ZONE_LEADER or r.kind != "zone":
        raise PermissionDeniedError(_("只有开发区领导可以%(d)s") % {"d": doing})
    return r.zone_id


@transaction.atomic
def routing_set(*, actor, category: str, department_id, deadline_days: int) -> RoutingRule:
    zone_id = _leader_zone(actor, _("设置诉求分派"))
    if category not in RequestCategory.values:
        raise DomainError(_("诉求类别无效"), {"category": [_("诉求类别无效")]})
    dept = _department(zone_id, department_id)
    if dept is None:
        raise DomainError(_("请选择承办部门"), {"department": [_("请选择承办部门")]})
    if not isinstance(deadline_days, int) or not 1 <= deadline_days <= 60:
        raise DomainError(_("办理时限应为1–60个工作日"), {"deadline_days": [_("办理时限应为1–60个工作日")]})
    rule = RoutingRule.objects.select_for_update().filter(zone_id=zone_id, category=category).first()
    before = audit.snapshot(rule) if rule else {}
    rule = rule or RoutingRule(zone_id=zone_id, category=category)
    rule.department, rule.deadline_days = dept, deadline_days
    rule.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=rule,
        changes=audit.diff(before, audit.snapshot(rule)),
    )
    return rule


@transaction.atomic
def settings_update(
    *,
    actor,
    followup_days: int,
    auto_rate_enabled: bool,
    auto_rate_days: int,
    request_default_days: int,
    survey_department_ids=None,
) -> ServiceSettings:
    from devzone.core.models import Zone
    from devzone.services.selectors import settings_for

    zone_id = _leader_zone(actor, _("修改企业服务设置"))
    conf = settings_for(Zone.objects.get(pk=zone_id))
    conf = ServiceSettings.objects.select_for_update().get(pk=conf.pk)
    before = audit.snapshot(conf)
    errors = {}
    for field, value, top in (
        ("followup_days", followup_days, 60),
        ("auto_rate_days", auto_rate_days, 90),
        ("request_default_days", request_default_days, 60),
    ):
        if not isinstance(value, int) or not 1 <= value <= top:
            errors[field] = [_("应为1–%(n)d之间的整数") % {"n": top}]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    conf.followup_days, conf.auto_rate_enabled = followup_days, bool(auto_rate_enabled)
    conf.auto_rate_days, conf.request_default_days = auto_rate_days, request_default_days
    conf.save()
    if survey_department_ids is not None:
        depts = [_department(zone_id, d, "survey_departments") for d in survey_department_ids]
        conf.survey_departments.set(depts)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=conf, changes=audit.diff(before, audit.snapshot(conf))
    )
    return conf
