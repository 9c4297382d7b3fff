"""Writes of 应急保障, each checked, saved and audited in one transaction: a campaign with its priority classes
and supplies, its close (a declared move: a closed campaign takes no new need, plan, stock or allocation), stock
received, an enterprise's need (by the firm itself or entered by staff), the allocation run
(locks the supply and its open needs, applies emergency.allocation, records who ran it, the rule and the
inputs), deliveries against an allocation, and the firm's plan (一企一策)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    clean,
    clean_text,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import City, Enterprise, Zone
from devzone.core.notify import Text, enterprise_users, notify, zone_users
from devzone.core.schemas import EARLIEST
from devzone.core.templatetags.devzone import show
from devzone.core.transitions import Move, Transitions
from devzone.emergency import allocation
from devzone.emergency.choices import CampaignKind, CampaignStatus, PlanStatus
from devzone.emergency.models import (
    Allocation,
    AllocationRun,
    Campaign,
    Delivery,
    FirmPlan,
    Need,
    PriorityClass,
    Supply,
)

MAX_UNITS = 100_000_000
MAX_CLASSES = 10  # priority classes of a campaign (a page offers a few rows; the API takes at most this many)
MAX_SUPPLIES = 50

CAMPAIGN_MOVES = Transitions(
    moves={
        "close": Move(sources={CampaignStatus.OPEN}, target=CampaignStatus.CLOSED, label=_lazy("结束行动"))
    }
)


def _units(value, field: str) -> int:
    """A whole number of units above 0."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError.on(field, _("数量须为正整数")) from None
    require(n > 0, _("数量须大于0"), field)
    require(n <= MAX_UNITS, _("数量过大"), field)
    return n


