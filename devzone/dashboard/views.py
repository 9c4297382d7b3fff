"""The home dashboard: real counts from the user's reach and one chart."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from devzone.core import models as m
from devzone.core.access import reach_of
from devzone.core.zones import narrow
from devzone.dashboard.attention import attention


@login_required
def home(request):
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
    totals = {"n": sum(p["n"] for p in by_phase), "investment": sum(p["investment"] or 0 for p in by_phase)}
    from devzone.core.choices import EmploymentType, ProjectPhase

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
        "projects": totals["n"],
        "key_projects": projects.filter(is_key=True).count(),
        "investment": totals["investment"] or 0,
    }
    staff_types = [(str(t.label), by_type.get(t.value, 0)) for t in EmploymentType]
    items = attention(request) if reach_of(user).kind in ("zone", "city") else []
    return render(
        request,
        "dashboard/home.html",
        {"cards": cards, "chart_data": chart, "staff_types": staff_types, "attention": items},
    )
