"""Pay profiles (薪酬档案): each staff member's standard monthly pay, set one by one or imported from Excel."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError, clean_text, require_role
from devzone.core.ledger import Column, RowReport, cell_text, read_sheet
from devzone.core.locking import in_scope
from devzone.core.models import Staff, Zone
from devzone.performance.models import PayProfile

YUAN = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$")
PAY_COLUMNS = [
    Column("employee_no", gettext_lazy("工号"), required=True, width=14),
    Column("monthly_yuan", gettext_lazy("标准月薪（元）"), required=True, aliases=("标准月薪",), width=16),
]


def yuan_to_fen(value) -> int:
    text = str(value if value is not None else "").strip().replace("，", ",")
    if "," in text and not YUAN.match(text):
        raise DomainError(_("金额须为数字（元），千位分隔符只能每三位一个"))
    try:
        d = Decimal(text.replace(",", ""))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("金额须为数字（元）")) from None
    if not d.is_finite() or d <= 0 or d > 1_000_000:
        raise DomainError(_("标准月薪须在0–100万元之间"))
    if d != d.quantize(Decimal("0.01")):
        raise DomainError(_("金额最多两位小数（分）"))
    return int(d * 100)


# Who sets standard pay: the tally staff and the zone leader. Not the system administrator, who runs the system
# and has no say over anyone's pay (the demo and the jobs act as the system actor, another role).
PAY_EDITORS = (Role.ZONE_LEADER, Role.TALLY_STAFF)
# 回避: nobody sets their own standard pay (the base of their guaranteed share and of the pool)
OWN_PROFILE = gettext_lazy("须回避：不能维护本人的标准月薪，由其他人员维护")


def _pay_editor(actor) -> None:
    require_role(actor, *PAY_EDITORS, doing=_("维护薪酬档案"))


def own_pay_profile(actor, staff_id: int) -> bool:
    """Whether ``staff_id`` is the actor's own staff record."""
    own = reach_of(actor).staff_id
    return own is not None and own == staff_id


@transaction.atomic
def payprofile_set(*, actor, staff: Staff, monthly_yuan, note: str = "") -> PayProfile:
    _pay_editor(actor)
    staff = in_scope(Staff, staff, actor=actor, what=_("工作人员"))
    if own_pay_profile(actor, staff.pk):
        raise PermissionDeniedError(str(OWN_PROFILE))
    try:
        fen = yuan_to_fen(monthly_yuan)
    except DomainError as e:
        raise DomainError.on("monthly_yuan", e.message) from None
    note = clean_text(note, "note", max_length=100)
    p = PayProfile.objects.filter(staff=staff).first()
    before = p.monthly_standard_fen if p else None
    if p is None:
        p = PayProfile(zone_id=staff.zone_id, staff=staff)
    p.monthly_standard_fen, p.note = fen, note
    p.save()
    audit.changed(actor, p, "monthly_standard_fen", before, fen, note=_("标准月薪"))
    return p


def _parse_pay_sheet(data: bytes, staff: dict[str, Staff], own: int | None) -> list[tuple[Staff, int]]:
    """(staff, fen) of every row of the workbook; any problem and the whole file is refused — a row of the
    importer's own staff record ``own`` included (回避)."""
    sheet = read_sheet(data, PAY_COLUMNS)
    report = RowReport()
    parsed = []
    seen = set()
    for line, row in sheet.rows:
        no = cell_text(row["employee_no"])
        if no not in staff:
            report.add(line, _("本开发区没有工号%(n)s") % {"n": no})
        elif no in seen:
            report.add(line, _("工号%(n)s重复") % {"n": no})
        elif own is not None and staff[no].pk == own:
            report.add(line, str(OWN_PROFILE))
        else:
            seen.add(no)
            try:
                parsed.append((staff[no], yuan_to_fen(row["monthly_yuan"])))
            except DomainError as e:
                report.add(line, e.message)
    if not sheet.rows:
        report.add(0, _("文件中没有数据行"))
    report.raise_if_any()
    return parsed


@transaction.atomic
def payprofile_import(*, actor, zone: Zone, data: bytes) -> int:
    """Import a workbook of 工号 and 标准月薪（元） rows into the zone: everything is checked first; any error —
    a row of the importer's own record among them (回避) — and nothing is written."""
    _pay_editor(actor)
    in_scope(Zone, zone, actor=actor, what=_("开发区"))
    staff = {s.employee_no: s for s in Staff.objects.filter(zone=zone)}
    parsed = _parse_pay_sheet(data, staff, reach_of(actor).staff_id)
    existing = {p.staff_id: p for p in PayProfile.objects.filter(zone=zone)}
    new, changed = [], []
    now = timezone.now()  # bulk_update does not touch auto_now fields
    for s, fen in parsed:
        if s.pk in existing:
            existing[s.pk].monthly_standard_fen = fen
            existing[s.pk].updated_at = now
            changed.append(existing[s.pk])
        else:
            new.append(PayProfile(zone=zone, staff=s, monthly_standard_fen=fen))
    PayProfile.objects.bulk_create(new)
    PayProfile.objects.bulk_update(changed, ["monthly_standard_fen", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.IMPORT, obj=zone, note=_("导入薪酬档案%(n)s条") % {"n": len(parsed)}
    )
    return len(parsed)
