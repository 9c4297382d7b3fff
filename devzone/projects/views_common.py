"""What the key-project pages share beyond the core kit: the zone a page acts in, who is staff, the key
project of a page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from devzone.core.access import can, reach_of
from devzone.core.zones import zone_required
from devzone.projects import selectors
from devzone.projects.models import KeyProject


def zone_or_403(request):
    """The zone a page acts in: the user's own, or the one a city user picked in the switcher; in the city's
    all-zones mode the page asks for one (core.zones.ZoneRequired), it does not refuse."""
    return zone_required(request)


def is_enterprise(request) -> bool:
    return reach_of(request.user).kind == "enterprise"


def role(user) -> str:
    return reach_of(user).role


def staff_or_403(user, model=KeyProject) -> None:
    """Staff who may view ``model``; an enterprise user never (pages and API operations alike)."""
    if reach_of(user).kind == "enterprise" or not can(user, "view", model):
        raise PermissionDenied


def key_project_or_404(user, project_id) -> KeyProject:
    """The key project of ``project_id`` (its project's id) in the user's reach, else 404."""
    row = selectors.tracking_of(user=user, project_id=project_id)
    if row is None:
        raise Http404
    return row


def staff_only(request, model=KeyProject) -> None:
    """Internal pages: staff who may view ``model``."""
    staff_or_403(request.user, model)


def tracking_or_404(request, project_id) -> KeyProject:
    """The key project of a page in the user's reach, else 404."""
    return key_project_or_404(request.user, project_id)
