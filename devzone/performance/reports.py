"""The figures of the reports page: department coefficients across quarters, grade distributions, pay spread;
and the chart data the pages hand to ECharts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from devzone.performance import selectors
from devzone.performance.choices import Grade, RoundStatus
from devzone.performance.models import Round, StaffGrade


def build(zone, year: int, user) -> dict:
    """Published rounds of ``year`` only (before publication the figures are confidential). The pay spread
    (lowest, mean, highest pay to the fen) only for those who may read pay (``selectors.can_see_pay``): the
    lowest and the highest are one person's pay each; for anyone else ``spread_rows`` and ``chart_spread``
    are None."""
    rounds = list(
        Round.objects.for_user(user)
        .filter(zone=zone, year=year, status=RoundStatus.PUBLISHED)
        .select_related("scheme")
        .order_by("quarter")
    )
    quarters = [_("第%(q)s季度") % {"q": r.quarter} for r in rounds]
    coef: dict[str, list] = {}
    order: dict[str, int] = {}
    for i, r in enumerate(rounds):
        for res in r.results.select_related("department"):
            name = res.department.name
            order[name] = res.department.order
            coef.setdefault(name, [None] * len(rounds))[i] = (
                float(res.coefficient) if res.coefficient else None
            )
    coefficients = sorted(coef.items(), key=lambda kv: order[kv[0]])
    pay = selectors.can_see_pay(user)
    grade_rows, spread_rows = [], []
    dist = {g: [] for g in Grade.values}
    spread_series = {"min": [], "mean": [], "max": []}
    for label, r in zip(quarters, rounds, strict=True):
        counts = {g: 0 for g in Grade.values}
        for g in StaffGrade.objects.filter(round=r).values_list("grade", flat=True):
            counts[g] += 1
        grade_rows.append([label, *(counts[g] for g in Grade.values)])
        for g in Grade.values:
            dist[g].append(counts[g])
        if not pay:
            continue
        sheet = selectors.pay_sheet(r)
        s = sheet.spread()
        spread_rows.append([label, s["min"] / 100, float(s["mean"]) / 100, s["max"] / 100, float(s["ratio"])])
        for k in spread_series:
            spread_series[k].append(round(float(s[k]) / 100, 2))
    return {
        "rounds": rounds,
        "quarters": quarters,
        "coefficients": coefficients,
        "grade_rows": grade_rows,
        "spread_rows": spread_rows if pay else None,
        "chart_coefficients": {
            "quarters": quarters,
            "series": [{"name": n, "data": v} for n, v in coefficients],
        },
        "chart_grades": {
            "quarters": quarters,
            "series": [{"name": str(label), "data": dist[g]} for g, label in Grade.choices],
        },
        "chart_spread": {
            "quarters": quarters,
            "series": [
                {"name": _("最低"), "data": spread_series["min"]},
                {"name": _("平均"), "data": spread_series["mean"]},
                {"name": _("最高"), "data": spread_series["max"]},
            ],
        }
        if pay
        else None,
    }


PAY_CHART_EACH_SIDE = 10


def pay_chart(sheet, each_side: int = PAY_CHART_EACH_SIDE) -> dict:
    """The spread the reform brings, readable: the ``each_side`` people whose pay rises most against the equal
    pay of old and the ``each_side`` whose pay falls most, each bar named (the table lists everyone). Everyone
    when there are no more than twice ``each_side``."""
    rows = sorted(sheet.rows, key=lambda x: (x.line.versus_equal_fen, x.staff.employee_no or ""))
    if len(rows) > 2 * each_side:
        rows = rows[:each_side] + rows[-each_side:]
    label = lambda x: f"{x.staff.name}（{x.department_name}）"  # noqa: E731
    return {
        "names": [label(x) for x in rows],
        "values": [round(x.line.versus_equal_fen / 100, 2) for x in rows],
        "shown": len(rows),
        "each": each_side,
        "total": len(sheet.rows),
        "name": _("较平均发放（元）"),
    }
