"""Filter sets of 大招商, shared by the list pages and the API lists of the same rows. Teams are few (a
drop-down); owners are many (a text search)."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import SearchFilterSet
from devzone.investment.choices import Stage
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead

# The lead list's tabs.
VIEWS = {
    "active": Q(is_active=True),
    "stale": Q(is_active=True, is_stale=True),
    "unfit": Q(fits=False, exception_on__isnull=True, lost_on__isnull=True),
    "signed": Q(stage__in=[Stage.SIGNED, Stage.LANDED, Stage.KEPT]),
    "lost": Q(lost_on__isnull=False),
    "all": Q(),
}
VIEW_LABELS = [
    ("active", _("在跟线索")),
    ("stale", _("停滞")),
    ("unfit", _("不符合产业定位")),
    ("signed", _("已签约")),
    ("lost", _("已流失")),
    ("all", _("全部")),
]


class LeadFilter(SearchFilterSet):
    """Name or credit code, team, stage, owner (by name), the list's tab, "mine" and the API's ``active``."""

    search_fields = ("company_name",)
    code_fields = ("credit_code",)
    team = df.ModelChoiceFilter(label=_("小分队"), queryset=InvestmentTeam.objects.all())
    stage = df.ChoiceFilter(label=_("阶段"), choices=Stage.choices)
    owner = df.CharFilter(label=_("负责人"), field_name="owner__name", lookup_expr="icontains")
    active = df.BooleanFilter(label=_("在跟"), field_name="is_active")
    view = df.ChoiceFilter(label=_("视图"), choices=VIEW_LABELS, method="by_view")
    mine = df.BooleanFilter(label=_("只看我负责的"), method="by_mine")

    class Meta:
        model = Lead
        fields = ["team", "stage", "owner", "active"]

    def by_view(self, qs, name, value):
        return qs.filter(VIEWS.get(value, Q()))

    def by_mine(self, qs, name, value):
        user = getattr(self.request, "user", None) or getattr(self.request, "auth", None)
        return qs.filter(owner__profile__user=user) if value else qs


class ContractFilter(SearchFilterSet):
    search_fields = ("project_name",)
    team = df.ModelChoiceFilter(label=_("小分队"), queryset=InvestmentTeam.objects.all())
    start = df.DateFilter(label=_("签约不早于"), field_name="signed_on", lookup_expr="gte")
    end = df.DateFilter(label=_("签约不晚于"), field_name="signed_on", lookup_expr="lte")

    class Meta:
        model = Contract
        fields = ["team", "start", "end"]


class ActivityFilter(SearchFilterSet):
    search_fields = ("title",)
    start = df.DateFilter(label=_("不早于"), field_name="on", lookup_expr="gte")
    end = df.DateFilter(label=_("不晚于"), field_name="on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = ["team", "start", "end"]
