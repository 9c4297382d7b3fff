"""A campaign's start (with its priority classes and supplies), its close (a declared move: a closed campaign takes
no new need, plan, stock or allocation) and the stock it receives."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    clean,
    clean_text,
    require,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import City, Zone
from devzone.core.notify import Text, notify, zone_users
from devzone.core.schemas import EARLIEST
from devzone.core.templatetags.devzone import show
from devzone.core.transitions import Move, Transitions
from devzone.emergency.choices import CampaignKind, CampaignStatus
from devzone.emergency.models import AllocationRun, Campaign, PriorityClass, Supply
from devzone.emergency.services.common import (
    MAX_STOCK,
    MAX_UNITS,
    _day,
    _locked_campaign,
    _require_open,
    _units,
    unit_label,
)

MAX_CLASSES = 10  # priority classes of a campaign (a page offers a few rows; the API takes at most this many)
MAX_SUPPLIES = 50

CAMPAIGN_MOVES = Transitions(
    moves={
        "close": Move(
            sources={CampaignStatus.OPEN}, target=CampaignStatus.CLOSED, label=gettext_lazy("结束行动")
        )
    }
)


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
    title = Text(gettext_lazy("新的应急保障行动：%(name)s，请组织企业填报物资需求"), name=campaign.name)
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


def _last_run_day(c: Campaign) -> dt.date | None:
    """The Beijing-time day of the campaign's latest allocation run: a campaign never ends before it (a closed
    campaign takes no allocation, so its record may not say it allocated after it ended)."""
    last_run = AllocationRun.objects.filter(campaign=c).aggregate(at=Max("run_at"))["at"]
    return timezone.localdate(last_run) if last_run else None


@transaction.atomic
def campaign_close(*, actor, campaign, version: int | None = None, ends_on=None) -> Campaign:
    """The campaign ends on ``ends_on`` (default: today, Beijing time), by whoever may change it
    (emergency.access: the city's officer, the system): from then on it takes no new need, plan, stock or
    allocation; deliveries against its allocations are still recorded. Not before its first day, nor after
    today, nor before the day of its latest allocation run (``_last_run_day``). ``version``: the one the caller saw
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
    run_day = _last_run_day(c)
    if run_day is not None:
        require(
            day >= run_day,
            _("结束日期不能早于本行动最近一次分配物资的日期（%(d)s）") % {"d": show(run_day)},
            "ends_on",
        )
    c.ends_on = day
    return CAMPAIGN_MOVES.apply(c, "close", actor=actor, note=show(day), fields=("ends_on",))


def supply_conflict(supply_name: str) -> str:
    """The refusal of a quantity posted from a page that no longer shows the supply as it is (a double click, a
    form sent again, another officer's arrival or run meanwhile)."""
    return _("“%(item)s”的库存或分配刚有变动，请刷新页面，确认后再提交") % {"item": supply_name}


@transaction.atomic
def stock_receive(*, actor, supply_id, quantity, version: int | None = None) -> Supply:
    """Stock arrived: the supply's stock grows by ``quantity`` units (not once its campaign has ended), each
    arrival at most MAX_UNITS and the stock in all at most MAX_STOCK. ``version``: the supply's, as the caller's
    page showed it; a stale one (the same arrival posted twice) is refused (409); None: not checked."""
    supply = locked(Supply, supply_id, actor=actor, what=_("物资"), related=("campaign",))
    if version is not None and supply.version != version:
        raise ConflictError(supply_conflict(supply.name))
    # the campaign's row locked too, as allocate does: a close committed meanwhile is seen, and waits otherwise
    supply.campaign = _locked_campaign(supply.campaign_id)
    _require_open(supply.campaign, _("登记到货"))
    n = _units(quantity, "quantity")
    require(
        supply.stock + n <= MAX_STOCK,
        _("累计到货不能超过%(max)s%(unit)s（已到货%(have)s%(unit)s）")
        % {"max": f"{MAX_STOCK:,}", "have": f"{supply.stock:,}", "unit": unit_label(supply.unit)},
        "quantity",
    )
    before = supply.stock
    supply.stock = F("stock") + n
    supply.version += 1
    supply.save(update_fields=["stock", "version"])
    supply.refresh_from_db()
    audit.changed(actor, supply, "stock", before, supply.stock, note="物资到货")
    return supply
