"""The performance router and the rows its operations load (through ``for_user``: another zone's is 404)."""

from ninja import Router

from devzone.core.models import Zone
from devzone.core.web import scoped_or_404
from devzone.performance.models import Round

router = Router(tags=["performance"])


def round_of(request, pk) -> Round:
    return scoped_or_404(Round.objects, pk, user=request.user)


def zone_of(request, pk) -> Zone:
    return scoped_or_404(Zone.objects, pk, user=request.user)
