"""Writes of 职能目录与权责清单: a function decided, a draft of the power list (copied from the published one), its
powers added, changed (department, approval items) or removed — each raising the draft's version, so that 公布
publishes only the list its publisher read —, and its publication (refused while a power names an abolished
department or an approval item no longer in use; the previous version superseded, kept readable)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError, require, require_text
from devzone.core.locking import locked
from devzone.core.models import Department, Zone
from devzone.powers import selectors
from devzone.powers.choices import Disposition, ListStatus, PowerKind
from devzone.powers.models import Function, Power, PowerList


def _zone(actor, zone) -> Zone:
    found = Zone.objects.for_user(actor).filter(pk=getattr(zone, "pk", zone)).first() if _may(actor) else None
    if found is None:
        raise PermissionDeniedError(_("无权维护该开发区的职能目录与权责清单"))
    return found


def _may(actor) -> bool:
    from devzone.core.access import can

    return can(actor, "create", PowerList)


@transaction.atomic
def function_set(
    *, actor, zone, name: str, disposition: str, decided_on: dt.date, decision_no: str, receiver: str = ""
) -> Function:
    """Add a function to the zone's catalog, or change the decision on one (by name)."""
    zone = _zone(actor, zone)
    name = require_text(name, "name", _("请填写职能名称"), max_length=120)
    require(disposition in Disposition.values, _("请选择处置方式"), "disposition")
    require(decided_on is not None, _("请填写决定日期"), "decided_on")
    # the catalog records decisions taken: one dated after today is not a decision yet
    require(decided_on <= timezone.localdate(), _("决定日期不能晚于今天"), "decided_on")
    decision_no = require_text(decision_no, "decision_no", _("请填写决定文号"), max_length=60)
    receiver = (receiver or "").strip()[:80]
    require(disposition == Disposition.KEPT or receiver, _("剥离或交由市场的职能须写明承接单位"), "receiver")
    row, created = Function.objects.select_for_update().get_or_create(
        zone=zone,
        name=name,
        defaults={
            "disposition": disposition,
            "decided_on": decided_on,
            "decision_no": decision_no,
            "receiver": receiver,
        },
    )
    if created:
        audit.record(actor=actor, action=AuditAction.CREATE, obj=row, note=row.get_disposition_display())
        return row
    before = audit.snapshot(row)
    row.disposition, row.decided_on, row.decision_no, row.receiver = (
        disposition,
        decided_on,
        decision_no,
        receiver,
    )
    row.save()
    audit.updated(actor, row, before)
    return row


@transaction.atomic
def draft_open(*, actor, zone) -> PowerList:
    """The zone's draft (there is at most one): a copy of the published list's powers, to edit."""
    zone = _zone(actor, zone)
    draft = PowerList.objects.select_for_update().filter(zone=zone, status=ListStatus.DRAFT).first()
    if draft is not None:
        return draft
    number = (PowerList.objects.filter(zone=zone).aggregate(n=Max("number"))["n"] or 0) + 1
    # With no draft there is no row to lock: two officers opening the draft at once both get here with the same
    # number, and the unique (zone, number) constraint refuses the second insert. In a savepoint, so that the
    # refusal is a message and not a 500 (PostgreSQL aborts the whole transaction on the error otherwise).
    try:
        with transaction.atomic():
            draft = PowerList.objects.create(zone=zone, number=number)
    except IntegrityError:
        if PowerList.objects.filter(zone=zone, number=number).exists():
            raise ConflictError(_("刚有他人起草了该开发区的权责清单新版本，请刷新后打开草稿")) from None
        raise
    published = PowerList.objects.filter(zone=zone, status=ListStatus.PUBLISHED).first()
    if published is not None:
        for p in published.powers.prefetch_related("items"):
            copy = Power.objects.create(
                power_list=draft,
                kind=p.kind,
                name=p.name,
                legal_basis=p.legal_basis,
                department_id=p.department_id,
                accountability=p.accountability,
            )
            copy.items.set(p.items.all())
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=draft, note=_("起草权责清单第%(n)d版") % {"n": number}
    )
    return draft


def _draft(actor, power_list, version: int | None = None) -> PowerList:
    """The list, locked, a draft; at ``version`` when one is given (else 409)."""
    row = locked(PowerList, power_list, actor=actor, version=version, what=_("权责清单"))
    require(row.status == ListStatus.DRAFT, _("已公布的权责清单不能修改，请起草新版本"))
    return row


def _changed(draft: PowerList) -> None:
    """Every change of a draft's powers raises its version: the 公布 button carries the version its page showed,
    and a list changed since is not published unseen (409)."""
    draft.version += 1
    draft.save(update_fields=["version", "updated_at"])


def _department_and_items(draft: PowerList, department, items) -> tuple[Department, list]:
    """The department (of the draft's zone, not abolished) and the approval items (of the zone, in use)."""
    dept = Department.objects.filter(pk=getattr(department, "pk", department), zone_id=draft.zone_id).first()
    require(dept is not None, _("实施部门须为本开发区的部门"), "department")
    require(dept.abolished_on is None, _("该部门已撤销，请选择现有的部门"), "department")
    items = list(items or [])
    if any(i.zone_id != draft.zone_id for i in items):
        raise DomainError.on("items", _("对应审批事项须为本开发区的事项"))
    if any(not i.is_active for i in items):
        raise DomainError.on("items", _("对应审批事项须为在用的事项"))
    return dept, items


