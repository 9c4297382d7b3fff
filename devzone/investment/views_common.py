"""What the pages of 大招商 share: the right to a kind of row, the zone a write goes to, a lead in reach."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from devzone.core.access import can, reach_of
from devzone.core.web import scoped_or_404
from devzone.core.zones import active_zone
from devzone.investment.models import Lead


def work_zone(request) -> int:
    """The zone a write goes to: the user's own (city users only read 大招商)."""
    r = reach_of(request.user)
    if r.kind != "zone" or not r.zone_id:
        raise PermissionDenied
    return r.zone_id


def may_create(request, model) -> bool:
    """Whether the page offers its "new" button: the right, and a zone of one's own to write to."""
    return can(request.user, "create", model) and reach_of(request.user).kind == "zone"


def zone_id(request) -> int | None:
    zone = active_zone(request)
    return zone.pk if zone else None


def lead_in_reach(request, pk, action: str = "view") -> Lead:
    """A lead (not merged away) the user's team, zone or city sees, else 404; in reach without ``action``, 403."""
    qs = (
        Lead.objects.for_user(request.user)
        .unmerged()
        .select_related("team", "owner", "industry", "enterprise")
    )
    return scoped_or_404(qs, pk, user=request.user, action=action)
