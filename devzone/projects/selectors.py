"""Reads of the key-project module used by pages and the API: scoped, with their joins decided here."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.urls import reverse

from devzone.core.access import reach_of
from devzone.core.errors import check_id
from devzone.core.models import Staff
from devzone.core.personal import mask_phone, sees_personal
from devzone.core.schemas import Mapped
from devzone.projects.choices import Colour, ProblemCategory, ProblemStatus
from devzone.projects.models import KeyProject, Milestone, Problem, SiteVisit, WeeklyDispatch


def keyproject_list(*, user, action: str = "view") -> QuerySet[KeyProject]:
    return KeyProject.objects.for_user(user, action).select_related(
        "zone", "project", "project__enterprise", "project__area", "project__industry", "agent"
    )


def tracking_of(*, user, project_id) -> KeyProject | None:
    """The key project of ``project_id`` (any text from a path or a body) in the user's reach, or None."""
    pk = check_id(project_id)
    return keyproject_list(user=user).filter(project_id=pk).first() if pk else None


def sees_agent_phone(user, tracking: KeyProject) -> bool:
    """Whether ``user`` reads the full mobile number of ``tracking``'s agent (代办专员).

    The agent is the enterprise's contact for the project: the users of the enterprise whose project it is call
    them, so they read the number in full (a tap-to-call link). Zone staff follow the personal-data rule of
    ``core.personal`` (the agent, the zone's leaders, the head of the agent's department); everyone else — other
    departments' staff, the city, an enterprise the agent does not serve — reads it masked (136****6828)."""
    r = reach_of(user)
    if r.kind == "enterprise":
        return r.enterprise_id is not None and r.enterprise_id == tracking.project.enterprise_id
    return sees_personal(user, tracking.agent)


def agent_phone(*, user, tracking: KeyProject) -> tuple[str, bool]:
    """The agent's mobile number as ``user`` may read it, and whether it is the full number."""
    agent = tracking.agent
    if agent is None or not agent.phone:
        return "", False
    if sees_agent_phone(user, tracking):
        return agent.phone, True
    return mask_phone(agent.phone), False


def worst_first(qs: QuerySet[KeyProject]) -> QuerySet[KeyProject]:
    """Red, then yellow, then green; the biggest investment first within a colour (what a leader reads first)."""
    severity = Case(
        When(status=Colour.RED, then=Value(0)),
        When(status=Colour.YELLOW, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(severity=severity).order_by(
        "severity", F("project__total_investment").desc(nulls_last=True), "project__name", "id"
    )


# The fields the portfolio's table shows (``{% portfolio_rows %}``), of the key project and the five tables it joins
# for them: the page's 50 rows read only these (``portfolio_page``), as plain values, not six model instances
# each.
PORTFOLIO_ROW = (
    "pk",
    "project_id",
    "zone__name",
    "project__name",
    "project__total_investment",
    "project__enterprise__name",
    "project__area__name",
    "agent__name",
    "status",
    "status_reason",
    "next_milestone",
    "next_milestone_on",
    "next_visit_due",
)


@dataclass(slots=True, frozen=True)
class Named:
    name: str


@dataclass(slots=True, frozen=True)
class PortfolioProject:
    name: str
    total_investment: Decimal | None
    enterprise: Named
    area: Named | None


@dataclass(slots=True, frozen=True)
class PortfolioRow:
    """A key project as the portfolio's table reads it (``{% portfolio_rows %}``): the names of what it joins,
    no model instance."""

    pk: int  # the key project's
    project_id: int
    zone: Named
    project: PortfolioProject
    agent: Named | None
    status: str
    status_reason: str
    next_milestone: str
    next_milestone_on: dt.date | None
    next_visit_due: dt.date | None

    @classmethod
    def of(cls, values: tuple) -> PortfolioRow:
        (pk, pid, zone, name, investment, enterprise, area, agent, status, reason, milestone, on, visit) = (
            values
        )
        project = PortfolioProject(
            name, investment, Named(enterprise), Named(area) if area is not None else None
        )
        agent_row = Named(agent) if agent is not None else None
        return cls(pk, pid, Named(zone), project, agent_row, status, reason, milestone, on, visit)

    def get_status_display(self) -> str:
        return str(Colour(self.status).label)

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.project_id])


def portfolio_page(qs: QuerySet[KeyProject]) -> Mapped:
    """The portfolio's rows (``worst_first``) with the columns its table shows, and no others, each a
    ``PortfolioRow`` (only the page's rows are read)."""
    return Mapped(worst_first(qs).values_list(*PORTFOLIO_ROW), PortfolioRow.of)


