"""The zone a page shows: a zone user's own zone, or the zone a city user picked in the switcher."""

from __future__ import annotations

from django.db.models import Q

from devzone.core.access import reach_of
from devzone.core.models import Zone

SESSION_KEY = "devzone_active_zone"


def active_zone(request) -> Zone | None:
    if hasattr(request, "_devzone_active_zone"):
        return request._devzone_active_zone
    r = reach_of(request.user)
    zone = None
    if r.kind in ("zone", "enterprise") and r.zone_id:
        zone = request.user.profile.zone  # fetched with the profile by reach_of
    elif r.kind == "city":
        zone_id = request.session.get(SESSION_KEY)
        if zone_id:
            # the picked zone and, in the same query, the city's merged zones: those merged into it are its own
            rows = list(
                Zone.objects.for_user(request.user)
                .filter(Q(pk=zone_id) | Q(merged_into__isnull=False))
                .select_related("city")
            )
            zone = next((z for z in rows if z.pk == zone_id), None)
            if zone is not None:
                request._devzone_zone_ids = absorbed(zone.pk, rows)
    request._devzone_active_zone = zone
    return zone


def narrow(qs, request, path: str = "zone"):
    """Narrow an already scoped queryset to the active zone, when one is picked. For a city user the zones merged
    into the picked one count as that zone: a merge moves only areas, enterprises and projects
    (``core.services.zones``), the rows of other kinds stay on the old zone, and the city's figures count them
    under the zone it joined (``survivors``; the city's 各开发区对比): drilling into that zone lists them too."""
    zone = active_zone(request)
    if zone is None:
        return qs
    lookup = "pk" if path == "pk" else f"{path}_id"
    ids = getattr(request, "_devzone_zone_ids", None) or [zone.pk]
    if len(ids) > 1:
        return qs.filter(**{f"{lookup}__in": ids})
    return qs.filter(**{lookup: zone.pk})


def absorbed(zone_id: int, zones) -> list[int]:
    """``zone_id`` and the zones merged into it, directly or through a zone that was (each zone's
    ``merged_into`` followed as far as ``zones`` go)."""
    into = {z.pk: z.merged_into_id for z in zones}
    out = {zone_id}
    for pk in into:
        seen, at = {pk}, pk
        while into.get(at) and into[at] not in seen:
            at = into[at]
            seen.add(at)
            if at == zone_id:
                out.add(pk)
                break
    return sorted(out)


class ZoneRequired(Exception):
    """A page that works in one zone, opened by a city user in the all-zones mode: the page asks for a zone
    (core.middleware.ZoneRequiredMiddleware draws the picker in the site's frame) instead of refusing."""


def zone_required(request) -> Zone:
    """The zone a one-zone page acts in: the user's own, or the one a city user picked; else the page asks."""
    zone = active_zone(request)
    if zone is None:
        raise ZoneRequired
    return zone


def survivors(zones) -> dict[int, int]:
    """Each zone's id -> the id of the zone it is part of now: itself, or for a merged zone the zone it was merged
    into (followed to its end: a zone that took others in may itself be merged later). A merge moves only the
    areas, enterprises and projects (``core.services.zones``); contracts, statistics, ratings, plans, key projects
    and files stay on the old zone, so a reader of the city's figures counts them under its survivor, each row
    once, and a merge changes no total (oversight's dashboard, the city's desk)."""
    into = {z.pk: z.merged_into_id for z in zones}
    home: dict[int, int] = {}
    for pk in into:
        seen, at = {pk}, pk
        while into.get(at) and into[at] not in seen:
            at = into[at]
            seen.add(at)
        home[pk] = at
    return home
