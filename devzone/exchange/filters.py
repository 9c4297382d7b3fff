"""The delivery log's filters (a subscriber's page): status, event kind, and the object searched by its key."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import SearchFilterSet
from devzone.exchange.catalog import KINDS
from devzone.exchange.models import Delivery, DeliveryStatus


class DeliveryFilter(SearchFilterSet):
    status = df.ChoiceFilter(label=_("状态"), choices=DeliveryStatus.choices)
    kind = df.ChoiceFilter(
        label=_("事件类型"), choices=[(k, v) for k, v in KINDS.items() if not k.endswith("*")]
    )
    search_fields = ("object_key",)

    class Meta:
        model = Delivery
        fields = ["status", "kind"]
