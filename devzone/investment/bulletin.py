"""大招商's figures of the city's reform bulletin (改革简报, ``registry.bulletin``), counted from the signed
contracts by the zone's counting rules (those the leaderboard uses): the half-year's signed projects, their
contract investment, and those of 1 亿元 and 10 亿元 and more (reform_facts.yaml: zone.investment.results_half_year,
23 / 708 亿元 / 18 / 7). The report quotes a zone's half-year: the bulletin takes the zone and half-year of the
city with the largest counted investment. A merged zone's contracts stay on it (``core.services.zones``) and count
under the zone it joined (``core.zones.survivors``, as the city's other figures); the figures link to the contract
list of that zone (with the zones merged into it), that half-year and the counted contracts only, so the list is
the figure's rows."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from devzone.core.models import Zone
from devzone.core.registry import Figure
from devzone.core.zones import survivors
from devzone.investment.choices import Period
from devzone.investment.models import Contract
from devzone.investment.selectors import (
    COUNTED,
    INVESTMENT_COUNTED,
    OVER_1_YI,
    OVER_10_YI,
    YI,
    period_bounds,
    period_label,
)


def half_years(city):
    """Per zone and half-year of the city: signed projects, counted investment (万元), ≥ 1 亿 and ≥ 10 亿."""
    return (
        Contract.objects.filter(zone__city=city)
        .annotate(
            y=ExtractYear("signed_on"),
            h=Case(
                When(Q(signed_on__month__lte=6), then=Value(1)), default=Value(2), output_field=IntegerField()
            ),
        )
        .values("zone_id", "zone__name", "y", "h")
        .annotate(
            signed=Count("pk", filter=COUNTED),
            # as the figures page: the counted signings' investment and the increases' increments
            investment=Sum("counted_investment", filter=INVESTMENT_COUNTED),
            over_1_yi=Count("pk", filter=OVER_1_YI),
            over_10_yi=Count("pk", filter=OVER_10_YI),
        )
        .order_by()
    )


SUMMED = ("signed", "investment", "over_1_yi", "over_10_yi")


def by_survivor(city, rows) -> list[dict]:
    """``half_years`` rows folded under the zone each zone is part of now: a merged zone's half-year is its
    survivor's (``zone_id`` and ``zone__name`` the survivor's), each contract counted once."""
    zones = list(Zone.objects.filter(city=city).only("pk", "name", "merged_into"))
    home = survivors(zones)
    names = {z.pk: z.name for z in zones}
    out: dict[tuple, dict] = {}
    for r in rows:
        zone_id = home.get(r["zone_id"], r["zone_id"])
        row = out.setdefault(
            (zone_id, r["y"], r["h"]),
            {"zone_id": zone_id, "zone__name": names.get(zone_id, r["zone__name"]), "y": r["y"], "h": r["h"]}
            | dict.fromkeys(SUMMED, 0),
        )
        for key in SUMMED:
            row[key] += r[key] or 0
    return list(out.values())


def figures(*, city) -> list[Figure]:
    import datetime as dt

    section = _("大招商")
    rows = [r for r in by_survivor(city, half_years(city)) if r["signed"]]
    best = max(rows, key=lambda r: (r["investment"] or 0, r["signed"], -r["zone_id"]), default=None)
    period = rule_url = ""
    values = {"signed": None, "yi": None, "over_1_yi": None, "over_10_yi": None}
    if best is not None:
        start, end = period_bounds(Period.HALF, dt.date(best["y"], 6 if best["h"] == 1 else 12, 1))
        period = f"{best['zone__name']} {period_label(Period.HALF, start)}"
        query = {"zone": best["zone_id"], "start": start, "end": end, "counted": "true"}
        rule_url = reverse("investment:contract_list") + "?" + urlencode(query)
        values = {
            "signed": best["signed"],
            "yi": (Decimal(best["investment"] or 0) / YI).quantize(Decimal("0.01")),
            "over_1_yi": best["over_1_yi"],
            "over_10_yi": best["over_10_yi"],
        }
    counted = _("按开发区招商计数规则计为签约项目的合同")
    return [
        Figure(
            section,
            "investment.signed",
            _("半年签约项目"),
            values["signed"],
            "",
            period,
            counted,
            rule_url,
        ),
        Figure(
            section,
            "investment.amount",
            _("合同投资额"),
            values["yi"],
            _("亿元"),
            period,
            _("按计数规则计入业绩的投资额之和（含增资的增量）"),
            rule_url,
        ),
        Figure(
            section,
            "investment.over_1_yi",
            _("其中投资过亿元项目"),
            values["over_1_yi"],
            "",
            period,
            _("计入业绩的投资额1亿元及以上的签约项目（以正式合同金额为准）"),
            rule_url,
        ),
        Figure(
            section,
            "investment.over_10_yi",
            _("其中投资过10亿元项目"),
            values["over_10_yi"],
            "",
            period,
            _("计入业绩的投资额10亿元及以上的签约项目（以正式合同金额为准）"),
            rule_url,
        ),
    ]