def _day(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError.on(field, _("日期格式应为YYYY-MM-DD")) from None


class _Refusals:
    """The refusals of a form's several fields, gathered so that the page shows them all at once (and the API lists
    them all under ``errors``); a refusal of the whole request (403, 404) is not gathered: it is raised."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def check(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)``, or None when it refused its input (the refusal kept)."""
        try:
            return fn(*args, **kwargs)
        except DomainError as e:
            if type(e) is not DomainError:
                raise
            for field, messages in (e.errors or {"__all__": [e.message]}).items():
                self.errors.setdefault(field, []).extend(messages)
            return None

    def raise_any(self) -> None:
        if self.errors:
            raise DomainError.of(self.errors)


def _given_rows(items) -> list[tuple[int, dict]]:
    """The rows of a list that hold something, each with its position (its refusals name it: ``classes.2.name``):
    the page's form offers a few rows and leaves those it does not need blank."""
    return [
        (i, item)
        for i, item in enumerate(items or [])
        if any(v is not None and str(v).strip() for v in item.values())
    ]


def _stock(value, field: str) -> int:
    """The stock a supply starts with: blank is 0, else a whole number from 0."""
    if value is None or str(value).strip() == "":
        return 0
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError.on(field, _("库存须为不小于0的整数")) from None
    require(n >= 0, _("库存须为不小于0的整数"), field)
    require(n <= MAX_UNITS, _("数量过大"), field)
    return n


def _tell_zones(campaign: Campaign, actor) -> None:
    """The leaders and agents of each zone the campaign reaches (its zone, or every zone in being of its city)
    hear of it: they enter their firms' needs and keep their plans (emergency.access)."""
    if campaign.zone_id:
        zone_ids = [campaign.zone_id]
    else:
        zone_ids = list(
            Zone.objects.filter(city_id=campaign.city_id, merged_into__isnull=True).values_list(
                "pk", flat=True
            )
        )
    # in each reader's own language, not the organiser's (core.notify.Text)
    title = Text(_lazy("新的应急保障行动：%(name)s，请组织企业填报物资需求"), name=campaign.name)
    url = reverse("emergency:campaign", args=[campaign.pk])
    for zone_id in zone_ids:
        notify(
            [u for u in zone_users(zone_id, roles=[Role.ZONE_LEADER, Role.AGENT]) if u != actor.pk],
            kind="emergency",
            title=title,
            url=url,
            zone_id=zone_id,
            key=f"emergency.campaign.{campaign.pk}",
        )


def _row_names(refused, rows, field: str, empty: str, twice: str) -> list:
    """Each given row's name (required, at most 40 characters, once in the list), refusals on
    ``<field>.<row>.name``; a refused name stands as None."""
    names, seen = [], set()
    for i, row in rows:
        n = refused.check(require_text, row.get("name"), f"{field}.{i}.name", empty, max_length=40)
        if n and n in seen:
            refused.add(f"{field}.{i}.name", twice % {"n": n})
        seen.add(n)
        names.append(n)
    return names


@transaction.atomic
def campaign_start(
    *,
    actor,
    name,
    kind,
    classes,
    supplies,
    starts_on=None,
    zone_id=None,
    basis: str = "",
    reported: str = "",
) -> Campaign:
    """发起应急保障行动, by whoever may create campaigns (emergency.access: the city's officer, the system): a
    campaign of the actor's city, or of one zone in being of it (``zone_id``), with its priority classes, highest
    first (``[{"name", "rule"}]``), and its supplies (``[{"name", "unit", "stock"}]``); rows left blank are
    skipped. It starts on ``starts_on`` (default: today, Beijing time), never later than today (as a close is
    never dated after today, and a campaign that has not begun would take needs and could not be closed); an
    earlier day records a campaign entered late, which the first-week figure cannot profit from (a delivery is
    never dated before its allocation run). One open campaign of a name in a city: a second submission of the
    same form is refused. Every refusal of the input is given at once, nothing saved; the zones it reaches are
    told (their leaders and agents)."""
    if not can(actor, "create", Campaign):
        raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": _("发起应急保障行动")})
    zone = None
    if zone_id not in (None, ""):
        zone = in_scope(Zone, zone_id, actor=actor, what=_("开发区"))
    city_id = zone.city_id if zone is not None else reach_of(actor).city_id
    require(city_id is not None, _("您没有所属城市"))
    # the city's row locked: two submissions of the same form meet at the duplicate check one after the other
    City.objects.select_for_update().filter(pk=city_id).first()
    refused = _Refusals()
    if zone is not None and zone.merged_into_id is not None:
        refused.add("zone", _("该开发区已并入%(z)s，请为%(z)s发起行动") % {"z": zone.merged_into})
    title = refused.check(require_text, name, "name", _("请填写名称"), max_length=80)
    if title and Campaign.objects.filter(city_id=city_id, name=title, status=CampaignStatus.OPEN).exists():
        refused.add("name", _("本市已有进行中的同名行动“%(name)s”") % {"name": title})
    if kind not in CampaignKind.values:
        refused.add("kind", _("未知的行动类型"))
    today = timezone.localdate()
    day = today if starts_on in (None, "") else refused.check(_day, starts_on, "starts_on")
    if day is not None and day > today:
        refused.add("starts_on", _("开始日期不能晚于今天"))
    elif day is not None and day < EARLIEST:
        refused.add("starts_on", _("开始日期不能早于%(d)s") % {"d": show(EARLIEST)})
    basis = refused.check(clean_text, basis, "basis", max_length=200)
    reported = refused.check(clean_text, reported, "reported", max_length=60)

    class_rows, supply_rows = _given_rows(classes), _given_rows(supplies)
    if not class_rows:
        refused.add("classes", _("至少须有一个优先级"))
    if len(class_rows) > MAX_CLASSES:
        refused.add("classes", _("优先级最多%(n)d个") % {"n": MAX_CLASSES})
    if not supply_rows:
        refused.add("supplies", _("至少须有一种物资"))
    if len(supply_rows) > MAX_SUPPLIES:
        refused.add("supplies", _("物资最多%(n)d种") % {"n": MAX_SUPPLIES})
    class_names = _row_names(
        refused, class_rows, "classes", _("请填写优先级名称"), _("优先级名称重复：%(n)s")
    )
    ranks = [
        (n, refused.check(clean_text, k.get("rule"), f"classes.{i}.rule", max_length=200))
        for n, (i, k) in zip(class_names, class_rows, strict=True)
    ]
    supply_names = _row_names(refused, supply_rows, "supplies", _("请填写物资名称"), _("物资名称重复：%(n)s"))
    stocks = [
        (
            n,
            refused.check(clean_text, s.get("unit"), f"supplies.{i}.unit", max_length=10) or "个",
            refused.check(_stock, s.get("stock"), f"supplies.{i}.stock"),
        )
        for n, (i, s) in zip(supply_names, supply_rows, strict=True)
    ]
    refused.raise_any()

    c = Campaign(
        city_id=city_id,
        zone=zone,
        name=title,
        kind=kind,
        starts_on=day,
        basis=basis,
        reported=reported,
        created_by=actor,
    )
    clean(c)
    c.save()
    PriorityClass.objects.bulk_create(
        [PriorityClass(campaign=c, rank=rank, name=n, rule=rule) for rank, (n, rule) in enumerate(ranks)]
    )
    Supply.objects.bulk_create([Supply(campaign=c, name=n, unit=u, stock=st) for n, u, st in stocks])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=c,
        changes={
            **audit.diff({}, audit.snapshot(c)),
            "classes": [None, [n for n, _rule in ranks]],
            "supplies": [None, [f"{n} {st}{u}" for n, u, st in stocks]],
        },
        note="应急保障行动",
    )
    _tell_zones(c, actor)
    return c


