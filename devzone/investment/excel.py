"""Excel ledgers of 大招商 on ``core.ledger``: the lead list (import, all or nothing, every problem reported by
row; export; the empty template) and the leaderboard export."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import ledger
from devzone.core.codes import CodeError, validate_credit_code
from devzone.core.errors import DomainError, clean_text
from devzone.core.ledger import Column
from devzone.core.models import Industry, Staff
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.investment import services as svc
from devzone.investment.choices import Source, Stage
from devzone.investment.dedupe import name_key
from devzone.investment.models import InvestmentTeam, Lead, TeamMember
from devzone.investment.services.common import LONG_TEXT

# The headers are the file's format (the same in every language of the interface), hence not translated.
COLUMNS = [
    Column("company_name", "企业名称", required=True, width=28),
    Column("credit_code", "统一社会信用代码", required=True, width=22),
    Column("industry", "行业代码", required=True),
    Column("amount", "意向投资额（万元）", required=True, width=16),
    Column("source", "来源", required=True),
    Column("referrer", "推荐人", required=True),
    Column("team", "小分队", required=True, width=14),
    Column("owner", "负责人工号", required=True),
    Column("stage", "阶段", required=True),
    Column("contact_name", "联系人", required=True),
    Column("contact_phone", "联系电话", required=True, width=14),
    Column("is_local", "本地投资者", required=True),
    Column("note", "备注", required=True, width=30),
]
HEADER = [c.label for c in COLUMNS]
EXAMPLE = [
    "山东示例食品有限公司",
    "",
    "14",
    "20000",
    "展会招商",
    "",
    "长三角",
    "",
    "了解",
    "张经理",
    "13800000000",
    "否",
    "",
]
TEXTS = (
    ("company_name", "企业名称", 100),
    ("referrer", "推荐人", 60),
    ("contact_name", "联系人", 30),
    ("contact_phone", "联系电话", 20),
    ("note", "备注", LONG_TEXT),
)
YES = ("是", "Y", "y", "1", "TRUE", "True", "true")


def template() -> bytes:
    notes = [
        ["来源可填", "、".join(str(label) for label in Source.labels)],
        ["阶段可填", "未接触、了解、关注"],
        ["行业代码", "GB/T 4754 大类两位数字，如 14 食品制造业"],
        ["规则", "任何一行有错误则整表不导入；同一企业（信用代码或名称）不能重复"],
    ]
    return ledger.workbook(
        [("线索清单", HEADER, [EXAMPLE]), ("说明", ["项目", "说明"], notes)],
        widths=[c.width for c in COLUMNS],
    )


@dataclass
class _Context:
    """What every row is checked against, read once per file."""

    zone_id: int
    sources: dict
    stages: dict
    teams: dict
    mine: set | None
    divisions: set
    staff: dict
    members: set

    @classmethod
    def of(cls, actor, zone_id: int) -> _Context:
        from devzone.investment.selectors import my_team_ids

        return cls(
            zone_id=zone_id,
            sources={str(label): value for value, label in Source.choices} | {v: v for v in Source.values},
            stages={str(Stage(s).label): s for s in svc.INITIAL_STAGES}
            | {s: s for s in svc.INITIAL_STAGES}
            | {"不了解": Stage.UNAWARE},  # the former label, in ledgers kept before
            teams={
                t.name: t
                for t in InvestmentTeam.objects.for_user(actor).filter(zone_id=zone_id, is_active=True)
            },
            mine=my_team_ids(actor),
            divisions=set(Industry.objects.filter(parent__isnull=False).values_list("pk", flat=True)),
            staff={s.employee_no: s for s in Staff.objects.filter(zone_id=zone_id)},
            members=set(
                TeamMember.objects.filter(zone_id=zone_id, is_active=True).values_list("team_id", "staff_id")
            ),
        )


def _amount(text: str, errs: list) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errs.append(_("意向投资额不是数字"))
        return None
    # the range first: quantizing a number of more than 28 digits raises InvalidOperation (a 500, not a row error)
    if value < 0:
        errs.append(_("意向投资额不能为负数"))
    elif value > MAX_AMOUNT_WAN:
        errs.append(_("意向投资额超过上限（10,000亿元）"))
    elif value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        errs.append(_("意向投资额最多两位小数（万元）"))
    return value


def _parse_row(r: dict, ctx: _Context, errs: list) -> dict:
    """One row's lead, its problems appended to ``errs``."""
    name, code, ind = r["company_name"], r["credit_code"].upper(), r["industry"]
    if not name:
        errs.append(_("企业名称必填"))
    if code:
        try:
            validate_credit_code(code)
        except CodeError as e:
            errs.append(_("统一社会信用代码：%(r)s") % {"r": e.reason})
    if ind.zfill(2) not in ctx.divisions:
        errs.append(_("行业代码“%(c)s”不是GB/T 4754的大类") % {"c": ind})
    for key, label, limit in TEXTS:
        try:
            clean_text(r[key], key, max_length=limit)
        except DomainError as e:
            errs.append(f"{label}：{e.message}")
    value = _amount(r["amount"], errs)
    src = r["source"]
    if src not in ctx.sources:
        errs.append(_("来源“%(s)s”无效") % {"s": src})
    elif ctx.sources[src] == Source.REFERRAL and not r["referrer"]:
        errs.append(_("以商招商须填写推荐人"))
    t = ctx.teams.get(r["team"])
    if t is None:
        errs.append(_("小分队“%(t)s”不存在") % {"t": r["team"]})
    elif ctx.mine is not None and t.pk not in ctx.mine:
        errs.append(_("只能导入本人所在小分队的线索"))
    owner = ctx.staff.get(r["owner"]) if r["owner"] else None
    if r["owner"] and (owner is None or (t is not None and (t.pk, owner.pk) not in ctx.members)):
        errs.append(_("负责人工号“%(o)s”不是该小分队队员") % {"o": r["owner"]})
    stage = r["stage"] or "未接触"
    if stage not in ctx.stages:
        errs.append(_("阶段只能是未接触、了解或关注"))
    if name and (dup := svc.find_duplicate(ctx.zone_id, credit_code=code, company_name=name)):
        errs.append(_("该企业已在线索中：%(n)s") % {"n": dup[0].company_name})
    return dict(
        team=t,
        company_name=name,
        credit_code=code,
        industry=ind.zfill(2),
        intended_investment=value,
        source=ctx.sources.get(src),
        referrer=r["referrer"],
        owner=owner,
        stage=ctx.stages.get(stage),
        contact_name=r["contact_name"],
        contact_phone=r["contact_phone"],
        is_local=r["is_local"] in YES,
        note=r["note"],
    )


