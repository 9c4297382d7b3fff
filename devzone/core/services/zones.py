"""Zone merges (开发区整合): several zones become one, and the old ones stay as history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from devzone.core import audit, registry
from devzone.core.access import can
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Area, Department, Enterprise, Profile, Project, Zone


def _move(actor, model, rows, target: Zone, note: str) -> list:
    events = [
        audit.event(
            actor=actor,
            action=AuditAction.BULK_UPDATE,
            obj=r,
            changes={"zone_id": [r.zone_id, target.pk]},
            note=note,
            zone_id=target.pk,
        )
        for r in rows
    ]
    model.objects.filter(pk__in=[r.pk for r in rows]).update(zone=target)
    return events


@transaction.atomic
def zone_merge(*, actor, sources: list[Zone], target: Zone, merged_on: dt.date) -> dict[str, int]:
    """Merge ``sources`` into ``target``: their areas, enterprises and projects move to the target, with the
    accounts of those enterprises' users and the rows other modules keep with those enterprises
    (``registry.zone_merged``: emergency needs and plans …); their departments are abolished on the merge
    date (staff are re-appointed in the target by the personnel process and stay, with their accounts, on their
    old zone's books until then); each source keeps its rows of history and points to the target. Returns how
    many rows moved, by kind."""
    if not can(actor, "change", Zone):
        raise PermissionDeniedError(_("只有市级管理人员可以整合开发区"))
    ids = {z.pk for z in sources}
    # The zones as they are once locked, not as the caller read them: two merges validated together (two
    # officers, a double submit) would otherwise both pass, B into A and A into B. Locked in id order, so two
    # merges of overlapping zones wait for each other instead of deadlocking; the second sees the first's rows.
    locked = {
        z.pk: z
        for z in Zone.objects.for_user(actor, "change")
        .select_for_update(of=("self",))
        .filter(pk__in=ids | {target.pk})
        .order_by("pk")
    }
    if not sources or len(locked) != len(ids | {target.pk}):
        raise PermissionDeniedError(_("所选开发区不在您的范围内"))
    if target.pk in ids:
        raise DomainError(_("被整合的开发区不能包含整合后的开发区"), {"sources": [_("不能包含目标开发区")]})
    target, sources = locked[target.pk], [locked[pk] for pk in sorted(ids)]
    for field, zone in [("target", target), *(("sources", z) for z in sources)]:
        if zone.merged_into_id:
            joined = Zone.objects.filter(pk=zone.merged_into_id).values_list("name", flat=True).first()
            raise DomainError.on(
                field,
                _("“%(zone)s”已整合入“%(joined)s”，不能再参与整合") % {"zone": zone.name, "joined": joined},
            )
    clashes = (
        Enterprise.objects.filter(zone_id__in=ids | {target.pk})
        .values("credit_code")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("credit_code", flat=True)
    )
    if clashes:
        codes = "、".join(sorted(clashes)[:10])
        raise DomainError(_("以下企业在多个开发区均有登记，请先合并企业记录：%(codes)s") % {"codes": codes})
    area_names = set(Area.objects.filter(zone=target).values_list("name", flat=True))
    note = _("整合入%(zone)s") % {"zone": target.name}
    events, moved = [], {}
    areas = list(Area.objects.filter(zone_id__in=ids).select_related("zone"))
    for a in areas:
        if a.name in area_names:  # keep names unique in the target: prefix the old zone's name
            old = a.name
            a.name = f"{a.zone.short_name or a.zone.name}·{a.name}"[:60]
            Area.objects.filter(pk=a.pk).update(name=a.name)
            events.append(
                audit.event(
                    actor=actor,
                    action=AuditAction.BULK_UPDATE,
                    obj=a,
                    changes={"name": [old, a.name]},
                    note=note,
                )
            )
        area_names.add(a.name)
    events += _move(actor, Area, areas, target, note)
    moved["areas"] = len(areas)
    for model, key in ((Enterprise, "enterprises"), (Project, "projects")):
        rows = list(model.objects.filter(zone_id__in=ids))
        events += _move(actor, model, rows, target, note)
        moved[key] = len(rows)
    # An enterprise user's zone is their enterprise's (``Profile.clean``): their accounts follow it, so the
    # target's staff manage them and what they file goes to the target. Staff accounts stay (see the docstring).
    accounts = list(
        Profile.objects.filter(role=Role.ENTERPRISE_USER, enterprise__zone=target, zone_id__in=ids)
        .select_related("user")
        .order_by("pk")
    )
    events += _move(actor, Profile, accounts, target, note)
    moved["enterprise_accounts"] = len(accounts)

    def move(model, rows) -> int:
        rows = list(rows)
        events.extend(_move(actor, model, rows, target, note))
        return len(rows)

    moved.update(registry.zone_merge_moves(source_ids=ids, target=target, move=move))
    depts = list(Department.objects.filter(zone_id__in=ids, abolished_on__isnull=True))
    for d in depts:
        if d.established_on and d.established_on >= merged_on:
            raise DomainError(_("部门“%(d)s”设立于整合日期之后") % {"d": d.name})
    Department.objects.filter(pk__in=[d.pk for d in depts]).update(abolished_on=merged_on)
    events += [
        audit.event(
            actor=actor,
            action=AuditAction.BULK_UPDATE,
            obj=d,
            changes={"abolished_on": [None, merged_on.isoformat()]},
            note=note,
        )
        for d in depts
    ]
    moved["departments_abolished"] = len(depts)
    for z in sources:
        Zone.objects.filter(pk=z.pk).update(merged_into=target, merged_on=merged_on)
        events.append(
            audit.event(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=z,
                changes={"merged_into_id": [None, target.pk], "merged_on": [None, merged_on.isoformat()]},
                note=note,
            )
        )
    audit.record_many(events)
    return moved
