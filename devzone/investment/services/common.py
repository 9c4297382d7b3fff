"""What every write of 大招商 shares: the zone's rules, the lead read under lock, the checks of free texts,
dates and amounts, the lead's timeline and its save, the duplicate search and the leaders' notices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from devzone.core import audit, registry
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, clean, clean_text, labelled, require
from devzone.core.locking import locked
from devzone.core.models import Industry, Staff, Zone
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.core.notify import Text, notify, stored, zone_users
from devzone.core.schemas import EARLIEST
from devzone.investment.choices import LogKind
from devzone.investment.dedupe import name_key
from devzone.investment.models import InvestmentSettings, Lead, LeadLog, TeamMember

LONG_TEXT = 2000  # the longest free text (notes, records, activity contents)


class DuplicateLead(DomainError):
    """A second lead for a firm already in the zone's pipeline: the page shows the existing one and offers to
    merge the new details into it."""

    status = 409

    def __init__(self, existing: Lead, by: str):
        what = _("统一社会信用代码") if by == "credit_code" else _("企业名称")
        message = _(
            "该企业已在本开发区的招商线索中（按%(what)s匹配）：%(name)s，可将新信息合并到已有线索"
        ) % {"what": what, "name": existing.company_name}
        super().__init__(message, {by: [message]})
        self.existing = existing
        self.by = by


# --- the zone's rules ------------------------------------------------------------------------------------
def settings_for(zone_id: int) -> InvestmentSettings:
    row = InvestmentSettings.objects.filter(zone_id=zone_id).first()
    if row is None:
        row, _created = InvestmentSettings.objects.get_or_create(zone_id=zone_id)
    return row


def leading_codes(zone_id: int) -> list[str]:
    """The zone's leading industries: those of its current industry plan (市级统筹, read through the core
    registry), else the zone's own field."""
    planned = registry.leading_for(zone_id)
    if planned is not None:
        return list(planned)
    return list(
        Zone.leading_industries.through.objects.filter(zone_id=zone_id).values_list("industry_id", flat=True)
    )


def section(industry: Industry) -> str:
    return industry.parent_id or industry.pk


# --- checks on the input ---------------------------------------------------------------------------------
def labelled_text(value, field: str, label: str, max_length: int = LONG_TEXT) -> str:
    """``core.errors.clean_text`` with the field's label in the message (several texts are checked at once)."""
    try:
        return clean_text(value, field, max_length=max_length)
    except DomainError as e:
        raise DomainError.on(field, labelled(label, e.message) if label else e.message) from None


def check_texts(model: type[models.Model], limits: dict[str, int], **values) -> None:
    """Free texts of a row before it is matched or saved: every problem at once, each under its field."""
    labels = {f.name: f.verbose_name for f in model._meta.concrete_fields}
    errors = {}
    for name, value in values.items():
        try:
            labelled_text(value, name, labels.get(name, ""), limits.get(name, LONG_TEXT))
        except DomainError as e:
            errors[name] = e.message
    if errors:
        raise DomainError.of(errors)


def validate(instance: models.Model) -> None:
    """The model's own checks, and no NUL character or over-long text in any text column (PostgreSQL would
    refuse a NUL with a server error)."""
    limits = {
        f.name: (f.max_length if isinstance(f, models.CharField) and f.max_length else LONG_TEXT)
        for f in instance._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
    }
    check_texts(type(instance), limits, **{n: getattr(instance, n) for n in limits})
    clean(instance)


def day(field: str, value, label: str, future_days: int = 0) -> dt.date:
    """The domain's date range: a date that happened (or, with ``future_days``, is planned at most that far
    ahead), not before 2000."""
    today = timezone.localdate()
    latest = today + dt.timedelta(days=future_days)
    if value is None:
        problem = _("请填写日期")
    elif value < EARLIEST:
        problem = _("日期不能早于%(d)s") % {"d": date_format(EARLIEST, "DATE_FORMAT")}
    elif value > latest and future_days:
        problem = _("日期不能晚于%(d)s") % {"d": date_format(latest, "DATE_FORMAT")}
    elif value > latest:
        problem = _("日期不能晚于今天（%(d)s）") % {"d": date_format(today, "DATE_FORMAT")}
    else:
        return value
    raise DomainError.on(field, labelled(label, problem))


