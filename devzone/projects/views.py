"""Pages of the key projects: the portfolio, a project's timetable, agents and their workload, site visits.
Thin: reads come from selectors, every move from the services, which check the actor and the state."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can
from devzone.core.errors import DomainError, check_id
from devzone.core.models import Area, Industry, Project, Staff
from devzone.core.workdays import get_calendar
from devzone.core.zones import active_zone, narrow
from devzone.projects import forms, selectors
from devzone.projects import services as svc
from devzone.projects.choices import Colour, ProblemStatus
from devzone.projects.models import (
    AgentAssignment,
    AnnualPlan,
    KeyProject,
    MonthlyInvestment,
    SiteVisit,
    VisitPhoto,
)
from devzone.projects.services.common import HANDOVER
from devzone.projects.status import lateness
from devzone.projects.views_common import form_errors, is_enterprise, role, safe_back, show_error, zone_or_403

MAX_UPLOAD = 5 * 1024 * 1024


@login_required
def home(request):
    """大服务's front door: an enterprise goes to its services (or its approvals), staff to the portfolio."""
    if is_enterprise(request):
        for name in ("services:home", "approvals:intake_list"):
            try:
                return redirect(reverse(name))
            except NoReverseMatch:
                continue
    if not can(request.user, "view", KeyProject):
        raise PermissionDenied
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


def _staff_only(request, model=KeyProject):
    if is_enterprise(request) or not can(request.user, "view", model):
        raise PermissionDenied


@login_required
def portfolio(request):
    _staff_only(request)
    base = narrow(selectors.keyproject_list(user=request.user), request)
    mine = _own_staff_id(request) if request.GET.get("mine") else None
    if mine:
        base = base.filter(agent_id=mine)
    qs, chosen = selectors.filter_portfolio(base, request.GET)
    if mine:
        chosen["mine"] = "1"
    counts = selectors.colour_counts(qs)
    page = Paginator(selectors.worst_first(qs), 50).get_page(request.GET.get("page"))
    zone = active_zone(request)
    zone_id = zone.pk if zone else None
    agents = Staff.objects.filter(pk__in=base.filter(agent__isnull=False).values("agent_id")).order_by("name")
    areas = Area.objects.for_user(request.user)
    if zone_id:
        areas = areas.filter(zone_id=zone_id)
    industries = Industry.objects.filter(pk__in=base.values("project__industry_id")).order_by("code")
    chart = {
        "labels": [str(c.label) for c in Colour],
        "values": [counts[c.value] for c in Colour],
        "colours": ["#2fb344", "#f59f00", "#d63939"],
    }
    can_handover = role(request.user) in HANDOVER and zone_id is not None
    return render(
        request,
        "projects/portfolio.html",
        {
            "page": page,
            "counts": counts,
            "total": sum(counts.values()),
            "chosen": chosen,
            "query": "&".join(f"{k}={v}" for k, v in chosen.items()),
            "agents": agents,
            "areas": areas,
            "industries": industries,
            "colours": Colour.choices,
            "chart": chart,
            "can_handover": can_handover,
            "my_staff": _own_staff_id(request),
            "today": timezone.localdate(),
        },
    )


def _own_staff_id(request) -> int | None:
    """The staff record behind the user (an agent sees "my projects")."""
    profile = getattr(request.user, "profile", None)
    return getattr(profile, "staff_id", None)


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
        try:
            tracking = svc.handover_to_build(
                actor=request.user,
                project=form.cleaned_data["project"],
                agent=form.cleaned_data["agent"],
                project_type=form.cleaned_data["project_type"],
            )
        except DomainError as e:
            show_error(request, e, form)
        else:
            messages.success(request, _("已转入重点项目并建立时间表"))
            return redirect(tracking.get_absolute_url())
    return render(request, "projects/handover.html", {"form": form})


def _tracking(request, pk) -> KeyProject:
    if check_id(pk) is None:
        raise Http404
    return get_object_or_404(selectors.keyproject_list(user=request.user), project_id=pk)


@login_required
def project_detail(request, pk):
    """A project's timetable and timeline. An enterprise sees its public progress: status and milestones."""
    tracking = _tracking(request, pk)
    today = timezone.localdate()
    cal = get_calendar()
    milestones = list(selectors.milestones_of(user=request.user, project_id=pk))
    rows = [{"m": m, "late": lateness(m.planned_on, m.actual_on, today, cal.between)} for m in milestones]
    ctx = {
        "t": tracking,
        "project": tracking.project,
        "rows": rows,
        "today": today,
        "timeline": {  # public progress: an enterprise sees it too
            "names": [m.name for m in milestones],
            "planned": [m.planned_on.isoformat() for m in milestones],
            "actual": [m.actual_on.isoformat() if m.actual_on else None for m in milestones],
            "labels": {"planned": _("计划"), "actual": _("实际")},
        },
    }
    if not is_enterprise(request):
        plans = list(AnnualPlan.objects.filter(project_id=pk).order_by("year"))
        months = list(MonthlyInvestment.objects.filter(project_id=pk, year=today.year).order_by("month"))
        done = sum((m.completed_wan for m in months), start=0)
        plan = next((p for p in plans if p.year == today.year), None)
        ctx.update(
            {
                "plans": plans,
                "months": months,
                "plan": plan,
                "done": done,
                "expected": plan.planned_wan * (today.month - 1) / 12 if plan else None,
                "assignments": AgentAssignment.objects.filter(project_id=pk).select_related(
                    "agent", "agent__department"
                ),
                "visits": SiteVisit.objects.for_user(request.user)
                .filter(project_id=pk)
                .select_related("agent")
                .prefetch_related("photos")
                .order_by("-visited_on", "-id")[:10],
                "problems": selectors.problem_list(user=request.user).filter(project_id=pk)[:20],
                "open_problems": selectors.problem_list(user=request.user)
                .filter(project_id=pk, status=ProblemStatus.OPEN)
                .count(),
                "forms": {
                    "plan": forms.PlanForm(initial={"year": today.year}),
                    "month": forms.MonthForm(
                        initial={"year": today.year, "month": max(1, today.month - 1)}, auto_id="id_m_%s"
                    ),
                    "agent": forms.AgentForm(zone_id=tracking.zone_id, initial={"agent": tracking.agent_id}),
                    "cadence": forms.CadenceForm(
                        initial={"visit_cadence_workdays": tracking.visit_cadence_workdays}
                    ),
                },
            }
        )
    return render(request, "projects/project_detail.html", ctx)


