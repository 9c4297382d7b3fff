"""Excel ledgers of 大招商: the lead list (import, all or nothing, with a row-by-row report; export) and the
leaderboard export."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core.codes import CodeError, validate_credit_code
from devzone.core.errors import DomainError
from devzone.core.models import Industry, Staff
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.investment import inputs
from devzone.investment import services as svc
from devzone.investment.choices import Source, Stage
from devzone.investment.dedupe import name_key
from devzone.investment.models import InvestmentTeam, Lead, TeamMember

COLUMNS = [
    "企业名称",
    "统一社会信用代码",
    "行业代码",
    "意向投资额（万元）",
    "来源",
    "推荐人",
    "小分队",
    "负责人工号",
    "阶段",
    "联系人",
    "联系电话",
    "本地投资者",
    "备注",
]
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
MAX_ROWS = 5000


class ImportRefused(DomainError):
    def __init__(self, report: list[tuple[int, list[str]]]):
        super().__init__(_("导入文件有错误"))
        self.report = report


def template() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "线索清单"
    ws.append(COLUMNS)
    ws.append(EXAMPLE)
    notes = wb.create_sheet("说明")
    notes.append(["来源可填", "、".join(str(label) for label in Source.labels)])
    notes.append(["阶段可填", "不了解、了解、关注"])
    notes.append(["行业代码", "GB/T 4754 大类两位数字，如 14 食品制造业"])
    notes.append(["规则", "任何一行有错误则整表不导入；同一企业（信用代码或名称）不能重复"])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def parse(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("无法读取该文件，请上传 .xlsx 格式的线索清单"))
    ws = wb.worksheets[0]
    rows = [[_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
    if not rows or [c for c in rows[0][: len(COLUMNS)]] != COLUMNS:
        raise DomainError(_("表头与模板不一致，请使用下载的模板"))
    body = [r + [""] * (len(COLUMNS) - len(r)) for r in rows[1:] if any(r)]
    if len(body) > MAX_ROWS:
        raise DomainError(_("一次最多导入%(n)s行") % {"n": MAX_ROWS})
    return body


def import_leads(*, actor, zone_id: int, data: bytes) -> list[Lead]:
    """Validate every row first; import all of them in one transaction, or none (``ImportRefused`` with the
    report of every row's errors)."""
    rows = parse(data)
    if not rows:
        raise DomainError(_("文件中没有数据行"))
    sources = {str(label): value for value, label in Source.choices} | {v: v for v in Source.values}
    stages = {str(Stage(s).label): s for s in svc.INITIAL_STAGES} | {s: s for s in svc.INITIAL_STAGES}
    teams = {
        t.name: t for t in InvestmentTeam.objects.for_user(actor).filter(zone_id=zone_id, is_active=True)
    }
    from devzone.investment.selectors import my_team_ids

    mine = my_team_ids(actor)
    divisions = set(Industry.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    staff = {s.employee_no: s for s in Staff.objects.filter(zone_id=zone_id)}
    members = set(
        TeamMember.objects.filter(zone_id=zone_id, is_active=True).values_list("team_id", "staff_id")
    )
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    report, clean = [], []
    for n, r in enumerate(rows, start=2):
        name, code, ind, amount, src, referrer, team, owner_no, stage, cname, cphone, local, note = r[
            : len(COLUMNS)
        ]
        errs = []
        if not name:
            errs.append(_("企业名称必填"))
        code = code.upper()
        if code:
            try:
                validate_credit_code(code)
            except CodeError as e:
                errs.append(_("统一社会信用代码：%(r)s") % {"r": e.reason})
        if ind.zfill(2) not in divisions:
            errs.append(_("行业代码“%(c)s”不是GB/T 4754的大类") % {"c": ind})
        for label, text, limit in (
            (_("企业名称"), name, 100),
            (_("推荐人"), referrer, 60),
            (_("联系人"), cname, 30),
            (_("联系电话"), cphone, 20),
            (_("备注"), note, inputs.LONG_TEXT),
        ):
            problem = inputs.text_problem(text, limit)
            if problem:
                errs.append(f"{label}：{problem}")
        value = None
        if amount:
            try:
                value = Decimal(amount.replace(",", ""))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                errs.append(_("意向投资额不是数字"))
                value = None
            elif value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
                errs.append(_("意向投资额最多两位小数（万元）"))
            else:
                if value < 0:
                    errs.append(_("意向投资额不能为负数"))
                elif value > MAX_AMOUNT_WAN:
                    errs.append(_("意向投资额超过上限（10,000亿元）"))
        if src not in sources:
            errs.append(_("来源“%(s)s”无效") % {"s": src})
        elif sources[src] == Source.REFERRAL and not referrer:
            errs.append(_("以商招商须填写推荐人"))
        t = teams.get(team)
        if t is None:
            errs.append(_("小分队“%(t)s”不存在") % {"t": team})
        elif mine is not None and t.pk not in mine:
            errs.append(_("只能导入本人所在小分队的线索"))
        owner = None
        if owner_no:
            owner = staff.get(owner_no)
            if owner is None or (t is not None and (t.pk, owner.pk) not in members):
                errs.append(_("负责人工号“%(o)s”不是该小分队队员") % {"o": owner_no})
        if (stage or "不了解") not in stages:
            errs.append(_("阶段只能是不了解、了解或关注"))
        if name:
            dup = svc.find_duplicate(zone_id, credit_code=code, company_name=name)
            if dup:
                errs.append(_("该企业已在线索中：%(n)s") % {"n": dup[0].company_name})
            key = name_key(name)
            if key in seen_names:
                errs.append(_("与第%(n)s行是同一企业") % {"n": seen_names[key]})
            seen_names.setdefault(key, n)
        if code:
            if code in seen_codes:
                errs.append(_("信用代码与第%(n)s行重复") % {"n": seen_codes[code]})
            seen_codes.setdefault(code, n)
        if errs:
            report.append((n, errs))
            continue
        clean.append(
            dict(
                team=t,
                company_name=name,
                credit_code=code,
                industry=Industry.objects.get(pk=ind.zfill(2)),
                intended_investment=value,
                source=sources[src],
                referrer=referrer,
                owner=owner,
                stage=stages[stage or "不了解"],
                contact_name=cname,
                contact_phone=cphone,
                is_local=local in ("是", "Y", "y", "1", "TRUE", "True", "true"),
                note=note,
            )
        )
    if report:
        raise ImportRefused(report)
    created = []
    with transaction.atomic():
        for n, row in enumerate(clean, start=2):
            try:
                created.append(svc.lead_create(actor=actor, zone_id=zone_id, **row))
            except DomainError as e:  # capacity, a concurrent registration: still all or nothing
                raise ImportRefused([(n, [e.message])])
    return created


def export_leads(qs):
    """The lead list as a workbook, written row by row (write-only) and sent in chunks."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("线索清单")
    ws.append(COLUMNS + ["当前阶段", "符合产业定位", "登记日期", "最近跟进", "流失原因"])
    for lead in qs.select_related("team", "owner").iterator(chunk_size=2000):
        ws.append(
            [
                lead.company_name,
                lead.credit_code,
                lead.industry_id,
                float(lead.intended_investment) if lead.intended_investment is not None else None,
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
        )
    out = BytesIO()
    wb.save(out)
    data = out.getvalue()
    for i in range(0, len(data), 65536):
        yield data[i : i + 65536]


def leaderboard_workbook(board: dict, title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("排行榜")
    ws.append([title])
    labels = [label for _k, label in board["indicators"]]
    ws.append(["名次", "名称", "综合得分", *labels, *[f"{x}得分" for x in labels]])
    for r in board["rows"]:
        ws.append(
            [
                r.rank,
                r.label,
                float(r.total),
                *[float(r.values[k]) for k, _l in board["indicators"]],
                *[float(r.scores.get(k, 0)) for k, _l in board["indicators"]],
            ]
        )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
