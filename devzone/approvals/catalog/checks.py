"""The rules of the catalog beyond its model, for the import (every row of the workbook against the zone's
catalog as it will be) and the item page (``item_rule_errors``). Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from devzone.approvals.catalog_excel import Catalog, ItemRow, MaterialRow, RowErrors
from devzone.approvals.choices import ItemKind
from devzone.approvals.models import ApprovalItem, SourceDepartment
from devzone.core.errors import DomainError
from devzone.core.models import Zone

MAX_DEPTH = 3  # 主项 → 子项 → 办理项
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
    "legal_limit_basis": "法定时限依据",
    "extension_max_days": "延期上限",
    "extension_basis": "延期依据",
    "special_max_days": "特别程序时限上限",
    "special_basis": "特别程序时限依据",
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


def legal_rule_errors(r, stored: ApprovalItem | None = None) -> dict[str, str]:
    """An import row's legal columns against the law's reach: 行政许可法 governs 行政许可 only (a blank column
    keeps the stored value and is not checked here; the model checks the item as saved); and the limits of an
    item whose basis cites 行政许可法第四十二条 alone within that article's, read as the item will be (a blank
    column: the stored item's value, or a new item's default)."""
    from devzone.approvals.catalog.law import article_42_errors
    from devzone.approvals.choices import LegalNature

    base = stored if stored is not None else ApprovalItem()

    def will_be(f):
        value = getattr(r, f)
        return getattr(base, f) if value is None else value

    errors = article_42_errors(
        legal_limit_days=r.legal_limit_days,
        legal_limit_basis=will_be("legal_limit_basis"),
        extension_max_days=will_be("extension_max_days"),
        extension_basis=will_be("extension_basis"),
    )
    if r.legal_nature and r.legal_nature != LegalNature.LICENSING:
        for f, label in (("legal_limit_basis", "法定时限依据"), ("extension_basis", "延期依据")):
            if "行政许可法" in (getattr(r, f) or "") and (f == "legal_limit_basis" or r.extension_max_days):
                errors[f] = _(
                    "%(l)s：该事项不是行政许可，不适用《中华人民共和国行政许可法》，请写明其自身的依据"
                ) % {"l": label}
        if r.extension_max_days and not r.extension_basis:
            errors["extension_basis"] = _("非行政许可事项设置延期上限须写明延期依据")
    if r.special_max_days and not r.special_basis:  # a bound never stands beside another bound's source
        errors["special_basis"] = _("设置特别程序时限上限须同时写明其依据")
    return errors


def cycle(graph: dict[str, set[str]], start: str) -> list[str] | None:
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


@dataclass
class _Shape:
    """The catalog as it will be: the stored items with the file's rows laid over them (codes only)."""

    parent_of: dict[str, str]
    prereqs_of: dict[str, set[str]]

    @classmethod
    def of(cls, stored: dict[str, ApprovalItem], rows: list[ItemRow]) -> _Shape:
        parent_of = {code: (i.parent.code if i.parent else "") for code, i in stored.items()}
        prereqs_of = {code: {p.code for p in i.prerequisites.all()} for code, i in stored.items()}
        for r in rows:
            parent_of[r.code] = r.parent_code
            prereqs_of[r.code] = set(r.prerequisites)
        return cls(parent_of, prereqs_of)

    @property
    def with_children(self) -> set[str]:
        return {p for p in self.parent_of.values() if p}

    def depth(self, code: str) -> int:
        """1 for a 主项, 2 for a 子项 …; -1 when the parent chain loops."""
        n, seen = 1, {code}
        while self.parent_of.get(code):
            code = self.parent_of[code]
            if code in seen:
                return -1
            seen.add(code)
            n += 1
        return n


def _unique_rows(rows: list[ItemRow], errors: RowErrors) -> dict[str, ItemRow]:
    """The rows by code, the first of each code (a blank or repeated code is an error)."""
    first_row: dict[str, ItemRow] = {}
    for r in rows:
        if not r.code:
            errors.item(r, _("编码不能为空"))
        elif r.code in first_row:
            errors.item(
                r, _("编码%(code)s与第%(row)d行重复") % {"code": r.code, "row": first_row[r.code].row}
            )
        else:
            first_row[r.code] = r
    return first_row