def import_leads(*, actor, zone_id: int, data: bytes) -> list[Lead]:
    """Validate every row first; import all of them in one transaction, or none (a ``DomainError`` on the
    file listing every row's problems)."""
    sheet = ledger.read_sheet(data, COLUMNS)
    if not sheet.rows:
        raise DomainError.on("file", _("文件中没有数据行"))
    ctx = _Context.of(actor, zone_id)
    report = ledger.RowReport()
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    clean = []
    for n, raw in sheet.rows:
        r = {k: ledger.cell_text(v) for k, v in raw.items()}
        errs: list[str] = []
        row = _parse_row(r, ctx, errs)
        key, code = name_key(row["company_name"]), row["credit_code"]
        if row["company_name"] and key in seen_names:
            errs.append(_("与第%(n)s行是同一企业") % {"n": seen_names[key]})
        if row["company_name"]:
            seen_names.setdefault(key, n)
        if code and code in seen_codes:
            errs.append(_("信用代码与第%(n)s行重复") % {"n": seen_codes[code]})
        if code:
            seen_codes.setdefault(code, n)
        for e in errs:
            report.add(n, e)
        clean.append((n, row))
    report.raise_if_any()
    industries = Industry.objects.in_bulk({row["industry"] for _n, row in clean})
    created = []
    with transaction.atomic():
        for n, row in clean:
            row["industry"] = industries[row["industry"]]
            try:
                created.append(svc.lead_create(actor=actor, zone_id=zone_id, **row))
            except DomainError as e:  # capacity, a concurrent registration: still all or nothing
                report.add(n, e.message)
                report.raise_if_any()
    return created


def _lead_row(lead: Lead) -> list:
    return [
        lead.company_name,
        lead.credit_code,
        lead.industry_id,
        lead.intended_investment,
        str(Source(lead.source).label),
        lead.referrer,
        lead.team.name,
        lead.owner.employee_no if lead.owner_id else "",
        str(Stage(lead.stage).label),
        lead.contact_name,
        lead.contact_phone,
        "是" if lead.is_local else "否",
        lead.note,
        str(Stage(lead.stage).label),
        "是" if lead.fits else ("例外" if lead.exception_on else "否"),
        lead.created_on.isoformat(),
        lead.last_activity_on.isoformat(),
        lead.lost_reason,
    ]


def export_sheets(qs) -> list:
    """The lead list as a ledger sheet (title, header, rows)."""
    header = [*HEADER, "当前阶段", "符合产业定位", "登记日期", "最近跟进", "流失原因"]
    rows = (_lead_row(lead) for lead in qs.select_related("team", "owner").iterator(chunk_size=2000))
    return [("线索清单", header, rows)]


def leaderboard_sheets(board: dict, title: str) -> list:
    """The leaderboard as a ledger sheet named by its title (zone and period): rank, name, total, the
    indicators' values and scores."""
    labels = [str(label) for _k, label in board["indicators"]]
    rows = [
        [
            r.rank,
            r.label,
            float(r.total),
            *[float(r.values[k]) for k, _l in board["indicators"]],
            *[float(r.scores.get(k, 0)) for k, _l in board["indicators"]],
        ]
        for r in board["rows"]
    ]
    name = "".join(ch for ch in title if ch not in "[]:*?/\\") or "排行榜"
    return [(name, ["名次", "名称", "综合得分", *labels, *[f"{x}得分" for x in labels]], rows)]
