"""Reads of 应急保障, always through the user's scope (``for_user``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, Sum

from devzone.core.access import reach_of
from devzone.core.models import Enterprise
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import Allocation, AllocationRun, Campaign, Delivery, FirmPlan, Need, Supply

FIRST_WEEK = 7  # days: the campaign's first day and the six after it
MASK = "口罩"


def campaigns(user):
    return Campaign.objects.for_user(user).select_related("zone")


def reaching_enterprise(user):
    """The campaigns that reach an enterprise user's firm, open or ended: its city's, and its zone's. The firm's
    zone, not the account's: after a merge the firm is the target zone's, and so are its campaigns."""
    r = reach_of(user)
    firm = (
        Enterprise.objects.filter(pk=r.enterprise_id).values("zone_id", "zone__city_id").first()
        if r.kind == "enterprise" and r.enterprise_id
        else None
    )
    if firm is None:
        return Campaign.objects.none()
    return Campaign.objects.filter(city_id=firm["zone__city_id"]).filter(
        Q(zone__isnull=True) | Q(zone_id=firm["zone_id"])
    )


def open_for_enterprise(user):
    """The open campaigns an enterprise user may submit needs to: its city's, and its firm's zone's."""
    return reaching_enterprise(user).filter(status=CampaignStatus.OPEN)


def needs(user, campaign=None):
    qs = Need.objects.for_user(user).select_related("enterprise", "supply", "priority", "campaign")
    return qs.filter(campaign=campaign) if campaign is not None else qs


def supplies(user, campaign):
    return Supply.objects.for_user(user).filter(campaign=campaign)


def runs(user, campaign):
    return (
        AllocationRun.objects.for_user(user)
        .filter(campaign=campaign)
        .select_related("supply", "run_by__profile")
    )


def allocations(user, campaign=None):
    qs = Allocation.objects.for_user(user).select_related(
        "need__enterprise", "need__supply", "need__priority", "run"
    )
    return qs.filter(need__campaign=campaign) if campaign is not None else qs


def deliveries(user, campaign=None):
    qs = Delivery.objects.for_user(user).select_related(
        "allocation__need__enterprise", "allocation__need__supply"
    )
    return qs.filter(allocation__need__campaign=campaign) if campaign is not None else qs


def plans(user, campaign=None):
    qs = FirmPlan.objects.for_user(user).select_related("enterprise", "campaign")
    return qs.filter(campaign=campaign) if campaign is not None else qs


def first_week(campaign: Campaign) -> tuple[dt.date, dt.date]:
    return campaign.starts_on, campaign.starts_on + dt.timedelta(days=FIRST_WEEK - 1)


def masks_to_foreign_first_week(campaign: Campaign) -> int | None:
    """Masks (supplies named 口罩) delivered to foreign-invested enterprises within the campaign's first week,
    summed from the delivery rows; None when there is no such delivery."""
    start, end = first_week(campaign)
    total = Delivery.objects.filter(
        allocation__need__campaign=campaign,
        allocation__need__supply__name__contains=MASK,
        allocation__need__enterprise__foreign_invested=True,
        delivered_on__gte=start,
        delivered_on__lte=end,
    ).aggregate(n=Sum("quantity"))["n"]
    return total
