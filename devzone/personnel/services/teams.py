"""班子 entry: the city's personnel work records the zones' leadership team members one by one (a form) or from a
workbook (core's importer: every row checked first, nothing written when any row is wrong, a row-by-row report).
The team comparison (``selectors.team_comparison``) reads these rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit, ledger
from devzone.core.access import can
from devzone.core.choices import AuditAction, Education
from devzone.core.errors import DomainError, PermissionDeniedError, clean, require, require_text
from devzone.core.models import Zone
from devzone.core.notify import stored
from devzone.personnel.models import TeamMember

COLUMNS = [
    ledger.Column("zone", "开发区", required=True, width=24),
    ledger.Column("name", "姓名", required=True),
    ledger.Column("post", "职务", required=True, width=20),
    ledger.Column("birth_date", "出生日期", required=True, width=12),
    ledger.Column("fulltime_education", "全日制学历", width=12),
    ledger.Column("exchanged_from", "交流来源", width=24),
    ledger.Column("joined_on", "任职日期", required=True, width=12),
    ledger.Column("left_on", "离任日期", width=12),
]
FIELDS = ("name", "post", "birth_date", "fulltime_education", "exchanged_from", "joined_on", "left_on")


def _may_record(actor) -> None:
    if not can(actor, "create", TeamMember):
        raise PermissionDeniedError(_("无权登记班子成员"))


def _check(member: TeamMember) -> None:
    require(member.birth_date < member.joined_on, _("任职日期须晚于出生日期"), "joined_on")
    require(
        member.left_on is None or member.left_on >= member.joined_on, _("离任日期不能早于任职日期"), "left_on"
    )
    clean(member)


@transaction.atomic
def team_member_add(*, actor, zone_id, **fields) -> TeamMember:
    """One member of a zone in the actor's reach."""
    _may_record(actor)
    zone = Zone.objects.for_user(actor).filter(pk=zone_id, merged_into__isnull=True).first()
    require(zone is not None, _("请选择开发区"), "zone")
    member = TeamMember(zone=zone, **{k: fields.get(k) for k in FIELDS})
    member.name = require_text(member.name, "name", _("请填写姓名"), max_length=30)
    member.post = require_text(member.post, "post", _("请填写职务"), max_length=40)
    member.fulltime_education = member.fulltime_education or ""
    member.exchanged_from = (member.exchanged_from or "").strip()
    _check(member)
    member.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=member)
    return member


def _date(value, label: str, report, n, *, required: bool) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = ledger.cell_text(value)
    if not text:
        if required:
            report.add(n, _("%(field)s不能为空") % {"field": label})
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        report.add(n, _("%(field)s“%(value)s”不是有效日期（YYYY-MM-DD）") % {"field": label, "value": text})
        return None


@transaction.atomic
def team_import(*, actor, data: bytes) -> list[TeamMember]:
    """New members from a workbook (the columns of ``COLUMNS``); the zone by its name, among the actor's."""
    _may_record(actor)
    sheet = ledger.read_sheet(data, COLUMNS)
    zones = {}
    for z in Zone.objects.for_user(actor).filter(merged_into__isnull=True):
        zones[z.name] = z
        zones.setdefault(z.short_name, z)
    educations = {str(label): value for value, label in Education.choices}
    report = ledger.RowReport()
    members = []
    for n, row in sheet.rows:
        before = len(report.problems)
        text = {k: ledger.cell_text(v) for k, v in row.items()}
        zone = zones.get(text["zone"])
        if zone is None:
            report.add(n, _("开发区“%(z)s”不存在或不在您的管辖范围") % {"z": text["zone"]})
        for key, label, limit in (("name", _("姓名"), 30), ("post", _("职务"), 40)):
            if not text[key]:
                report.add(n, _("%(field)s不能为空") % {"field": label})
            elif len(text[key]) > limit:
                report.add(n, _("%(field)s过长") % {"field": label})
        education = ""
        if text["fulltime_education"]:
            education = educations.get(text["fulltime_education"])
            if education is None:
                report.add(n, _("全日制学历“%(v)s”无效") % {"v": text["fulltime_education"]})
        born = _date(row["birth_date"], _("出生日期"), report, n, required=True)
        joined = _date(row["joined_on"], _("任职日期"), report, n, required=True)
        left = _date(row["left_on"], _("离任日期"), report, n, required=False)
        if born and joined and born >= joined:
            report.add(n, _("任职日期须晚于出生日期"))
        if joined and left and left < joined:
            report.add(n, _("离任日期不能早于任职日期"))
        if len(text["exchanged_from"]) > 80:
            report.add(n, _("%(field)s过长") % {"field": _("交流来源")})
        if len(report.problems) > before:
            continue
        members.append(
            TeamMember(
                zone=zone,
                name=text["name"],
                post=text["post"],
                birth_date=born,
                fulltime_education=education or "",
                exchanged_from=text["exchanged_from"],
                joined_on=joined,
                left_on=left,
            )
        )
    report.raise_if_any()
    if not members:
        raise DomainError.on("file", _("文件中没有数据行"))
    for m in members:
        m.save()
    audit.imported(actor, members, note=stored(gettext_lazy("Excel导入")))
    return members


def team_template() -> bytes:
    example = [
        "济北经济开发区",
        "张三",
        "管委会副主任",
        "1980-05-01",
        "硕士研究生",
        "市发展改革委",
        "2021-03-01",
        "",
    ]
    return ledger.template(COLUMNS, _("班子成员"), example)
