"""The allocation run (locks the supply and its open needs, applies emergency.allocation, records who ran it, the
rule and the inputs), deliveries against an allocation, and the firm's plan (一企一策)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    ConflictError,
    PermissionDeniedError,
    clean,
    clean_text,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import Enterprise
from devzone.core.notify import Text, enterprise_users, notify
from devzone.core.templatetags.devzone import show
from devzone.emergency import allocation
from devzone.emergency.choices import PlanStatus
from devzone.emergency.models import (
    OPEN_NEED,
    Allocation,
    AllocationRun,
    Campaign,
    Delivery,
    FirmPlan,
    Need,
    Supply,
)
from devzone.emergency.services.campaigns import supply_conflict
from devzone.emergency.services.common import _day, _open_campaign, _require_open, _units, unit_label


@transaction.atomic
def allocate(*, actor, supply_id, quantity=None, version: int | None = None) -> AllocationRun:
    """Share ``quantity`` units of the supply (default: all the stock not yet allocated) among its open needs
    by emergency.allocation. More than the available stock, or nothing to share, is refused, nothing changed.
    ``version``: the supply's, as the caller's page showed it; a stale one (the run posted twice) is refused
    (409); None: not checked."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("分配应急物资"))
    supply = locked(Supply, supply_id, actor=actor, what=_("物资"), related=("campaign",))
    if version is not None and supply.version != version:
        raise ConflictError(supply_conflict(supply.name))
    # the campaign's row locked too: a close committed meanwhile is seen, and waits for this run otherwise
    _require_open(Campaign.objects.select_for_update().get(pk=supply.campaign_id), _("分配物资"))
    available = supply.stock - supply.allocated
    n = available if quantity in (None, "") else _units(quantity, "quantity")
    require(
        n <= available,
        _("分配数量（%(n)d）超过可分配库存（%(a)d）") % {"n": n, "a": available},
        "quantity",
    )
    require(n > 0, _("没有可分配的库存"), "quantity")
    needs = list(
        Need.objects.select_for_update()
        .filter(OPEN_NEED, supply=supply)
        .select_related("priority")
        .order_by("pk")
    )
    require(needs, _("没有待满足的需求"))
    claims = [allocation.Claim(key=x.pk, rank=x.priority.rank, need=x.quantity - x.allocated) for x in needs]
    shares = allocation.allocate(n, claims)
    given = sum(shares.values())
    run = AllocationRun.objects.create(
        campaign=supply.campaign,
        supply=supply,
        quantity=given,
        rule=allocation.RULE,
        inputs={
            "stock_offered": n,
            "available_before": available,
            "classes": {str(k.rank): k.name for k in supply.campaign.classes.all()},
            "claims": [
                {"need": c.key, "enterprise": x.enterprise_id, "rank": c.rank, "open": c.need}
                for c, x in zip(claims, needs, strict=True)
            ],
        },
        run_by=actor,
    )
    for x in needs:
        got = shares[x.pk]
        if not got:
            continue
        Allocation.objects.create(zone_id=x.zone_id, run=run, need=x, quantity=got)
        x.allocated += got
        x.version += 1
        x.save(update_fields=["allocated", "version", "updated_at"])
        notify(
            enterprise_users(x.enterprise_id),
            kind="emergency",
            # in each enterprise user's own language, not the allocator's (core.notify.Text)
            title=Text(
                gettext_lazy("%(item)s已为贵企业分配%(n)d%(unit)s"),
                item=supply.name,
                n=got,
                unit=unit_label(supply.unit),
            ),
            url=reverse("emergency:mine"),
            zone_id=x.zone_id,
            key=f"emergency.run.{run.pk}.{x.pk}",
        )
    supply.allocated += given
    supply.version += 1
    supply.save(update_fields=["allocated", "version"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        changes={"quantity": [None, given], "needs": [None, len(needs)]},
        note="应急物资分配",
    )
    return run


@transaction.atomic
def deliver(
    *, actor, allocation_id, quantity, delivered_on=None, note: str = "", version: int | None = None
) -> Delivery:
    """A (partial) delivery against an allocation; never beyond what was allocated, never dated after today nor
    before the run's day (Beijing time) or the campaign's first day (else it could count in the first week).
    ``version``: the allocation's, as the caller's page showed it; a stale one (the same delivery posted twice,
    or one recorded meanwhile by someone else) is refused (409); None: not checked."""
    a = locked(
        Allocation,
        allocation_id,
        actor=actor,
        version=version,
        what=_("分配"),
        related=("run__campaign",),
        conflict=_("该分配刚登记过送达，请刷新页面，确认后再登记"),
    )
    if not can(actor, "create", Delivery):
        raise PermissionDeniedError(_("您无权登记送达"))
    n = _units(quantity, "quantity")
    left = a.quantity - a.delivered
    require(
        n <= left,
        _("送达数量（%(n)d）超过尚未送达的分配数量（%(left)d）") % {"n": n, "left": left},
        "quantity",
    )
    day = _day(delivered_on, "delivered_on") if delivered_on not in (None, "") else timezone.localdate()
    require(day <= timezone.localdate(), _("送达日期不能晚于今天"), "delivered_on")
    starts_on = a.run.campaign.starts_on
    require(
        day >= starts_on,
        _("送达日期不能早于行动开始日期（%(d)s）") % {"d": show(starts_on)},
        "delivered_on",
    )
    run_day = timezone.localdate(a.run.run_at)
    require(day >= run_day, _("送达日期不能早于分配日期（%(d)s）") % {"d": show(run_day)}, "delivered_on")
    d = Delivery(
        zone_id=a.zone_id,
        allocation=a,
        quantity=n,
        delivered_on=day,
        note=clean_text(note, "note", max_length=200),
        recorded_by=actor,
    )
    clean(d)
    d.save()
    a.delivered += n
    a.version += 1
    a.save(update_fields=["delivered", "version", "updated_at"])
    audit.record(actor=actor, action=AuditAction.CREATE, obj=d, note="应急物资送达")
    return d


@transaction.atomic
def plan_set(
    *, actor, campaign_id, enterprise_id, text, contact, status=PlanStatus.DRAFT, version=None
) -> FirmPlan:
    """一企一策: create or change the firm's plan in an open campaign that reaches the firm (as a need).
    ``version`` is the one the editor read (0: they saw no plan); a stale one is refused (409), not
    overwritten; None: not checked."""
    if not can(actor, "create", FirmPlan):
        raise PermissionDeniedError(_("您无权制定一企一策"))
    enterprise = in_scope(Enterprise, enterprise_id, actor=actor, what=_("企业"))
    campaign = _open_campaign(actor, campaign_id, enterprise=enterprise, doing=_("制定一企一策"))
    require(status in PlanStatus.values, _("未知的状态"), "status")
    conflict = _("该企业在本行动中的一企一策已存在或刚被他人修改，请刷新后在最新内容上修改")
    plan = FirmPlan.objects.select_for_update().filter(campaign=campaign, enterprise=enterprise).first()
    if plan is not None:
        plan = locked(FirmPlan, plan, actor=actor, version=version, conflict=conflict)
        before = audit.snapshot(plan)
    else:
        plan = FirmPlan(campaign=campaign, enterprise=enterprise, zone_id=enterprise.zone_id)
        before = None
    plan.text = require_text(text, "text", _("请填写帮扶措施"), max_length=4000)
    plan.contact = require_text(contact, "contact", _("请填写联络人及电话"), max_length=60)
    plan.status = status
    plan.updated_by = actor
    plan.version += 1
    if before is not None:
        audit.saved(actor, plan, before, note="一企一策")
        return plan
    # No row was there to lock: two first plans for the firm can both get here, and on PostgreSQL the second
    # insert waits for the first and breaks the unique constraint. The savepoint keeps the transaction usable
    # and the editor is told to refresh (409), as when the plan existed.
    clean(plan)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        if FirmPlan.objects.filter(campaign=campaign, enterprise=enterprise).exists():
            raise ConflictError(conflict) from None
        raise
    audit.record(actor=actor, action=AuditAction.CREATE, obj=plan, note="一企一策")
    return plan
