"""The catalog read out: the workbook of a zone's catalog (export → import changes nothing), the template
with example rows, and the typed rows (what an export would read back as)."""

from __future__ import annotations

from django.utils import translation

from devzone.approvals.catalog.writes import MATERIAL_FIELDS
from devzone.approvals.catalog_excel import (
    COPY,
    NO,
    ORIGINAL,
    YES,
    Catalog,
    ItemRow,
    MaterialRow,
    item_cells,
    material_cells,
    write_workbook,
)
from devzone.approvals.choices import HandlingKind, ItemKind, Stage
from devzone.approvals.models import ITEM_DESCRIPTION, ApprovalItem, SourceDepartment
from devzone.core.models import Zone


def _items(zone: Zone):
    """The zone's items by code, with what a row of the catalog reads."""
    return (
        ApprovalItem.objects.filter(zone=zone)
        .select_related("parent", "source_department")
        .prefetch_related("prerequisites", "steps", "materials")
        .order_by("code")
    )


def catalog_export(zone: Zone) -> bytes:
    """The zone's catalog in the import layout (export → import changes nothing)."""
    items = list(_items(zone))
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
    name = "建筑工程施工许可证核发"
    # 原职能部门 … 收费: the same for the 主项 and its 办理项
    same = ["县住建委", 1, promised, stage, 7, 3, "建筑工程施工许可证", 0]
    # 编码, 名称, 上级编码, 办理项, …, 可告知承诺, 前置事项编码, the steps, 设定依据, 在用
    items = [
        ["ZJ-010", name, None, None, *same, YES, None, None, None, None, None, basis, YES],
        ["ZJ-010-1", name, "ZJ-010", new, *same, YES, "ZJ-004-1", 1, 1, 1, 0, basis, YES],
        ["ZJ-010-2", name, "ZJ-010", change, *same, NO, None, 1, 1, 1, 0, basis, YES],
    ]
    materials = [
        ["ZJ-010-1", 1, "建筑工程施工许可申请表", ORIGINAL, 1, YES, NO, None],
        ["ZJ-010-1", 2, "建设工程规划许可证", COPY, 1, YES, NO, None],
        ["ZJ-010-1", 3, "施工合同", COPY, 1, YES, YES, 5],
        ["ZJ-010-2", 1, "变更申请书", ORIGINAL, 1, YES, NO, None],
    ]
    return write_workbook(items, materials, [])


# What a typed row holds as the item does (the department, parent, prerequisites and steps are read through
# their rows).
ITEM_ROW_FIELDS = [
    "code",
    "name",
    *(f for f in ITEM_DESCRIPTION if f != "source_department"),
    "legal_basis",
    "is_active",
]


def catalog_rows(zone: Zone) -> Catalog:
    """The zone's catalog as typed rows (what an export would read back as)."""
    items = _items(zone)
    out = Catalog(items=[], materials=[])
    for i in items:
        out.items.append(
            ItemRow(
                department=i.source_department.name,
                parent_code=i.parent.code if i.parent_id else "",
                prerequisites=sorted(p.code for p in i.prerequisites.all()),
                steps={s.name: s.limit_days for s in i.steps.all()},
                **{f: getattr(i, f) for f in ITEM_ROW_FIELDS},
            )
        )
        out.materials.extend(
            MaterialRow(item_code=i.code, **{f: getattr(m, f) for f in MATERIAL_FIELDS})
            for m in i.materials.all()
        )
    return out