PROJECT_ACTIONS = {
    "milestone": forms.MilestoneForm,
    "plan": forms.PlanForm,
    "month": forms.MonthForm,
    "agent": forms.AgentForm,
    "cadence": forms.CadenceForm,
}
DONE = {
    "milestone": _("节点已登记"),
    "plan": _("年度计划投资已保存"),
    "month": _("月度完成投资已保存"),
    "agent": _("代办专员已调整"),
    "cadence": _("走访周期已调整"),
}


@login_required
@require_POST
def project_action(request, pk, action):
    if action not in PROJECT_ACTIONS:
        raise Http404
    tracking = _tracking(request, pk)
    if is_enterprise(request):
        raise PermissionDenied
    form_class = PROJECT_ACTIONS[action]
    form = (
        form_class(request.POST, zone_id=tracking.zone_id)
        if form_class is forms.AgentForm
        else form_class(request.POST)
    )
    back = safe_back(request, tracking.get_absolute_url())
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back)
    d, actor, project = form.cleaned_data, request.user, tracking.project
    try:
        if action == "milestone":
            ms = get_object_or_404(selectors.milestones_of(user=actor, project_id=pk), pk=d["milestone"])
            svc.milestone_record(
                actor=actor,
                milestone=ms,
                actual_on=d["actual_on"],
                notes=d["notes"],
                expected_version=d["version"],
            )
        elif action == "plan":
            svc.investment_plan_set(
                actor=actor, project=project, year=d["year"], planned_wan=d["planned_wan"]
            )
        elif action == "month":
            svc.investment_month_record(
                actor=actor,
                project=project,
                year=d["year"],
                month=d["month"],
                completed_wan=d["completed_wan"],
            )
        elif action == "agent":
            svc.agent_assign(actor=actor, project=project, agent=d["agent"], note=d["note"])
        elif action == "cadence":
            svc.cadence_set(actor=actor, project=project, workdays=d["visit_cadence_workdays"])
    except DomainError as e:
        show_error(request, e)
    else:
        messages.success(request, DONE[action])
    return redirect(back)


@login_required
def agents(request):
    _staff_only(request)
    zone = zone_or_403(request)
    today = timezone.localdate()
    rows = selectors.workload(user=request.user, zone_id=zone.pk, on=today)
    unassigned = (
        narrow(selectors.keyproject_list(user=request.user), request).filter(agent__isnull=True).count()
    )
    return render(request, "projects/agents.html", {"rows": rows, "unassigned": unassigned, "today": today})


@login_required
def visit_list(request):
    _staff_only(request, SiteVisit)
    qs = narrow(selectors.visit_list(user=request.user), request)
    project = check_id(request.GET.get("project"))
    if project is not None:
        qs = qs.filter(project_id=project)
    page = Paginator(qs.order_by("-visited_on", "-id"), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    due = (
        narrow(selectors.keyproject_list(user=request.user), request)
        .filter(next_visit_due__lte=today + dt.timedelta(days=7))
        .order_by("next_visit_due")[:20]
    )
    return render(request, "projects/visit_list.html", {"page": page, "due": due, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request, pk):
    tracking = _tracking(request, pk)
    if is_enterprise(request) or not can(request.user, "create", SiteVisit):
        raise PermissionDenied
    form = forms.VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("photos")
        try:
            for f in files:
                if f.size > MAX_UPLOAD:
                    raise DomainError(
                        _("%(f)s 超过5MB") % {"f": f.name}, {"photos": [_("%(f)s 超过5MB") % {"f": f.name}]}
                    )
            visit = svc.visit_record(
                actor=request.user,
                project=tracking.project,
                photos=[(f.name, f.read()) for f in files],
                **form.cleaned_data,
            )
        except DomainError as e:
            show_error(request, e, form)
        else:
            messages.success(request, _("走访已登记"))
            if request.POST.get("then") == "problem":
                return redirect(f"{reverse('projects:problem_new')}?project={pk}&visit={visit.pk}")
            return redirect(tracking.get_absolute_url())
    return render(request, "projects/visit_form.html", {"form": form, "t": tracking})


@login_required
def visit_photo(request, pk):
    photo = get_object_or_404(VisitPhoto.objects.select_related("visit"), pk=pk)
    if (
        is_enterprise(request)
        or not SiteVisit.objects.for_user(request.user).filter(pk=photo.visit_id).exists()
    ):
        raise Http404
    return FileResponse(photo.image.open("rb"), filename=photo.original_name, content_type=photo.content_type)