@transaction.atomic
def campaign_close(*, actor, campaign, version: int | None = None, ends_on=None) -> Campaign:
    """The campaign ends on ``ends_on`` (default: today, Beijing time), by whoever may change it
    (emergency.access: the city's officer, the system): from then on it takes no new need, plan, stock or
    allocation; deliveries against its allocations are still recorded. ``version``: the one the caller saw
    (a stale one is 409); None: not checked."""
    c = locked(Campaign, campaign, actor=actor, version=version, what=_("应急保障行动"))
    CAMPAIGN_MOVES.check(c, "close")
    today = timezone.localdate()
    day = _day(ends_on, "ends_on") if ends_on not in (None, "") else today
    require(
        day >= c.starts_on,
        _("结束日期不能早于行动开始日期（%(d)s）") % {"d": show(c.starts_on)},
        "ends_on",
    )
    require(day <= today, _("结束日期不能晚于今天"), "ends_on")
    c.ends_on = day
    return CAMPAIGN_MOVES.apply(c, "close", actor=actor, note=show(day), fields=("ends_on",))


def _require_open(campaign: Campaign, doing: str) -> None:
    """A closed campaign refuses what would add to it, saying when it ended."""
    if campaign.status == CampaignStatus.OPEN:
        return
    if campaign.ends_on is not None:
        message = _("该行动已于%(day)s结束，不能再%(doing)s") % {
            "day": show(campaign.ends_on),
            "doing": doing,
        }
    else:
        message = _("该行动已结束，不能再%(doing)s") % {"doing": doing}
    raise DomainError.on("__all__", message)


@transaction.atomic
def stock_receive(*, actor, supply_id, quantity) -> Supply:
    """Stock arrived: the supply's stock grows by ``quantity`` units (not once its campaign has ended)."""
    supply = locked(Supply, supply_id, actor=actor, what=_("物资"), related=("campaign",))
    _require_open(supply.campaign, _("登记到货"))
    n = _units(quantity, "quantity")
    before = supply.stock
    supply.stock = F("stock") + n
    supply.save(update_fields=["stock"])
    supply.refresh_from_db()
    audit.changed(actor, supply, "stock", before, supply.stock, note="物资到货")
    return supply


def _open_campaign(actor, campaign_id, *, enterprise: Enterprise, doing: str) -> Campaign:
    """The campaign, if it reaches the enterprise (its city; its zone when it has one), else 404; and if it is
    open, else a refusal saying it has ended."""
    c = Campaign.objects.filter(pk=campaign_id, city_id=enterprise.zone.city_id).first()
    if c is None or (c.zone_id and c.zone_id != enterprise.zone_id):
        raise NotFoundError(_("%(what)s不存在") % {"what": _("应急保障行动")})
    _require_open(c, doing)
    return c


