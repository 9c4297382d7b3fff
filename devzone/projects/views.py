"""Pages of the key projects: the front door, the portfolio, the handover, a project's timetable and its moves.
Thin: reads come from selectors and filters, every move from the services, which check the actor and the state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import reach_of, require_right
from devzone.core.forms import style
from devzone.core.models import Project
from devzone.core.web import page_of, refusals, safe_next
from devzone.core.workdays import get_calendar
from devzone.core.zones import active_zone, narrow
from devzone.projects import filters, forms, selectors
from devzone.projects import services as svc
from devzone.projects.actions import PROJECT_ACTIONS
from devzone.projects.choices import Colour, ProblemStatus
from devzone.projects.models import AgentAssignment, AnnualPlan, KeyProject, MonthlyInvestment, SiteVisit
from devzone.projects.services.common import ASSIGNERS, HANDOVER, WORKERS
from devzone.projects.status import lateness
from devzone.projects.views_common import is_enterprise, role, staff_only, tracking_or_404, zone_or_403
from devzone.projects.wording import milestone_label


@login_required
def home(request):
    """大服务's front door: an enterprise goes to its services (or its approvals), staff to the portfolio."""
    if is_enterprise(request):
        for name in ("services:home", "approvals:intake_list"):
            try:
                return redirect(reverse(name))
            except NoReverseMatch:
                continue
    require_right(request.user, "view", KeyProject)
    return redirect("projects:portfolio")


@login_required
def mine(request):
    """An enterprise's own key projects: status, the next milestone, how far the timetable has come, whom to
    call. Public progress only (no visits, investment or internal notes). Staff use the portfolio."""
    if not is_enterprise(request):
        return redirect("projects:portfolio")
    rows = (
        selectors.keyproject_list(user=request.user)
        .annotate(
            reached=Count("project__milestones", filter=Q(project__milestones__actual_on__isnull=False)),
            steps=Count("project__milestones"),
        )
        .order_by("project__name", "id")
    )
    return render(request, "projects/mine.html", {"rows": rows, "today": timezone.localdate()})


