"""Inbound project codes (赋码清单): the investment-project platform's (投资项目在线审批监管平台) export of the codes it
issued, imported into a zone. Each row's code is verified (core.codes: format, date, region, check digit); its
enterprise is matched by credit code among the zone's registered enterprises — never created: a row whose enterprise
is not registered is reported and skipped; its project is then

- **already linked** when the zone has a project with that code (nothing changes: an import can be repeated),
- **linked** when the enterprise has a project of the same name without a code (the code is set, audited),
- **created** otherwise (through ``object_create``: the same checks and audit as the form).

A file with a malformed row (a bad code or credit code, no name, an amount or industry that cannot be read, an
amount over what the field holds) is refused whole, with every problem listed by row; nothing changes. So is a file
that would give a project a code held by a project of another zone (codes are unique across zones): the row is
named, the other project and its zone are not."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import ledger
from devzone.core.access import can
from devzone.core.codes import CodeError, parse_project_code, validate_credit_code
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Enterprise, Industry, Project, Zone
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.core.services.objects import object_create, object_update

COLUMNS = [
    ledger.Column("code", "项目代码", required=True, width=28),
    ledger.Column("name", "项目名称", required=True, width=30),
    ledger.Column("unit", "项目单位", width=30),
    ledger.Column(
        "credit_code", "统一社会信用代码", required=True, aliases=("项目单位统一社会信用代码",), width=22
    ),
    ledger.Column("investment", "总投资（万元）", required=True, aliases=("总投资",), width=14),
    ledger.Column("industry", "国民经济行业", required=True, aliases=("所属行业",), width=24),
    ledger.Column("issued", "赋码日期", width=12),
]


@dataclass
class CodeImport:
    created: list[Project] = field(default_factory=list)
    linked: list[Project] = field(default_factory=list)
    unchanged: list[Project] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (row, why)

    @property
    def count(self) -> int:
        return len(self.created) + len(self.linked)


@dataclass
class _Row:
    n: int
    code: str
    name: str
    credit_code: str
    investment: Decimal
    industry: Industry


def _division(text: str, industries: dict[str, Industry]) -> Industry | None:
    """ "C3311 建筑用金属制品制造", "3311", "C33" or "33": the division (大类) 33."""
    m = re.search(r"(\d{2})", text or "")
    return industries.get(m.group(1)) if m else None


def _largest(field) -> Decimal:
    """The largest amount ``field`` holds: its ``max_digits`` and ``MAX_AMOUNT_WAN``, the lower."""
    digits = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** -field.decimal_places
    return min(digits, MAX_AMOUNT_WAN)


_INVESTMENT = Project._meta.get_field("total_investment")
_CENTS = Decimal(10) ** -_INVESTMENT.decimal_places
_MAX_INVESTMENT = _largest(_INVESTMENT)


def _investment(text: str) -> Decimal | None:
    """The amount rounded to the field's decimals, or None when it is not a positive number (nor rounds to
    one). Any size is read (``1e30``): an amount over ``_MAX_INVESTMENT`` comes back unrounded, for the caller
    to report."""
    try:
        value = Decimal(text.replace(",", ""))
        if not value.is_finite() or value <= 0:
            return None
        if value > _MAX_INVESTMENT:
            return value
        value = value.quantize(_CENTS)
    except (InvalidOperation, ValueError):
        return None
    return value if value > 0 else None


def _parse(sheet, industries) -> list[_Row]:
    report, rows, seen = ledger.RowReport(), [], set()
    for n, row in sheet.rows:
        text = {k: ledger.cell_text(v) for k, v in row.items()}
        before = len(report.problems)
        try:
            code = parse_project_code(text["code"]).code
        except CodeError as e:
            report.add(n, _("项目代码“%(c)s”：%(r)s") % {"c": text["code"], "r": e.reason})
            code = ""
        if code and code in seen:
            report.add(n, _("项目代码%(c)s在文件中重复") % {"c": code})
        seen.add(code)
        try:
            credit = validate_credit_code(text["credit_code"])
        except CodeError as e:
            report.add(n, _("统一社会信用代码“%(c)s”：%(r)s") % {"c": text["credit_code"], "r": e.reason})
            credit = ""
        if not text["name"]:
            report.add(n, _("项目名称不能为空"))
        investment = _investment(text["investment"])
        if investment is None:
            report.add(n, _("总投资“%(v)s”不是正数（万元）") % {"v": text["investment"]})
        elif investment > _MAX_INVESTMENT:
            report.add(
                n,
                _("总投资“%(v)s”超过上限（%(max)s万元）")
                % {"v": text["investment"], "max": f"{_MAX_INVESTMENT:,}"},
            )
        industry = _division(text["industry"], industries)
        if industry is None:
            report.add(n, _("国民经济行业“%(v)s”不是 GB/T 4754 的行业大类") % {"v": text["industry"]})
        if len(report.problems) == before:
            rows.append(_Row(n, code, text["name"][:100], credit, investment, industry))
    report.raise_if_any()
    if not rows:
        raise DomainError.on("file", _("文件中没有数据行"))
    return rows


@transaction.atomic
def project_codes_import(*, actor, zone: Zone, data: bytes) -> CodeImport:
    if not can(actor, "create", Project) or not Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
        raise PermissionDeniedError(_("无权向该开发区导入项目"))
    industries = {i.code: i for i in Industry.objects.filter(parent__isnull=False)}
    rows = _parse(ledger.read_sheet(data, COLUMNS), industries)
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(zone=zone)}
    by_code = {
        p.project_code: p for p in Project.objects.filter(zone=zone, project_code__in=[r.code for r in rows])
    }
    _refuse_codes_taken_elsewhere(rows, enterprises, by_code)
    result = CodeImport()
    for r in rows:
        enterprise = enterprises.get(r.credit_code)
        if enterprise is None:
            result.unmatched.append(
                (
                    r.n,
                    _("项目单位（统一社会信用代码%(c)s）未在本开发区登记，请先登记企业")
                    % {"c": r.credit_code},
                )
            )
            continue
        known = by_code.get(r.code)
        if known is not None:
            if known.enterprise_id != enterprise.pk:
                result.unmatched.append(
                    (
                        r.n,
                        _("项目代码%(c)s已属于本开发区另一企业的项目“%(p)s”")
                        % {"c": r.code, "p": known.name},
                    )
                )
            else:
                result.unchanged.append(known)
            continue
        same = Project.objects.filter(zone=zone, enterprise=enterprise, name=r.name, project_code="").first()
        if same is not None:
            same.project_code = r.code
            result.linked.append(
                object_update(actor=actor, instance=same, note=_("赋码清单导入：关联项目代码"))
            )
            continue
        project = Project(
            zone=zone,
            enterprise=enterprise,
            name=r.name,
            industry=r.industry,
            project_code=r.code,
            total_investment=r.investment,
        )
        result.created.append(object_create(actor=actor, instance=project, note=_("赋码清单导入")))
    return result


def _refuse_codes_taken_elsewhere(rows: list[_Row], enterprises: dict, by_code: dict) -> None:
    """A code is unique across every zone; one the import would set but a project outside this zone holds
    refuses the file, by row, saying neither where nor whose (another zone's rows never show)."""
    writing = [r for r in rows if r.credit_code in enterprises and r.code not in by_code]
    taken = set(
        Project.objects.filter(project_code__in=[r.code for r in writing]).values_list(
            "project_code", flat=True
        )
    )
    report = ledger.RowReport()
    for r in writing:
        if r.code in taken:
            report.add(r.n, _("项目代码%(c)s已被其他项目使用") % {"c": r.code})
    report.raise_if_any()


def project_codes_template() -> bytes:
    return ledger.template(
        COLUMNS,
        _("赋码清单"),
        example=[
            "2505-330354-04-01-274607",
            "示例：生态景观建设项目",
            "示例企业有限公司",
            "",
            "12000",
            "C3311",
            "",
        ],
    )
