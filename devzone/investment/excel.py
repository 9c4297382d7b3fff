"""Excel ledgers of 大招商 on ``core.ledger``: the lead list (import, all or nothing, every problem reported by
row; export; the empty template) and the leaderboard export."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from devzone.core import ledger
from devzone.core.codes import CodeError, validate_credit_code
from devzone.core.errors import DomainError, clean_text, labelled
from devzone.core.ledger import Column
from devzone.core.models import Industry, Staff
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.investment import services as svc
from devzone.investment.choices import Source, Stage
from devzone.investment.dedupe import name_key
from devzone.investment.models import InvestmentTeam, Lead, TeamMember
from devzone.investment.services.common import LONG_TEXT

# The ledger's columns: (key, heading, width). A heading is a Chinese msgid: the files are written in the reader's
# language (``columns()``), and the import reads a heading in any language of the interface (the Chinese one
# always), so a ledger made by a colleague who reads another language imports as it is. ``HEADER`` is the Chinese
# header, the ledgers' original format.
SPECS = [
    ("company_name", gettext_noop("企业名称"), 28),
    ("credit_code", gettext_noop("统一社会信用代码"), 22),
    ("industry", gettext_noop("行业代码"), 0),
    ("amount", gettext_noop("意向投资额（万元）"), 16),
    ("source", gettext_noop("来源"), 0),
    ("referrer", gettext_noop("推荐人"), 0),
    ("team", gettext_noop("小分队"), 14),
    ("owner", gettext_noop("负责人工号"), 0),
    ("stage", gettext_noop("阶段"), 0),
    ("contact_name", gettext_noop("联系人"), 0),
    ("contact_phone", gettext_noop("联系电话"), 14),
    ("is_local", gettext_noop("本地投资者"), 0),
    ("note", gettext_noop("备注"), 30),
]
HEADER = [heading for _key, heading, _width in SPECS]
# the export's further columns (not read on import)
EXPORT_EXTRA = [
    gettext_noop("当前阶段"),
    gettext_noop("符合产业定位"),
    gettext_noop("登记日期"),
    gettext_noop("最近跟进"),
    gettext_noop("流失原因"),
]
TEXTS = (
    ("company_name", gettext_lazy("企业名称"), 100),
    ("referrer", gettext_lazy("推荐人"), 60),
    ("contact_name", gettext_lazy("联系人"), 30),
    ("contact_phone", gettext_lazy("联系电话"), 20),
    ("note", gettext_lazy("备注"), LONG_TEXT),
)
YES = ("是", "Y", "y", "1", "TRUE", "True", "true")


def in_every_language(text) -> set[str]:
    """``text`` (a msgid or a lazy text) as each language of the interface writes it, and the msgid."""
    out = {text} if isinstance(text, str) else set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.add(_(text) if isinstance(text, str) else str(text))
    return out


def columns() -> list[Column]:
    """The ledger's columns, headed in the reader's language, read under any language's heading."""
    return [
        Column(key, _(heading), required=True, aliases=tuple(sorted(in_every_language(heading))), width=width)
        for key, heading, width in SPECS
    ]


def header() -> list[str]:
    """The ledger's header in the reader's language."""
    return [_(heading) for heading in HEADER]


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def template() -> bytes:
    """The empty ledger, in the reader's language: the header, one example row, and a sheet of notes."""
    sep = _("、")
    notes = [
        [_("来源可填"), sep.join(str(label) for label in Source.labels)],
        [_("阶段可填"), sep.join(str(Stage(s).label) for s in svc.INITIAL_STAGES)],
        [_("行业代码"), _("GB/T 4754 大类两位数字，如 14 食品制造业")],
        [_("规则"), _("任何一行有错误则整表不导入；同一企业（信用代码或名称）不能重复")],
    ]
    example = [
        _("山东示例食品有限公司"),
        "",
        "14",
        "20000",
        str(Source.FAIR.label),
        "",
        "长三角",  # a team's name: the zone's data, in no language of its own
        "",
        str(Stage.AWARE.label),
        _("张经理"),
        "13800000000",
        _yes_no(False),
        "",
    ]
    return ledger.workbook(
        [(_("线索清单"), header(), [example]), (_("填写说明"), [_("填写项"), _("说明")], notes)],
        widths=[width for _key, _heading, width in SPECS],
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
    yes: set

    @classmethod
    def of(cls, actor, zone_id: int) -> _Context:
        from devzone.investment.selectors import my_team_ids

        return cls(
            zone_id=zone_id,
            sources={text: value for value, label in Source.choices for text in in_every_language(label)}
            | {v: v for v in Source.values},
            stages={text: s for s in svc.INITIAL_STAGES for text in in_every_language(Stage(s).label)}
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
            yes={*YES, *in_every_language(gettext_noop("是")), "yes", "Yes", "YES"},
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
            errs.append(labelled(label, e.message))
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
    stage = r["stage"] or Stage.UNAWARE
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
        is_local=r["is_local"] in ctx.yes,
        note=r["note"],
    )


def import_leads(*, actor, zone_id: int, data: bytes) -> list[Lead]:
    """Validate every row first; import all of them in one transaction, or none (a ``DomainError`` on the
    file listing every row's problems)."""
    sheet = ledger.read_sheet(data, columns())
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
        _yes_no(lead.is_local),
        lead.note,
        str(Stage(lead.stage).label),
        _yes_no(True) if lead.fits else (_("例外") if lead.exception_on else _yes_no(False)),
        lead.created_on.isoformat(),
        lead.last_activity_on.isoformat(),
        lead.lost_reason,
    ]


def export_sheets(qs) -> list:
    """The lead list as a ledger sheet (title, header, rows), in the reader's language."""
    head = [*header(), *(_(h) for h in EXPORT_EXTRA)]
    rows = (_lead_row(lead) for lead in qs.select_related("team", "owner").iterator(chunk_size=2000))
    return [(_("线索清单"), head, rows)]


def leaderboard_sheets(board: dict, title: str) -> list:
    """The leaderboard as a ledger sheet named by its title (zone and period): rank, name, total, the
    indicators' values and scores, headed in the reader's language."""
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
    name = "".join(ch for ch in title if ch not in "[]:*?/\\") or _("内部竞争排行榜")
    head = [
        _("名次"),
        _("名称"),
        _("综合得分"),
        *labels,
        *[_("%(indicator)s得分") % {"indicator": x} for x in labels],
    ]
    return [(name, head, rows)]