def _check_row(
    r: ItemRow, errors: RowErrors, departments: dict, shape: _Shape, stored: ApprovalItem | None
) -> None:
    parent_of, with_children = shape.parent_of, shape.with_children
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
    for message in legal_rule_errors(r, stored).values():
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


def _check_model_fields(zone: Zone, r: ItemRow, errors: RowErrors, departments: dict) -> None:
    """The model's own checks (lengths, ranges), with the field named as in the workbook."""
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
        # the legal columns, where the row writes them (a blank one keeps the stored value)
        **{
            f: getattr(r, f)
            for f in ("legal_limit_basis", "extension_basis", "special_basis", "special_max_days")
            if getattr(r, f) is not None
        },
    )
    blank = [f for f, v in (("code", r.code), ("name", r.name), ("result_type", r.result_type)) if not v]
    try:
        probe.clean_fields(exclude=["zone", "source_department", "parent", *blank])
    except ValidationError as e:
        for fname, msgs in e.message_dict.items():
            for m in msgs:
                errors.item(r, f"{FIELD_LABELS.get(fname, fname)}：{m}")


def _check_depths(rows: list[ItemRow], stored: dict, shape: _Shape, errors: RowErrors) -> None:
    """Parent chains: no cycle, at most three levels."""
    for r in rows:
        if r.parent_code and r.parent_code in shape.parent_of and r.parent_code != r.code:
            d = shape.depth(r.code)
            if d < 0:
                errors.item(r, _("上级编码形成循环"))
            elif d > MAX_DEPTH:
                errors.item(r, _("层级超过三级（主项→子项→办理项）"))
    codes = {r.code for r in rows}
    for code in sorted(set(stored) - codes):  # a stored item moved deeper with its new parent
        if shape.depth(code) > MAX_DEPTH:
            errors.item(None, _("层级超过三级（主项→子项→办理项）"), code=code)


def _check_prerequisite_cycles(rows: list[ItemRow], shape: _Shape, errors: RowErrors) -> None:
    """Prerequisites: no cycle (an application would wait for ever)."""
    reported = set()
    for r in rows:
        path = cycle(shape.prereqs_of, r.code) if r.prerequisites else None
        if path and r.code not in reported:
            reported.update(path)
            errors.item(r, _("前置事项形成循环：%(path)s") % {"path": " → ".join(path)})


def _check_materials(materials: list[MaterialRow], shape: _Shape, errors: RowErrors) -> None:
    parent_of = shape.parent_of
    seen_material: dict[tuple[str, int], MaterialRow] = {}
    seen_name: dict[tuple[str, str], MaterialRow] = {}
    for m in materials:
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


def check_catalog(
    zone: Zone, catalog: Catalog
) -> tuple[dict[str, ApprovalItem], dict[str, SourceDepartment]]:
    """Every rule, every row; raises DomainError with the full report (all or nothing). Returns the zone's
    stored items and source departments by code and name."""
    errors = catalog.errors if isinstance(catalog.errors, RowErrors) else RowErrors()
    stored = {
        i.code: i
        for i in ApprovalItem.objects.filter(zone=zone)
        .select_related("parent")
        .prefetch_related("prerequisites", "steps", "materials")
    }
    departments = {d.name: d for d in SourceDepartment.objects.filter(zone=zone)}
    if not catalog.items and not catalog.materials:
        raise DomainError(_("文件中没有数据行"))
    rows = list(_unique_rows(catalog.items, errors).values())
    shape = _Shape.of(stored, rows)
    for r in rows:
        _check_row(r, errors, departments, shape, stored.get(r.code))
        _check_model_fields(zone, r, errors, departments)
    _check_depths(rows, stored, shape, errors)
    _check_prerequisite_cycles(rows, shape, errors)
    if catalog.materials:
        _check_materials(catalog.materials, shape, errors)
    if errors:
        report = errors.report()
        raise DomainError(
            _("导入失败，共%(n)d处错误，未导入任何数据") % {"n": len(report)}, {"__all__": report}
        )
    return stored, departments
