"""What 应急保障 lends other modules through the core registry: its figure in the city's reform bulletin, and its
rows that follow their enterprises when zones merge."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core import registry
from devzone.core.templatetags.devzone import show
from devzone.emergency import selectors
from devzone.emergency.models import Allocation, Campaign, Delivery, FirmPlan, Need, Supply


def figures(*, city) -> list[registry.Figure]:
    """Masks delivered to foreign-invested enterprises within the first week of the city's latest campaign
    that shares masks; None when there is no such campaign or delivery."""
    ids = Supply.objects.filter(campaign__city=city, name__contains=selectors.MASK).values("campaign_id")
    campaign = Campaign.objects.filter(pk__in=ids).order_by("-starts_on", "-pk").first()
    label = _("第一周送达外资企业的口罩")
    if campaign is None:
        return [
            registry.Figure(
                section=_("应急保障"), key="emergency.masks_foreign", label=label, value=None, unit=_("个")
            )
        ]
    start, end = selectors.first_week(campaign)
    return [
        registry.Figure(
            section=_("应急保障"),
            key="emergency.masks_foreign",
            label=label,
            value=selectors.masks_to_foreign_first_week(campaign),
            unit=_("个"),
            period=_("%(name)s：%(start)s至%(end)s")
            % {"name": campaign.name, "start": show(start), "end": show(end)},
            rule=_(
                "送达记录中物资名含“口罩”、企业为外商投资企业、送达日期在行动开始后7日内（含首日）的数量之和"
            ),
            url=reverse("emergency:campaign", args=[campaign.pk]),
            reported=campaign.reported,
        )
    ]


registry.bulletin("emergency", figures)


# The rows a zone keeps with its firms, in the order they refer to one another (none refers to another's zone).
FOLLOW_THE_FIRM = (
    (Need, "emergency_needs"),
    (Allocation, "emergency_allocations"),
    (Delivery, "emergency_deliveries"),
    (FirmPlan, "emergency_plans"),
)


def follow_merge(*, source_ids, target, move) -> dict[str, int]:
    """The merged zones' firms take their needs, allocations, deliveries and plans (一企一策) with them: the target
    zone's staff read and keep them. A campaign the city ran for a merged zone alone becomes the target's: its
    firms are the target's now (core.access lets only a campaign's own zone read it)."""
    moved = {
        "emergency_campaigns": move(Campaign, Campaign.objects.filter(zone_id__in=source_ids)),
    }
    for model, key in FOLLOW_THE_FIRM:
        moved[key] = move(model, model.objects.filter(zone_id__in=source_ids))
    return moved


registry.zone_merged("emergency", follow_merge)
