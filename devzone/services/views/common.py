"""What the module's pages share: the active zone (asked for without one), the filtered rows of a list page and
the year/quarter of a report."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from devzone.core.access import require_right
from devzone.core.filters import query_param, year_field
from devzone.core.zones import narrow, zone_required


def zone_or_403(request):
    """The zone a page acts in; in the city's all-zones mode the page asks for one (core.zones.ZoneRequired)."""
    return zone_required(request)


def filtered(request, model, filterset, rows):
    """A list page's filter over ``rows`` (the user's, narrowed to the chosen zone); 403 without the right
    to view ``model``."""
    require_right(request.user, "view", model)
    return filterset(request.GET, queryset=narrow(rows, request), request=request)


def year_quarter(request) -> tuple[int, int | None]:
    """The report's ``year`` (this year when absent or out of 2000–2100) and ``quarter`` (None: the year)."""
    year = query_param(request, "year", year_field(), timezone.localdate().year)
    return year, query_param(request, "quarter", forms.IntegerField(min_value=1, max_value=4))
