"""The catalog of delegated approval items (审批事项目录): Excel import and export, the template, and the
writes behind the item pages.

Import is all or nothing: every row of both sheets is checked first (``catalog_excel`` reads the cells, the
rules across rows and against the zone's catalog are here) and any error gives a row-by-row report and imports
nothing. A code already in the zone updates that item; the 事项 row describes the whole item (its
prerequisites and steps are replaced by the row's). The materials of an item are replaced by its rows of the
材料 sheet only when the sheet lists it (an item absent from the sheet keeps its materials), and a material is
updated in place (matched by name, then by number), so the applications that refer to it keep their
reference. Export writes the same layout, so export → import changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from devzone.approvals.catalog_excel import (
    COPY,
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    NO,
    ORIGINAL,
    STEP_COLUMNS,
    YES,
    Catalog,
    ItemRow,
    MaterialRow,
    RowErrors,
    item_cells,
    material_cells,
    read_catalog,
    split_steps,
    write_workbook,
)
from devzone.approvals.choices import HandlingKind, ItemKind, Stage
from devzone.approvals.models import ApprovalItem, ItemStep, Material, RequiredMaterial, SourceDepartment
from devzone.approvals.models import ToleratedMaterial as Tolerated
from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import Zone

__all__ = [
    "ITEM_COLUMNS",
    "MATERIAL_COLUMNS",
    "Catalog",
    "ItemRow",
    "MaterialRow",
    "catalog_export",
    "catalog_import",
    "catalog_load",
    "catalog_rows",
    "catalog_template",
    "item_rule_errors",
    "item_save",
    "read_catalog",
    "source_department_create",
    "split_steps",
]

MAX_DEPTH = 3  # 主项 → 子项 → 办理项

# --- checking ---------------------------------------------------------------------------------------------
FIELD_LABELS = {
    "code": "编码",
    "name": "名称",
    "result_type": "审批结果",
    "legal_basis": "设定依据",
    "legal_limit_days": "法定时限",
    "promised_limit_days": "承诺时限",
    "fee": "收费",
    "handling_kind": "办理项",
    "delegation_batch": "下放批次",
}


def item_rule_errors(
    *,
    kind: str,
    legal: int | None,
    promised: int | None,
    handling_kind: str,
    has_parent: bool,
    steps: dict[str, int],
) -> dict[str, str]:
    """The rules of one item beyond its model (shared by the import and the edit page): field -> message."""
    errors = {}
    if legal is not None and promised is not None and legal >= 0 and promised >= 0:
        if promised > legal:
            errors["promised_limit_days"] = _("承诺时限（%(p)d）不能超过法定时限（%(l)d）") % {
                "p": promised,
                "l": legal,
            }
        elif kind == ItemKind.INSTANT and promised != 0:
            errors["promised_limit_days"] = _("即办件的承诺时限应为0")
        elif steps and sum(steps.values()) != promised:
            errors["steps"] = _("各环节时限之和（%(s)d）应等于承诺时限（%(p)d）") % {
                "s": sum(steps.values()),
                "p": promised,
            }
    if handling_kind and not has_parent:
        errors["handling_kind"] = _("办理项须有上级事项（填写上级编码）")
    return errors


def _cycle(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path start → … → start through ``graph``, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def _check(zone: Zone, catalog: Catalog) -> tuple[dict[str, ApprovalItem], dict[str, SourceDepartment]]:
    """Every rule, every row; raises DomainError with the full report. Returns the zone's stored items and
    source departments by code and name."""
    errors = catalog.errors if isinstance(catalog.errors, RowErrors) else RowErrors()
    stored = {
        i.code: i
        for i in ApprovalItem.objects.filter(zone=zone)
        .select_related("parent")
        .prefetch_related("prerequisites", "steps", "materials")
    }
    departments = {d.name: d for d in SourceDepartment.objects.filter(zone=zone)}
    rows = catalog.items
    if not rows and not catalog.materials:
        raise DomainError(_("文件中没有数据行"))

    first_row: dict[str, ItemRow] = {}
    unique_rows: list[ItemRow] = []
    for r in rows:
        if not r.code:
            errors.item(r, _("编码不能为空"))
            continue
        if r.code in first_row:
            errors.item(
                r, _("编码%(code)s与第%(row)d行重复") % {"code": r.code, "row": first_row[r.code].row}
            )
            continue
        first_row[r.code] = r
        unique_rows.append(r)

    # The catalog as it will be: stored items with the file's rows laid over them.
    parent_of = {code: (i.parent.code if i.parent else "") for code, i in stored.items()}
    prereqs_of = {code: {p.code for p in i.prerequisites.all()} for code, i in stored.items()}
    for r in unique_rows:
        parent_of[r.code] = r.parent_code
        prereqs_of[r.code] = set(r.prerequisites)
    with_children = {p for p in parent_of.values() if p}

    for r in unique_rows:
        if not r.name:
            errors.item(r, _("名称不能为空"))
        if not r.result_type:
            errors.item(r, _("审批结果不能为空"))
        if not r.department:
            errors.item(r, _("原职能部门不能为空"))
        elif r.department not in departments:
            known = "、".join(departments) or _("（尚未设置）")
            errors.item(
                r,
                _("原职能部门“%(d)s”不存在（本开发区的原职能部门：%(known)s）")
                % {"d": r.department, "known": known},
            )
        if r.parent_code:
            if r.parent_code == r.code:
                errors.item(r, _("上级编码不能是自身"))
            elif r.parent_code not in parent_of:
                errors.item(r, _("上级编码%(code)s不存在") % {"code": r.parent_code})
        for message in item_rule_errors(
            kind=r.kind,
            legal=r.legal_limit_days,
            promised=r.promised_limit_days,
            handling_kind=r.handling_kind,
            has_parent=bool(r.parent_code),
            steps=r.steps,
        ).values():
            errors.item(r, message)
        bad = [c for c in r.prerequisites if c not in parent_of]
        if bad:
            errors.item(r, _("前置事项编码%(codes)s不存在") % {"codes": "、".join(bad)})
        if r.code in r.prerequisites:
            errors.item(r, _("事项不能以自身为前置事项"))
        if r.prerequisites and r.code in with_children:
            errors.item(r, _("主项不能设置前置事项，请设置在其子项或办理项上"))
        parents = [c for c in r.prerequisites if c in with_children]
        if parents:
            errors.item(
                r,
                _("前置事项%(codes)s是主项，请改填其子项或办理项的编码") % {"codes": "、".join(parents)},
            )
        # The model's own checks (lengths, ranges), with the field named as in the workbook.
        probe = ApprovalItem(
            zone=zone,
            code=r.code,
            name=r.name,
            handling_kind=r.handling_kind,
            source_department=departments.get(r.department),
            delegation_batch=r.delegation_batch,
            kind=r.kind,
            stage=r.stage,
            legal_limit_days=max(r.legal_limit_days, 0),
            promised_limit_days=max(r.promised_limit_days, 0),
            result_type=r.result_type or "-",
            fee=r.fee,
            commitment_allowed=r.commitment_allowed,
            legal_basis=r.legal_basis or "",
        )
        blank = [f for f, v in (("code", r.code), ("name", r.name), ("result_type", r.result_type)) if not v]
        try:
            probe.clean_fields(exclude=["zone", "source_department", "parent", *blank])
        except ValidationError as e:
            for fname, msgs in e.message_dict.items():
                for m in msgs:
                    errors.item(r, f"{FIELD_LABELS.get(fname, fname)}：{m}")

    # Parent chains: no cycle, at most three levels.
    def depth(code: str) -> int:
        n, seen = 1, {code}
        while parent_of.get(code):
            code = parent_of[code]
            if code in seen:
                return -1
            seen.add(code)
            n += 1
        return n

    for r in unique_rows:
        if r.parent_code and r.parent_code in parent_of and r.parent_code != r.code:
            d = depth(r.code)
            if d < 0:
                errors.item(r, _("上级编码形成循环"))
            elif d > MAX_DEPTH:
                errors.item(r, _("层级超过三级（主项→子项→办理项）"))
    for code in sorted(set(stored) - set(first_row)):  # a stored item moved deeper with its new parent
        if depth(code) > MAX_DEPTH:
            errors.item(None, _("层级超过三级（主项→子项→办理项）"), code=code)

    # Prerequisites: no cycle (an application would wait for ever).
    reported = set()
    for r in unique_rows:
        path = _cycle(prereqs_of, r.code) if r.prerequisites else None
        if path and r.code not in reported:
            reported.update(path)
            errors.item(r, _("前置事项形成循环：%(path)s") % {"path": " → ".join(path)})

    # Materials.
    if catalog.materials:
        seen_material: dict[tuple[str, int], MaterialRow] = {}
        seen_name: dict[tuple[str, str], MaterialRow] = {}
        for m in catalog.materials:
            if not m.item_code:
                errors.material(m, _("事项编码不能为空"))
                continue
            if m.item_code not in parent_of:
                errors.material(m, _("事项编码%(code)s不存在") % {"code": m.item_code})
            if not m.name:
                errors.material(m, _("材料名称不能为空"))
            elif len(m.name) > 120:
                errors.material(m, _("材料名称不能超过120个字符"))
            if m.tolerable and not m.supply_days:
                errors.material(m, _("可容缺材料须填写容缺补交期限（工作日）"))
            if m.tolerable and not m.required:
                errors.material(m, _("非必需材料无需容缺"))
            if m.order:
                key = (m.item_code, m.order)
                if key in seen_material:
                    errors.material(
                        m, _("序号%(n)d与第%(row)d行重复") % {"n": m.order, "row": seen_material[key].row}
                    )
                seen_material[key] = m
            if m.name:
                nkey = (m.item_code, m.name)
                if nkey in seen_name:
                    errors.material(m, _("与第%(row)d行的材料同名") % {"row": seen_name[nkey].row})
                seen_name[nkey] = m
    if errors:
        report = errors.report()
        raise DomainError(
            _("导入失败，共%(n)d处错误，未导入任何数据") % {"n": len(report)}, {"__all__": report}
        )
    return stored, departments


# --- writing ------------------------------------------------------------------------------------------------
def _extra_snapshot(item: ApprovalItem) -> dict:
    """What the row snapshot does not hold: prerequisites, steps and materials, as a person reads them."""
    return {
        "前置事项": sorted(p.code for p in item.prerequisites.all()),
        "办理环节": [f"{s.get_name_display()}{s.limit_days}" for s in item.steps.all()],
        "申请材料": [m.name for m in item.materials.all()],
    }


def _referenced_material_ids(ids) -> set[int]:
    used = set(
        Material.objects.filter(required_material_id__in=ids).values_list("required_material_id", flat=True)
    )
    used |= set(Tolerated.objects.filter(material_id__in=ids).values_list("material_id", flat=True))
    return used


MATERIAL_FIELDS = ["order", "name", "original", "copies", "required", "tolerable", "supply_days"]


@dataclass
class _MaterialPlan:
    create: list[RequiredMaterial] = field(default_factory=list)
    update: list[RequiredMaterial] = field(default_factory=list)
    delete: list[RequiredMaterial] = field(default_factory=list)

    def add(self, item, current: list[RequiredMaterial], wanted: list[MaterialRow], keep=None) -> None:
        """Plan to make ``current`` (the item's stored materials) ``wanted``: a stored material is kept and
        updated in place when ``keep`` pairs its id with a wanted row, or else when its name matches, or else
        its number; the rest are created or deleted (no query here)."""
        ids = {m.pk for m in current}
        pairs: dict[int, MaterialRow] = {pk: r for pk, r in (keep or {}).items() if pk in ids}
        taken = {id(r) for r in pairs.values()}
        by_name = {m.name: m for m in current if m.pk not in pairs}
        for r in wanted:
            m = by_name.pop(r.name, None) if id(r) not in taken else None
            if m is not None:
                pairs[m.pk] = r
                taken.add(id(r))
        free = {m.order: m for m in current if m.pk not in pairs}
        for r in wanted:
            m = free.pop(r.order, None) if id(r) not in taken and r.order else None
            if m is not None:
                pairs[m.pk] = r
                taken.add(id(r))
        for m in current:
            r = pairs.get(m.pk)
            if r is None:
                self.delete.append(m)
                continue
            new = (
                r.order,
                r.name,
                r.original,
                r.copies,
                r.required,
                r.tolerable,
                r.supply_days if r.tolerable else None,
            )
            if new != tuple(getattr(m, f) for f in MATERIAL_FIELDS):
                for f, v in zip(MATERIAL_FIELDS, new, strict=True):
                    setattr(m, f, v)
                self.update.append(m)
        self.create.extend(
            RequiredMaterial(
                item=item,
                order=r.order,
                name=r.name,
                original=r.original,
                copies=r.copies,
                required=r.required,
                tolerable=r.tolerable,
                supply_days=r.supply_days if r.tolerable else None,
            )
            for r in wanted
            if id(r) not in taken
        )

    def run(self) -> None:
        """A material an application refers to is never deleted (DomainError naming each one)."""
        if self.delete:
            used = _referenced_material_ids([m.pk for m in self.delete])
            blocked = [m for m in self.delete if m.pk in used]
            if blocked:
                names = "；".join(f"{m.item.code}“{m.name}”" for m in blocked)
                raise DomainError(
                    _("以下材料已被办件引用，不能删除（可改为非必需）：%(names)s") % {"names": names},
                    {"materials": [_("材料“%(m)s”已被办件引用，不能删除") % {"m": m.name} for m in blocked]},
                )
            RequiredMaterial.objects.filter(pk__in=[m.pk for m in self.delete]).delete()
        RequiredMaterial.objects.bulk_update(self.update, MATERIAL_FIELDS, batch_size=500)
        RequiredMaterial.objects.bulk_create(self.create, batch_size=500)


def _wanted_steps(steps: dict[str, int]) -> list[tuple[int, str, int]]:
    ordered = [(s, steps[s]) for _c, s in STEP_COLUMNS if s in steps]
    return [(n, s, d) for n, (s, d) in enumerate(ordered, start=1)]


def _sync_steps(items: list[tuple[ApprovalItem, list[ItemStep], dict[str, int]]]) -> None:
    """Replace the steps of the items whose steps differ (nothing refers to a step row)."""
    stale, fresh = [], []
    for item, current, steps in items:
        wanted = _wanted_steps(steps)
        if [(s.order, s.name, s.limit_days) for s in current] != wanted:
            stale.append(item.pk)
            fresh.extend(ItemStep(item=item, order=o, name=n, limit_days=d) for o, n, d in wanted)
    if stale:
        ItemStep.objects.filter(item_id__in=stale).delete()
    ItemStep.objects.bulk_create(fresh, batch_size=500)


ITEM_FIELDS = [
    "name",
    "handling_kind",
    "source_department",
    "delegation_batch",
    "kind",
    "stage",
    "legal_limit_days",
    "promised_limit_days",
    "result_type",
    "fee",
    "commitment_allowed",
    "legal_basis",
    "is_active",
    "parent",
]


def _apply(*, zone: Zone, catalog: Catalog, actor, note: str) -> list[ApprovalItem]:
    # Lock the zone's catalog first, then read and check it (a concurrent import waits for this one).
    list(ApprovalItem.objects.filter(zone=zone).select_for_update().values_list("pk", flat=True))
    stored, departments = _check(zone, catalog)
    rows_before = {code: audit.snapshot(i) for code, i in stored.items()}
    before = {code: rows_before[code] | _extra_snapshot(i) for code, i in stored.items()}
    by_code = dict(stored)
    created: set[str] = set()
    new, changed = [], []
    now = timezone.now()
    for r in catalog.items:
        item = by_code.get(r.code)
        if item is None:
            item = by_code[r.code] = ApprovalItem(zone=zone, code=r.code)
            created.add(r.code)
        item.name = r.name
        item.handling_kind = r.handling_kind
        item.source_department = departments[r.department]
        item.delegation_batch = r.delegation_batch
        item.kind = r.kind
        item.stage = r.stage
        item.legal_limit_days = r.legal_limit_days
        item.promised_limit_days = r.promised_limit_days
        item.result_type = r.result_type
        item.fee = Decimal(r.fee).quantize(Decimal("0.01"))
        item.commitment_allowed = r.commitment_allowed
        if r.legal_basis is not None:
            item.legal_basis = r.legal_basis
        if r.is_active is not None:
            item.is_active = r.is_active
        parent = by_code.get(r.parent_code) if r.parent_code else None
        item.parent_id = parent.pk if parent is not None else None  # a parent created below: set after
        if r.code in created:
            new.append(item)
        elif audit.snapshot(item) != rows_before[r.code]:
            item.updated_at = now
            changed.append(item)
    ApprovalItem.objects.bulk_create(new, batch_size=500)
    if any(i.pk is None for i in new):  # a database that does not return ids from bulk inserts
        ids = dict(ApprovalItem.objects.filter(zone=zone, code__in=created).values_list("code", "pk"))
        for i in new:
            i.pk = ids[i.code]
    ApprovalItem.objects.bulk_update(changed, [*ITEM_FIELDS, "updated_at"], batch_size=500)
    later = []
    for r in catalog.items:  # parents that come later in the file
        item = by_code[r.code]
        parent_id = by_code[r.parent_code].pk if r.parent_code else None
        if item.parent_id != parent_id:
            item.parent_id = parent_id
            later.append(item)
    ApprovalItem.objects.bulk_update(later, ["parent"], batch_size=500)

    # Prerequisites: the rows' sets, through the join table in two statements.
    through = ApprovalItem.prerequisites.through
    ids = [by_code[r.code].pk for r in catalog.items]
    have = {
        (a, b): pk
        for pk, a, b in through.objects.filter(from_approvalitem_id__in=ids).values_list(
            "pk", "from_approvalitem_id", "to_approvalitem_id"
        )
    }
    want = {(by_code[r.code].pk, by_code[c].pk) for r in catalog.items for c in r.prerequisites}
    through.objects.filter(pk__in=[pk for pair, pk in have.items() if pair not in want]).delete()
    through.objects.bulk_create(
        [through(from_approvalitem_id=a, to_approvalitem_id=b) for a, b in want - set(have)], batch_size=500
    )
    _sync_steps(
        [
            (by_code[r.code], list(stored[r.code].steps.all()) if r.code in stored else [], r.steps)
            for r in catalog.items
        ]
    )
    touched = {r.code for r in catalog.items}
    if catalog.materials is not None:
        grouped: dict[str, list[MaterialRow]] = defaultdict(list)
        for m in catalog.materials:
            grouped[m.item_code].append(m)
        plan = _MaterialPlan()
        for code, wanted in grouped.items():
            last = max((m.order for m in wanted), default=0)
            for m in wanted:  # a blank 序号 follows the last one given
                if not m.order:
                    last += 1
                    m.order = last
            current = list(stored[code].materials.all()) if code in stored else []
            plan.add(by_code[code], current, wanted)
            touched.add(code)
        plan.run()

    events = []
    after_items = (
        ApprovalItem.objects.filter(pk__in=[by_code[c].pk for c in touched])
        .prefetch_related("prerequisites", "steps", "materials")
        .order_by("code")
    )
    for item in after_items:
        changes = audit.diff(before.get(item.code, {}), audit.snapshot(item) | _extra_snapshot(item))
        if item.code in created or changes:
            events.append(
                audit.event(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    obj=item,
                    changes=changes,
                    note=(_("%(note)s：新增") if item.code in created else _("%(note)s：更新"))
                    % {"note": note},
                )
            )
    audit.record_many(events)
    return [by_code[r.code] for r in catalog.items]


def _check_zone_right(actor, zone: Zone) -> None:
    if (
        not can(actor, "create", ApprovalItem)
        or not can(actor, "change", ApprovalItem)
        or not Zone.objects.for_user(actor).filter(pk=zone.pk).exists()
    ):
        raise PermissionDeniedError(_("无权维护该开发区的审批事项目录"))


@transaction.atomic
def catalog_import(*, actor, zone: Zone, data: bytes) -> list[ApprovalItem]:
    """Import a catalog workbook into ``zone`` (all or nothing); returns the items of the 事项 sheet."""
    _check_zone_right(actor, zone)
    catalog = read_catalog(data)
    return _apply(zone=zone, catalog=catalog, actor=actor, note=_("Excel导入"))


@transaction.atomic
def catalog_load(*, actor, zone: Zone, catalog: Catalog, note: str) -> list[ApprovalItem]:
    """Write a catalog built in code (the demo, as the system actor) through the same checks as an import."""
    _check_zone_right(actor, zone)
    return _apply(zone=zone, catalog=catalog, actor=actor, note=note)


@transaction.atomic
def source_department_create(*, actor, zone: Zone, name: str) -> SourceDepartment:
    """Add a department powers are delegated from (原职能部门) to ``zone``."""
    if (
        not can(actor, "create", SourceDepartment)
        or not Zone.objects.for_user(actor).filter(pk=zone.pk).exists()
    ):
        raise PermissionDeniedError(_("无权维护该开发区的原职能部门"))
    name = name.strip()
    if not name:
        raise DomainError(_("请填写部门名称"), {"name": [_("请填写部门名称")]})
    if len(name) > 60:
        raise DomainError(_("名称不能超过60个字符"), {"name": [_("名称不能超过60个字符")]})
    if SourceDepartment.objects.filter(zone=zone, name=name).exists():
        raise DomainError(_("该原职能部门已存在"), {"name": [_("该原职能部门已存在")]})
    dept = SourceDepartment.objects.create(zone=zone, name=name)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=dept, changes=audit.diff({}, audit.snapshot(dept))
    )
    return dept


# --- the item page's writes --------------------------------------------------------------------------------
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
        before = audit.snapshot(stored) | _extra_snapshot(stored)

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
    if item.parent_id is not None:
        parent = item.parent
        if parent.zone_id != item.zone_id:
            errors["parent"].append(_("上级事项不属于该开发区"))
        else:
            chain, node = 2, parent
            while node is not None:
                if item.pk is not None and node.pk == item.pk:
                    errors["parent"].append(_("上级事项不能是自身或其下级事项"))
                    break
                if node.parent_id is not None:
                    chain += 1
                node = node.parent
            if chain > MAX_DEPTH:
                errors["parent"].append(_("层级超过三级（主项→子项→办理项）"))
    has_children = item.pk is not None and item.children.exists()
    if prerequisites and has_children:
        errors["prerequisites"].append(_("主项不能设置前置事项，请设置在其子项或办理项上"))
    for p in prerequisites:
        if p.zone_id != item.zone_id:
            errors["prerequisites"].append(_("前置事项不属于该开发区"))
        elif item.pk is not None and p.pk == item.pk:
            errors["prerequisites"].append(_("事项不能以自身为前置事项"))
        elif p.children.exists():
            errors["prerequisites"].append(_("“%(i)s”是主项，请选择其子项或办理项") % {"i": p})
    if item.pk is not None and prerequisites:
        graph: dict[str, set[str]] = defaultdict(set)
        for a, b in ApprovalItem.prerequisites.through.objects.filter(
            from_approvalitem__zone_id=item.zone_id
        ).values_list("from_approvalitem_id", "to_approvalitem_id"):
            graph[str(a)].add(str(b))
        graph[str(item.pk)] = {str(p.pk) for p in prerequisites}
        if _cycle(graph, str(item.pk)):
            errors["prerequisites"].append(_("前置事项形成循环"))
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
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, {k: list(dict.fromkeys(v)) for k, v in errors.items()})
    item.save()
    if (
        not ApprovalItem.objects.for_user(actor, "create" if creating else "change")
        .filter(pk=item.pk)
        .exists()
    ):
        raise PermissionDeniedError(_("无权在该范围内操作此记录"))
    item.prerequisites.set(prerequisites)
    _sync_steps([(item, list(item.steps.all()), steps)])
    if materials is not None:
        plan = _MaterialPlan()
        plan.add(item, list(item.materials.all()), materials, keep=material_ids)
        plan.run()
    item = ApprovalItem.objects.prefetch_related("prerequisites", "steps", "materials").get(pk=item.pk)
    changes = audit.diff(before, audit.snapshot(item) | _extra_snapshot(item))
    if creating or changes:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=item,
            changes=changes,
        )
    return item


def catalog_export(zone: Zone) -> bytes:
    """The zone's catalog in the import layout (export → import changes nothing)."""
    items = list(
        ApprovalItem.objects.filter(zone=zone)
        .select_related("parent", "source_department")
        .prefetch_related("prerequisites", "steps", "materials")
        .order_by("code")
    )
    item_rows = [item_cells(i) for i in items]
    material_rows = [material_cells(i.code, m) for i in items for m in i.materials.all()]
    departments = list(SourceDepartment.objects.filter(zone=zone).values_list("name", flat=True))
    return write_workbook(item_rows, material_rows, departments)


def catalog_template() -> bytes:
    """An empty catalog with example rows (a 主项 with two 办理项, and their materials) and the guide."""
    with translation.override("zh-hans"):
        new, change = str(HandlingKind.NEW.label), str(HandlingKind.CHANGE.label)
        promised, stage = str(ItemKind.PROMISED.label), str(Stage.CONSTRUCTION_PERMIT.label)
    basis = "《中华人民共和国建筑法》第八条"
    result = "建筑工程施工许可证"
    items = [
        [
            "ZJ-010",
            "建筑工程施工许可证核发",
            None,
            None,
            "县住建委",
            1,
            promised,
            stage,
            7,
            3,
            result,
            0,
            YES,
            None,
        ]
        + [None] * 4
        + [basis, YES],
        [
            "ZJ-010-1",
            "建筑工程施工许可证核发",
            "ZJ-010",
            new,
            "县住建委",
            1,
            promised,
            stage,
            7,
            3,
            result,
            0,
            YES,
        ]
        + ["ZJ-004-1", 1, 1, 1, 0, basis, YES],
        [
            "ZJ-010-2",
            "建筑工程施工许可证核发",
            "ZJ-010",
            change,
            "县住建委",
            1,
            promised,
            stage,
            7,
            3,
            result,
            0,
            NO,
        ]
        + [None, 1, 1, 1, 0, basis, YES],
    ]
    materials = [
        ["ZJ-010-1", 1, "建筑工程施工许可申请表", ORIGINAL, 1, YES, NO, None],
        ["ZJ-010-1", 2, "建设工程规划许可证", COPY, 1, YES, NO, None],
        ["ZJ-010-1", 3, "施工合同", COPY, 1, YES, YES, 5],
        ["ZJ-010-2", 1, "变更申请书", ORIGINAL, 1, YES, NO, None],
    ]
    return write_workbook(items, materials, [])


def catalog_rows(zone: Zone) -> Catalog:
    """The zone's catalog as typed rows (what an export would read back as)."""
    items = (
        ApprovalItem.objects.filter(zone=zone)
        .select_related("parent", "source_department")
        .prefetch_related("prerequisites", "steps", "materials")
        .order_by("code")
    )
    out = Catalog(items=[], materials=[])
    for i in items:
        out.items.append(
            ItemRow(
                code=i.code,
                name=i.name,
                department=i.source_department.name,
                legal_limit_days=i.legal_limit_days,
                promised_limit_days=i.promised_limit_days,
                result_type=i.result_type,
                parent_code=i.parent.code if i.parent_id else "",
                handling_kind=i.handling_kind,
                delegation_batch=i.delegation_batch,
                kind=i.kind,
                stage=i.stage,
                fee=i.fee,
                commitment_allowed=i.commitment_allowed,
                prerequisites=sorted(p.code for p in i.prerequisites.all()),
                steps={s.name: s.limit_days for s in i.steps.all()},
                legal_basis=i.legal_basis,
                is_active=i.is_active,
            )
        )
        out.materials.extend(
            MaterialRow(
                item_code=i.code,
                name=m.name,
                order=m.order,
                original=m.original,
                copies=m.copies,
                required=m.required,
                tolerable=m.tolerable,
                supply_days=m.supply_days,
            )
            for m in i.materials.all()
        )
    return out
