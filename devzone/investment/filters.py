"""Filter sets of 大招商, shared by the list pages and the API lists of the same rows. Teams are few (a
drop-down); owners are many (a text search)."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import BOOLEAN_WIDGET, SearchFilterSet
from devzone.core.models import Zone
from devzone.core.zones import absorbed
from devzone.investment.choices import Stage
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead
from devzone.investment.selectors import COUNTED

DAY_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the browser's date picker


class YesNoSelect(forms.Select):
    """The 全部/是/否 drop-down of a yes-no filter, showing the value a link wrote otherwise (``counted=1``, as
    the filter reads it) as the option it means."""

    WRITTEN = {"1": "true", "True": "true", "0": "false", "False": "false", True: "true", False: "false"}

    def format_value(self, value):
        return super().format_value(self.WRITTEN.get(value, value))


# The lead list's tabs.
VIEWS = {
    "active": Q(is_active=True),
    "stale": Q(is_active=True, is_stale=True),
    "unfit": Q(fits=False, exception_on__isnull=True, lost_on__isnull=True),
    "signed": Q(stage__in=[Stage.SIGNED, Stage.LANDED, Stage.KEPT]),
    "lost": Q(lost_on__isnull=False),
    "all": Q(),
}


def listed_view(data):
    """The lead list's query (a mutable QueryDict) with its view: 在跟线索 unless it names another (the list opens
    on it); shared by the list and its export, so the export holds the rows the list shows."""
    if data.get("view") not in VIEWS:
        data["view"] = "active"
    return data


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
    """Project name, team, signing dates, the zone and "counted": the city bulletin's 大招商 figures link here
    with a zone's half-year and ``counted=true`` (``investment.bulletin``), so the list is the figure's rows. The
    contract list's filter bar and the API list read it alike; the page narrows the teams it offers to the zone
    in view (``teams``) and hides the zone from a zone's own users."""

    search_fields = ("project_name",)
    q = df.CharFilter(label=_("项目名称"), method="search")  # first in the bar, named by what it searches
    team = df.ModelChoiceFilter(label=_("小分队"), queryset=InvestmentTeam.objects.all())
    start = df.DateFilter(label=_("签约不早于"), field_name="signed_on", lookup_expr="gte", widget=DAY_WIDGET)
    end = df.DateFilter(label=_("签约不晚于"), field_name="signed_on", lookup_expr="lte", widget=DAY_WIDGET)
    zone = df.ModelChoiceFilter(label=_("开发区"), queryset=Zone.objects.all(), method="by_zone")
    counted = df.BooleanFilter(label=_("计入签约项目"), method="by_counted")

    class Meta:
        model = Contract
        fields = ["q", "team", "start", "end", "zone", "counted"]

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["counted"].extra["widget"] = YesNoSelect(choices=BOOLEAN_WIDGET.choices)
        if teams is not None:  # the page's drop-down: the teams of the zone in view, not every zone's
            team = self.filters["team"]
            team.queryset = team.extra["queryset"] = teams

    def by_zone(self, qs, name, value):
        """The zone and the zones merged into it, as a city user's zone switcher (``core.zones.narrow``): a merge
        leaves the contracts on the old zone and the city's figures count them under the zone it joined. The
        zones are those of the user's reach; the rows were scoped already, so a zone user gets their own."""
        user = getattr(self.request, "user", None) or getattr(self.request, "auth", None)
        zones = Zone.objects.for_user(user).filter(Q(pk=value.pk) | Q(merged_into__isnull=False))
        return qs.filter(zone_id__in=absorbed(value.pk, zones))

    def by_counted(self, qs, name, value):
        """Yes: the contracts counted as signed projects, by the one rule the figures count them by
        (``selectors.COUNTED``); no: the others (an increase, the formal contract after its framework agreement,
        a local investor's or an excluded kind's)."""
        if value is None:
            return qs
        return qs.filter(COUNTED) if value else qs.exclude(COUNTED)


class ActivityFilter(SearchFilterSet):
    search_fields = ("title",)
    start = df.DateFilter(label=_("不早于"), field_name="on", lookup_expr="gte")
    end = df.DateFilter(label=_("不晚于"), field_name="on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = ["team", "start", "end"]