def check_amount(value, field: str, label: str) -> None:
    """An amount in 万元: a number, not negative, at most 10,000 亿元, with at most two decimals."""
    if value is None:
        return
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    if not value.is_finite():
        raise DomainError.on(field, _("%(l)s不是有效的数字") % {"l": label})
    if value < 0:
        raise DomainError(_("%(l)s不能为负数") % {"l": label}, {field: [_("不能为负数")]})
    require(value <= MAX_AMOUNT_WAN, _("%(l)s超过上限（10,000亿元）") % {"l": label}, field)
    require(value == value.quantize(Decimal("0.01")), _("%(l)s最多两位小数（万元）") % {"l": label}, field)


# --- the lead under lock, its save and its timeline -----------------------------------------------------
def lock_lead(
    lead: Lead, actor, version: int | None = None, action: str = "change", conflict: str = ""
) -> Lead:
    """The lead re-read in the actor's scope under lock (404 / 403 by ``core.locking``); 409 (``conflict`` the
    message when the write needs its own) when ``version``, the one the form read, is stale — unless only
    follow-up records came after it (``Lead.only_records_since``: a record changes nothing a form shows, and an
    officer noting a call must not make a leader's owner or stage form fail). A lead merged into another is
    worked on there."""
    row = locked(Lead, lead, actor=actor, action=action, what=_("线索"), forbidden=_("您无权修改此线索"))
    if version is not None and version != row.version and not row.only_records_since(version):
        raise ConflictError(conflict or _("该线索刚被他人修改过，请刷新后重试"))
    if row.merged_into_id is not None:
        raise DomainError(_("该线索已并入“%(name)s”，请在那条线索上操作") % {"name": row.merged_into})
    return row


def log_entry(lead: Lead, actor, kind: str, on: dt.date, text: str = "", **extra) -> LeadLog:
    """An unsaved line of the lead's timeline, written by ``actor`` (``log`` saves one, a bulk write many)."""
    return LeadLog(
        zone_id=lead.zone_id,
        lead=lead,
        kind=kind,
        on=on,
        text=text,
        actor=actor,
        actor_label=audit.actor_label(actor)[:80],
        **extra,
    )


def log(lead: Lead, actor, kind: str, on: dt.date, text: str = "", **extra) -> LeadLog:
    entry = log_entry(lead, actor, kind, on, text, **extra)
    entry.save(force_insert=True)
    return entry


def save(lead: Lead, actor, before: dict | None, note: str, action=AuditAction.UPDATE) -> Lead:
    lead.version += 1
    try:
        with transaction.atomic():
            lead.save()
    except IntegrityError:
        raise DomainError(_("与已有线索重复")) from None
    after = audit.snapshot(lead)
    audit.record(actor=actor, action=action, obj=lead, changes=audit.diff(before or {}, after), note=note)
    return lead


def audit_created(actor, obj: models.Model) -> None:
    audit.record(actor=actor, action=AuditAction.CREATE, obj=obj, changes=audit.diff({}, audit.snapshot(obj)))


def touch(lead: Lead, on: dt.date) -> None:
    if lead.last_activity_on is None or on > lead.last_activity_on:
        lead.last_activity_on = on
    lead.is_stale = False


def notify_leaders(lead: Lead, title: Text, kind: str) -> None:
    """The zone's leaders are told, each in their own language, not the actor's (``core.notify.Text``)."""
    notify(
        zone_users(lead.zone_id, roles=[Role.ZONE_LEADER]),
        kind=kind,
        title=title,
        url=lead.get_absolute_url(),
        zone_id=lead.zone_id,
        key=f"{kind}-{lead.pk}",
    )


# --- the pipeline ------------------------------------------------------------------------------------------
def find_duplicate(
    zone_id: int, *, credit_code: str, company_name: str, exclude_pk=None
) -> tuple[Lead, str] | None:
    qs = Lead.objects.filter(zone_id=zone_id, merged_into__isnull=True)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    code = (credit_code or "").strip().upper()
    if code:
        hit = qs.filter(credit_code=code).first()
        if hit:
            return hit, "credit_code"
    key = name_key(company_name)
    if key:
        hit = qs.filter(name_key=key).first()
        if hit:
            return hit, "company_name"
    return None


def owner_refusal(owner: Staff, member: TeamMember | None, busy: int) -> str | None:
    """The capacity rule, in one place: why ``owner`` may not own one more active lead of a team, or None.
    ``member`` is their active membership of the lead's team (None when they are not an active member), ``busy``
    the active leads they own in every team, the lead itself left out."""
    if member is None:
        return _("负责人须是该小分队的在队队员")
    if busy >= member.capacity:
        return _("%(name)s在跟线索已达容量上限（%(n)s条）") % {"name": owner.name, "n": member.capacity}
    return None


