"""Catalog workbooks for the approvals tests: one 事项 or 材料 row by column name, a workbook of such rows,
the valid four-item catalog (备案 → 施工许可) and an upload of a workbook; the item page's form as posted."""

from django.core.files.uploadedfile import SimpleUploadedFile

from devzone.approvals.catalog import ITEM_COLUMNS, MATERIAL_COLUMNS
from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.testing.workbooks import xlsx_sheets


# --- building workbooks ----------------------------------------------------------------------------------
def item(code, name="事项", **cells):
    """One 事项 row by column name; a promised item of 县住建委 with legal 20 / promised 5 by default."""
    row = {
        "编码": code,
        "名称": name,
        "原职能部门": "县住建委",
        "下放批次": 1,
        "办件类型": "承诺件",
        "审批阶段": "施工许可",
        "法定时限": 20,
        "承诺时限": 5,
        "审批结果": "许可证",
        "收费": 0,
        "可告知承诺": "否",
    } | cells
    return [row.get(c) for c in ITEM_COLUMNS]


def material(code, order, name, **cells):
    row = {"事项编码": code, "序号": order, "名称": name, "原件/复印件": "复印件", "份数": 1, "必需": "是"}
    row |= {"可容缺": "否"} | cells
    return [row.get(c) for c in MATERIAL_COLUMNS]


def workbook(items, materials=None, item_header=ITEM_COLUMNS) -> bytes:
    sheets = {"事项": [item_header, *items]}
    if materials is not None:
        sheets["材料"] = [MATERIAL_COLUMNS, *materials]
    return xlsx_sheets(sheets)


def steps(a, b, c, d):
    return {"受理时限": a, "审查时限": b, "决定时限": c, "制证时限": d}


def valid_catalog() -> bytes:
    """备案 (instant) → 施工许可 (主项 with 新设/变更; the 办理项 come before their 主项 in the file)."""
    return workbook(
        [
            item("FG-001", "企业投资项目备案", 原职能部门="县发改委", 办件类型="即办件", 审批阶段="立项用地规划许可",
                 法定时限=0, 承诺时限=0, 审批结果="备案证明", **steps(0, 0, 0, 0)),
            item("ZJ-010-1", "建筑工程施工许可证核发", 上级编码="ZJ-010", 办理项="新设", 法定时限=7, 承诺时限=3,
                 可告知承诺="是", 前置事项编码="FG-001", 审批结果="建筑工程施工许可证", **steps(1, 1, 1, 0)),
            item("ZJ-010-2", "建筑工程施工许可证核发", 上级编码="ZJ-010", 办理项="变更", 法定时限=7, 承诺时限=3,
                 审批结果="建筑工程施工许可证", 收费="12.5", **steps(1, 1, 1, None)),
            item("ZJ-010", "建筑工程施工许可证核发", 法定时限=7, 承诺时限=3, 审批结果="建筑工程施工许可证",
                 设定依据="《中华人民共和国建筑法》第八条"),
        ],
        [
            material("ZJ-010-1", 1, "建筑工程施工许可申请表", **{"原件/复印件": "原件"}),
            material("ZJ-010-1", 2, "建设工程规划许可证"),
            material("ZJ-010-1", 3, "施工合同", 份数=2, 可容缺="是", 容缺补交期限=5),
            material("FG-001", 1, "项目备案信息表", **{"原件/复印件": "原件"}),
        ],
    )  # fmt: skip


def import_events():
    return AuditEvent.objects.filter(action=AuditAction.IMPORT)


def upload(data: bytes) -> SimpleUploadedFile:
    """A workbook as the import page's file field receives it."""
    return SimpleUploadedFile("catalog.xlsx", data)


# --- the item page ---------------------------------------------------------------------------------------
def edit_post(item, **changes):
    data = {
        "code": item.code,
        "name": item.name,
        "parent": item.parent_id or "",
        "handling_kind": item.handling_kind,
        "source_department": item.source_department_id,
        "delegation_batch": item.delegation_batch,
        "kind": item.kind,
        "stage": item.stage,
        "legal_limit_days": item.legal_limit_days,
        "promised_limit_days": item.promised_limit_days,
        "result_type": item.result_type,
        "fee": item.fee,
        "prerequisites": [p.pk for p in item.prerequisites.all()],
        "legal_basis": item.legal_basis,
        "legal_nature": item.legal_nature,
        "result_kind": item.result_kind,
        "legal_limit_basis": item.legal_limit_basis,
        "extension_max_days": item.extension_max_days,
        "extension_basis": item.extension_basis,
        "special_max_days": item.special_max_days,
        "special_basis": item.special_basis,
        "is_active": "on",
    }
    if item.commitment_allowed:
        data["commitment_allowed"] = "on"
    for s in item.steps.all():
        data[f"step_{s.name}"] = s.limit_days
    mats = list(item.materials.all())
    data |= {"m-TOTAL_FORMS": len(mats) + 1, "m-INITIAL_FORMS": len(mats)}
    for n, m in enumerate(mats):
        data |= {
            f"m-{n}-id": m.pk,
            f"m-{n}-order": m.order,
            f"m-{n}-name": m.name,
            f"m-{n}-original": "1" if m.original else "0",
            f"m-{n}-copies": m.copies,
            f"m-{n}-supply_days": m.supply_days or "",
        }
        if m.required:
            data[f"m-{n}-required"] = "on"
        if m.tolerable:
            data[f"m-{n}-tolerable"] = "on"
    data |= changes
    return {k: v for k, v in data.items() if v is not None}
