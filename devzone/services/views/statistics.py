"""好差评 statistics of the active zone: the page with its chart, and the Excel export (core.ledger)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.ledger import xlsx_response
from devzone.services import selectors
from devzone.services.choices import RatingLevel
from devzone.services.models import Rating
from devzone.services.views.common import year_quarter, zone_or_403

# lazy: rendered in the reader's language when the workbook is written, not in the language active at import
HEADER = [
    gettext_lazy("名称"),
    gettext_lazy("评价数"),
    gettext_lazy("好评"),
    gettext_lazy("差评"),
    gettext_lazy("系统默认"),
    gettext_lazy("好评率(%)"),
    gettext_lazy("满意度得分"),
]


def _stats(request):
    if reach_of(request.user).role == Role.ENTERPRISE_USER or not can(request.user, "view", Rating):
        raise PermissionDenied
    zone = zone_or_403(request)
    year, quarter = year_quarter(request)
    stats = selectors.rating_statistics(zone_ids=[zone.pk], year=year, quarter=quarter)
    satisfaction = []
    if quarter:
        names = dict(
            selectors.departments(user=request.user, zone_id=zone.pk, active=False).values_list("pk", "name")
        )
        scores = selectors.department_satisfaction(zone=zone, year=year, quarter=quarter)
        satisfaction = sorted(((names.get(d, "—"), v) for d, v in scores.items()), key=lambda row: -row[1])
    return zone, year, quarter, stats, satisfaction


def _points(value):
    return float(value) if value is not None else None


@login_required
def statistics(request):
    zone, year, quarter, stats, satisfaction = _stats(request)
    by_quarter = stats["by_quarter"]
    chart = {
        "quarters": [_("第%(q)d季度") % {"q": row["quarter"]} for row in by_quarter],
        "counts": [row["count"] for row in by_quarter],
        "good": [row["good"] for row in by_quarter],
        "points": [_points(row["points"]) for row in by_quarter],
        "departments": [row["name"] for row in stats["by_department"]],
        "department_points": [float(row["points"]) for row in stats["by_department"]],
        "names": {"count": _("评价数"), "good": _("好评数"), "points": _("满意度得分")},
    }
    levels = [(lv.value, lv.label, stats["levels"][lv.value]) for lv in RatingLevel]
    return render(
        request,
        "services/statistics.html",
        {
            "zone": zone,
            "year": year,
            "quarter": quarter,
            "stats": stats,
            "satisfaction": satisfaction,
            "chart": chart,
            "levels": levels,
        },
    )


def _rows(rows):
    keys = ("name", "count", "good", "bad", "automatic", "good_share", "points")
    return [[row[k] for k in keys] for row in rows]


@login_required
def statistics_export(request):
    zone, year, quarter, stats, satisfaction = _stats(request)
    sheets = [
        (_("按部门"), HEADER, _rows(stats["by_department"])),
        (_("按人员"), HEADER, _rows(stats["by_person"])),
        (
            _("按季度"),
            [_("季度"), _("评价数"), _("好评"), _("满意度得分")],
            [
                [
                    _("%(y)d年第%(q)d季度") % {"y": year, "q": row["quarter"]},
                    row["count"],
                    row["good"],
                    row["points"],
                ]
                for row in stats["by_quarter"]
            ],
        ),
    ]
    if satisfaction:
        sheets.append((_("部门满意度"), [_("部门"), _("综合得分（测评60%+好差评40%）")], satisfaction))
    name = f"haochaping-{year}{f'-Q{quarter}' if quarter else ''}.xlsx"
    return xlsx_response(name, sheets)
