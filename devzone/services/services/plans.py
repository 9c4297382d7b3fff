"""一企一策 (support plans), the routing table of requests and the zone's service settings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import Enterprise, Zone
from devzone.core.notify import stored
from devzone.services.choices import MeasureStatus, RequestCategory
from devzone.services.models import RoutingRule, ServiceSettings, SupportMeasure, SupportPlan
from devzone.services.services.common import zone_department, zone_staff_user


def require_keeper(actor, plan: SupportPlan, also: int | None = None) -> None:
    """An existing plan and its measures are changed by the plan's owner (包联负责人) and the zone's leaders
    only — and a measure's status also by the person responsible for it (``also``) — not by any staff."""
    if actor.pk in (plan.owner_id, also) or reach_of(actor).role == Role.ZONE_LEADER:
        return
    raise PermissionDeniedError(_("只有包联负责人和开发区领导可以修改一企一策"))


@transaction.atomic
def plan_save(
    *, actor, enterprise: Enterprise, summary: str, owner_id=None, expected_version=None
) -> SupportPlan:
    """Create or edit the enterprise's plan (zone staff with the right to change plans)."""
    ent = in_scope(Enterprise, enterprise, actor=actor, what=_("企业"))
    # The enterprise row locked before "no plan yet" is read: two first saves at once (a double click, a retry)
    # run one after the other, the second editing the plan the first made (not failing on the unique
    # constraint). ``no_key``: other writes that merely refer to the enterprise are not held up.
    Enterprise.objects.select_for_update(no_key=True).filter(pk=ent.pk).first()
    plan = SupportPlan.objects.select_for_update().filter(enterprise=ent).first()
    if plan is None:
        if not can(actor, "create", SupportPlan) or reach_of(actor).kind != "zone":
            raise PermissionDeniedError(_("您无权制定一企一策"))
        plan = SupportPlan(zone_id=ent.zone_id, enterprise=ent)
        before = {}
    else:
        plan = locked(SupportPlan, plan, actor=actor, version=expected_version, what=_("一企一策"))
        require_keeper(actor, plan)
        before = audit.snapshot(plan)
    plan.summary = (summary or "").strip()
    if owner_id in (None, "") and not before:
        owner_id = actor.pk  # whoever draws up the plan keeps it until an owner is named
    plan.owner = zone_staff_user(ent.zone_id, owner_id, field="owner", label=_("包联负责人"))
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
    plan = locked(SupportPlan, plan, actor=actor, what=_("一企一策"))
    require_keeper(actor, plan)
    title = require_text(title, "title", _("请填写帮扶措施"))[:120]
    require(due_on is None or due_on >= timezone.localdate(), _("完成时限不能早于今天"), "due_on")
    measure = SupportMeasure.objects.create(
        plan=plan,
        title=title,
        detail=(detail or "").strip(),
        department=zone_department(plan.zone_id, department_id),
        owner=zone_staff_user(plan.zone_id, owner_id, field="owner", label=_("责任人")),
        due_on=due_on,
    )
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=plan,
        note=stored(gettext_lazy("新增措施：%(t)s"), t=title),
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    actor,
    measure: SupportMeasure,
    status: str,
    done_on: dt.date | None = None,
    note: str = "",
    expected_version=None,
) -> SupportMeasure:
    """A measure's status moved; ``expected_version``: the plan's version the page showed (stale → 409, so that a
    measure cancelled or done meanwhile is not moved back by a page read before)."""
    plan = locked(SupportPlan, measure.plan_id, actor=actor, version=expected_version, what=_("一企一策"))
    row = SupportMeasure.objects.select_for_update().get(pk=measure.pk, plan=plan)
    require_keeper(actor, plan, also=row.owner_id)
    require(status in MeasureStatus.values, _("状态无效"), "status")
    if status == MeasureStatus.DONE:
        done_on = done_on or timezone.localdate()
        require(done_on <= timezone.localdate(), _("落实日期不能晚于今天"), "done_on")
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
    require_role(actor, Role.ZONE_LEADER, doing=doing)
    return reach_of(actor).zone_id


@transaction.atomic
def routing_set(*, actor, category: str, department_id, deadline_days: int) -> RoutingRule:
    zone_id = _leader_zone(actor, _("设置诉求分派"))
    require(category in RequestCategory.values, _("诉求类别无效"), "category")
    dept = zone_department(zone_id, department_id)
    require(dept is not None, _("请选择承办部门"), "department")
    # an abolished body handles nothing (``requests.route`` passes such a rule's requests to 综合服务部)
    require(
        dept.abolished_on is None or dept.abolished_on > timezone.localdate(),
        _("该部门已撤销，不能承办诉求"),
        "department",
    )
    require(
        isinstance(deadline_days, int) and 1 <= deadline_days <= 60,
        _("办理时限应为1–60个工作日"),
        "deadline_days",
    )
    # The zone row locked before "no rule yet" is read: two saves of a new rule at once make one rule, the
    # second updating it, instead of the second failing on the unique constraint.
    Zone.objects.select_for_update(no_key=True).filter(pk=zone_id).first()
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
    expected_version=None,
) -> ServiceSettings:
    from devzone.services.selectors import settings_for

    zone_id = _leader_zone(actor, _("修改企业服务设置"))
    conf = settings_for(Zone.objects.get(pk=zone_id))
    conf = ServiceSettings.objects.select_for_update().get(pk=conf.pk)
    # every setting is posted at once: a page read before another leader's save would put their values back
    if expected_version not in (None, "") and conf.version != expected_version:
        raise ConflictError(_("该记录刚被他人处理过，请刷新后查看最新状态"))
    # the survey departments too: which departments the quarter's survey rates moves their assessment and pay
    before = {**audit.snapshot(conf), **audit.many_snapshot(conf)}
    errors = {}
    for field, value, top in (
        ("followup_days", followup_days, 60),
        ("auto_rate_days", auto_rate_days, 90),
        ("request_default_days", request_default_days, 60),
    ):
        if not isinstance(value, int) or not 1 <= value <= top:
            errors[field] = [_("应为1–%(n)d之间的整数") % {"n": top}]
    if errors:
        raise DomainError.of(errors)
    conf.followup_days, conf.auto_rate_enabled = followup_days, bool(auto_rate_enabled)
    conf.auto_rate_days, conf.request_default_days = auto_rate_days, request_default_days
    conf.version += 1
    conf.save()
    if survey_department_ids is not None:
        depts = [zone_department(zone_id, d, "survey_departments") for d in survey_department_ids]
        conf.survey_departments.set(depts)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=conf,
        changes=audit.diff(before, {**audit.snapshot(conf), **audit.many_snapshot(conf)}),
    )
    return conf


def settings_set(*, actor, values: dict) -> ServiceSettings:
    """``settings_update`` from the values of the settings form or API body (``selectors.settings_values``'
    names)."""
    return settings_update(
        actor=actor,
        followup_days=values["followup_days"],
        auto_rate_enabled=values["auto_rate_enabled"],
        auto_rate_days=values["auto_rate_days"],
        request_default_days=values["request_default_days"],
        survey_department_ids=values["survey_departments"],
        expected_version=values.get("version"),
    )
