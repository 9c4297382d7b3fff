"""Reads of 职能目录与权责清单: a zone's catalog and lists (in the user's scope), and the published list of a zone
for the public page (no user)."""

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from devzone.powers.choices import ListStatus
from devzone.powers.models import Function, Power, PowerList


def _powers():
    return Prefetch("powers", queryset=powers_of(None))


def powers_of(power_list):
    """The powers of a list version the caller already holds (None: of every list, for a prefetch), with what a
    row shows, in the list's order (by class)."""
    qs = Power.objects.select_related("department").prefetch_related("items").order_by("kind", "pk")
    return qs if power_list is None else qs.filter(power_list=power_list)


def power_with_list():
    """Powers with their list and zone, for one power's page (scoped there by ``scoped_or_404``)."""
    return Power.objects.select_related("power_list__zone", "department")


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


def public_superseded(zone_id: int):
    """The zone's earlier published versions (superseded), newest first: the public page lists them, each with its
    publication date and a link to its read-only page. Never a draft."""
    return PowerList.objects.filter(zone_id=zone_id, status=ListStatus.SUPERSEDED).order_by("-number")


def public_version(zone_id: int, pk: int):
    """One published version (in force or superseded) of the zone's list, for its public page: None for a draft,
    another zone's list or none at all."""
    return (
        PowerList.objects.filter(
            zone_id=zone_id, pk=pk, status__in=[ListStatus.PUBLISHED, ListStatus.SUPERSEDED]
        )
        .select_related("zone")
        .first()
    )


def public_zone(zone_id: int):
    """A zone, for the public page (which has no user), with the zone it was merged into if it was: None when
    there is none."""
    from devzone.core.models import Zone

    return Zone.objects.select_related("merged_into").filter(pk=zone_id).first()


def stale_powers(power_list, day: dt.date) -> dict[int, list[str]]:
    """The powers of a list that name a department abolished by ``day`` or an approval item no longer in use, each
    with what is wrong: a new version copies the last one's powers, and the bodies and items they name may have
    gone since. 公布 refuses such a draft; its page flags them."""
    problems: dict[int, list[str]] = {}
    for pk, dept in Power.objects.filter(
        power_list=power_list, department__abolished_on__lte=day
    ).values_list("pk", "department__name"):
        problems.setdefault(pk, []).append(_("实施部门“%(dept)s”已撤销") % {"dept": dept})
    for pk, code, name in (
        Power.items.through.objects.filter(power__power_list=power_list, approvalitem__is_active=False)
        .order_by("power_id", "approvalitem__code")
        .values_list("power_id", "approvalitem__code", "approvalitem__name")
    ):
        problems.setdefault(pk, []).append(_("对应审批事项“%(item)s”已停用") % {"item": f"{code} {name}"})
    return problems
