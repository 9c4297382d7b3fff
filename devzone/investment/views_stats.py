"""The analytic pages of 大招商: the funnel, the leaderboard (and its Excel export), the figures of a period."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import ledger
from devzone.core.access import require_right
from devzone.core.models import Zone
from devzone.core.templatetags.devzone import num
from devzone.core.zones import zone_required
from devzone.investment import excel, forms, funnel, selectors
from devzone.investment.choices import Period
from devzone.investment.models import Contract, Lead


def _zone_or_own(request) -> Zone:
    """The one zone an analytic page is about: the user's zone, or the zone a city user picked; a city user who
    picked none is asked for one on the page (it used to show the first zone with leads, unsaid)."""
    return zone_required(request)


@login_required
def funnel_page(request):
    require_right(request.user, "view", Lead)
    zone = _zone_or_own(request)
    p = forms.params(request, forms.FunnelParams)
    by, year = p["by"] or "team", p["year"]
    data = selectors.funnel_data(user=request.user, zone_id=zone.pk, year=year, by=by)
    stages = [str(funnel.LABELS[r.stage]) for r in data["rows"]]  # in the reader's language
    chart = {
        "stages": stages,
        "counts": [r.reached for r in data["rows"]],
        "name": _("线索漏斗"),
        # each band's tooltip, written here in the reader's language: the separator is the language's own
        # (a full-width colon in Chinese, ": " in English), not one fixed in the chart's script
        "tips": [
            _("%(stage)s：%(n)s") % {"stage": s, "n": num(r.reached)}
            for s, r in zip(stages, data["rows"], strict=True)
        ],
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
    require_right(request.user, "view", Contract)
    zone = _zone_or_own(request)
    p = forms.params(request, forms.BoardParams)
    period, by, on = p["period"] or Period.YEAR, p["by"] or "team", p["on"] or timezone.localdate()
    board = selectors.leaderboard(zone_id=zone.pk, period=period, anchor=on, by=by)
    return zone, period, by, on, board


def _scoring_note(board) -> str:
    """The rules under the leaderboard, one sentence in the reader's language: the weights listed with the
    language's own separator (、 in Chinese, a comma in English)."""
    weights = _("、").join(f"{label} {num(board['weights'].get(k, 0))}" for k, label in board["indicators"])
    return _(
        "计分规则：每项指标按功效系数法 60 + 40 ×（x − 最小值）/（最大值 − 最小值）计分，各项相同时均得100分；"
        "综合得分为按权重的加权平均。权重：%(weights)s。签约项目只在首次签约时计数；增资只计增量；"
        "本地投资者和不计入的行业不计。"
    ) % {"weights": weights}


@login_required
def leaderboard_page(request):
    zone, period, by, on, board = _board(request)
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
            "on": on,
            "chart": chart,
            "scoring_note": _scoring_note(board),
        },
    )


@login_required
def leaderboard_export(request):
    zone, period, by, on, board = _board(request)
    sheets = excel.leaderboard_sheets(board, title=f"{zone} {board['label']}")
    return ledger.xlsx_response(f"leaderboard_{by}_{board['start']:%Y%m%d}.xlsx", sheets)


@login_required
def figures_page(request):
    require_right(request.user, "view", Contract)
    zone = _zone_or_own(request)
    today = timezone.localdate()
    p = forms.params(request, forms.FiguresParams)
    start, end = p["start"], p["end"]
    if start is None or end is None:
        start, end = selectors.period_bounds(Period.HALF, today)
        signed = Contract.objects.for_user(request.user).filter(zone=zone, signed_on__gte=start)
        if today.month <= 6 or not signed.exists():
            start, end = dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    if end < start:
        start, end = end, start
    data = selectors.figures(zone_id=zone.pk, start=start, end=end)
    return render(
        request, "investment/figures.html", {"zone": zone, "data": data, "start": start, "end": end}
    )
