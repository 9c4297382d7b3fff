"""The filters of an emergency campaign's needs and allocations, shared by the campaign page and the API lists of
the same rows. Enterprises are searched by name or credit code (a campaign may reach thousands), never offered as a
drop-down of every row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.filters import RowFilter, StrictFilterSet
from devzone.emergency.models import Campaign, PriorityClass, Supply


class NeedFilter(StrictFilterSet):
    search_fields = ("enterprise__name",)
    code_fields = ("enterprise__credit_code",)
    campaign = RowFilter(label=_("应急保障行动"), queryset=Campaign.objects.all())
    supply = RowFilter(label=_("物资"), queryset=Supply.objects.all())
    priority = RowFilter(label=_("优先级"), queryset=PriorityClass.objects.all())


class AllocationFilter(StrictFilterSet):
    search_fields = ("need__enterprise__name",)
    code_fields = ("need__enterprise__credit_code",)
    campaign = RowFilter(
        label=_("应急保障行动"), field_name="need__campaign", queryset=Campaign.objects.all()
    )
    supply = RowFilter(label=_("物资"), field_name="need__supply", queryset=Supply.objects.all())
    priority = RowFilter(label=_("优先级"), field_name="need__priority", queryset=PriorityClass.objects.all())
