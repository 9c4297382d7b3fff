"""The filters of the published zone assessments, shared by the 市级统筹 page and ``GET /api/v1/planning/assessments``:
a province's 200 zones over several years and quarters are more rows than one page shows."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from devzone.core.filters import RowFilter, StrictFilterSet
from devzone.core.models import Zone
from devzone.planning.models import Assessment

QUARTERS = [("0", _("全年")), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class AssessmentFilter(StrictFilterSet):
    search_fields = ("zone__name", "scheme__name")
    # "年度" alone is the adjective (Annual) elsewhere: the filter's field is the year
    year = df.NumberFilter(label=pgettext_lazy("year", "年度"), field_name="scheme__year")
    quarter = df.ChoiceFilter(label=_("期间"), choices=QUARTERS)
    zone = RowFilter(label=_("开发区"), queryset=Zone.objects.all())

    class Meta:
        model = Assessment
        fields: list[str] = []