@login_required
def portfolio(request):
    staff_only(request)
    base = narrow(selectors.keyproject_list(user=request.user), request)
    found = filters.KeyProjectFilter(request.GET, queryset=base, request=request)
    style(found.form)
    qs = found.qs
    # The colour cards count the rows the other filters give (a status picked leaves the other colours'
    # counts shown), and each links to its colour with every other filter kept: the card's figure is the
    # number of rows its link lists.
    others = request.GET.copy()
    status = others.pop("status", [""])[-1]
    others.pop("page", None)
    counts = selectors.colour_counts(
        filters.KeyProjectFilter(others, queryset=base, request=request).qs if status else qs
    )
    total = (counts.get(status, 0) if found.is_valid() else 0) if status else sum(counts.values())
    cards = []
    for value, label in Colour.choices:
        link = others.copy()
        link["status"] = value
        cards.append((value, label, counts[value], f"?{link.urlencode()}"))
    # 只看我负责的 / 全部项目 switch "mine" alone, the colour and the other filters kept
    mine = request.GET.copy()
    mine.pop("page", None)
    if not mine.pop("mine", [""])[-1]:
        mine["mine"] = "1"
    mine_link = f"?{mine.urlencode()}"
    my_staff = getattr(getattr(request.user, "profile", None), "staff_id", None)
    # the city in its all-zones mode: a 开发区 column and the zones compared, each drilling down
    all_zones = reach_of(request.user).kind == "city" and active_zone(request) is None
    return render(
        request,
        "projects/portfolio.html",
        {
            "page": page_of(request, selectors.portfolio_page(qs), 50, count=total),
            "filter": found,
            "counts": counts,
            "total": total,
            "colours": Colour.choices,
            "cards": cards,
            "mine_link": mine_link,
            "chart": {
                "labels": [str(c.label) for c in Colour],
                "values": [counts[c.value] for c in Colour],
                "colours": ["#2fb344", "#f59f00", "#d63939"],
            },
            "can_handover": role(request.user) in HANDOVER and active_zone(request) is not None,
            "my_staff": my_staff,
            "today": timezone.localdate(),
            "all_zones": all_zones,
            "per_zone": selectors.colour_counts_per_zone(qs) if all_zones else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover(request):
    """Make a signed project key (转入重点项目): its timetable from the zone's template, its agent."""
    zone = zone_or_403(request)
    if role(request.user) not in HANDOVER:
        raise PermissionDenied
    candidates = (
        Project.objects.for_user(request.user)
        .filter(zone=zone, signed_on__isnull=False, tracking__isnull=True)
        .order_by("-signed_on", "name")
    )
    form = forms.HandoverForm(request.POST or None, projects=candidates, zone_id=zone.pk)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            tracking = svc.handover_to_build(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已转入重点项目并建立时间表"))
            return redirect(tracking.get_absolute_url())
    return render(request, "projects/handover.html", {"form": form})


def _internal_context(request, tracking, pk, today) -> dict:
    """What staff see of a project besides its timetable: investment, agents, visits, problems, the forms."""
    plans = list(AnnualPlan.objects.for_user(request.user).filter(project_id=pk).order_by("year"))
    months = list(
        MonthlyInvestment.objects.for_user(request.user)
        .filter(project_id=pk, year=today.year)
        .order_by("month")
    )
    plan = next((p for p in plans if p.year == today.year), None)
    problems = selectors.problem_list(user=request.user).filter(project_id=pk)
    acting = reach_of(request.user).role
    return {
        # the forms only for those the services let act (the city officer and the administrator read)
        "may_fill": acting in WORKERS,
        "may_assign": acting in ASSIGNERS,
        "plans": plans,
        "months": months,
        "plan": plan,
        "done": sum((m.completed_wan for m in months), start=0),
        "expected": plan.planned_wan * (today.month - 1) / 12 if plan else None,
        "assignments": AgentAssignment.objects.for_user(request.user)
        .filter(project_id=pk)
        .select_related("agent", "agent__department"),
        "visits": SiteVisit.objects.for_user(request.user)
        .filter(project_id=pk)
        .select_related("agent")
        .prefetch_related("photos")
        .order_by("-visited_on", "-id")[:10],
        "problems": problems[:20],
        "open_problems": problems.filter(status=ProblemStatus.OPEN).count(),
        "forms": {  # each with the key project's version as read here (a stale page is refused)
            "plan": forms.PlanForm(initial={"year": today.year, "version": tracking.version}),
            "month": forms.MonthForm(
                initial={"year": today.year, "month": max(1, today.month - 1), "version": tracking.version},
                auto_id="id_m_%s",
            ),
            "agent": forms.AgentForm(
                zone_id=tracking.zone_id, initial={"agent": tracking.agent_id, "version": tracking.version}
            ),
            "cadence": forms.CadenceForm(
                initial={
                    "visit_cadence_workdays": tracking.visit_cadence_workdays,
                    "version": tracking.version,
                }
            ),
        },
    }


@login_required
def project_detail(request, pk):
    """A project's timetable and timeline. An enterprise sees its public progress: status and milestones."""
    tracking = tracking_or_404(request, pk)
    today = timezone.localdate()
    cal = get_calendar()
    milestones = list(selectors.milestones_of(user=request.user, project_id=pk))
    ctx = {
        "t": tracking,
        "project": tracking.project,
        "rows": [
            {"m": m, "late": lateness(m.planned_on, m.actual_on, today, cal.between)} for m in milestones
        ],
        "today": today,
        "timeline": {  # public progress: an enterprise sees it too
            "names": [milestone_label(m.name) for m in milestones],
            "planned": [m.planned_on.isoformat() for m in milestones],
            "actual": [m.actual_on.isoformat() if m.actual_on else None for m in milestones],
            "labels": {"planned": _("计划"), "actual": _("实际")},
        },
    }
    if not is_enterprise(request):
        ctx.update(_internal_context(request, tracking, pk, today))
    return render(request, "projects/project_detail.html", ctx)


@login_required
@require_POST
def project_action(request, pk, action):
    PROJECT_ACTIONS[action]  # an unknown action is 404
    tracking = tracking_or_404(request, pk)
    if is_enterprise(request):
        raise PermissionDenied
    return PROJECT_ACTIONS.perform(
        request,
        action,
        tracking,
        redirect_to=safe_next(request, tracking.get_absolute_url()),
        form_kwargs={"zone_id": tracking.zone_id} if action == "agent" else None,
    )
