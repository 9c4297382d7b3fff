"""Drafting a recruitment: the city's personnel office writes a campaign (招聘公告) and adds its openings (招聘岗位)
while it is a draft, then publishes it from the campaign's page. The same services as the API
(``services.campaigns``); refusals land on the form's fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import reach_of, require_right
from devzone.core.forms import mark_invalid
from devzone.core.models import City, Zone
from devzone.core.web import refusals, scoped_or_404
from devzone.personnel import forms
from devzone.personnel.models import Opening, RecruitmentCampaign
from devzone.personnel.services import campaigns as svc


def actor_city(user) -> City:
    """The city whose campaigns the user drafts: their own (a city role's reach); none: 403."""
    city = City.objects.for_user(user).first() if reach_of(user).kind == "city" else None
    if city is None:
        raise PermissionDenied
    return city


def opening_zones(user, campaign):
    """The zones an opening of ``campaign`` may be in: the campaign's city's zones in the user's reach, in being."""
    return (
        Zone.objects.for_user(user).filter(city_id=campaign.city_id, merged_into__isnull=True).order_by("pk")
    )


@login_required
def campaign_new(request):
    """新建招聘公告: a draft of the user's city; its openings are added on the campaign's page."""
    require_right(request.user, "create", RecruitmentCampaign)
    city = actor_city(request.user)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            campaign = svc.campaign_create(actor=request.user, city=city, **form.service_fields())
        if outcome.ok:
            messages.success(request, _("招聘公告草稿已保存，请添加招聘岗位后发布"))
            return redirect(campaign.get_absolute_url())
    mark_invalid(form)
    return render(request, "personnel/campaign_form.html", {"form": form})


@login_required
@require_POST
def opening_add(request, pk):
    """添加招聘岗位 (the form on the draft campaign's page): refused, the page is shown again with the form."""
    from devzone.personnel.views.staff import campaign_detail

    campaign = scoped_or_404(
        RecruitmentCampaign.objects, pk, user=request.user, action="change", may=("create", Opening)
    )
    form = forms.OpeningForm(request.POST, prefix="opening", zones=opening_zones(request.user, campaign))
    if form.is_valid():
        with refusals(request, form) as outcome:
            opening = svc.opening_add(actor=request.user, campaign=campaign, **form.service_fields())
        if outcome.ok:
            messages.success(request, _("已添加招聘岗位 %(o)s") % {"o": opening})
            return redirect(f"{campaign.get_absolute_url()}#openings")
    mark_invalid(form)
    return campaign_detail(request, campaign.pk, opening_form=form)
