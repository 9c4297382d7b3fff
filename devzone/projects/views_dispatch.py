"""Pages of the weekly dispatch (周调度: list, generate now, one issue, its Word document) and the leader's
settings (the zone's timetable template and status rules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can
from devzone.core.errors import DomainError
from devzone.core.zones import narrow
from devzone.projects import forms, selectors
from devzone.projects import services as svc
from devzone.projects.choices import ProjectType
from devzone.projects.models import MilestoneTemplate, ProjectRules, TemplateStep, WeeklyDispatch
from devzone.projects.services.common import LEADERS, rules_for
from devzone.projects.services.dispatching import ISSUERS, dispatch_issue, scheduled_at
from devzone.projects.views_common import form_errors, is_enterprise, role, show_error, zone_or_403

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _staff(request):
    if is_enterprise(request) or not can(request.user, "view", WeeklyDispatch):
        raise PermissionDenied


@login_required
def dispatch_list(request):
    _staff(request)
    qs = narrow(selectors.dispatch_list(user=request.user), request).select_related(
        "issued_by", "issued_by__profile"
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    zone = zone_or_403(request)
    from django.utils import timezone

    today = timezone.localdate()
    next_at = scheduled_at(zone.pk, today)
    if next_at <= timezone.now():  # this week's meeting has passed: the next one
        next_at = scheduled_at(zone.pk, today + dt.timedelta(days=7))
    return render(
        request,
        "projects/dispatch_list.html",
        {
            "page": page,
            "can_issue": role(request.user) in ISSUERS,
            "next_at": next_at,
        },
    )


@login_required
@require_POST
def dispatch_generate(request):
    _staff(request)
    zone = zone_or_403(request)
    try:
        d = dispatch_issue(actor=request.user, zone=zone)
    except DomainError as e:
        show_error(request, e)
        return redirect("projects:dispatch_list")
    messages.success(request, _("周调度已生成"))
    return redirect(d.get_absolute_url())


@login_required
def dispatch_detail(request, pk):
    _staff(request)
    d = get_object_or_404(
        WeeklyDispatch.objects.for_user(request.user)
        .defer("docx")
        .select_related("issued_by", "issued_by__profile"),
        pk=pk,
    )
    return render(request, "projects/dispatch_detail.html", {"d": d, "c": d.content})


@login_required
def dispatch_download(request, pk):
    _staff(request)
    d = get_object_or_404(WeeklyDispatch.objects.for_user(request.user), pk=pk)
    resp = HttpResponse(bytes(d.docx), content_type=DOCX)
    name = f"周调度_{d.week_start:%Y%m%d}_{d.number}.docx"
    from urllib.parse import quote

    resp["Content-Disposition"] = (
        f"attachment; filename=\"dispatch-{d.week_start:%Y%m%d}-{d.number}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    return resp


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The leader's settings: status rules, visit cadence, problem deadline, dispatch time, the template."""
    if is_enterprise(request) or not can(request.user, "view", ProjectRules):
        raise PermissionDenied
    zone = zone_or_403(request)
    rules = rules_for(zone.pk)
    editable = role(request.user) in LEADERS and can(request.user, "change", ProjectRules)
    project_type = request.GET.get("type")
    if project_type not in ProjectType.values:
        project_type = ProjectType.INDUSTRIAL
    template = svc.ensure_template(zone.pk, project_type)
    rules_form = forms.RulesForm(instance=rules, initial={"version": rules.version})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if request.POST.get("what") == "rules":
            rules_form = forms.RulesForm(request.POST, instance=ProjectRules.objects.get(pk=rules.pk))
            if rules_form.is_valid():
                data = {k: v for k, v in rules_form.cleaned_data.items() if k != "version"}
                try:
                    svc.rules_update(
                        actor=request.user,
                        zone_id=zone.pk,
                        data=data,
                        expected_version=rules_form.cleaned_data["version"],
                    )
                except DomainError as e:
                    show_error(request, e, rules_form)
                else:
                    messages.success(request, _("规则已保存"))
                    return redirect("projects:settings")
        elif request.POST.get("what") == "step":
            form = forms.StepForm(request.POST)
            if form.is_valid():
                step = get_object_or_404(
                    TemplateStep.objects.filter(
                        template__in=MilestoneTemplate.objects.for_user(request.user, "change")
                    ),
                    pk=form.cleaned_data["step"],
                )
                try:
                    svc.template_step_update(
                        actor=request.user,
                        step=step,
                        name=form.cleaned_data["name"],
                        offset_workdays=form.cleaned_data["offset_workdays"],
                        approval_item_code=form.cleaned_data["approval_item_code"],
                    )
                except DomainError as e:
                    show_error(request, e)
                else:
                    messages.success(request, _("节点已保存（新转入的项目按新模板排期）"))
            else:
                form_errors(request, form)
            return redirect(f"{reverse('projects:settings')}?type={project_type}")
    steps = [
        (
            s,
            forms.StepForm(
                initial={
                    "step": s.pk,
                    "name": s.name,
                    "offset_workdays": s.offset_workdays,
                    "approval_item_code": s.approval_item_code,
                },
                auto_id=f"id_{s.pk}_%s",
            ),
        )
        for s in template.steps.all()
    ]
    readonly = []
    for name in forms.RulesForm.Meta.fields:
        field = ProjectRules._meta.get_field(name)
        value = getattr(rules, f"get_{name}_display")() if field.choices else getattr(rules, name)
        if isinstance(value, Decimal):
            value = f"{value.normalize():f}"
        readonly.append((field.verbose_name, value))
    return render(
        request,
        "projects/settings.html",
        {
            "readonly": readonly,
            "rules_form": rules_form,
            "steps": steps,
            "template": template,
            "editable": editable,
            "types": ProjectType.choices,
            "project_type": project_type,
        },
    )
