"""The analytic pages of 大招商 (funnel, leaderboard, figures), the zone's rules, and the Excel import/export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import can, reach_of
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.forms import mark_invalid
from devzone.core.models import Zone
from devzone.core.zones import active_zone
from devzone.investment import excel, forms, funnel, selectors
from devzone.investment import services as svc
from devzone.investment.choices import Period
from devzone.investment.models import Contract, InvestmentSettings, Lead

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _zone_or_own(request) -> Zone:
    """The one zone an analytic page is about: the user's zone, or the zone a city user picked; a city user who
    picked none sees the first zone of the city with leads."""
    zone = active_zone(request)
    if zone is not None:
        return zone
    zone = Zone.objects.for_user(request.user).filter(leads__isnull=False).distinct().order_by("pk").first()
    if zone is None:
        zone = Zone.objects.for_user(request.user).order_by("pk").first()
    if zone is None:
        raise PermissionDenied
    return zone


def _anchor(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def funnel_page(request):
    if not can(request.user, "view", Lead):
        raise PermissionDenied
    zone = _zone_or_own(request)
    by = request.GET.get("by") if request.GET.get("by") in selectors.GROUPS else "team"
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdigit() and 2000 <= int(year[:5]) <= 2100 else None
    data = selectors.funnel_data(user=request.user, zone_id=zone.pk, year=year, by=by)
    chart = {
        "stages": [funnel.LABELS[r.stage] for r in data["rows"]],
        "counts": [r.reached for r in data["rows"]],
        "name": _("线索漏斗"),
    }
    return render(
        request,
        "investment/funnel.html",
        {
            "zone": zone,
            "data": data,
            "chart": chart,
            "by": by,
            "year": year,
            "labels": funnel.LABELS,
            "group_title": {
                "team": _("小分队"),
                "source": _("来源"),
                "industry": _("行业门类"),
                "owner": _("负责人"),
            }[by],
            "groupings": [
                ("team", _("按小分队")),
                ("source", _("按来源")),
                ("industry", _("按行业门类")),
                ("owner", _("按负责人")),
            ],
        },
    )


def _board(request):
    if not can(request.user, "view", Contract):
        raise PermissionDenied
    zone = _zone_or_own(request)
    period = request.GET.get("period") if request.GET.get("period") in Period.values else Period.YEAR
    by = "officer" if request.GET.get("by") == "officer" else "team"
    board = selectors.leaderboard(zone_id=zone.pk, period=period, anchor=_anchor(request), by=by)
    return zone, period, by, board


@login_required
def leaderboard_page(request):
    zone, period, by, board = _board(request)
    chart = {
        "labels": [r.label for r in board["rows"]],
        "scores": [float(r.total) for r in board["rows"]],
        "investment_yi": [float(r.values["investment"] / 10000) for r in board["rows"]],
        "names": {"score": _("综合得分"), "investment": _("合同投资额（亿元）")},
    }
    return render(
        request,
        "investment/leaderboard.html",
        {
            "zone": zone,
            "board": board,
            "period": period,
            "periods": Period.choices,
            "by": by,
            "on": _anchor(request),
            "chart": chart,
        },
    )


@login_required
def leaderboard_export(request):
    zone, period, by, board = _board(request)
    content = excel.leaderboard_workbook(board, title=f"{zone} {board['label']}")
    resp = HttpResponse(content, content_type=XLSX)
    resp["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''leaderboard_{by}_{board['start']:%Y%m%d}.xlsx"
    )
    return resp


@login_required
def figures_page(request):
    if not can(request.user, "view", Contract):
        raise PermissionDenied
    zone = _zone_or_own(request)
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = selectors.period_bounds(Period.HALF, today)
        if today.month <= 6 or not Contract.objects.filter(zone=zone, signed_on__gte=start).exists():
            start, end = dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    if end < start:
        start, end = end, start
    data = selectors.figures(zone_id=zone.pk, start=start, end=end)
    return render(
        request, "investment/figures.html", {"zone": zone, "data": data, "start": start, "end": end}
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    if not can(request.user, "view", InvestmentSettings):
        raise PermissionDenied
    zone = _zone_or_own(request)
    row = svc.settings_for(zone.pk)
    can_change = InvestmentSettings.objects.for_user(request.user, "change").filter(pk=row.pk).exists()
    form = forms.SettingsForm(request.POST or None, instance=row, user=request.user, readonly=not can_change)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            from devzone.core.services import object_update

            try:
                object_update(actor=request.user, instance=form.save(commit=False))
            except DomainError as e:
                for f, msgs in (e.errors or {"__all__": [e.message]}).items():
                    for m in msgs:
                        form.add_error(f if f in form.fields else None, m)
            else:
                messages.success(request, _("已保存"))
                return redirect("investment:settings")
    mark_invalid(form)
    industries_form = forms.IndustriesForm(initial={"industries": svc.leading_codes(zone.pk)})
    return render(
        request,
        "investment/settings.html",
        {
            "zone": zone,
            "form": form,
            "can_change": can_change,
            "industries_form": industries_form,
            "leading": zone.leading_industries.order_by("code"),
            "can_change_zone": Zone.objects.for_user(request.user, "change").filter(pk=zone.pk).exists(),
        },
    )


@login_required
@require_http_methods(["POST"])
def industries_update(request):
    zone = get_object_or_404(Zone.objects.for_user(request.user), pk=_zone_or_own(request).pk)
    form = forms.IndustriesForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect("investment:settings")
    try:
        svc.zone_set_leading_industries(
            actor=request.user, zone=zone, industries=list(form.cleaned_data["industries"])
        )
    except PermissionDeniedError as e:
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("主导产业已更新，线索的产业定位已重新判断"))
    return redirect("investment:settings")


# --- Excel -----------------------------------------------------------------------------------------------
@login_required
def lead_export(request):
    if not can(request.user, "view", Lead):
        raise PermissionDenied
    from devzone.core.zones import narrow

    qs = narrow(selectors.lead_list(user=request.user), request).order_by("team_id", "id")
    resp = StreamingHttpResponse(excel.export_leads(qs), content_type=XLSX)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''leads_{timezone.localdate():%Y%m%d}.xlsx"
    return resp


@login_required
def lead_import_template(request):
    resp = HttpResponse(excel.template(), content_type=XLSX)
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''leads_template.xlsx"
    return resp


@login_required
@require_http_methods(["GET", "POST"])
def lead_import(request):
    if not can(request.user, "create", Lead):
        raise PermissionDenied
    r = reach_of(request.user)
    if r.kind != "zone":
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if f.size > 10 * 1024 * 1024:
            form.add_error("file", _("文件超过10MB"))
        else:
            try:
                result = excel.import_leads(actor=request.user, zone_id=r.zone_id, data=f.read())
            except PermissionDeniedError as e:
                raise PermissionDenied(e.message) from e
            except excel.ImportRefused as e:
                report = e.report
                messages.error(
                    request,
                    _("导入未执行：%(n)s行有错误，请改正后重新上传（全部或全不导入）") % {"n": len(e.report)},
                )
            except DomainError as e:
                form.add_error("file", e.message)
            else:
                messages.success(request, _("已导入%(n)s条线索") % {"n": len(result)})
                return redirect("investment:lead_list")
    mark_invalid(form)
    return render(
        request, "investment/lead_import.html", {"form": form, "report": report, "columns": excel.COLUMNS}
    )