def colour_counts(qs: QuerySet[KeyProject]) -> dict[str, int]:
    counts = dict.fromkeys(Colour.values, 0)
    for row in qs.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def colour_counts_per_zone(qs: QuerySet[KeyProject]) -> list[dict]:
    """The city's all-zones portfolio: per zone (id, name) its red/yellow/green counts, in one grouped query."""
    zones: dict[int, dict] = {}
    for row in qs.order_by().values("zone_id", "zone__name", "status").annotate(n=Count("id")):
        z = zones.setdefault(
            row["zone_id"],
            {"pk": row["zone_id"], "name": row["zone__name"], **dict.fromkeys(Colour.values, 0)},
        )
        z[row["status"]] = row["n"]
    for z in zones.values():
        z["total"] = sum(z[c] for c in Colour.values)
    return sorted(zones.values(), key=lambda z: (-z[Colour.RED], z["name"]))


def milestones_of(*, user, project_id: int) -> QuerySet[Milestone]:
    return Milestone.objects.for_user(user).filter(project_id=project_id).order_by("order")


def visit_list(*, user) -> QuerySet[SiteVisit]:
    return (
        SiteVisit.objects.for_user(user)
        .select_related("project", "agent", "recorded_by")
        .annotate(photo_count=Count("photos"))
    )


def problem_list(*, user, action: str = "view") -> QuerySet[Problem]:
    return Problem.objects.for_user(user, action).select_related("project", "department", "owner")


def workload(*, user, zone_id: int, on: dt.date) -> list[dict]:
    """Each agent (staff with key projects, or a 代办专员 without any yet): projects by colour, visits overdue,
    open and overdue problems they own."""
    projects = KeyProject.objects.for_user(user).filter(zone_id=zone_id)
    per_agent = {
        r["agent_id"]: r
        for r in projects.filter(agent__isnull=False)
        .values("agent_id")
        .annotate(
            total=Count("id"),
            red=Count("id", filter=Q(status=Colour.RED)),
            yellow=Count("id", filter=Q(status=Colour.YELLOW)),
            visits_overdue=Count("id", filter=Q(next_visit_due__lt=on)),
        )
    }
    problems = {
        r["owner_id"]: r
        for r in Problem.objects.for_user(user)
        .filter(zone_id=zone_id, status=ProblemStatus.OPEN)
        .values("owner_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=on)))
    }
    from devzone.projects.services.agents import agent_staff_ids

    ids = set(per_agent) | agent_staff_ids(zone_id)
    staff = (
        Staff.objects.filter(pk__in=ids).select_related("department").order_by("department__order", "name")
    )
    rows = []
    for s in staff:
        p = per_agent.get(s.pk, {})
        q = problems.get(s.pk, {})
        rows.append(
            {
                "staff": s,
                "total": p.get("total", 0),
                "red": p.get("red", 0),
                "yellow": p.get("yellow", 0),
                "visits_overdue": p.get("visits_overdue", 0),
                "problems_open": q.get("open", 0),
                "problems_overdue": q.get("overdue", 0),
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["staff"].name))
    return rows


def problem_stats(*, user, zone_id: int | None, start: dt.date, end: dt.date) -> dict:
    """Problems solved between ``start`` and ``end`` by category and by month, and what is still open."""
    qs = Problem.objects.for_user(user)
    if zone_id is not None:
        qs = qs.filter(zone_id=zone_id)
    solved = qs.filter(status=ProblemStatus.RESOLVED, resolved_on__gte=start, resolved_on__lte=end)
    by_cat = Counter(dict(solved.order_by().values_list("category").annotate(n=Count("id"))))
    by_month = [
        (r["m"], r["n"])
        for r in solved.order_by()
        .annotate(m=TruncMonth("resolved_on"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by("m")
    ]
    open_by_cat = Counter(
        dict(qs.filter(status=ProblemStatus.OPEN).order_by().values_list("category").annotate(n=Count("id")))
    )
    categories = [
        {"code": code, "label": str(label), "solved": by_cat.get(code, 0), "open": open_by_cat.get(code, 0)}
        for code, label in ProblemCategory.choices
    ]
    return {
        "start": start,
        "end": end,
        "solved": sum(by_cat.values()),
        "open": sum(open_by_cat.values()),
        "categories": categories,
        "months": [{"month": m.strftime("%Y-%m") if m else "", "solved": n} for m, n in by_month],
    }


def dispatch_list(*, user) -> QuerySet[WeeklyDispatch]:
    return WeeklyDispatch.objects.for_user(user).defer("docx", "content")
