"""Statistics pages of 大审批: the figures the reform reports quote, computed from live data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from devzone.approvals.forms import PeriodForm
from devzone.approvals.models import ElapsedBucket
from devzone.approvals.statistics import approval_statistics, project_path
from devzone.core.access import require_right
from devzone.core.ledger import xlsx_response
from devzone.core.models import Project
from devzone.core.web import scoped_or_404
from devzone.core.zones import active_zone


def _stats(request):
    require_right(request.user, "view", ElapsedBucket)
    start, end = PeriodForm(request.GET).period()
    return start, end, approval_statistics(user=request.user, start=start, end=end, zone=active_zone(request))


@login_required
def statistics_page(request):
    start, end, stats = _stats(request)
    chart = {
        "labels": [r.label for r in stats["stages"]],
        "median": [r.median for r in stats["stages"]],
        "p90": [r.p90 for r in stats["stages"]],
        "promised": [r.promised for r in stats["stages"]],
        "legal": [r.legal for r in stats["stages"]],
        "names": {
            "median": _("中位用时"),
            "p90": _("90%用时"),
            "promised": _("承诺时限（按件加权平均）"),
            "legal": _("法定时限（按件加权平均）"),
        },
    }
    total = sum(r.count for r in stats["items"])
    on_time = sum(r.hist.on_time for r in stats["items"])
    legal_late = sum(r.legal_late for r in stats["items"])
    # files withdrawn after the statutory limit had run out: late in law, decided never (Row.legal_rate)
    withdrawn_late = sum(r.withdrawn_late for r in stats["items"])
    judged = total + withdrawn_late
    return render(
        request,
        "approvals/statistics.html",
        {
            "start": start,
            "end": end,
            "stats": stats,
            "chart": chart,
            "total": total,
            "on_time_rate": on_time / total if total else None,
            "legal_late": legal_late,
            "withdrawn_late": withdrawn_late,
            "legal_rate": (total - (legal_late - withdrawn_late)) / judged if judged else None,
        },
    )


def _figures(r) -> list:
    """One row of the export: the figures the reform reports quote."""
    return [
        r.label,
        r.count,
        r.median,
        r.p90,
        r.promised,
        r.legal,
        round(r.compression, 4) if r.compression is not None else None,
        round(r.on_time_rate, 4) if r.on_time_rate is not None else None,
        r.legal_within,
        r.legal_late,
        r.withdrawn_late,
        round(r.supplements_per_application, 3) if r.supplements_per_application is not None else None,
    ]


@login_required
def statistics_export(request):
    start, end, stats = _stats(request)
    head = [
        _("%(what)s（%(a)s — %(b)s）"),
        _("办结件数"),
        _("中位用时（工作日）"),
        _("90%用时（工作日）"),
        _("承诺时限"),
        _("法定时限"),
        _("压缩比例"),
        _("按时办结率（承诺时限）"),
        _("法定时限内办结（件）"),
        _("超过法定时限（件）"),
        _("其中超过法定时限后撤回（件）"),
        _("件均补正次数"),
    ]
    period = {"a": f"{start:%Y-%m-%d}", "b": f"{end:%Y-%m-%d}"}
    sheets = [
        (title, [head[0] % (period | {"what": what}), *head[1:]], [_figures(r) for r in stats[key]])
        for key, title, what in (
            ("items", _("按事项"), _("审批事项")),
            ("departments", _("按原职能部门"), _("原职能部门")),
            ("stages", _("按审批阶段"), _("审批阶段")),
        )
    ]
    return xlsx_response(f"approval_statistics_{start:%Y%m%d}_{end:%Y%m%d}.xlsx", sheets)


@login_required
def project_path_page(request, pk):
    project = scoped_or_404(
        Project.objects.for_user(request.user).select_related("enterprise"), pk, user=request.user
    )
    first, steps = project_path(user=request.user, project_id=project.pk)
    return render(
        request, "approvals/project_path.html", {"project": project, "first": first, "steps": steps}
    )