def need_arguments(data) -> dict:
    """A need as posted, by the page's form or in the API's body (the same names), as ``need_submit``'s
    arguments (the campaign and the enterprise aside: each caller knows them its own way)."""
    return {
        "supply_id": data["supply"],
        "quantity": data["quantity"],
        "use": data["use"],
        "priority_id": data["priority"],
        "evidence": data["evidence"],
    }


@transaction.atomic
def need_submit(
    *, actor, campaign_id, supply_id, quantity, use, priority_id, evidence: str = "", enterprise_id=None
) -> Need:
    """An enterprise's need: an enterprise user submits its own; staff enter one for a firm in their reach."""
    if not can(actor, "create", Need):
        raise PermissionDeniedError(_("您无权填报应急物资需求"))
    r = reach_of(actor)
    if r.kind == "enterprise":
        enterprise = Enterprise.objects.select_related("zone").filter(pk=r.enterprise_id).first()
        require(enterprise is not None, _("您的账号未关联企业"))
    else:
        require(enterprise_id not in (None, ""), _("请选择企业"), "enterprise")
        enterprise = in_scope(Enterprise, enterprise_id, actor=actor, what=_("企业"))
    campaign = _open_campaign(actor, campaign_id, enterprise=enterprise, doing=_("填报需求"))
    supply = Supply.objects.filter(campaign=campaign, pk=supply_id).first()
    require(supply is not None, _("请选择本次行动的物资"), "supply")
    priority = PriorityClass.objects.filter(campaign=campaign, pk=priority_id).first()
    require(priority is not None, _("请选择优先级"), "priority")
    need = Need(
        zone_id=enterprise.zone_id,
        campaign=campaign,
        enterprise=enterprise,
        supply=supply,
        quantity=_units(quantity, "quantity"),
        use=require_text(use, "use", _("请填写用途"), max_length=200),
        priority=priority,
        evidence=clean_text(evidence, "evidence", max_length=200),
        submitted_by=actor,
    )
    require(priority.rank == max_rank(campaign) or need.evidence, _("申报优先级须附佐证"), "evidence")
    clean(need)
    need.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=need, note="应急物资需求")
    return need


def max_rank(campaign: Campaign) -> int:
    """The lowest class (the last one) needs no evidence."""
    return max(campaign.classes.values_list("rank", flat=True), default=0)


@transaction.atomic
def allocate(*, actor, supply_id, quantity=None) -> AllocationRun:
    """Share ``quantity`` units of the supply (default: all the stock not yet allocated) among its open needs
    by emergency.allocation. More than the available stock, or nothing to share, is refused, nothing changed."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("分配应急物资"))
    supply = locked(Supply, supply_id, actor=actor, what=_("物资"), related=("campaign",))
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
        .filter(supply=supply, allocated__lt=F("quantity"))
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
                _lazy("%(item)s已为贵企业分配%(n)d%(unit)s"), item=supply.name, n=got, unit=supply.unit
            ),
            url=reverse("emergency:mine"),
            zone_id=x.zone_id,
            key=f"emergency.run.{run.pk}.{x.pk}",
        )
    supply.allocated += given
    supply.save(update_fields=["allocated"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        changes={"quantity": [None, given], "needs": [None, len(needs)]},
        note="应急物资分配",
    )
    return run


@transaction.atomic
def deliver(*, actor, allocation_id, quantity, delivered_on=None, note: str = "") -> Delivery:
    """A (partial) delivery against an allocation; never beyond what was allocated, never dated after today nor
    before the run's day (Beijing time) or the campaign's first day (else it could count in the first week)."""
    a = locked(Allocation, allocation_id, actor=actor, what=_("分配"), related=("run__campaign",))
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
    a.save(update_fields=["delivered", "updated_at"])
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
