"""The analytic operations of the 大招商 API: the funnel, the leaderboard, the figures of a period."""

from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.access import reach_of, require_right
from devzone.core.errors import DomainError
from devzone.core.models import Zone
from devzone.core.schemas import Day, Id, Year
from devzone.core.web import scoped_or_404
from devzone.investment import selectors
from devzone.investment.api import router
from devzone.investment.choices import Period
from devzone.investment.models import Contract, Lead
from devzone.investment.schemas import BoardOut, FiguresOut, FunnelOut

PeriodCode = Literal[tuple(Period.values)]  # type: ignore[valid-type]
FunnelGroup = Literal[tuple(selectors.GROUPS)]  # type: ignore[valid-type]


def _zone(request, zone: int | None) -> Zone:
    """The zone a figure is about: the caller's own, or one in a city user's reach (404 otherwise)."""
    if zone is None:
        zone = reach_of(request.auth).zone_id
    if zone is None:
        raise DomainError.on("zone", _("请指定开发区"))
    return scoped_or_404(Zone.objects, zone, user=request.auth)


@router.get(
    "/funnel",
    response=FunnelOut,
    operation_id="investment_funnel",
    summary="The funnel: counts, conversion, time in stage",
)
def funnel(request, zone: Id | None = None, year: Year | None = None, by: FunnelGroup = "team"):
    require_right(request.user, "view", Lead)
    if year is not None and not 2000 <= year <= 2100:
        raise DomainError.on("year", _("年度须在2000–2100之间"))
    if by not in selectors.GROUPS:
        raise DomainError.on("by", _("分组须为 team、source、industry 或 owner"))
    z = _zone(request, zone)
    data = selectors.funnel_data(user=request.auth, zone_id=z.pk, year=year, by=by)
    return {
        "zone": z.pk,
        "leads": data["totals"]["leads"],
        "lost": data["totals"]["lost"],
        "rows": data["rows"],
        "groups": [
            {"key": str(g.key), "label": g.label, "leads": g.totals["leads"], "rows": g.rows}
            for g in data["groups"]
        ],
    }


@router.get(
    "/leaderboard",
    response=BoardOut,
    operation_id="investment_leaderboard",
    summary="The internal competition",
)
def leaderboard(
    request,
    zone: Id | None = None,
    period: PeriodCode = Period.YEAR.value,
    on: Day | None = None,
    by: Literal["team", "officer"] = "team",
):
    require_right(request.user, "view", Contract)
    if period not in Period.values:
        raise DomainError.on("period", _("周期须为 month、quarter、half 或 year"))
    z = _zone(request, zone)
    board = selectors.leaderboard(
        zone_id=z.pk,
        period=period,
        anchor=on or timezone.localdate(),
        by="officer" if by == "officer" else "team",
    )
    return {
        "zone": z.pk,
        "period": period,
        "start": board["start"],
        "end": board["end"],
        "label": board["label"],
        "rows": board["rows"],
    }


@router.get(
    "/figures",
    response=FiguresOut,
    operation_id="investment_figures",
    summary="Signed projects and investment in a period",
)
def figures(request, start: Day, end: Day, zone: Id | None = None):
    require_right(request.user, "view", Contract)
    z = _zone(request, zone)
    data = selectors.figures(zone_id=z.pk, start=start, end=end)
    t = data["totals"]
    return {
        "zone": z.pk,
        "start": start,
        "end": end,
        "signed": t["signed"],
        "investment": t["investment"],
        "over_1_yi": t["over_1_yi"],
        "over_10_yi": t["over_10_yi"],
        "big": [b["project_name"] for b in data["big"]],
    }
