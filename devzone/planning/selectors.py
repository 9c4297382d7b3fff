"""Reads of 市级统筹: plans, the city's overlaps and gaps of leading industries, the chain map, schemes and
assessments, each in the user's scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from devzone.core.access import can
from devzone.core.models import Industry, Zone
from devzone.planning import pace
from devzone.planning.choices import AssessmentStatus
from devzone.planning.models import Assessment, IndustryPlan, PlanTarget, Scheme


def current_plan(zone_id: int, year: int | None = None) -> IndustryPlan | None:
    """The zone's plan covering ``year`` (this year by default), else its newest."""
    y = year or timezone.localdate().year
    qs = IndustryPlan.objects.filter(zone_id=zone_id)
    return (
        qs.filter(start_year__lte=y, end_year__gte=y).order_by("-start_year").first()
        or qs.order_by("-start_year").first()
    )


def covers(plan: IndustryPlan | None, year: int) -> bool:
    return plan is not None and plan.start_year <= year <= plan.end_year


def in_force(zone_plans, year: int) -> IndustryPlan | None:
    """``current_plan`` over rows already read (one zone's plans): the plan covering ``year`` — of two covering
    it (saved before ``plan_set`` refused overlaps), the later start —, else the newest."""
    rows = sorted(zone_plans, key=lambda p: p.start_year, reverse=True)
    return next((p for p in rows if covers(p, year)), rows[0] if rows else None)


def targets_in_force(targets, year: int):
    """``targets`` (PlanTarget rows) narrowed to ``year``'s annual tasks of each zone's plan in force for the
    year (``current_plan``'s rule, in the same query): a revised plan beside an older one covering the same
    year counts once, not both."""
    plan = (
        IndustryPlan.objects.filter(
            zone_id=OuterRef("plan__zone_id"), start_year__lte=year, end_year__gte=year
        )
        .order_by("-start_year")
        .values("pk")[:1]
    )
    return targets.filter(year=year, plan_id=Subquery(plan))


def task_years(today: dt.date) -> list[int]:
    """The years whose annual tasks take progress now: this year's, and until the first quarter's end (31 March)
    last year's too — a year's fourth quarter is known only after 31 December, and is reported in January."""
    return [today.year - 1, today.year] if today <= dt.date(today.year, 3, 31) else [today.year]


def plan_codes(zone_id: int) -> list[str] | None:
    plan = current_plan(zone_id)
    if plan is None:
        return None
    return sorted(plan.industries.values_list("code", flat=True))


def plans(user):
    return (
        IndustryPlan.objects.for_user(user)
        .select_related("zone")
        .prefetch_related(
            "industries", Prefetch("targets", queryset=PlanTarget.objects.order_by("year", "metric"))
        )
        .order_by("zone__name", "-start_year")
    )


@dataclass
class Overlap:
    industry: Industry
    zones: list[Zone]


def city_map(user) -> dict:
    """Leading industries of each zone in reach (its plan in force, else its own field): overlaps (an industry,
    or one section's divisions, courted by two zones or more), zones without a plan in force this year (gaps:
    none at all, or only an expired or a future one), the annual tasks taking progress (``task_years``), and the
    chain map's nodes and links (zone → industry → section) for ECharts' sankey. Each task carries its 序时进度
    (``expected``, percent; ``pace.expected_percent``). Each zone's plan is picked
    from the rows read once (``in_force``): the same queries for two zones or two hundred."""
    today = timezone.localdate()
    year = today.year
    zones = list(
        Zone.objects.for_user(user)
        .filter(merged_into__isnull=True)
        .order_by("name")
        .prefetch_related(
            "leading_industries"
        )  # one query, not one per zone without a plan (the city's desk)
    )
    plans_of: dict[int, list[IndustryPlan]] = defaultdict(list)
    for p in plans(user):
        plans_of[p.zone_id].append(p)
    plan_of = {z.pk: in_force(plans_of[z.pk], year) for z in zones}
    by_zone: dict[int, list[Industry]] = {}
    for z in zones:
        p = plan_of[z.pk]
        by_zone[z.pk] = list(p.industries.all()) if p else list(z.leading_industries.all())
    courted: dict[str, list[Zone]] = defaultdict(list)
    industry = {}
    for z in zones:
        for i in by_zone[z.pk]:
            courted[i.pk].append(z)
            industry[i.pk] = i
    overlaps = [Overlap(industry[c], zs) for c, zs in sorted(courted.items()) if len(zs) > 1]
    gaps = [z for z in zones if not covers(plan_of[z.pk], year)]
    sections = {i.parent_id for i in industry.values() if i.parent_id}
    section_rows = {s.pk: s for s in Industry.objects.filter(pk__in=sections)}
    nodes, links = [], []
    for z in zones:
        if by_zone[z.pk]:
            nodes.append({"name": str(z)})
    for c, i in sorted(industry.items()):
        nodes.append({"name": str(i)})
        for z in courted[c]:
            links.append({"source": str(z), "target": str(i), "value": 1})
        if i.parent_id in section_rows:
            links.append(
                {"source": str(i), "target": str(section_rows[i.parent_id]), "value": len(courted[c])}
            )
    for s in section_rows.values():
        nodes.append({"name": str(s)})
    years = task_years(today)
    tasks = []
    for z in zones:
        for y in years:
            p = in_force(plans_of[z.pk], y)
            if covers(p, y):
                for t in p.targets.all():
                    if t.year == y:
                        # 序时进度 from the task's real start in its year, not 1 January (``pace``)
                        t.expected = pace.expected_percent(
                            y, today, p.effective_on, z.established_on, t.added_on
                        )
                        tasks.append((z, t))
    return {
        "year": year,
        "task_years": years,
        "this_year": tasks,
        "zones": [(z, by_zone[z.pk], plan_of[z.pk]) for z in zones],
        "overlaps": overlaps,
        "gaps": gaps,
        "gap_rows": [(z, plan_of[z.pk]) for z in gaps],
        "chart": {"nodes": nodes, "links": links},
    }


def schemes(user):
    return Scheme.objects.for_user(user).prefetch_related("indicators").order_by("-year", "category")


def assessments(user, scheme: Scheme | None = None):
    """Assessments in the user's reach. A draft (评分中) is the city's work in progress: its rank moves as other
    zones are scored and its pool is not in force, so only those who score and publish (the right to change
    assessments) see it — not every reader with the city's reach (the system administrator, a technical role,
    neither scores nor publishes); a zone's people see their results once the city publishes them (and are told
    then)."""
    qs = Assessment.objects.for_user(user).select_related("zone", "scheme")
    if not can(user, "change", Assessment):
        qs = qs.filter(status=AssessmentStatus.PUBLISHED)
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    # Each scheme's ranking of a period together (national before provincial: ZoneLevel's values sort so), not
    # the year's schemes interleaved by rank (two 第1名 side by side).
    return qs.order_by("-scheme__year", "scheme__category", "scheme_id", "quarter", "rank", "zone__name")


def pool_assessment(zone_id: int, year: int, quarter: int) -> Assessment | None:
    """The published assessment that sets the zone's pool for the quarter: that quarter's, else the year's."""
    qs = Assessment.objects.filter(
        zone_id=zone_id, scheme__year=year, status=AssessmentStatus.PUBLISHED, pool_fen__isnull=False
    ).select_related("scheme")
    return qs.filter(quarter__in=(quarter, 0)).order_by("-quarter").first()  # one query: the quarter's first
