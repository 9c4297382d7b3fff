"""Filter sets shared by the personnel pages and API."""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import SearchFilterSet
from devzone.personnel.choices import RegistrationStatus
from devzone.personnel.models import Registration


class RegistrationFilter(SearchFilterSet):
    """An opening's registrations by status, searched by candidate name or ticket number (never by identity
    number, which is stored sealed)."""

    status = df.ChoiceFilter(label=_("状态"), choices=RegistrationStatus.choices)
    search_fields = ("candidate__name", "ticket")

    class Meta:
        model = Registration
        fields = ["status"]


class RegistrationListFilter(RegistrationFilter):
    """The API's list across openings: also by campaign and opening (ids)."""

    campaign = df.NumberFilter(field_name="campaign_id")
    opening = df.NumberFilter(field_name="opening_id")

    class Meta(RegistrationFilter.Meta):
        fields = ["status", "campaign", "opening"]
