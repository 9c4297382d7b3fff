"""The zone's rules for 大招商: its leading industries (every lead's fit follows them) and the refit the
follow-up scan runs when the zone page changed them."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import require
from devzone.core.locking import locked
from devzone.core.models import Industry, Zone
from devzone.core.notify import Text, notify, stored, zone_users
from devzone.investment import counters
from devzone.investment.choices import STAGE_INDEX, STAGE_ORDER, LogKind, Stage
from devzone.investment.models import InvestmentSettings, Lead, LeadLog
from devzone.investment.services.common import leading_codes, log_entry, place_owners, settings_for

BATCH = 500  # ids per UPDATE
# The audit trail's notes (``core.audit`` keeps them in the site's language, whoever's request writes them).
LEADING_INDUSTRIES = gettext_lazy("主导产业")
OWNER_DROPPED_ON_REFIT = gettext_lazy("主导产业调整后线索重新在跟，负责人无空余容量，取消负责人")


@transaction.atomic
def zone_set_leading_industries(*, actor, zone: Zone, industries: list[Industry]) -> Zone:
    """The zone's 2–3 leading industries; every lead's fit is recomputed at once."""
    row = locked(Zone, zone, actor=actor, what=_("开发区"), forbidden=_("您无权修改该开发区的主导产业"))
    codes = sorted({i.pk for i in industries})
    require(2 <= len(codes) <= 3, _("主导产业须为2–3个"), "industries")
    before = sorted(leading_codes(row.pk))
    row.leading_industries.set(codes)
    refit_zone(row.pk, actor=actor)
    audit.changed(actor, row, "leading_industries", before, codes, note=LEADING_INDUSTRIES)
    return row


@transaction.atomic
def refit_zone(zone_id: int, *, actor) -> int:
    """Re-judge the fit (and with it the working list) of a zone's leads after its leading industries changed.
    Set-based and sparing: only the rows whose value changes are written (rewriting 200,000 unchanged rows
    every hour cost the scan 20 s on PostgreSQL). Returns the number of rows written.

    A lead that comes back into the working list takes a place in its owner's capacity, as an assignment does:
    the leads leaving the list are written first (their places are free again), then each owner keeps the leads
    coming back while they have room (the one assigned first first, ``common.place_owners``); the others come
    back without an owner, into the zone's pool, and the leaders are told (``_tell_dropped``). ``actor`` (the
    leader on the rules page, the system actor in the scan) is who the timeline and the audit trail name."""
    codes = leading_codes(zone_id)
    cond = Q(industry_id__in=[c for c in codes if len(c) == 2]) | Q(
        section__in=[c for c in codes if len(c) == 1]
    )
    leads = Lead.objects.filter(zone_id=zone_id)
    n = leads.filter(cond, fits=False).update(fits=True)
    n += leads.filter(fits=True).exclude(cond).update(fits=False)
    active = Q(
        lost_on__isnull=True, merged_into__isnull=True, stage__in=STAGE_ORDER[: STAGE_INDEX[Stage.SIGNED]]
    ) & (Q(fits=True) | Q(exception_on__isnull=False))
    n += leads.filter(is_active=True).exclude(active).update(is_active=False)
    back = leads.filter(active, is_active=False)
    n += back.filter(owner__isnull=True).update(is_active=True)
    owned = list(
        back.filter(owner__isnull=False)
        .select_for_update()
        .order_by(F("owner_assigned_on").asc(nulls_last=True), "pk")
    )
    if owned:
        snapshots = {x.pk: counters.Snapshot(x) for x in owned}
        dropped = place_owners(owned)
        gone = {x.pk for x, _owner in dropped}
        kept = [x.pk for x in owned if x.pk not in gone]
        for at in range(0, len(owned), BATCH):  # a list of ids per statement that every database takes
            Lead.objects.filter(pk__in=kept[at : at + BATCH]).update(is_active=True)
        ids = sorted(gone)
        for at in range(0, len(ids), BATCH):
            Lead.objects.filter(pk__in=ids[at : at + BATCH]).update(
                is_active=True, owner=None, version=F("version") + 1
            )
        n += len(owned)
        if dropped:
            _tell_dropped(zone_id, dropped, snapshots, actor=actor)
    InvestmentSettings.objects.filter(zone_id=zone_id).update(fitted_for=sorted(codes))
    return n


def _tell_dropped(zone_id: int, dropped: list, snapshots: dict, *, actor) -> None:
    """The leads that came back without their owner: each one's timeline and audit trail say so, the funnel's
    cells move them to "no owner", and the zone's leaders but the actor get one notice for them all (a refit may
    bring back many leads at once), in their own language."""
    today = timezone.localdate()
    why = gettext_lazy(
        "取消负责人（主导产业调整后线索重新在跟，%(name)s已不是该小分队的在队队员或在跟线索已满）"
    )
    LeadLog.objects.bulk_create(
        [log_entry(row, actor, LogKind.OWNER, today, stored(why, name=owner.name)) for row, owner in dropped]
    )
    audit.record_many(
        [
            audit.event(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=row,
                changes={"owner_id": [owner.pk, None], "is_active": [False, True]},
                note=OWNER_DROPPED_ON_REFIT,
            )
            for row, owner in dropped
        ]
    )
    for row, _owner in dropped:
        row.is_active = True
    counters.changed_many([(snapshots[row.pk], row) for row, _owner in dropped])
    ids = sorted(row.pk for row, _owner in dropped)
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
    names = [row.company_name for row, _owner in dropped]
    notify(
        [u for u in zone_users(zone_id, roles=[Role.ZONE_LEADER]) if u != actor.pk],
        kind="investment.unassigned",
        title=Text(
            gettext_lazy(
                "主导产业调整后%(n)d条线索重新在跟，其负责人已不在队或在跟线索已满，这些线索现无负责人，请重新指定"
            ),
            n=len(dropped),
        ),
        body="\n".join(names[:50]) + ("\n……" if len(names) > 50 else ""),
        url=reverse("investment:lead_list") + "?view=active",
        zone_id=zone_id,
        key=f"investment.unassigned-refit-{zone_id}-{digest}",
    )


def refit_if_changed(zone_id: int, *, actor) -> int:
    """``refit_zone`` when the zone's leading industries are not those the leads were last judged against."""
    fitted = InvestmentSettings.objects.filter(zone_id=zone_id).values_list("fitted_for", flat=True).first()
    if fitted is not None and sorted(fitted) == sorted(leading_codes(zone_id)):
        return 0
    settings_for(zone_id)
    return refit_zone(zone_id, actor=actor)
