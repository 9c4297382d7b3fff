"""Reads of 职能目录与权责清单: a zone's catalog and lists (in the user's scope), and the published list of a zone
for the public page (no user)."""

from django.db.models import Prefetch

from devzone.powers.choices import ListStatus
from devzone.powers.models import Function, Power, PowerList


def _powers():
    return Prefetch("powers", queryset=powers_of(None))


def powers_of(power_list):
    """The powers of a list version the caller already holds (None: of every list, for a prefetch), with what a
    row shows, in the list's order (by class)."""
    qs = Power.objects.select_related("department").prefetch_related("items").order_by("kind", "pk")
    return qs if power_list is None else qs.filter(power_list=power_list)


def zone_lists(user, zone_id: int):
    return PowerList.objects.for_user(user).filter(zone_id=zone_id).order_by("-number")


def zone_functions(user, zone_id: int):
    return Function.objects.for_user(user).filter(zone_id=zone_id)


def lists(user):
    return PowerList.objects.for_user(user).select_related("zone")


def list_with_powers(user, pk: int):
    return lists(user).prefetch_related(_powers())


def published(zone_id: int):
    """The zone's published list (None: nothing published yet) and its catalog: what the public page shows; the
    page reads the list's powers through ``powers_of``."""
    current = (
        PowerList.objects.filter(zone_id=zone_id, status=ListStatus.PUBLISHED).select_related("zone").first()
    )
    return current, Function.objects.filter(zone_id=zone_id).order_by("disposition", "name")


def public_zone(zone_id: int):
    """A zone, for the public page (which has no user): None when there is none."""
    from devzone.core.models import Zone

    return Zone.objects.filter(pk=zone_id).first()
