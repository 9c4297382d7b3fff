"""The enterprise file (everything the zone did for one enterprise) and its 一企一策: the plan and its
measures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import can, reach_of
from devzone.core.models import Enterprise
from devzone.core.web import post_and_return, row_post, scoped_or_404
from devzone.services import enterprise_file as files
from devzone.services import forms, selectors
from devzone.services.models import SupportMeasure, SupportPlan
from devzone.services.services import plans as plan_svc
from devzone.services.services.common import service_arguments


def _file_url(enterprise_id: int) -> str:
    return reverse("services:enterprise_file", args=[enterprise_id])


def _plan_forms(request, enterprise, plan):
    """The plan and measure forms, for zone staff who may write the plan (None otherwise)."""
    r = reach_of(request.user)
    may_edit = r.kind == "zone" and can(request.user, "change" if plan else "create", SupportPlan)
    if not may_edit:
        return None, None
    staff = selectors.staff_choices(enterprise.zone_id)
    initial = {"summary": plan.summary, "owner": plan.owner_id, "version": plan.version} if plan else {}
    plan_form = forms.PlanForm(initial=initial, staff=staff)
    measure_form = None
    if plan:
        departments = selectors.departments(user=request.user, zone_id=enterprise.zone_id)
        measure_form = forms.MeasureForm(staff=staff, departments=departments)
    return plan_form, measure_form


@login_required
def enterprise_file(request, pk):
    enterprise = scoped_or_404(
        Enterprise.objects.for_user(request.user).select_related("industry"), pk, user=request.user
    )
    data = files.enterprise_file(user=request.user, enterprise=enterprise)
    plan_form, measure_form = _plan_forms(request, enterprise, data["plan"])
    return render(
        request,
        "services/enterprise_file.html",
        {
            "enterprise": enterprise,
            **data,
            "may_edit": plan_form is not None,
            "role": reach_of(request.user).role,
            "plan_form": plan_form,
            "measure_form": measure_form,
            "status_form": forms.MeasureStatusForm(),
            "show_enterprise": True,
        },
    )


@row_post(Enterprise)
def plan_edit(request, enterprise):
    return post_and_return(
        request,
        forms.PlanForm(request.POST, staff=selectors.staff_choices(enterprise.zone_id)),
        lambda d: plan_svc.plan_save(actor=request.user, enterprise=enterprise, **service_arguments(d)),
        done=_("一企一策已保存"),
        back=_file_url(enterprise.pk),
    )


@row_post(Enterprise)
def measure_add(request, enterprise):
    back = _file_url(enterprise.pk)
    plan = selectors.support_plan_get(user=request.user, enterprise=enterprise)
    if plan is None:
        messages.error(request, _("请先制定一企一策"))
        return redirect(back)
    form = forms.MeasureForm(
        request.POST,
        staff=selectors.staff_choices(enterprise.zone_id),
        departments=selectors.departments(user=request.user, zone_id=enterprise.zone_id, active=False),
    )
    return post_and_return(
        request,
        form,
        lambda d: plan_svc.measure_add(actor=request.user, plan=plan, **service_arguments(d)),
        done=_("已新增帮扶措施"),
        back=back,
    )


@login_required
@require_POST
def measure_update(request, pk):
    measure = scoped_or_404(
        SupportMeasure.objects.for_user(request.user).select_related("plan"), pk, user=request.user
    )
    return post_and_return(
        request,
        forms.MeasureStatusForm(request.POST),
        lambda d: plan_svc.measure_update(actor=request.user, measure=measure, **service_arguments(d)),
        done=_("措施状态已更新"),
        back=_file_url(measure.plan.enterprise_id),
    )
