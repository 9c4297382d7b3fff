"""The zone's service settings and the routing table of requests (a leader changes them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.web import form_errors, refusals
from devzone.services import forms, selectors
from devzone.services.choices import RequestCategory
from devzone.services.models import RoutingRule, ServiceSettings
from devzone.services.services import plans as plan_svc
from devzone.services.services.common import service_arguments
from devzone.services.views.common import zone_or_403


def _save(request, form, departments):
    """Save the posted form (routing rule or settings); True when saved."""
    form = form(request.POST, departments=departments)
    if not form.is_valid():
        form_errors(request, form)
        return form, False
    d = form.cleaned_data
    with refusals(request) as outcome:
        if isinstance(form, forms.RoutingForm):
            plan_svc.routing_set(actor=request.user, **service_arguments(d))
        else:
            plan_svc.settings_set(actor=request.user, values=d)
    return form, outcome.ok


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    r = reach_of(request.user)
    if r.kind not in ("zone", "city") or not can(request.user, "view", ServiceSettings):  # the city reads
        raise PermissionDenied
    zone = zone_or_403(request)
    conf = selectors.settings_for(zone)
    departments = list(selectors.departments(user=request.user, zone_id=zone.pk))
    leader = r.role == Role.ZONE_LEADER
    settings_form = forms.SettingsForm(initial=selectors.settings_values(conf), departments=departments)
    routing_form = forms.RoutingForm(departments=departments)
    if request.method == "POST":
        if not leader:
            raise PermissionDenied
        routing = request.POST.get("form") == "routing"
        form, saved = _save(request, forms.RoutingForm if routing else forms.SettingsForm, departments)
        if saved:
            messages.success(request, _("分派规则已保存") if routing else _("设置已保存"))
            return redirect("services:settings")
        if routing:
            routing_form = form
        else:
            settings_form = form
    rules = {
        rule.category: rule
        for rule in RoutingRule.objects.for_user(request.user).filter(zone=zone).select_related("department")
    }
    return render(
        request,
        "services/settings.html",
        {
            "conf": conf,
            "settings_form": settings_form,
            "routing_form": routing_form,
            "rules": [(value, label, rules.get(value)) for value, label in RequestCategory.choices],
            "leader": leader,
        },
    )
