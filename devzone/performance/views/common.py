"""What the performance pages share: the round and the zone of a request."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.web import scoped_or_404
from devzone.core.zones import active_zone
from devzone.performance.models import Round

FIRST_YEAR = 2019


def round_of(request, pk) -> Round:
    """The round ``pk`` in the user's reach, else 404."""
    return scoped_or_404(Round.objects, pk, user=request.user)


def zone_of(request):
    """The zone chosen in the header (a city user picks one), else 404."""
    zone = active_zone(request)
    if zone is None:
        raise Http404(_("请先在右上角选择开发区"))
    return zone


def year_of(request) -> int:
    """The year asked for (2000–2100); anything else is this year."""
    this_year = timezone.localdate().year
    text = request.GET.get("year") or ""
    year = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else this_year
    return year if 2000 <= year <= 2100 else this_year


def years() -> range:
    return range(FIRST_YEAR, timezone.localdate().year + 1)
