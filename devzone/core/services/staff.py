"""Staff ledgers (台账): Excel import, export and bulk changes, each leaving its audit trail."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit, ledger, personal
from devzone.core.access import can
from devzone.core.choices import AuditAction, Education, EmploymentType, Gender, Rank
from devzone.core.errors import DomainError, PermissionDeniedError, require
from devzone.core.models import Department, Post, Staff, Zone

# Columns of the ledger (also the template a user downloads).
COLUMNS = [
    ledger.Column("employee_no", "工号", required=True),
    ledger.Column("name", "姓名", required=True),
    ledger.Column("gender", "性别", required=True),
    ledger.Column("birth_date", "出生日期", required=True),
    ledger.Column("education", "学历", required=True),
    ledger.Column("employment_type", "用工类型", required=True),
    ledger.Column("rank", "职级", required=True),
    ledger.Column("department", "部门", required=True),
    ledger.Column("post", "岗位", required=True),
    ledger.Column("hired_on", "入职日期", required=True),
    # optional (older ledgers have no such column): blank when not recorded, 任职年限 then count from 入职日期
    ledger.Column("rank_since", "任现职级日期"),
    ledger.Column("phone", "手机号", required=True),
]
HEADER = [c.label for c in COLUMNS]
CHOICES = {"gender": Gender, "education": Education, "employment_type": EmploymentType, "rank": Rank}


def _by_label(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices} | {v: v for v in choices.values}


def _as_date(value, label: str, report: ledger.RowReport, row: int) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(ledger.cell_text(value))
    except ValueError:
        report.add(
            row, _("%(field)s“%(value)s”不是有效日期（YYYY-MM-DD）") % {"field": label, "value": value}
        )
        return None


@transaction.atomic
def staff_export(*, actor, staff, zone_id: int | None = None) -> bytes:
    """The staff ledger of ``staff`` (narrowed to what ``actor`` may view) as Excel, written row by row.

    Birth dates and mobile numbers are in full only on the rows ``actor`` may see them (core.personal), masked
    on the others. An export with any row in full leaves an audit event saying how many rows it held and how
    many of them in full — in the same transaction, so no such file leaves without its trace."""
    if not can(actor, "view", Staff):
        raise PermissionDeniedError(_("无权导出工作人员台账"))
    staff = staff & Staff.objects.for_user(actor, "view")  # never more than the actor's reach
    counts = {"rows": 0, "full": 0}

    def rows():
        for s in staff.iterator(chunk_size=2000):
            counts["rows"] += 1
            full = personal.sees_personal(actor, s)
            counts["full"] += full
            yield [
                s.employee_no,
                s.name,
                s.get_gender_display(),
                s.birth_date if full else personal.mask_birth_date(s.birth_date),
                s.get_education_display(),
                s.get_employment_type_display(),
                s.get_rank_display(),
                s.department.name,
                s.post.name if s.post else "",
                s.hired_on,
                s.rank_since,
                s.phone if full else personal.mask_phone(s.phone),
            ]

    content = ledger.workbook([(_("工作人员"), HEADER, rows())])
    if counts["full"]:
        audit.record(
            actor=actor,
            action=AuditAction.EXPORT,
            model=Staff,
            object_repr=_("工作人员台账"),
            zone_id=zone_id,
            note=_("导出工作人员台账%(rows)d行，其中%(full)d行含完整出生日期与手机号")
            % {"rows": counts["rows"], "full": counts["full"]},
        )
    return content


@transaction.atomic
def staff_import(*, actor, zone: Zone, data: bytes) -> list[Staff]:
    """Import a staff ledger into ``zone``: every row is validated first; any error -> nothing imported and
    a row-by-row report. New rows only (a 工号 already in the zone is an error)."""
    if not can(actor, "create", Staff) or not Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
        raise PermissionDeniedError(_("无权导入该开发区的工作人员"))
    sheet = ledger.read_sheet(data, COLUMNS)
    departments = {d.name: d for d in Department.objects.filter(zone=zone, abolished_on__isnull=True)}
    posts = {(p.department_id, p.name): p for p in Post.objects.filter(zone=zone)}
    existing = set(Staff.objects.filter(zone=zone).values_list("employee_no", flat=True))
    tables = {key: _by_label(choices) for key, choices in CHOICES.items()}
    report = ledger.RowReport()
    seen: set[str] = set()
    staff = [
        member
        for n, row in sheet.rows
        if (member := _staff_row(zone, n, row, report, departments, posts, existing | seen, tables, seen))
    ]
    report.raise_if_any()
    if not staff:
        raise DomainError.on("file", _("文件中没有数据行"))
    created = Staff.objects.bulk_create(staff, batch_size=500)
    if not all(s.pk for s in created):  # databases that do not return ids from bulk inserts
        created = list(Staff.objects.filter(zone=zone, employee_no__in=[s.employee_no for s in staff]))
    audit.imported(actor, created, note=_("Excel导入"))
    return created


def _staff_row(zone, n, row, report, departments, posts, taken, tables, seen) -> Staff | None:
    """One ledger row as an unsaved ``Staff``, or None with its problems added to ``report``."""
    before = len(report.problems)
    text = {k: ledger.cell_text(v) for k, v in row.items()}
    no, name = text["employee_no"], text["name"]
    if not no:
        report.add(n, _("工号不能为空"))
    elif no in taken:
        report.add(n, _("工号%(no)s已存在") % {"no": no})
    seen.add(no)
    if not name:
        report.add(n, _("姓名不能为空"))
    values = {}
    for key, table in tables.items():
        label = next(c.label for c in COLUMNS if c.key == key)
        if text[key] not in table:
            report.add(n, _("%(label)s“%(value)s”无效") % {"label": label, "value": text[key]})
        values[key] = table.get(text[key])
    department = departments.get(text["department"])
    if department is None:
        report.add(n, _("部门“%(d)s”不在本开发区") % {"d": text["department"]})
    post = None
    if text["post"] and department is not None:
        post = posts.get((department.pk, text["post"]))
        if post is None:
            report.add(n, _("岗位“%(p)s”不属于部门“%(d)s”") % {"p": text["post"], "d": text["department"]})
    # the field named in the reader's language (the row's message is theirs: “第3行：…”)
    birth_date = _as_date(row["birth_date"], _("出生日期"), report, n)
    hired_on = _as_date(row["hired_on"], _("入职日期"), report, n)
    # optional: a blank cell (or no such column) leaves it unrecorded
    rank_since = _as_date(row["rank_since"], _("任现职级日期"), report, n) if text["rank_since"] else None
    if len(report.problems) > before:
        return None
    member = Staff(
        zone=zone,
        department=department,
        post=post,
        employee_no=no,
        name=name,
        birth_date=birth_date,
        hired_on=hired_on,
        rank_since=rank_since,
        phone=text["phone"],
        **values,
    )
    try:
        member.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as e:  # report it on the row
        for msgs in e.message_dict.values():
            for m in msgs:
                report.add(n, m)
        return None
    return member


@transaction.atomic
def staff_transfer(*, actor, staff_ids: list[int], department: Department, post: Post | None = None) -> int:
    """Move several staff to another department (and post) in one bulk update, one audit event each.

    The update passes by ``Staff.clean``, so its rules are checked here: the department is read afresh and
    locked (abolished meanwhile, by a zone merge or on its page, it takes nobody)."""
    if post is not None and post.department_id != department.pk:
        raise DomainError.on("post", _("岗位不属于所选部门"))
    found = list(
        Department.objects.for_user(actor)
        .select_for_update(of=("self",))
        .filter(pk=department.pk)
        .values_list("abolished_on", flat=True)
    )
    if not found:
        raise DomainError.on("department", _("部门不在您的范围内"))
    require(found[0] is None, _("该部门已撤销，请选择现有的部门"), "department")
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
    example = [
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
        "2023-07-01",  # 任现职级日期, optional
    ]
    return ledger.template(COLUMNS, "工作人员", example=[*example, "13800000000"])
