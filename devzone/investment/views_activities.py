"""Activity pages of 大招商: the month calendar, logging an activity, an activity with the leads met."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import require_right
from devzone.core.forms import mark_invalid
from devzone.core.schemas import EARLIEST
from devzone.core.web import refusals, scoped_or_404
from devzone.investment import forms, selectors
from devzone.investment import services as svc
from devzone.investment.models import Activity, Lead
from devzone.investment.views_common import may_create, work_zone, zone_id


def _month(request, today: dt.date) -> dt.date:
    """The month asked for (``?month=2026-11``), this month when none or nonsense: a calendar of year 1 or
    9999 has no neighbour."""
    try:
        month = dt.date.fromisoformat((request.GET.get("month") or "") + "-01")
    except ValueError:
        return today.replace(day=1)
    return month if EARLIEST.year <= month.year <= 2100 else today.replace(day=1)


@login_required
def activity_list(request):
    """The calendar: a month grid of visits, stationed days and fairs (plain links, no script)."""
    require_right(request.user, "view", Activity)
    today = timezone.localdate()
    month = _month(request, today)
    weeks = selectors.month_grid(
        user=request.user, year=month.year, month=month.month, zone_id=zone_id(request)
    )
    return render(
        request,
        "investment/activity_calendar.html",
        {
            "weeks": weeks,
            "month": month,
            "prev": (month - dt.timedelta(days=1)).replace(day=1),
            "next": (month + dt.timedelta(days=32)).replace(day=1),
            "today": today,
            "can_create": may_create(request, Activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    require_right(request.user, "create", Activity)
    form = forms.ActivityForm(
        request.POST or None,
        user=request.user,
        zone_id=work_zone(request),
        initial={"on": request.GET.get("on") or timezone.localdate(), "kind": request.GET.get("kind", "")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusals(request, form) as outcome:
            activity = svc.activity_create(actor=request.user, leads=list(d.pop("leads")), **d)
        if outcome.ok:
            messages.success(request, _("已登记活动"))
            return redirect(activity.get_absolute_url())
    mark_invalid(form)
    return render(request, "investment/activity_form.html", {"form": form})


@login_required
def activity_detail(request, pk):
    activity = scoped_or_404(
        Activity.objects.for_user(request.user).select_related("team"), pk, user=request.user
    )
    leads = activity.leads.filter(pk__in=selectors.lead_list(user=request.user).values("pk")).select_related(
        "team"
    )
    return render(
        request,
        "investment/activity_detail.html",
        {"activity": activity, "leads": leads, "can_create": may_create(request, Lead)},
    )
