"""Pay: a round's pay sheet (page and Excel), one person's pay, the pay profiles (and their import), the
year's results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.models import Staff
from devzone.core.web import form_errors, page_of, refusals, scoped_or_404
from devzone.core.zones import active_zone, narrow
from devzone.performance import exports, filters, forms, reports, selectors
from devzone.performance import services as svc
from devzone.performance.choices import AdjustmentKind
from devzone.performance.models import Round
from devzone.performance.views.common import round_of, year_of, years, zone_of


def _pay_round(request, pk) -> Round:
    rnd = round_of(request, pk)
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    return rnd


@login_required
def pay_sheet(request, pk):
    rnd = _pay_round(request, pk)
    sheet = selectors.pay_sheet(rnd)
    chart = reports.pay_chart(sheet)
    return render(request, "performance/pay_sheet.html", {"round": rnd, "sheet": sheet, "chart": chart})


@login_required
def pay_export(request, pk):
    rnd = _pay_round(request, pk)
    sheet = selectors.pay_sheet(rnd)
    if not sheet.ready:
        messages.error(request, _("绩效工资尚不能导出：%(p)s") % {"p": "；".join(sheet.problems[:5])})
        return redirect("performance:pay_sheet", pk=rnd.pk)
    return exports.pay_workbook(sheet)


@login_required
def pay_person(request, pk, staff):
    """One person's pay line and its derivation: to pay readers, and to the person themselves once the sheet
    is complete. Before that the person reads "尚未确定": a line computed while colleagues are still being
    graded is not what will be paid, and the pool's total weight it divides by moves by each colleague's
    post × department × grade factor as they are graded — their grades, which the person may not read."""
    rnd = round_of(request, pk)
    s = scoped_or_404(Staff.objects, staff, user=request.user)
    own = getattr(request.user.profile, "staff_id", None) == s.pk
    reader = selectors.can_see_pay(request.user)
    if not (own or reader):
        raise PermissionDenied
    sheet = selectors.pay_sheet(rnd)
    row = next((x for x in sheet.rows if x.staff.pk == s.pk), None)
    if not reader and not sheet.ready:
        if row is None and not selectors.counted_in(rnd, s.pk):
            raise Http404(_("该人员本季度没有绩效工资记录"))
        return render(request, "performance/pay_person.html", {"round": rnd, "person": s, "pending": True})
    if row is None:
        raise Http404(_("该人员本季度没有绩效工资记录"))
    pool_weight = sum(x.line.weight for x in sheet.rows if x.pool_key == row.pool_key)
    ctx = {
        "round": rnd,
        "person": s,
        "row": row,
        "sheet": sheet,
        "pool": sheet.pools,
        "pool_weight": pool_weight,
        "months": selectors.MONTHS_PER_QUARTER,
        "adjustments": list(selectors.adjustments_of(rnd, s.pk)),
    }
    return render(request, "performance/pay_person.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def payprofile_list(request):
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        zone = active_zone(request)
        if zone is None:
            raise Http404
        if not form.is_valid():
            form_errors(request, form)
        else:
            with refusals(request) as outcome:
                n = svc.payprofile_import(
                    actor=request.user, zone=zone, data=form.cleaned_data["file"].read()
                )
            if outcome.ok:
                messages.success(request, _("已导入%(n)s条薪酬档案") % {"n": n})
                return redirect("performance:payprofile_list")
    qs = selectors.pay_staff(user=request.user)
    rr = reach_of(request.user)
    flt = filters.PayStaffFilter(request.GET, queryset=narrow(qs, request), request=request)
    ctx = {
        "page": page_of(request, flt.qs),
        "filter": flt,
        "form": form,
        "may_edit": rr.role in svc.PAY_EDITORS,
        # 回避: one's own standard pay is set by someone else (no field on one's own row)
        "own_staff_id": rr.staff_id,
    }
    return render(request, "performance/payprofile_list.html", ctx)


@login_required
@require_POST
def payprofile_edit(request, staff):
    s = scoped_or_404(Staff.objects, staff, user=request.user)
    with refusals(request) as outcome:
        svc.payprofile_set(actor=request.user, staff=s, monthly_yuan=request.POST.get("monthly_yuan", ""))
    if outcome.ok:
        messages.success(request, _("已保存%(n)s的标准月薪") % {"n": s.name})
    return redirect("performance:payprofile_list")


@login_required
def annual(request):
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    zone = zone_of(request)
    year = year_of(request)
    rows = selectors.annual_results(zone, year)
    if request.GET.get("format") == "xlsx":
        return exports.annual_workbook(zone, year, rows)
    ctx = {
        "rows": rows,
        "year": year,
        "years": years(),
        "quarters_in": sorted({q for x in rows for q in x.quarters}),
        "streak": max(selectors.annual_streak(zone, year), 1),
    }
    return render(request, "performance/annual.html", ctx)


@login_required
def adjustment_list(request, pk):
    """补发/扣回 of a round: the closing (结算), the list and, for the tally staff, the form."""
    rnd = _pay_round(request, pk)
    rows = list(selectors.adjustments(user=request.user, round=rnd))
    staff = []
    if rnd.is_pay_closed:
        staff = [g.staff for g in rnd.grades.select_related("staff").order_by("staff__employee_no")]
    ctx = {
        "round": rnd,
        "rows": rows,
        "staff": staff,
        "may_edit": reach_of(request.user).role == Role.TALLY_STAFF,
        "net_fen": sum(a.signed_fen for a in rows),
        "kinds": AdjustmentKind.choices,
    }
    return render(request, "performance/adjustments.html", ctx)


@login_required
def adjustment_export(request, pk):
    rnd = _pay_round(request, pk)
    return exports.adjustments_workbook(rnd, list(selectors.adjustments(user=request.user, round=rnd)))
