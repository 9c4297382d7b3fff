"""The item page's write: one item with its prerequisites, steps and materials, in one transaction with one
audit event, under the same rules as the import (``checks.item_rule_errors``)."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.approvals.catalog.checks import MAX_DEPTH, cycle, item_rule_errors
from devzone.approvals.catalog.writes import MaterialPlan, extra_snapshot, sync_steps
from devzone.approvals.catalog_excel import MaterialRow
from devzone.approvals.models import ApprovalItem
from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import Zone


def _parent_errors(item: ApprovalItem) -> list[str]:
    """The parent in the same zone, neither the item nor below it, at most three levels."""
    out: list[str] = []
    if item.parent_id is not None:
        parent = item.parent
        if parent.zone_id != item.zone_id:
            out.append(_("上级事项不属于该开发区"))
        else:
            chain, node = 2, parent
            while node is not None:
                if item.pk is not None and node.pk == item.pk:
                    out.append(_("上级事项不能是自身或其下级事项"))
                    break
                if node.parent_id is not None:
                    chain += 1
                node = node.parent
            if chain > MAX_DEPTH:
                out.append(_("层级超过三级（主项→子项→办理项）"))
    return out


def _prerequisite_errors(item: ApprovalItem, prerequisites: list[ApprovalItem]) -> list[str]:
    """Prerequisites: leaves of the same zone, not the item, no cycle."""
    out: list[str] = []
    has_children = item.pk is not None and item.children.exists()
    if prerequisites and has_children:
        out.append(_("主项不能设置前置事项，请设置在其子项或办理项上"))
    for p in prerequisites:
        if p.zone_id != item.zone_id:
            out.append(_("前置事项不属于该开发区"))
        elif item.pk is not None and p.pk == item.pk:
            out.append(_("事项不能以自身为前置事项"))
        elif p.children.exists():
            out.append(_("“%(i)s”是主项，请选择其子项或办理项") % {"i": p})
    if item.pk is not None and prerequisites:
        graph: dict[str, set[str]] = defaultdict(set)
        for a, b in ApprovalItem.prerequisites.through.objects.filter(
            from_approvalitem__zone_id=item.zone_id
        ).values_list("from_approvalitem_id", "to_approvalitem_id"):
            graph[str(a)].add(str(b))
        graph[str(item.pk)] = {str(p.pk) for p in prerequisites}
        if cycle(graph, str(item.pk)):
            out.append(_("前置事项形成循环"))
    return out


def _item_errors(item: ApprovalItem, prerequisites, steps: dict[str, int], materials) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = defaultdict(list)
    for fname, message in item_rule_errors(
        kind=item.kind,
        legal=item.legal_limit_days,
        promised=item.promised_limit_days,
        handling_kind=item.handling_kind,
        has_parent=item.parent_id is not None,
        steps=steps,
    ).items():
        errors[fname].append(message)
    for key, found in (
        ("parent", _parent_errors(item)),
        ("prerequisites", _prerequisite_errors(item, prerequisites)),
    ):
        if found:
            errors[key].extend(found)
    for r in materials or []:
        if r.tolerable and not r.supply_days:
            errors["materials"].append(_("可容缺材料“%(m)s”须填写容缺补交期限") % {"m": r.name})
    try:
        item.full_clean(validate_constraints=False)
    except ValidationError as e:
        for fname, msgs in e.message_dict.items():
            if fname not in errors:  # the rules above already said it in their words
                errors[fname].extend(msgs)
    if (
        item.code
        and ApprovalItem.objects.filter(zone_id=item.zone_id, code=item.code).exclude(pk=item.pk).exists()
    ):
        errors["code"].append(_("编码%(code)s在本开发区已存在") % {"code": item.code})
    return errors


@transaction.atomic
def item_save(
    *,
    actor,
    item: ApprovalItem,
    prerequisites: list[ApprovalItem],
    steps: dict[str, int],
    materials: list[MaterialRow] | None = None,
    material_ids: dict[int, MaterialRow] | None = None,
    seen_updated_at=None,
) -> ApprovalItem:
    """Create or change one item with its prerequisites, steps and (when given) materials, in one
    transaction with one audit event. ``material_ids`` pairs stored materials (by id) with their new rows."""
    creating = item.pk is None
    if creating:
        if (
            not can(actor, "create", ApprovalItem)
            or not Zone.objects.for_user(actor).filter(pk=item.zone_id).exists()
        ):
            raise PermissionDeniedError(_("无权新增审批事项"))
        before = {}
    else:
        stored = ApprovalItem.objects.for_user(actor, "change").select_for_update().filter(pk=item.pk).first()
        if stored is None:
            raise PermissionDeniedError(_("无权修改此审批事项"))
        if seen_updated_at is not None and stored.updated_at != seen_updated_at:
            raise ConflictError(_("该事项已被他人修改，请刷新后重试"))
        before = audit.snapshot(stored) | extra_snapshot(stored)

    errors = _item_errors(item, prerequisites, steps, materials)
    if errors:
        raise DomainError.of({k: list(dict.fromkeys(v)) for k, v in errors.items()})
    # a person saved the item with its legal nature in view: a nature defaulted by migration 0005 is confirmed
    item.legal_nature_confirmed = True
    item.save()
    if (
        not ApprovalItem.objects.for_user(actor, "create" if creating else "change")
        .filter(pk=item.pk)
        .exists()
    ):
        raise PermissionDeniedError(_("无权在该范围内操作此记录"))
    item.prerequisites.set(prerequisites)
    sync_steps([(item, list(item.steps.all()), steps)])
    if materials is not None:
        plan = MaterialPlan()
        plan.add(item, list(item.materials.all()), materials, keep=material_ids)
        plan.run()
    item = ApprovalItem.objects.prefetch_related("prerequisites", "steps", "materials").get(pk=item.pk)
    changes = audit.diff(before, audit.snapshot(item) | extra_snapshot(item))
    if creating or changes:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=item,
            changes=changes,
        )
    return item
