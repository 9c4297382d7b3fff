"""Staff ledgers (台账): Excel import, export and bulk changes, each leaving its audit trail."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction, Education, EmploymentType, Gender, Rank
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Department, Post, Staff, Zone

MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 5 * 1024 * 1024

# Column order of the ledger (also the template a user downloads).
COLUMNS = [
    "工号",
    "姓名",
    "性别",
    "出生日期",
    "学历",
    "用工类型",
    "职级",
    "部门",
    "岗位",
    "入职日期",
    "手机号",
]


def _by_label(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices} | {v: v for v in choices.values}


def _as_date(value, field: str, errors: list[str], row: int) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.append(
            _("第%(row)d行：%(field)s“%(value)s”不是有效日期（YYYY-MM-DD）")
            % {"row": row, "field": field, "value": value}
        )
        return None


def read_workbook(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(_("文件超过5MB"))
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("无法读取文件：请上传 .xlsx 格式的 Excel 文件"))
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


@transaction.atomic
def staff_import(*, actor, zone: Zone, data: bytes) -> list[Staff]:
    """Import a staff ledger into ``zone``: every row is validated first; any error -> nothing imported and
    a row-by-row report. New rows only (a 工号 already in the zone is an error)."""
    if not can(actor, "create", Staff) or not Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
        raise PermissionDeniedError(_("无权导入该开发区的工作人员"))
    rows = read_workbook(data)
    if not rows or [str(c or "").strip() for c in rows[0][: len(COLUMNS)]] != COLUMNS:
        raise DomainError(_("表头应为：%(cols)s（请使用下载的模板）") % {"cols": "、".join(COLUMNS)})
    body = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    if len(body) > MAX_IMPORT_ROWS:
        raise DomainError(_("一次最多导入%(n)d行") % {"n": MAX_IMPORT_ROWS})
    departments = {d.name: d for d in Department.objects.filter(zone=zone, abolished_on__isnull=True)}
    posts = {(p.department_id, p.name): p for p in Post.objects.filter(zone=zone)}
    existing = set(Staff.objects.filter(zone=zone).values_list("employee_no", flat=True))
    genders, educations = _by_label(Gender), _by_label(Education)
    types, ranks = _by_label(EmploymentType), _by_label(Rank)
    errors: list[str] = []
    seen: set[str] = set()
    staff: list[Staff] = []
    for i, raw in enumerate(body, start=2):
        cells = [("" if c is None else c) for c in (list(raw) + [""] * len(COLUMNS))[: len(COLUMNS)]]
        no, name, gender, birth, edu, etype, rank, dept, post, hired, phone = cells
        no, name = str(no).strip(), str(name).strip()
        row_errors: list[str] = []
        if not no:
            row_errors.append(_("第%(row)d行：工号不能为空") % {"row": i})
        elif no in existing or no in seen:
            row_errors.append(_("第%(row)d行：工号%(no)s已存在") % {"row": i, "no": no})
        seen.add(no)
        if not name:
            row_errors.append(_("第%(row)d行：姓名不能为空") % {"row": i})
        lookups = [
            (gender, genders, "性别"),
            (edu, educations, "学历"),
            (etype, types, "用工类型"),
            (rank, ranks, "职级"),
        ]
        values = []
        for value, table, label in lookups:
            key = str(value).strip()
            if key not in table:
                row_errors.append(
                    _("第%(row)d行：%(label)s“%(value)s”无效") % {"row": i, "label": label, "value": key}
                )
            values.append(table.get(key))
        department = departments.get(str(dept).strip())
        if department is None:
            row_errors.append(_("第%(row)d行：部门“%(d)s”不在本开发区") % {"row": i, "d": dept})
        post_obj = None
        if str(post).strip() and department is not None:
            post_obj = posts.get((department.pk, str(post).strip()))
            if post_obj is None:
                row_errors.append(
                    _("第%(row)d行：岗位“%(p)s”不属于部门“%(d)s”") % {"row": i, "p": post, "d": dept}
                )
        birth_date = _as_date(birth, "出生日期", row_errors, i)
        hired_on = _as_date(hired, "入职日期", row_errors, i)
        if row_errors:
            errors.extend(row_errors)
            continue
        member = Staff(
            zone=zone,
            department=department,
            post=post_obj,
            employee_no=no,
            name=name,
            gender=values[0],
            birth_date=birth_date,
            education=values[1],
            employment_type=values[2],
            rank=values[3],
            hired_on=hired_on,
            phone=str(phone).strip(),
        )
        try:
            member.full_clean(validate_unique=False, validate_constraints=False)
        except Exception as e:  # ValidationError: report it on the row
            for msgs in getattr(e, "message_dict", {"": [str(e)]}).values():
                errors.extend(_("第%(row)d行：%(msg)s") % {"row": i, "msg": m} for m in msgs)
            continue
        staff.append(member)
    if errors:
        raise DomainError(
            _("导入失败，共%(n)d处错误，未导入任何数据") % {"n": len(errors)}, {"__all__": errors}
        )
    if not staff:
        raise DomainError(_("文件中没有数据行"))
    created = Staff.objects.bulk_create(staff, batch_size=500)
    if not all(s.pk for s in created):  # databases that do not return ids from bulk inserts
        created = list(Staff.objects.filter(zone=zone, employee_no__in=[s.employee_no for s in staff]))
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action=AuditAction.IMPORT,
                obj=s,
                changes=audit.diff({}, audit.snapshot(s)),
                note=_("Excel导入"),
            )
            for s in created
        ]
    )
    return created


@transaction.atomic
def staff_transfer(*, actor, staff_ids: list[int], department: Department, post: Post | None = None) -> int:
    """Move several staff to another department (and post) in one bulk update, one audit event each."""
    if post is not None and post.department_id != department.pk:
        raise DomainError(_("岗位不属于所选部门"), {"post": [_("岗位不属于所选部门")]})
    if not Department.objects.for_user(actor).filter(pk=department.pk).exists():
        raise DomainError(_("部门不在您的范围内"), {"department": [_("部门不在您的范围内")]})
    qs = Staff.objects.for_user(actor, "change").select_for_update().filter(pk__in=staff_ids)
    members = list(qs)
    if len(members) != len(set(staff_ids)):
        raise PermissionDeniedError(_("所选人员中有您无权调整的记录"))
    if any(m.zone_id != department.zone_id for m in members):
        raise DomainError(_("不能把人员调到其他开发区的部门"))
    before = {m.pk: audit.snapshot(m) for m in members}
    new = {"department_id": department.pk, "post_id": post.pk if post else None}
    count = Staff.objects.filter(pk__in=[m.pk for m in members]).update(**new)
    events = []
    for m in members:
        after = before[m.pk] | new
        events.append(
            audit.event(
                actor=actor,
                action=AuditAction.BULK_UPDATE,
                obj=m,
                changes=audit.diff(before[m.pk], after),
                note=_("批量调整部门"),
            )
        )
    audit.record_many(events)
    return count


def staff_template() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "工作人员"
    ws.append(COLUMNS)
    ws.append(
        [
            "JB0999",
            "张三",
            "男",
            "1990-05-01",
            "大学本科",
            "雇员制",
            "科员及以下",
            "综合服务部",
            "",
            "2020-03-01",
            "13800000000",
        ]
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
