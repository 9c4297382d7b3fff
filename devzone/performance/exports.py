"""Excel workbooks: the pay sheet for the finance office, the year, the reports, the shuffled scores; and
reading the pay-profile import."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(wb: Workbook, filename: str) -> HttpResponse:
    buf = BytesIO()
    wb.save(buf)
    resp = HttpResponse(buf.getvalue(), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def _sheet(wb: Workbook, title: str, header: list, rows, first: bool = False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append([str(h) for h in header])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    return ws


def workbook_response(filename: str, title: str, header: list, rows) -> HttpResponse:
    wb = Workbook()
    _sheet(wb, title, header, rows, first=True)
    return _response(wb, filename)


def yuan(fen: int) -> float:
    return round(fen / 100, 2)


def pay_workbook(sheet) -> HttpResponse:
    r = sheet.round
    wb = Workbook()
    header = [
        _("工号"),
        _("姓名"),
        _("部门"),
        _("岗位"),
        _("等次"),
        _("岗位价值系数"),
        _("部门系数"),
        _("等次系数"),
        _("分配权重"),
        _("标准月薪（元）"),
        _("季度标准工资（元）"),
        _("保底部分（元）"),
        _("绩效部分（元）"),
        _("季度应发（元）"),
        _("与平均发放相比（元）"),
    ]
    rows = [
        [
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
        ]
        for x in sheet.rows
    ]
    ws = _sheet(wb, _("绩效工资"), header, rows, first=True)
    ws.append([])
    ws.append(
        [
            _("合计"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            yuan(sum(x.line.standard_fen for x in sheet.rows)),
            yuan(sum(x.line.guaranteed_fen for x in sheet.rows)),
            yuan(sheet.pool_fen),
            yuan(sheet.total_fen),
        ]
    )
    _sheet(
        wb, _("奖金池"), [_("奖金池"), _("金额（元）")], [(str(k), yuan(v)) for k, v in sheet.pools.items()]
    )
    _sheet(
        wb,
        _("说明"),
        [_("项目"), _("内容")],
        [
            (_("考核"), str(r)),
            (_("保底比例"), f"{sheet.guaranteed_percent}%"),
            (_("分配办法"), _("奖金池按 岗位价值系数 × 部门系数 × 等次系数 分配，最大余额法精确到分")),
        ],
    )
    return _response(wb, f"pay-{r.year}Q{r.quarter}.xlsx")


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
    return workbook_response(f"annual-{year}.xlsx", _("%(y)s年度考核") % {"y": year}, header, data)


def report_workbook(zone, year: int, data) -> HttpResponse:
    wb = Workbook()
    quarters = data["quarters"]
    _sheet(
        wb,
        _("部门系数"),
        [_("部门"), *quarters],
        [[d, *vals] for d, vals in data["coefficients"]],
        first=True,
    )
    _sheet(wb, _("等次分布"), [_("季度"), _("优秀"), _("良好"), _("合格"), _("待改进")], data["grade_rows"])
    _sheet(
        wb,
        _("工资差距"),
        [_("季度"), _("最低（元）"), _("平均（元）"), _("最高（元）"), _("最高/最低")],
        data["spread_rows"],
    )
    return _response(wb, f"performance-{year}.xlsx")
