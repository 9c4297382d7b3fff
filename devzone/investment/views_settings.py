"""The zone's rules of 大招商 (follow-up, counting, leaderboard weights) and its leading industries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import require_right
from devzone.core.forms import mark_invalid
from devzone.core.models import Zone
from devzone.core.web import post_and_return, refusals, scoped_or_404
from devzone.investment import forms
from devzone.investment import services as svc
from devzone.investment.models import InvestmentSettings
from devzone.investment.views_stats import _zone_or_own


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    require_right(request.user, "view", InvestmentSettings)
    zone = _zone_or_own(request)
    row = svc.settings_for(zone.pk)
    can_change = InvestmentSettings.objects.for_user(request.user, "change").filter(pk=row.pk).exists()
    form = forms.SettingsForm(request.POST or None, instance=row, user=request.user, readonly=not can_change)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            with refusals(request, form) as outcome:
                svc.settings_save(actor=request.user, row=form.save(commit=False))
            if outcome.ok:
                messages.success(request, _("已保存"))
                return redirect("investment:settings")
    mark_invalid(form)
    return render(
        request,
        "investment/settings.html",
        {
            "zone": zone,
            "form": form,
            "can_change": can_change,
            "industries_form": forms.IndustriesForm(initial={"industries": svc.leading_codes(zone.pk)}),
            "leading": zone.leading_industries.order_by("code"),
            "can_change_zone": Zone.objects.for_user(request.user, "change").filter(pk=zone.pk).exists(),
        },
    )


@login_required
@require_POST
def industries_update(request):
    zone = scoped_or_404(Zone.objects, _zone_or_own(request).pk, user=request.user)
    return post_and_return(
        request,
        forms.IndustriesForm(request.POST),
        lambda d: svc.zone_set_leading_industries(
            actor=request.user, zone=zone, industries=list(d["industries"])
        ),
        done=_("主导产业已更新，线索的产业定位已重新判断"),
        back="investment:settings",
    )
