"""The filters of an emergency campaign's needs and allocations, shared by the campaign page and the API lists of
the same rows. Enterprises are searched by name or credit code (a campaign may reach thousands), never offered as a
drop-down of every row. An enterprise user reads no campaign through ``for_user`` (campaigns are the city's rows):
its choices are the campaigns that reach its firm (``selectors.reaching_enterprise``), their supplies and classes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.access import reach_of
from devzone.core.filters import RowFilter, StrictFilterSet
from devzone.emergency import selectors
from devzone.emergency.models import Campaign, PriorityClass, Supply


class CampaignRowsFilter(StrictFilterSet):
    """The campaign, supply and priority choices: in the user's scope, or an enterprise's campaigns'."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if reach_of(user).kind != "enterprise":
            return
        campaigns = selectors.reaching_enterprise(user)
        for name, model in (("campaign", Campaign), ("supply", Supply), ("priority", PriorityClass)):
            f = self.filters.get(name)
            if f is not None:
                qs = campaigns if model is Campaign else model.objects.filter(campaign__in=campaigns)
                f.queryset = f.extra["queryset"] = qs


class NeedFilter(CampaignRowsFilter):
    search_fields = ("enterprise__name",)
    code_fields = ("enterprise__credit_code",)
    campaign = RowFilter(label=_("应急保障行动"), queryset=Campaign.objects.all())
    supply = RowFilter(label=_("物资"), queryset=Supply.objects.all())
    priority = RowFilter(label=_("优先级"), queryset=PriorityClass.objects.all())


class AllocationFilter(CampaignRowsFilter):
    search_fields = ("need__enterprise__name",)
    code_fields = ("need__enterprise__credit_code",)
    campaign = RowFilter(
        label=_("应急保障行动"), field_name="need__campaign", queryset=Campaign.objects.all()
    )
    supply = RowFilter(label=_("物资"), field_name="need__supply", queryset=Supply.objects.all())
    priority = RowFilter(label=_("优先级"), field_name="need__priority", queryset=PriorityClass.objects.all())
