"""The lead ledger of 大招商 in Excel: export of the list in reach, the empty template, the import (all or
nothing, every problem listed by row on the file field)."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core import ledger
from devzone.core.access import reach_of, require_right
from devzone.core.forms import mark_invalid
from devzone.core.web import import_workbook
from devzone.core.zones import narrow
from devzone.investment import excel, filters, forms, selectors
from devzone.investment.models import Lead


@login_required
def lead_export(request):
    """The leads in reach as a ledger; with the list's query (its 导出Excel button sends it), the rows the list
    shows, by the same filters (view, search, team, stage, owner), on every page of it."""
    require_right(request.user, "view", Lead)
    qs = narrow(selectors.lead_list(user=request.user), request)
    data = request.GET.copy()
    data.pop("page", None)
    if data:
        qs = filters.LeadFilter(filters.listed_view(data), queryset=qs, request=request).qs
    return ledger.xlsx_response(
        f"leads_{timezone.localdate():%Y%m%d}.xlsx", excel.export_sheets(qs.order_by("team_id", "id"))
    )


@login_required
def lead_import_template(request):
    return ledger.download(excel.template(), "leads_template.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def lead_import(request):
    require_right(request.user, "create", Lead)
    r = reach_of(request.user)
    if r.kind != "zone":
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        load = partial(excel.import_leads, actor=request.user, zone_id=r.zone_id)
        if import_workbook(request, form, load, done=_("已导入%(n)s条线索")).ok:
            return redirect("investment:lead_list")
    mark_invalid(form)
    return render(request, "investment/lead_import.html", {"form": form, "columns": excel.header()})
