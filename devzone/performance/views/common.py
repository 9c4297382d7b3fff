"""What the performance pages share: the round and the zone of a request."""

from __future__ import annotations

from django.utils import timezone

from devzone.core.filters import query_param, year_field
from devzone.core.web import scoped_or_404
from devzone.core.zones import zone_required
from devzone.performance.models import Round

FIRST_YEAR = 2019


def round_of(request, pk) -> Round:
    """The round ``pk`` in the user's reach, else 404."""
    return scoped_or_404(Round.objects, pk, user=request.user)


def zone_of(request):
    """The zone chosen in the header (a city user picks one); without one the page asks for it."""
    return zone_required(request)


def year_of(request) -> int:
    """The year asked for (2000–2100); anything else is this year."""
    return query_param(request, "year", year_field(), timezone.localdate().year)


def years() -> range:
    return range(FIRST_YEAR, timezone.localdate().year + 1)
