"""Excel workbooks (through ``core.ledger``: bold frozen header, formula-safe cells): the pay sheet for the
finance office, the year, the reports, the departments' democratic scores."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from devzone.core.ledger import xlsx_response

PAY_HEADER = [
    _l("工号"),
    _l("姓名"),
    _l("部门"),
    _l("岗位"),
    _l("等次"),
    _l("岗位价值系数"),
    _l("部门系数"),
    _l("等次系数"),
    _l("分配权重"),
    _l("标准月薪（元）"),
    _l("季度标准工资（元）"),
    _l("保底部分（元）"),
    _l("绩效部分（元）"),
    _l("季度应发（元）"),
    _l("与平均发放相比（元）"),
    _l("特岗特薪（元）"),
    _l("特岗特薪决定文号"),
    _l("合计应发（元）"),
]


def yuan(fen: int) -> float:
    return round(fen / 100, 2)


def _pay_row(x) -> list:
    return [
        x.staff.employee_no,
        x.staff.name,
        x.department_name,
        x.post_name,
        x.grade_label,
        float(x.post_coefficient),
        float(x.department_coefficient),
        float(x.grade_factor),
        float(x.line.weight),
        yuan(x.monthly_fen),
        yuan(x.line.standard_fen),
        yuan(x.line.guaranteed_fen),
        yuan(x.line.performance_fen),
        yuan(x.line.total_fen),
        yuan(x.line.versus_equal_fen),
        yuan(x.extra_fen),
        x.extra_refs,
        yuan(x.total_fen),
    ]


def pay_workbook(sheet) -> HttpResponse:
    r = sheet.round
    total = [
        _("合计"),
        *[""] * 9,
        yuan(sum(x.line.standard_fen for x in sheet.rows)),
        yuan(sum(x.line.guaranteed_fen for x in sheet.rows)),
        yuan(sheet.pool_fen),
        yuan(sheet.total_fen - sheet.extra_fen),
        "",
        yuan(sheet.extra_fen),
        "",
        yuan(sheet.total_fen),
    ]
    notes = [
        (_("考核"), str(r)),
        (_("保底比例"), f"{sheet.guaranteed_percent}%"),
        (_("分配办法"), _("奖金池按 岗位价值系数 × 部门系数 × 等次系数 分配，最大余额法精确到分")),
    ]
    return xlsx_response(
        f"pay-{r.year}Q{r.quarter}.xlsx",
        [
            (_("绩效工资"), PAY_HEADER, [*map(_pay_row, sheet.rows), [], total]),
            (
                _("奖金池"),
                [_("奖金池"), _("金额（元）")],
                [(str(k), yuan(v)) for k, v in sheet.pools.items()],
            ),
            (_("说明"), [_("项目"), _("内容")], notes),
        ],
    )


def annual_workbook(zone, year: int, rows) -> HttpResponse:
    header = [
        _("工号"),
        _("姓名"),
        _("部门"),
        _("一季度"),
        _("二季度"),
        _("三季度"),
        _("四季度"),
        _("平均分"),
        _("年度等次"),
        _("连续待改进"),
        _("不称职"),
    ]
    data = [
        [
            x.employee_no,
            x.name,
            x.department,
            *(x.quarter_label(q) for q in (1, 2, 3, 4)),
            float(x.result.points),
            x.grade_label,
            _("是") if x.result.flagged_streak else "",
            _("是") if x.result.flagged_incompetent else "",
        ]
        for x in rows
    ]
    return xlsx_response(f"annual-{year}.xlsx", [(_("%(y)s年度考核") % {"y": year}, header, data)])


def report_workbook(zone, year: int, data) -> HttpResponse:
    sheets = [
        (_("部门系数"), [_("部门"), *data["quarters"]], [[d, *vals] for d, vals in data["coefficients"]]),
        (_("等次分布"), [_("季度"), _("优秀"), _("良好"), _("合格"), _("待改进")], data["grade_rows"]),
    ]
    if data["spread_rows"] is not None:  # only for those who may read pay (``reports.build``)
        sheets.append(
            (
                _("工资差距"),
                [_("季度"), _("最低（元）"), _("平均（元）"), _("最高（元）"), _("最高/最低")],
                data["spread_rows"],
            )
        )
    return xlsx_response(f"performance-{year}.xlsx", sheets)


def ballots_workbook(rnd, rows) -> HttpResponse:
    """The democratic evaluation of a closed round: each department's score ((name, score or None) in
    ``rows``) and, once for the round, the ballots received, invalid and valid — never a count per department,
    which would tell whose delegate cast the invalid ballot."""
    scores = [[name, float(score) if score is not None else "—"] for name, score in rows]
    valid = rnd.ballots_cast - rnd.ballots_invalid
    return xlsx_response(
        f"ballots-{rnd.year}Q{rnd.quarter}.xlsx",
        [
            (_("民主测评得分"), [_("部门"), _("民主测评")], scores),
            (
                _("票数"),
                [_("收回票数"), _("无效票数"), _("有效票数")],
                [[rnd.ballots_cast, rnd.ballots_invalid, valid]],
            ),
        ],
    )


ADJUSTMENT_HEADER = [
    _l("随哪月工资发放"),
    _l("工号"),
    _l("姓名"),
    _l("部门"),
    _l("类别"),
    _l("金额（元）"),
    _l("计入工资（元）"),
    _l("事由"),
    _l("经办人"),
    _l("登记时间"),
]


def adjustments_workbook(rnd, rows) -> HttpResponse:
    """补发/扣回 of a closed quarter for the finance office: one line per adjustment in payroll order, the
    signed amount (扣回 negative), a total per payroll month and overall (fen-exact, shown in 元)."""
    from django.utils import timezone

    lines, by_month = [], {}
    for a in rows:
        month = a.payroll_month.strftime("%Y-%m")
        by_month[month] = by_month.get(month, 0) + a.signed_fen
        lines.append(
            [
                month,
                a.staff.employee_no,
                a.staff.name,
                a.staff.department.name if a.staff.department_id else "",
                a.get_kind_display(),
                yuan(a.amount_fen),
                yuan(a.signed_fen),
                a.reason,
                a.recorded_by,
                timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    total = [_("合计"), *[""] * 5, yuan(sum(by_month.values()))]
    notes = [
        (_("考核"), str(rnd)),
        (
            _("结算时间"),
            timezone.localtime(rnd.pay_closed_at).strftime("%Y-%m-%d %H:%M") if rnd.pay_closed_at else "",
        ),
        (_("说明"), _("补发为正、扣回为负，随所列月份的工资发放；金额精确到分")),
    ]
    return xlsx_response(
        f"adjustments-{rnd.year}Q{rnd.quarter}.xlsx",
        [
            (_("补发扣回"), ADJUSTMENT_HEADER, [*lines, [], total]),
            (
                _("按发放月份"),
                [_("发放月份"), _("计入工资（元）")],
                [(m, yuan(v)) for m, v in sorted(by_month.items())],
            ),
            (_("说明"), [_("项目"), _("内容")], notes),
        ],
    )
