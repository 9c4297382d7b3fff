"""The import's writes: the zone's catalog made what the workbook (or the demo's catalog) says, in a few
bulk statements, after ``checks.check_catalog`` found nothing wrong (all or nothing), with one audit event
per item that changed. Also the 原职能部门 a catalog refers to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals.catalog.checks import check_catalog
from devzone.approvals.catalog_excel import STEP_COLUMNS, Catalog, MaterialRow, read_catalog
from devzone.approvals.models import (
    ITEM_DESCRIPTION,
    ITEM_LAW,
    ApprovalItem,
    ItemStep,
    Material,
    RequiredMaterial,
    SourceDepartment,
)
from devzone.approvals.models import ToleratedMaterial as Tolerated
from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Zone
from devzone.core.notify import stored


def extra_snapshot(item: ApprovalItem) -> dict:
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


def _stored(r: MaterialRow) -> dict:
    """A material's fields as row ``r`` gives them (a 补交期限 kept only for a 容缺 material)."""
    values = dict(zip(MATERIAL_FIELDS, r.values(), strict=True))
    if not r.tolerable:
        values["supply_days"] = None
    return values


@dataclass
class MaterialPlan:
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
            new = _stored(r)
            if any(getattr(m, f) != v for f, v in new.items()):
                for f, v in new.items():
                    setattr(m, f, v)
                self.update.append(m)
        self.create.extend(RequiredMaterial(item=item, **_stored(r)) for r in wanted if id(r) not in taken)

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


def sync_steps(items: list[tuple[ApprovalItem, list[ItemStep], dict[str, int]]]) -> None:
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
    *ITEM_DESCRIPTION,
    "legal_basis",
    "is_active",
    "parent",
]


def _lay_items(zone: Zone, catalog: Catalog, stored: dict, departments: dict) -> tuple[dict, set, list, list]:
    """The items as the rows describe them: (items by code, codes created, new items, changed items)."""
    rows_before = {code: audit.snapshot(i) for code, i in stored.items()}
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
        for f in ITEM_LAW:  # blank in the workbook: the stored value stays
            if getattr(r, f) is not None:
                setattr(item, f, getattr(r, f))
        if r.legal_nature is not None:  # the workbook states the nature: a person confirmed it
            item.legal_nature_confirmed = True
        if not item.extension_max_days:  # no extension allowed: no basis for one (a blank cell reads so)
            item.extension_basis = ""
        parent = by_code.get(r.parent_code) if r.parent_code else None
        item.parent_id = parent.pk if parent is not None else None  # a parent created below: set after
        if r.code in created:
            new.append(item)
        elif audit.snapshot(item) != rows_before[r.code]:
            item.updated_at = now
            changed.append(item)
    return by_code, created, new, changed


def _save_items(zone: Zone, catalog: Catalog, by_code: dict, created: set, new: list, changed: list) -> None:
    ApprovalItem.objects.bulk_create(new, batch_size=500)
    if any(i.pk is None for i in new):  # a database that does not return ids from bulk inserts
        ids = dict(ApprovalItem.objects.filter(zone=zone, code__in=created).values_list("code", "pk"))
        for i in new:
            i.pk = ids[i.code]
    ApprovalItem.objects.bulk_update(
        changed, [*ITEM_FIELDS, "legal_nature_confirmed", "updated_at"], batch_size=500
    )
    later = []
    for r in catalog.items:  # parents that come later in the file
        item = by_code[r.code]
        parent_id = by_code[r.parent_code].pk if r.parent_code else None
        if item.parent_id != parent_id:
            item.parent_id = parent_id
            later.append(item)
    ApprovalItem.objects.bulk_update(later, ["parent"], batch_size=500)


def _sync_prerequisites(catalog: Catalog, by_code: dict) -> None:
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


def _sync_materials(catalog: Catalog, stored: dict, by_code: dict) -> set[str]:
    """The materials of the items the 材料 sheet lists; returns the codes of the items it touched."""
    touched: set[str] = set()
    if catalog.materials is not None:
        grouped: dict[str, list[MaterialRow]] = defaultdict(list)
        for m in catalog.materials:
            grouped[m.item_code].append(m)
        plan = MaterialPlan()
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

    return touched


def _audit_import(*, actor, note: str, before: dict, created: set, ids: list[int]) -> None:
    events = []
    after_items = (
        ApprovalItem.objects.filter(pk__in=ids)
        .prefetch_related("prerequisites", "steps", "materials")
        .order_by("code")
    )
    for item in after_items:
        changes = audit.diff(before.get(item.code, {}), audit.snapshot(item) | extra_snapshot(item))
        if item.code in created or changes:
            events.append(
                audit.event(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    obj=item,
                    changes=changes,
                    # kept in the site's language, whoever imports (core.notify.stored)
                    note=stored(
                        gettext_lazy("%(note)s：新增")
                        if item.code in created
                        else gettext_lazy("%(note)s：更新"),
                        note=note,
                    ),
                )
            )
    audit.record_many(events)


def apply_catalog(*, zone: Zone, catalog: Catalog, actor, note: str) -> list[ApprovalItem]:
    # Lock the zone's catalog first, then read and check it (a concurrent import waits for this one).
    list(ApprovalItem.objects.filter(zone=zone).select_for_update().values_list("pk", flat=True))
    stored, departments = check_catalog(zone, catalog)
    before = {code: audit.snapshot(i) | extra_snapshot(i) for code, i in stored.items()}
    by_code, created, new, changed = _lay_items(zone, catalog, stored, departments)
    _save_items(zone, catalog, by_code, created, new, changed)
    _sync_prerequisites(catalog, by_code)
    sync_steps(
        [
            (by_code[r.code], list(stored[r.code].steps.all()) if r.code in stored else [], r.steps)
            for r in catalog.items
        ]
    )
    touched = {r.code for r in catalog.items} | _sync_materials(catalog, stored, by_code)
    ids = [by_code[c].pk for c in touched]
    _audit_import(actor=actor, note=note, before=before, created=created, ids=ids)
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
    return apply_catalog(zone=zone, catalog=catalog, actor=actor, note=gettext_lazy("Excel导入"))


@transaction.atomic
def catalog_load(*, actor, zone: Zone, catalog: Catalog, note: str) -> list[ApprovalItem]:
    """Write a catalog built in code (the demo, as the system actor) through the same checks as an import."""
    _check_zone_right(actor, zone)
    return apply_catalog(zone=zone, catalog=catalog, actor=actor, note=note)


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