@transaction.atomic
def power_add(
    *,
    actor,
    power_list,
    kind: str,
    name: str,
    legal_basis: str,
    department,
    accountability: str,
    items=(),
    version: int | None = None,
) -> Power:
    """A power added to the draft. ``version``: the draft's, as the actor's page showed it (the page always sends
    it): a draft changed since — by the same form posted a moment before, a double click — is refused (409), so
    a power is not added twice. None: not checked (internal callers)."""
    draft = _draft(actor, power_list, version)
    require(kind in PowerKind.values, _("请选择权力类别"), "kind")
    name = require_text(name, "name", _("请填写权力事项名称"), max_length=120)
    legal_basis = require_text(
        legal_basis, "legal_basis", _("请写明设定依据（法律法规及条款）"), max_length=2000
    )
    accountability = require_text(accountability, "accountability", _("请写明追责情形"), max_length=2000)
    dept, items = _department_and_items(draft, department, items)
    power = Power.objects.create(
        power_list=draft,
        kind=kind,
        name=name,
        legal_basis=legal_basis,
        department=dept,
        accountability=accountability,
    )
    power.items.set(items)
    _changed(draft)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=power,
        changes=audit.diff({}, _power_snapshot(power)),
        note=f"{draft} {power.get_kind_display()}",
    )
    return power


def _power_snapshot(power: Power) -> dict:
    """What a power says — class, name, legal basis, department, accountability and approval items — for the
    trail: a power removed from a draft is gone, and its trail is all that says what it was."""
    return {**audit.snapshot(power), **audit.many_snapshot(power)}


def _draft_power(actor, power, version: int | None) -> tuple[Power, PowerList]:
    """The power in the actor's reach for ``change`` (else refused) and its list, locked, a draft, at the
    ``version`` the actor's page showed (the draft's: every change of its powers raises it; else 409)."""
    row = (
        Power.objects.for_user(actor, "change")
        .select_related("power_list", "department")
        .filter(pk=getattr(power, "pk", power))
        .first()
    )
    if row is None:
        raise PermissionDeniedError(_("无权修改该权责清单"))
    return row, _draft(actor, row.power_list, version)


@transaction.atomic
def power_change(*, actor, power, department, items=(), version: int | None = None) -> Power:
    """A draft's power exercised by another department, or through other approval items (the ones a version
    copied from the last may have been abolished, or gone out of use, since); audited. ``version``: the draft's
    version the actor's page showed (the page and any API always send it); a draft changed since is refused
    (409), so a stale form does not overwrite another officer's change. None: not checked (internal callers)."""
    row, draft = _draft_power(actor, power, version)
    before = {**audit.snapshot(row), **audit.many_snapshot(row)}
    dept, items = _department_and_items(draft, department, items)
    row.department = dept
    row.save(update_fields=["department"])
    row.items.set(items)
    _changed(draft)
    after = {**audit.snapshot(row), **audit.many_snapshot(row)}
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=row, changes=audit.diff(before, after), note=str(draft)
    )
    return row


@transaction.atomic
def power_remove(*, actor, power, version: int | None = None) -> None:
    """A draft's power removed, at the draft's ``version`` the actor's page showed (as ``power_change``)."""
    row, draft = _draft_power(actor, power, version)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=row,
        changes=audit.diff(_power_snapshot(row), {}),
        note=str(draft),
    )
    row.delete()
    _changed(draft)


@transaction.atomic
def list_publish(*, actor, power_list, version: int | None = None, on: dt.date | None = None) -> PowerList:
    """The draft becomes the published list (the public page shows it); the list it replaces is superseded and
    stays readable, its superseding audited in the same transaction. ``version``: the draft's version its
    publisher read (0 too: a draft's first version); a list changed since is refused (409); the page and the API
    require it (None, not checked, is left to internal callers: the demo). An empty list is not published, nor
    one whose powers name a department abolished or an approval item no longer in use (each such power named).
    Each power keeps the names it was published with (``Power.freeze_names``)."""
    draft = locked(PowerList, power_list, actor=actor, version=version, what=_("权责清单"))
    require(draft.status == ListStatus.DRAFT, _("该版本已公布"))
    require(draft.powers.exists(), _("权责清单没有权力事项，不能公布"))
    day = on or timezone.localdate()
    problems = selectors.stale_powers(draft, day)
    if problems:
        rows = Power.objects.filter(pk__in=problems).order_by("kind", "pk").values_list("pk", "name")
        raise DomainError.of(
            {
                "__all__": [
                    _("以下权力事项的实施部门已撤销或对应审批事项已停用，请修改后再公布"),
                    *(
                        _("“%(power)s”：%(problem)s") % {"power": name, "problem": m}
                        for pk, name in rows
                        for m in problems[pk]
                    ),
                ]
            }
        )
    # what the list names, as it is named today: later renames do not rewrite it
    powers = list(draft.powers.select_related("department").prefetch_related("items"))
    for p in powers:
        p.freeze_names()
    Power.objects.bulk_update(powers, ["department_name", "published_items"])
    # the version in force until now: superseded row by row, each locked and audited (no bulk update without trace)
    for previous in PowerList.objects.select_for_update().filter(
        zone_id=draft.zone_id, status=ListStatus.PUBLISHED
    ):
        before = audit.snapshot(previous)
        previous.status = ListStatus.SUPERSEDED
        previous.version += 1
        previous.save(update_fields=["status", "version", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=previous,
            changes=audit.diff(before, audit.snapshot(previous)),
            note=_("被第%(n)d版替代") % {"n": draft.number},
        )
    before = audit.snapshot(draft)
    draft.status, draft.published_on, draft.published_by = ListStatus.PUBLISHED, day, actor
    draft.version += 1
    draft.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=draft,
        changes=audit.diff(before, audit.snapshot(draft)),
        note=_("公布权责清单"),
    )
    return draft