def lock_staff(staff_ids) -> None:
    """The owners' staff rows locked (by id, always in that order) before their leads are counted. The lock is
    taken here, not through ``core.locking.locked``: the actor changes no staff row and may have no right to."""
    ids = sorted(set(staff_ids))
    list(Staff.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def check_owner(lead: Lead, owner: Staff | None) -> None:
    """The owner is an active member of the lead's team with room for one more active lead (``owner_refusal``).

    The capacity counts the owner's active leads in every team, so the owner's staff row is locked before they
    are counted: two assignments to one person at the same moment take turns, and the second counts the first
    (PostgreSQL reads each statement afresh once the lock is held). Callers hold the lead's lock first (lead,
    then owner, always in that order), so two such writes never wait on each other in a circle."""
    if owner is None:
        return
    lock_staff([owner.pk])
    member = TeamMember.objects.filter(team_id=lead.team_id, staff=owner, is_active=True).first()
    busy = Lead.objects.filter(owner=owner, is_active=True).exclude(pk=lead.pk).count()
    problem = owner_refusal(owner, member, busy)
    require(problem is None, problem, "owner")


def place_owners(leads: list[Lead]) -> list[tuple[Lead, Staff]]:
    """Leads coming back into the working list at once (a refit after the leading industries changed), each
    keeping its owner only while ``owner_refusal`` lets it, in the order given: the leads its owner has no room
    for lose the owner (``row.owner`` set to None; the caller writes the rows). Returns those (lead, owner
    dropped). The same rule and locks as ``check_owner``, counted once per owner instead of once per lead: the
    caller holds the leads' locks, and none of them is active yet."""
    owned = [x for x in leads if x.owner_id is not None]
    if not owned:
        return []
    owners = {x.owner_id for x in owned}
    lock_staff(owners)
    staff = Staff.objects.in_bulk(owners)
    members = {
        (m.team_id, m.staff_id): m
        for m in TeamMember.objects.filter(
            staff_id__in=owners, is_active=True, team_id__in={x.team_id for x in owned}
        )
    }
    busy = dict(
        Lead.objects.filter(owner_id__in=owners, is_active=True)
        .values("owner_id")
        .order_by()
        .annotate(n=models.Count("pk"))
        .values_list("owner_id", "n")
    )
    dropped = []
    for row in owned:
        owner = staff[row.owner_id]
        if owner_refusal(owner, members.get((row.team_id, row.owner_id)), busy.get(row.owner_id, 0)):
            row.owner = None
            dropped.append((row, owner))
        else:
            busy[row.owner_id] = busy.get(row.owner_id, 0) + 1
    return dropped


def drop_unqualified_owner(row: Lead) -> Staff | None:
    """A lead whose team or state changes keeps its owner only while the owner may own it (``check_owner``: an
    active member of its team with room for it); otherwise it has no owner. Returns the owner dropped (the
    caller saves the row, then tells with ``tell_unassigned``). The caller holds the lead's lock: the owner's
    staff row is locked after it."""
    if row.owner_id is None:
        return None
    try:
        check_owner(row, row.owner)
    except DomainError:
        dropped, row.owner = row.owner, None
        return dropped
    return None


def tell_unassigned(row: Lead, actor, dropped: Staff, *, why, title, **params) -> None:
    """The timeline records that the lead lost its owner (``why``, a ``gettext_lazy`` text naming
    ``%(name)s``, kept in the site's language), and the zone's leaders but the actor (who reads it on the page)
    are told ``title``, each in their own language, that it needs one: a ``gettext_lazy`` text naming the lead
    ``%(lead)s``, the owner ``%(name)s`` and whatever else ``params`` give."""
    log(row, actor, LogKind.OWNER, timezone.localdate(), stored(why, name=dropped.name))
    notify(
        [u for u in zone_users(row.zone_id, roles=[Role.ZONE_LEADER]) if u != actor.pk],
        kind="investment.unassigned",
        title=Text(title, lead=str(row), **params, name=dropped.name),
        url=row.get_absolute_url(),
        zone_id=row.zone_id,
        key=f"investment.unassigned-{row.pk}-{row.version}",
    )
