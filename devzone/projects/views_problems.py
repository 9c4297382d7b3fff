"""Pages of the problem list (问题清单): list with filters, raise (from a visit, by an officer, by the
enterprise), detail with progress notes and resolution, solved counts by category and period."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can
from devzone.core.errors import DomainError, check_id
from devzone.core.models import Project, Staff
from devzone.core.zones import active_zone, narrow
from devzone.projects import forms, selectors
from devzone.projects import services as svc
from devzone.projects.choices import ProblemCategory, ProblemStatus
from devzone.projects.models import KeyProject, Problem, SiteVisit
from devzone.projects.views_common import form_errors, is_enterprise, show_error


@login_required
def problem_list(request):
    if not can(request.user, "view", Problem):
        raise PermissionDenied
    today = timezone.localdate()
    qs, chosen = selectors.filter_problems(
        narrow(selectors.problem_list(user=request.user), request), request.GET, today
    )
    page = Paginator(qs.order_by("status", "due_on", "-id"), 25).get_page(request.GET.get("page"))
    zone = active_zone(request)
    owners = (
        Staff.objects.filter(zone=zone, pk__in=Problem.objects.filter(zone=zone).values("owner_id")).order_by(
            "name"
        )
        if zone and not is_enterprise(request)
        else Staff.objects.none()
    )
    return render(
        request,
        "projects/problem_list.html",
        {
            "page": page,
            "chosen": chosen,
            "query": "&".join(f"{k}={v}" for k, v in chosen.items()),
            "categories": ProblemCategory.choices,
            "statuses": [*ProblemStatus.choices, ("overdue", _("已超期"))],
            "owners": owners,
            "today": today,
            "enterprise": is_enterprise(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_new(request):
    if not can(request.user, "create", Problem):
        raise PermissionDenied
    zone = active_zone(request)
    if zone is None:
        raise PermissionDenied
    enterprise = is_enterprise(request)
    projects = (
        Project.objects.for_user(request.user).filter(zone=zone, tracking__isnull=False).order_by("name")
    )
    initial = {"project": request.GET.get("project"), "visit": request.GET.get("visit")}
    project_id = check_id(request.GET.get("project"))
    if project_id is not None and not enterprise:
        agent = (
            KeyProject.objects.filter(project_id=project_id, zone=zone)
            .values_list("agent_id", flat=True)
            .first()
        )
        if agent:
            initial["owner"] = agent
    form = forms.ProblemForm(
        request.POST or None, projects=projects, zone_id=zone.pk, enterprise=enterprise, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        visit_id = d.pop("visit", None)
        visit = None
        if visit_id and not enterprise:
            visit = SiteVisit.objects.for_user(request.user).filter(pk=visit_id).first()
            if visit is None:
                raise Http404
        try:
            problem = svc.problem_raise(actor=request.user, visit=visit, **d)
        except DomainError as e:
            show_error(request, e, form)
        else:
            messages.success(request, _("问题已登记，责任人将收到通知"))
            return redirect(problem.get_absolute_url())
    return render(request, "projects/problem_form.html", {"form": form, "enterprise": enterprise})


@login_required
def problem_detail(request, pk):
    problem = get_object_or_404(
        selectors.problem_list(user=request.user).select_related("visit", "clock"), pk=pk
    )
    enterprise = is_enterprise(request)
    v = {"version": problem.version}
    return render(
        request,
        "projects/problem_detail.html",
        {
            "p": problem,
            "notes": [] if enterprise else problem.notes.all(),
            "enterprise": enterprise,
            "today": timezone.localdate(),
            "note_form": forms.NoteForm(initial=v),
            "resolve_form": forms.ResolveForm(initial=v),
        },
    )


@login_required
@require_POST
def problem_action(request, pk, action):
    forms_by_action = {"note": forms.NoteForm, "resolve": forms.ResolveForm}
    if action not in forms_by_action:
        raise Http404
    problem = get_object_or_404(Problem.objects.for_user(request.user), pk=pk)
    if is_enterprise(request):
        raise PermissionDenied
    form = forms_by_action[action](request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(problem.get_absolute_url())
    d = form.cleaned_data
    try:
        if action == "note":
            svc.problem_note_add(
                actor=request.user, problem=problem, text=d["text"], expected_version=d["version"]
            )
            messages.success(request, _("进展已记录"))
        else:
            svc.problem_resolve(
                actor=request.user, problem=problem, resolution=d["resolution"], expected_version=d["version"]
            )
            messages.success(request, _("问题已解决"))
    except DomainError as e:
        show_error(request, e)
    return redirect(problem.get_absolute_url())


def period(request) -> tuple[dt.date, dt.date]:
    """The period asked for (start, end); by default the last half year up to today."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today - dt.timedelta(days=182)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return (end, start) if end < start else (start, end)


@login_required
def problem_stats(request):
    if is_enterprise(request) or not can(request.user, "view", Problem):
        raise PermissionDenied
    start, end = period(request)
    zone = active_zone(request)
    stats = selectors.problem_stats(
        user=request.user, zone_id=zone.pk if zone else None, start=start, end=end
    )
    chart = {
        "labels": [c["label"] for c in stats["categories"]],
        "solved": [c["solved"] for c in stats["categories"]],
        "open": [c["open"] for c in stats["categories"]],
        "names": {"solved": _("已解决"), "open": _("未解决")},
    }
    return render(
        request, "projects/problem_stats.html", {"stats": stats, "chart": chart, "start": start, "end": end}
    )
