"""Pages of the weekly dispatch (周调度: list, generate now, one issue, its Word document) and the leader's
settings (the zone's timetable template and status rules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can
from devzone.core.ledger import DOCX, download
from devzone.core.web import page_of, post_and_return, refusals, scoped_or_404
from devzone.core.zones import narrow
from devzone.projects import forms, selectors
from devzone.projects import services as svc
from devzone.projects.choices import ProjectType
from devzone.projects.dispatch import shown_content
from devzone.projects.models import ProjectRules, TemplateStep, WeeklyDispatch
from devzone.projects.services.common import LEADERS, rules_for
from devzone.projects.services.dispatching import (
    ISSUERS,
    dispatch_document,
    dispatch_filename,
    dispatch_issue,
    scheduled_at,
)
from devzone.projects.views_common import role, staff_only, zone_or_403


@login_required
def dispatch_list(request):
    staff_only(request, WeeklyDispatch)
    qs = narrow(selectors.dispatch_list(user=request.user), request).select_related(
        "issued_by", "issued_by__profile"
    )
    zone = zone_or_403(request)
    today = timezone.localdate()
    next_at = scheduled_at(zone.pk, today)
    if next_at <= timezone.now():  # this week's meeting has passed: the next one
        next_at = scheduled_at(zone.pk, today + dt.timedelta(days=7))
    return render(
        request,
        "projects/dispatch_list.html",
        {"page": page_of(request, qs), "can_issue": role(request.user) in ISSUERS, "next_at": next_at},
    )


@login_required
@require_POST
def dispatch_generate(request):
    staff_only(request, WeeklyDispatch)
    zone = zone_or_403(request)
    with refusals(request) as outcome:
        d = dispatch_issue(actor=request.user, zone=zone)
    if not outcome.ok:
        return redirect("projects:dispatch_list")
    messages.success(request, _("周调度已生成"))
    return redirect(d.get_absolute_url())


@login_required
def dispatch_detail(request, pk):
    staff_only(request, WeeklyDispatch)
    d = scoped_or_404(
        WeeklyDispatch.objects.for_user(request.user)
        .defer("docx")
        .select_related("issued_by", "issued_by__profile"),
        pk,
        user=request.user,
    )
    # the issue's stored words written in the reader's language (projects.dispatch)
    return render(request, "projects/dispatch_detail.html", {"d": d, "c": shown_content(d.content)})


@login_required
def dispatch_download(request, pk):
    staff_only(request, WeeklyDispatch)
    d = scoped_or_404(WeeklyDispatch.objects, pk, user=request.user)
    return download(dispatch_document(d), dispatch_filename(d), DOCX)


class TypeForm(django_forms.Form):
    type = django_forms.ChoiceField(choices=ProjectType.choices, required=False)

    def project_type(self) -> str:
        return (self.cleaned_data.get("type") if self.is_valid() else "") or ProjectType.INDUSTRIAL


def _save_rules(request, zone, rules):
    """The rules form posted: saved (redirect) or the form with its errors (to render)."""
    form = forms.RulesForm(
        request.POST, instance=ProjectRules.objects.for_user(request.user).get(pk=rules.pk)
    )
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with refusals(request, form) as outcome:
            svc.rules_update(
                actor=request.user, zone_id=zone.pk, data=data, expected_version=form.cleaned_data["version"]
            )
        if outcome.ok:
            messages.success(request, _("规则已保存"))
            return redirect("projects:settings")
    return form


def _save_step(request, project_type):
    def save(d):
        step = scoped_or_404(TemplateStep.objects, d["step"], user=request.user, action="change")
        svc.template_step_update(
            actor=request.user,
            step=step,
            name=d["name"],
            offset_workdays=d["offset_workdays"],
            approval_item_code=d["approval_item_code"],
        )

    return post_and_return(
        request,
        forms.StepForm(request.POST),
        save,
        done=_("节点已保存（新转入的项目按新模板排期）"),
        back=f"{reverse('projects:settings')}?type={project_type}",
    )


def _readonly(rules) -> list[tuple]:
    out = []
    for name in forms.RulesForm.Meta.fields:
        field = ProjectRules._meta.get_field(name)
        value = getattr(rules, f"get_{name}_display")() if field.choices else getattr(rules, name)
        if isinstance(value, Decimal):
            value = f"{value.normalize():f}"
        out.append((field.verbose_name, value))
    return out


def _step_forms(template) -> list[tuple]:
    fields = ("name", "offset_workdays", "approval_item_code")
    return [
        (
            s,
            forms.StepForm(
                initial={"step": s.pk, **{f: getattr(s, f) for f in fields}}, auto_id=f"id_{s.pk}_%s"
            ),
        )
        for s in template.steps.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """The leader's settings: status rules, visit cadence, problem deadline, dispatch time, the template."""
    staff_only(request, ProjectRules)
    zone = zone_or_403(request)
    rules = rules_for(zone.pk)
    editable = role(request.user) in LEADERS and can(request.user, "change", ProjectRules)
    project_type = TypeForm(request.GET).project_type()
    rules_form = forms.RulesForm(instance=rules, initial={"version": rules.version})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        what = request.POST.get("what")
        if what == "step":
            return _save_step(request, project_type)
        if what == "rules":
            rules_form = _save_rules(request, zone, rules)
            if not isinstance(rules_form, forms.RulesForm):
                return rules_form
    template = svc.ensure_template(zone.pk, project_type)
    return render(
        request,
        "projects/settings.html",
        {
            "readonly": _readonly(rules),
            "rules_form": rules_form,
            "steps": _step_forms(template),
            "template": template,
            "editable": editable,
            "types": ProjectType.choices,
            "project_type": project_type,
        },
    )
