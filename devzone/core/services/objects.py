"""Create, change and delete of the core rows, with permission, scope, validation and audit in one
transaction. Modules with domain rules write their own services on top of these."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError, clean
from devzone.core.models import Zone


def _check_in_scope(actor, instance: models.Model, action: str) -> None:
    """After a write, the row must still be one the actor may act on; else the transaction rolls back
    (a zone-A officer cannot create or move a row into zone B)."""
    if not type(instance).objects.for_user(actor, action).filter(pk=instance.pk).exists():
        raise PermissionDeniedError(_("无权在该范围内操作此记录"))


def _validate(instance: models.Model) -> None:
    clean(instance)


def _save(instance: models.Model, **kwargs) -> None:
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError:
        raise DomainError(_("与已有记录重复或引用了无效的数据"))


def _zone_in_being(instance: models.Model) -> None:
    """A zone merged into another takes no new or changed rows: they belong in the zone it joined. A row written
    to the old zone would be stranded there (no later merge can move it), e.g. an enterprise whose credit code
    moved with the merge, registered twice."""
    zone_id = getattr(instance, "zone_id", None)
    if zone_id is None:
        return
    joined = (
        Zone.objects.filter(pk=zone_id, merged_into__isnull=False)
        .values_list("merged_into__name", flat=True)
        .first()
    )
    if joined is not None:
        raise DomainError(_("该开发区已并入%(z)s，请在%(z)s中登记和修改") % {"z": joined})


@transaction.atomic
def object_create(*, actor, instance: models.Model, many: dict | None = None, note: str = "") -> models.Model:
    """Save a new ``instance``; ``many`` sets its many-to-many fields ({field name: rows}) in the same
    transaction, and the audit event records them."""
    if not can(actor, "create", type(instance)):
        raise PermissionDeniedError(_("无权新增此类记录"))
    _zone_in_being(instance)
    _validate(instance)
    _save(instance)
    _set_many(instance, many)
    _check_in_scope(actor, instance, "create")
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=instance,
        changes=audit.diff({}, audit.snapshot(instance) | _many_snapshot(instance, many)),
        note=note,
    )
    return instance


@transaction.atomic
def object_update(
    *, actor, instance: models.Model, seen_updated_at=None, many: dict | None = None, note: str = ""
) -> models.Model:
    """Save ``instance`` (already carrying the new values). The stored row is read with a lock so two
    concurrent edits are serialized; with ``seen_updated_at`` (the version the user edited) an edit made
    on a stale copy is refused instead of silently overwriting the other one."""
    model = type(instance)
    try:
        stored = model.objects.for_user(actor, "change").select_for_update().get(pk=instance.pk)
    except model.DoesNotExist:
        raise PermissionDeniedError(_("无权修改此记录"))
    if seen_updated_at is not None and getattr(stored, "updated_at", None) not in (None, seen_updated_at):
        raise ConflictError(_("该记录已被他人修改，请刷新后重试"))
    before = audit.snapshot(stored) | _many_snapshot(stored, many)
    _zone_in_being(instance)
    _keep_account_in_step(stored, instance)
    _validate(instance)
    _save(instance)
    _set_many(instance, many)
    _check_in_scope(actor, instance, "change")
    changes = audit.diff(before, audit.snapshot(instance) | _many_snapshot(instance, many))
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=instance, changes=changes, note=note)
    return instance


def _keep_account_in_step(stored: models.Model, instance: models.Model) -> None:
    """A staff record with a login account leaves or returns to post only through 人员与账号
    (``core.services.people``), which changes the account with it (sessions, tokens): never the record alone."""
    if stored._meta.label_lower != "core.staff" or stored.is_active == instance.is_active:
        return
    from devzone.core.models import Profile

    if Profile.objects.filter(staff_id=stored.pk).exists():
        raise DomainError.on(
            "is_active", _("此人有登录账号：请在“人员与账号”中停用或恢复账号，在岗状态随之改变")
        )


def _set_many(instance: models.Model, many: dict | None) -> None:
    for name, rows in (many or {}).items():
        getattr(instance, name).set(rows)


def _many_snapshot(instance: models.Model, many: dict | None) -> dict:
    """The many-to-many fields named in ``many``, as sorted lists of ids (for the audit diff)."""
    return {name: sorted(getattr(instance, name).values_list("pk", flat=True)) for name in many or {}}


@transaction.atomic
def object_delete(*, actor, instance: models.Model, note: str = "") -> None:
    model = type(instance)
    if not model.objects.for_user(actor, "delete").filter(pk=instance.pk).exists():
        raise PermissionDeniedError(_("无权删除此记录"))
    before = audit.snapshot(instance)
    audit.record(
        actor=actor, action=AuditAction.DELETE, obj=instance, changes=audit.diff(before, {}), note=note
    )
    try:
        with transaction.atomic():
            instance.delete()
    except models.ProtectedError:
        raise DomainError(_("该记录仍被其他数据引用，不能删除"))
