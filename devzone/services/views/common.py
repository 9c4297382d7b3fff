"""What the module's pages share: the active zone (asked for without one), the filtered rows of a list page and
the year/quarter of a report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from devzone.core.access import can
from devzone.core.zones import narrow, zone_required


def zone_or_403(request):
    """The zone a page acts in; in the city's all-zones mode the page asks for one (core.zones.ZoneRequired)."""
    return zone_required(request)


def filtered(request, model, filterset, rows):
    """A list page's filter over ``rows`` (the user's, narrowed to the chosen zone); 403 without the right
    to view ``model``."""
    if not can(request.user, "view", model):
        raise PermissionDenied
    return filterset(request.GET, queryset=narrow(rows, request), request=request)


def year_quarter(request) -> tuple[int, int | None]:
    """The report's ``year`` (this year when absent or out of 2000–2100) and ``quarter`` (None: the year)."""
    today = timezone.localdate()
    text = request.GET.get("year") or ""
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else today.year
    q = request.GET.get("quarter") or ""
    return year, int(q) if q in ("1", "2", "3", "4") else None
