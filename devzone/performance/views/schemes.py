"""Scheme versions (list, one version, a new version) and the year's report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import can, require_right
from devzone.core.models import Department
from devzone.core.web import page_of, refusals, scoped_or_404
from devzone.core.zones import narrow
from devzone.performance import exports, forms, reports, selectors
from devzone.performance import services as svc
from devzone.performance.models import Round, Scheme
from devzone.performance.views.common import year_of, years, zone_of


@login_required
def scheme_list(request):
    require_right(request.user, "view", Scheme)
    schemes = narrow(selectors.scheme_list(user=request.user), request)
    return render(
        request,
        "performance/scheme_list.html",
        {"page": page_of(request, schemes), "may_edit": can(request.user, "create", Scheme)},
    )


@login_required
def scheme_detail(request, pk):
    scheme = scoped_or_404(selectors.scheme_list(user=request.user), pk, user=request.user)
    return render(
        request, "performance/scheme_detail.html", {"scheme": scheme, "view": forms.scheme_view(scheme)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_new(request):
    require_right(request.user, "create", Scheme)
    zone = zone_of(request)
    base = svc.current_scheme(zone) or Scheme(zone=zone)
    form = forms.SchemeForm(request.POST or None, initial=forms.SchemeForm.initial_from(base))
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            scheme = svc.scheme_create(actor=request.user, zone=zone, **form.scheme_fields())
        if outcome.ok:
            messages.success(request, _("已保存为第%(v)s版") % {"v": scheme.version})
            return redirect(scheme.get_absolute_url())
    return render(request, "performance/scheme_form.html", {"form": form, "base": base})


@login_required
def report(request):
    require_right(request.user, "view", Round)
    zone = zone_of(request)
    year = year_of(request)
    data = reports.build(zone, year, request.user)
    if request.GET.get("format") == "xlsx":
        return exports.report_workbook(zone, year, data)
    ctx = {"data": data, "year": year, "years": years(), "department_model": Department}
    return render(request, "performance/report.html", ctx)
