"""Reads of the home page: the totals of the user's reach (narrowed to the switcher's zone) and, for the city,
one row per zone. Each figure is one grouped query, whatever the number of zones."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import models as m
from devzone.core.access import can
from devzone.core.choices import EmploymentType, ProjectPhase
from devzone.core.zones import narrow, survivors


def totals(request) -> dict:
    user = request.user

    def scoped(model, path="zone"):
        return narrow(model.objects.for_user(user), request, path)

    projects = scoped(m.Project)
    staff = scoped(m.Staff).filter(is_active=True)
    by_type = dict(
        staff.values_list("employment_type")
        .annotate(n=Count("id"))
        .order_by()  # no join to the departments the staff's default ordering needs
        .values_list("employment_type", "n")
    )
    by_phase = list(
        projects.values("phase").annotate(n=Count("id"), investment=Sum("total_investment")).order_by("phase")
    )
    # The totals are the sums of the phases: one pass over the projects instead of two.
    n_projects = sum(p["n"] for p in by_phase)
    investment = sum(p["investment"] or 0 for p in by_phase)
    chart = {
        "labels": {"count": str(_("项目数")), "investment": str(_("总投资（亿元）"))},
        "phases": [str(ProjectPhase(p["phase"]).label) for p in by_phase],
        "counts": [p["n"] for p in by_phase],
        "investment_yi": [float(p["investment"] or 0) / 10000 for p in by_phase],
    }
    cards = {
        "zones": scoped(m.Zone, "pk").filter(merged_into__isnull=True).count(),
        "departments": scoped(m.Department).filter(abolished_on__isnull=True).count(),
        "staff": sum(by_type.values()),
        "enterprises": scoped(m.Enterprise).count(),
        "projects": n_projects,
        "key_projects": projects.filter(is_key=True).count(),
        "investment": investment or 0,
    }
    staff_types = [(str(t.label), by_type.get(t.value, 0)) for t in EmploymentType]
    return {"cards": cards, "chart_data": chart, "staff_types": staff_types}


def per_zone(*, user) -> list[dict]:
    """The city's comparison: per zone its projects, investment, key projects in red, open and overdue files; a
    merged zone's rows counted in the zone it was merged into, so a merge changes no total."""
    from devzone.approvals.choices import OPEN_STATUSES
    from devzone.approvals.models import Application
    from devzone.approvals.selectors import overdue_q
    from devzone.projects.choices import Colour
    from devzone.projects.models import KeyProject

    every = list(m.Zone.objects.for_user(user).order_by("name", "id"))
    home = survivors(every)
    figures = ("projects", "key", "investment", "red", "open_files", "overdue_files")
    rows = {z.pk: {"zone": z, **dict.fromkeys(figures, 0)} for z in every if z.merged_into_id is None}

    def add(zone_id, **counts) -> None:
        row = rows.get(home.get(zone_id, zone_id))
        if row is not None:
            for k, v in counts.items():
                row[k] += v or 0

    for r in (
        m.Project.objects.for_user(user)
        .values("zone_id")
        .annotate(n=Count("id"), key=Count("id", filter=Q(is_key=True)), investment=Sum("total_investment"))
        .order_by()
    ):
        add(r["zone_id"], projects=r["n"], key=r["key"], investment=r["investment"])
    for zone_id, n in (
        KeyProject.objects.for_user(user)
        .filter(status=Colour.RED)
        .values("zone_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("zone_id", "n")
    ):
        add(zone_id, red=n)
    if can(user, "view", Application):
        today = timezone.localdate()
        for r in (
            Application.objects.for_user(user)
            .filter(status__in=OPEN_STATUSES)
            .values("zone_id")
            .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q(today)))
            .order_by()
        ):
            add(r["zone_id"], open_files=r["open"], overdue_files=r["overdue"])
    return list(rows.values())
