"""Pages of the problem list (问题清单): list with filters, raise (from a visit, by an officer, by the
enterprise), detail with progress notes and resolution, solved counts by category and period."""

from __future__ import annotations

import datetime as dt

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, require_right
from devzone.core.forms import style
from devzone.core.models import Project
from devzone.core.web import page_of, refusals, scoped_or_404
from devzone.core.zones import active_zone, narrow
from devzone.projects import filters, forms, selectors
from devzone.projects import services as svc
from devzone.projects.actions import PROBLEM_ACTIONS
from devzone.projects.models import KeyProject, Problem, SiteVisit
from devzone.projects.services.common import day
from devzone.projects.views_common import is_enterprise, zone_or_403


@login_required
def problem_list(request):
    require_right(request.user, "view", Problem)
    found = filters.ProblemFilter(
        request.GET, queryset=narrow(selectors.problem_list(user=request.user), request), request=request
    )
    style(found.form)
    enterprise = is_enterprise(request)
    if enterprise:
        del found.form.fields["owner"]
    return render(
        request,
        "projects/problem_list.html",
        {
            "page": page_of(request, found.qs.order_by("status", "due_on", "-id")),
            "filter": found,
            "today": timezone.localdate(),
            "enterprise": enterprise,
        },
    )


class _Prefill(django_forms.Form):
    """What a link to the form may fill in: the project (and the visit it comes from)."""

    project = django_forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    visit = django_forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


def _initial(request, zone, enterprise) -> dict:
    given = _Prefill(request.GET)
    chosen = given.cleaned_data if given.is_valid() else {}
    initial = {k: v for k, v in chosen.items() if v}
    if initial.get("project") and not enterprise:
        agent = (
            KeyProject.objects.for_user(request.user)
            .filter(project_id=initial["project"], zone=zone)
            .values_list("agent_id", flat=True)
            .first()
        )
        if agent:
            initial["owner"] = agent
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def problem_new(request):
    require_right(request.user, "create", Problem)
    zone = zone_or_403(request)
    enterprise = is_enterprise(request)
    projects = (
        Project.objects.for_user(request.user).filter(zone=zone, tracking__isnull=False).order_by("name")
    )
    form = forms.ProblemForm(
        request.POST or None,
        projects=projects,
        zone_id=zone.pk,
        enterprise=enterprise,
        initial=_initial(request, zone, enterprise),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        visit_id = data.pop("visit", None)
        visit = None
        if visit_id and not enterprise:
            visit = scoped_or_404(SiteVisit.objects, visit_id, user=request.user)
        with refusals(request, form) as outcome:
            problem = svc.problem_raise(actor=request.user, visit=visit, **data)
        if outcome.ok:
            messages.success(request, _("问题已登记，责任人将收到通知"))
            given = data.get("due_on")
            if given is not None and problem.due_on != given:  # a rest day: moved on to the next working day
                messages.info(
                    request,
                    _("%(given)s不是工作日，办结期限已顺延至%(day)s")
                    % {"given": day(given), "day": day(problem.due_on)},
                )
            return redirect(problem.get_absolute_url())
    return render(request, "projects/problem_form.html", {"form": form, "enterprise": enterprise})


@login_required
def problem_detail(request, pk):
    problem = scoped_or_404(
        Problem.objects.for_user(request.user).select_related(
            "project", "department", "owner", "visit", "clock"
        ),
        pk,
        user=request.user,
    )
    enterprise = is_enterprise(request)
    v = {"version": problem.version}
    # the note and resolve forms only for those who may work on it (the responsible person, their head, the
    # agent, a leader): others read it (the service would refuse them)
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
            "may_work": not enterprise and svc.may_work_on(request.user, problem),
        },
    )


@login_required
@require_POST
def problem_action(request, pk, action):
    PROBLEM_ACTIONS[action]  # an unknown action is 404
    problem = scoped_or_404(Problem.objects, pk, user=request.user)
    if is_enterprise(request):
        raise PermissionDenied
    return PROBLEM_ACTIONS.perform(request, action, problem, redirect_to=problem.get_absolute_url())


class PeriodForm(django_forms.Form):
    """The period asked for; by default the last half year up to today (a reversed period is turned round)."""

    start = django_forms.DateField(required=False)
    end = django_forms.DateField(required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        self.is_valid()  # a date that is not one is left out: its default applies
        data = self.cleaned_data
        start = data.get("start") or today - dt.timedelta(days=182)
        end = data.get("end") or today
        return (end, start) if end < start else (start, end)


@login_required
def problem_stats(request):
    if is_enterprise(request) or not can(request.user, "view", Problem):
        raise PermissionDenied
    start, end = PeriodForm(request.GET).period()
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
