"""员额 and 特岗特薪 pages: the reserved share of each zone's quota with the hires against it, the special pay
agreements, and the forms to record a hire and draft or decide an agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.access import can, reach_of, require_right
from devzone.core.models import Staff, Zone
from devzone.core.web import form_errors, refusals, row_post
from devzone.core.zones import active_zone, narrow
from devzone.personnel import forms, selectors
from devzone.personnel.models import Hire, QuotaReserve, Registration, SpecialPay
from devzone.personnel.services import budget as svc
from devzone.personnel.views import decide, zone_post


@login_required
def budget(request):
    require_right(request.user, "view", SpecialPay)
    year = timezone.localdate().year
    zones = list(narrow(Zone.objects.for_user(request.user).filter(merged_into__isnull=True), request, "pk"))
    may_write = can(request.user, "create", SpecialPay) and active_zone(request) is not None
    return render(
        request,
        "personnel/budget.html",
        {
            "year": year,
            "rows": selectors.quota_report(zones, year),
            "pays": narrow(
                SpecialPay.objects.for_user(request.user).select_related("staff", "zone"), request
            ),
            "hires": narrow(Hire.objects.for_user(request.user).select_related("staff", "zone"), request)[
                :50
            ],
            "pay_form": forms.SpecialPayForm(prefix="pay") if may_write else None,
            "hire_form": forms.HireForm(prefix="hire") if may_write else None,
            "may_decide": can(request.user, "change", SpecialPay)
            and reach_of(request.user).role in svc.DECIDERS,
            "my_staff_id": reach_of(request.user).staff_id,  # 回避: one's own agreement is decided by another
            "reserve_form": _reserve_form(request, year),
        },
    )


def _reserve_form(request, year: int):
    """员额比例 of the year for the zone's leader (the service's roles, with the right), at the current share."""
    zone = active_zone(request)
    if not (
        zone is not None
        and can(request.user, "change", QuotaReserve)
        and reach_of(request.user).role in svc.DECIDERS
    ):
        return None
    row = QuotaReserve.objects.for_user(request.user).filter(zone=zone, year=year).first()
    percent = row.reserved_percent if row else QuotaReserve._meta.get_field("reserved_percent").default
    return forms.ReserveForm(prefix="reserve", initial={"year": year, "percent": percent})


def _staff(request, zone, number):
    staff = Staff.objects.for_user(request.user).filter(zone=zone, employee_no=(number or "").strip()).first()
    if staff is None:
        messages.error(request, _("本开发区没有工号为%(n)s的工作人员") % {"n": number})
    return staff


@zone_post
def budget_action(request, zone, action):
    if action == "pay":
        form = forms.SpecialPayForm(request.POST, prefix="pay")
        if form.is_valid() and (staff := _staff(request, zone, form.cleaned_data["employee_no"])):
            data = {k: v for k, v in form.cleaned_data.items() if k != "employee_no"}
            with refusals(request) as outcome:
                svc.special_pay_draft(actor=request.user, zone=zone, staff=staff, **data)
            if outcome.ok:
                messages.success(request, _("已拟订特岗特薪，待管委会主任审批"))
    elif action == "hire":
        form = forms.HireForm(request.POST, prefix="hire")
        if form.is_valid() and (staff := _staff(request, zone, form.cleaned_data["employee_no"])):
            reg = (
                Registration.objects.for_user(request.user)
                .filter(pk=form.cleaned_data["registration"])
                .first()
            )
            with refusals(request) as outcome:
                svc.hire_record(
                    actor=request.user,
                    zone=zone,
                    staff=staff,
                    channel=form.cleaned_data["channel"],
                    hired_on=form.cleaned_data["hired_on"],
                    registration=reg,
                    agency=form.cleaned_data["agency"],
                )
            if outcome.ok:
                messages.success(request, _("已登记"))
    elif action == "reserve":
        form = forms.ReserveForm(request.POST, prefix="reserve")
        if not form.is_valid():
            form_errors(request, form)
            return redirect("personnel:budget")
        with refusals(request) as outcome:
            row = svc.reserve_set(actor=request.user, zone=zone, **form.cleaned_data)
        if outcome.ok:
            messages.success(
                request,
                _("已设置%(y)d年市场化选聘员额比例：%(p)s%%")
                % {"y": row.year, "p": floatformat(row.reserved_percent, -1)},
            )
    else:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
    return redirect("personnel:budget")


@row_post(SpecialPay, "change")
def special_pay_decide(request, pay):
    return decide(
        request,
        svc.special_pay_decide,
        pay=pay,
        fields=("move", "note", "decision_ref"),
        done=_("已保存审批意见"),
        back="personnel:budget",
    )
