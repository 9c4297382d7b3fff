"""Reads of the city's views: every zone of the city side by side (领导驾驶舱) and the reform bulletin's figures
(改革简报). Each module is read with one grouped query for all zones, in the user's scope, whatever the number of
zones; no module imports this one."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Q, Sum, Value, When

from devzone.core import registry, zones
from devzone.core.models import Zone
from devzone.core.replica import on_replica

CENT = Decimal("0.01")
YI = Decimal("10000")  # 万元 per 亿元


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ZoneRow:
    zone: Zone
    contracts: int = 0
    investment_wan: Decimal = Decimal(0)  # counted contract investment, 万元
    files: int = 0
    on_time: int = 0
    ratings: int = 0
    good: int = 0
    score: Decimal | None = None
    rank: int | None = None
    assessment: str = ""
    targets: int = 0
    progress_sum: Decimal = Decimal(0)
    merged: list[Zone] = field(default_factory=list)  # the zones merged into this one, counted in its figures
    extra: dict = field(default_factory=dict)

    @property
    def investment_yi(self) -> Decimal:
        return (Decimal(self.investment_wan) / YI).quantize(CENT, rounding=ROUND_HALF_UP)  # 四舍五入, as |wan

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.on_time, self.files)

    @property
    def good_rate(self) -> Decimal | None:
        """好评率 (国办发〔2019〕51号: 基本满意 and above are 好评)."""
        return percent(self.good, self.ratings)

    @property
    def plan_progress(self) -> Decimal | None:
        """The mean completion of the year's annual tasks of the zone's plan in force (and of those of the zones
        merged into it), each capped at 100 %."""
        if not self.targets:
            return None
        return (self.progress_sum / self.targets).quantize(CENT, rounding=ROUND_HALF_UP)


def zones_of(user, zone_id: int | None = None):
    qs = Zone.objects.for_user(user).filter(merged_into__isnull=True)
    if zone_id is not None:
        qs = qs.filter(pk=zone_id)
    return qs.order_by("name", "pk")


@on_replica
def city_rows(user, year: int, zone_id: int | None = None) -> list[ZoneRow]:
    """One row per zone of the city (or the one zone of a drill-down), a merged zone's rows counted in the zone
    it was merged into: six grouped queries in all (the zones, then one per module)."""
    every = list(Zone.objects.for_user(user).order_by("name", "pk"))
    home = zones.survivors(every)
    rows = OrderedDict(
        (z.pk, ZoneRow(z)) for z in every if z.merged_into_id is None and zone_id in (None, z.pk)
    )
    if not rows:
        return []
    for z in every:
        if z.merged_into_id is not None and home[z.pk] in rows:
            rows[home[z.pk]].merged.append(z)
    ids = [pk for pk, at in home.items() if at in rows]  # the zones and those merged into them
    rows_of = {pk: rows[home[pk]] for pk in ids}
    _investment(user, year, ids, rows_of)
    _approvals(user, year, ids, rows_of)
    _satisfaction(user, year, ids, rows_of)
    _assessment(user, year, list(rows), rows)
    _plans(user, year, ids, rows_of)
    return list(rows.values())


def _investment(user, year, ids, rows) -> None:
    from devzone.investment.models import Contract

    # the one rule planning's 签约项目 indicator reads too; the amount as investment's figures add it up (an
    # increase counts its increment, never a project)
    from devzone.investment.selectors import COUNTED, INVESTMENT_COUNTED

    for r in (
        Contract.objects.for_user(user)
        .filter(zone_id__in=ids, signed_on__year=year)
        .values("zone_id")
        .annotate(n=Count("pk", filter=COUNTED), amount=Sum("counted_investment", filter=INVESTMENT_COUNTED))
        .order_by()
    ):
        rows[r["zone_id"]].contracts += r["n"]
        rows[r["zone_id"]].investment_wan += r["amount"] or Decimal(0)


def _approvals(user, year, ids, rows) -> None:
    from devzone.approvals.models import ElapsedBucket

    for r in (
        ElapsedBucket.objects.for_user(user)
        .filter(zone_id__in=ids, month__year=year)
        .values("zone_id")
        .annotate(n=Sum("count"), ok=Sum("on_time"))
        .order_by()
    ):
        rows[r["zone_id"]].files += r["n"] or 0
        rows[r["zone_id"]].on_time += r["ok"] or 0


def _satisfaction(user, year, ids, rows) -> None:
    from devzone.services.models import Rating
    from devzone.services.scoring import GOOD_FROM

    for r in (
        Rating.objects.for_user(user)
        .filter(zone_id__in=ids, rated_on__year=year, excluded=False)
        .values("zone_id")
        .annotate(n=Count("pk"), good=Count("pk", filter=Q(level__gte=GOOD_FROM)))
        .order_by()
    ):
        rows[r["zone_id"]].ratings += r["n"]
        rows[r["zone_id"]].good += r["good"]


def _assessment(user, year, ids, rows) -> None:
    """The zone's published result of the year: the annual one (quarter 0), else the latest quarter's. Only the
    zone's own: a merged zone's score and rank were its own among the scheme's zones, not the survivor's (its
    drill-down lists them under the old zone's name)."""
    from devzone.planning.choices import AssessmentStatus
    from devzone.planning.models import Assessment

    seen = set()
    for r in (
        Assessment.objects.for_user(user)
        .filter(zone_id__in=ids, scheme__year=year, status=AssessmentStatus.PUBLISHED)
        .order_by("zone_id", Case(When(quarter=0, then=Value(0)), default=Value(1)), "-quarter", "-pk")
        .values("zone_id", "score", "rank", "quarter", "scheme__name")
    ):
        if r["zone_id"] in seen:
            continue
        seen.add(r["zone_id"])
        row = rows[r["zone_id"]]
        row.score, row.rank = r["score"], r["rank"]
        row.assessment = r["scheme__name"] + (f" Q{r['quarter']}" if r["quarter"] else "")


def _plans(user, year, ids, rows) -> None:
    """The year's annual tasks of each zone's plan in force for the year (the one the 市级统筹 page and
    investment's fit read, ``planning.selectors.targets_in_force``): done ÷ target, capped at 100 %."""
    from devzone.planning.models import PlanTarget
    from devzone.planning.selectors import targets_in_force

    for zone_id, target, done in targets_in_force(
        PlanTarget.objects.for_user(user).filter(plan__zone_id__in=ids), year
    ).values_list("plan__zone_id", "target", "done"):
        row = rows[zone_id]
        row.targets += 1
        if target and target > 0:
            row.progress_sum += min(Decimal(100), Decimal(100) * done / target)
        else:
            row.progress_sum += Decimal(100)


def totals(rows: list[ZoneRow]) -> dict:
    files = sum(r.files for r in rows)
    ratings = sum(r.ratings for r in rows)
    investment_wan = sum((r.investment_wan for r in rows), Decimal(0))
    return {
        "zones": len(rows),
        "contracts": sum(r.contracts for r in rows),
        "investment_wan": investment_wan,  # the headline, as its reader counts it (``wan``: 708亿元)
        "investment_yi": (investment_wan / YI).quantize(CENT, rounding=ROUND_HALF_UP),
        "on_time_rate": percent(sum(r.on_time for r in rows), files),
        "good_rate": percent(sum(r.good for r in rows), ratings),
    }


def chart(rows: list[ZoneRow], labels: dict) -> dict:
    """The data of the dashboard's chart (ECharts, ``oversight/charts.js``)."""
    return {
        "labels": labels,
        "zones": [r.zone.short_name or r.zone.name for r in rows],
        "contracts": [r.contracts for r in rows],
        "investment": [float(r.investment_yi) for r in rows],
        "on_time": [None if r.on_time_rate is None else float(r.on_time_rate) for r in rows],
        "good": [None if r.good_rate is None else float(r.good_rate) for r in rows],
    }


# --- 改革简报 --------------------------------------------------------------------------------------------------
@dataclass
class Section:
    title: str
    figures: list = field(default_factory=list)


# A number as reports print it: an optional sign (ASCII, the typeset minus U+2212, the full-width one), digits with
# thousands grouped by commas, a decimal part.
NUMBER = re.compile(r"([-−－+＋]?)\s*(\d[\d,，]*(?:\.\d+)?)")


def reported_number(text: str) -> Decimal | None:
    """The one number a printed figure states (−41.3% -> -41.3; 4,250人 -> 4250), its sign kept; None when it
    states none (百余项) or several (a date, a range: which one to compare is not clear)."""
    found = NUMBER.findall(text)
    if len(found) != 1:
        return None
    sign, digits = found[0]
    try:
        n = Decimal(digits.replace(",", "").replace("，", ""))
    except ArithmeticError:
        return None
    return -n if sign in ("-", "−", "－") else n


def differs(figure: registry.Figure) -> bool:
    """Whether the printed figure says something else than the computed value (then both are shown). The sign
    counts: a printed −41.3 % is not a computed 41.3 %."""
    if not figure.reported:
        return False
    if figure.value is None:
        return True
    printed = reported_number(str(figure.reported))
    if printed is None:
        return True
    try:
        return printed != Decimal(str(figure.value))
    except (ArithmeticError, ValueError):
        return True


@on_replica
def bulletin(city) -> list[Section]:
    """The bulletin's figures by section, in the order the modules registered them. A figure its module gave
    no printed text gets what the city's own reports printed for its key (``planning.printed``: data keyed by
    the city, with its source; another city's reports are never quoted) — unless it was printed about one zone,
    which only the figure's module can match (planning's merge figures)."""
    from devzone.planning import printed

    said = printed.for_city(city)
    sections: OrderedDict[str, Section] = OrderedDict()
    for fig in registry.bulletin_figures(city=city):
        p = said.get(fig.key)
        if not fig.reported and p is not None and not p.zone:
            fig = replace(fig, reported=p.text)
        sections.setdefault(str(fig.section), Section(str(fig.section))).figures.append(fig)
    return list(sections.values())


def printed_sources(city, sections: list[Section]) -> list[str]:
    """The documents the printed figures shown come from (the bulletin names them under its figures)."""
    from devzone.planning import printed

    said = printed.for_city(city)
    return sorted(
        {
            said[f.key].source
            for s in sections
            for f in s.figures
            if f.key in said and f.reported == said[f.key].text and differs(f)
        }
    )


def value_text(figure: registry.Figure) -> str:
    """The value as the bulletin prints it, with its unit, thousands grouped (222,405 个); 数据缺失 when the rows
    behind it are missing."""
    from django.utils.translation import gettext as _

    if figure.value is None:
        return str(_("数据缺失"))
    v = figure.value
    if isinstance(v, Decimal) and v == v.to_integral_value() and figure.unit not in ("%",):
        v = v.quantize(Decimal(1))
    if isinstance(v, int | Decimal) and not isinstance(v, bool):
        v = f"{v:,}"
    if figure.unit == ":1":
        return f"{v}:1"
    return f"{v}{figure.unit}" if figure.unit in ("%",) else f"{v} {figure.unit}".strip()


# --- a zone's drill-down ---------------------------------------------------------------------------------------
@on_replica
def zone_targets(user, zone_ids: list[int], year: int):
    """The year's annual tasks of the zones' plans in force (as the dashboard's 年度任务完成度 counts them)."""
    from devzone.planning.models import PlanTarget
    from devzone.planning.selectors import targets_in_force

    return list(
        targets_in_force(PlanTarget.objects.for_user(user).filter(plan__zone_id__in=zone_ids), year)
        .select_related("plan__zone")
        .order_by("metric", "pk")
    )


@on_replica
def zone_assessments(user, zone_ids: list[int], year: int):
    """The zone's published assessments of the year the drill-down shows (its heading names the year)."""
    from devzone.planning.choices import AssessmentStatus
    from devzone.planning.models import Assessment

    return list(
        Assessment.objects.for_user(user)
        .filter(zone_id__in=zone_ids, status=AssessmentStatus.PUBLISHED, scheme__year=year)
        .select_related("scheme", "zone")
        .order_by("-scheme__year", "-quarter")[:12]
    )
