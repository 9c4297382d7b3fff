"""What every approvals service shares: locking with version check, the transition record, actor checks."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.approvals.choices import Status
from devzone.approvals.models import Application, ApplicationEvent
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError


def today() -> dt.date:
    return timezone.localdate()


def lock(application: Application, actor, expected_version: int | None, action: str = "view") -> Application:
    """The row, locked for this transaction and in the actor's scope; refuses a stale version."""
    row = Application.objects.for_user(actor, action).select_for_update().filter(pk=application.pk).first()
    if row is None:
        if Application.objects.for_user(actor, "view").filter(pk=application.pk).exists():
            raise PermissionDeniedError(_("您无权办理此件"))
        raise NotFoundError(_("办件不存在"))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(_("该办件刚被他人处理过，请刷新后查看最新状态"))
    return row


def require_status(app: Application, *allowed: str, doing: str) -> None:
    if app.status not in allowed:
        raise DomainError(
            _("办件当前状态为“%(status)s”，不能%(doing)s")
            % {"status": app.get_status_display(), "doing": doing}
        )


def require_text(value: str, field: str, message: str) -> None:
    """A reason, notice or finding the law requires in writing: blank is refused, on that field."""
    if not (value or "").strip():
        raise DomainError(message, {field: [message]})


def require_role(actor, *roles: str, doing: str) -> None:
    if reach_of(actor).role not in roles:
        raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": doing})


def require_owner(actor, app: Application, doing: str) -> None:
    """The enterprise that applied (its user), or a window clerk of the zone acting on its behalf."""
    r = reach_of(actor)
    if r.role == Role.ENTERPRISE_USER and r.enterprise_id == app.enterprise_id:
        return
    if r.role == Role.WINDOW_CLERK and r.zone_id == app.zone_id:
        return
    raise PermissionDeniedError(_("只有申请企业或窗口人员可以%(doing)s") % {"doing": doing})


def transition(
    app: Application,
    *,
    actor,
    to: str | None,
    action: str,
    on: dt.date,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> Application:
    """Save the move: status, version, the domain event and the audit entry, in the caller's transaction."""
    before = app.status
    if to is not None:
        app.status = to
    app.version += 1
    app.save(update_fields=["status", "version", "updated_at", *fields])
    ApplicationEvent.objects.create(
        application=app,
        on=on,
        actor=actor if actor is not None else None,
        actor_label=audit.actor_label(actor),
        action=action,
        from_status=before,
        to_status=app.status,
        note=note,
    )
    changes = {"status": [before, app.status]} if before != app.status else {}
    audit.record(
        actor=actor, action=AuditAction.TRANSITION, obj=app, changes=changes, note=f"{action} {note}"[:300]
    )
    return app


OPEN = (
    Status.SUBMITTED,
    Status.SUPPLEMENT,
    Status.WAITING,
    Status.IN_REVIEW,
    Status.REVIEW_SUPPLEMENT,
    Status.SPECIAL,
    Status.SUSPENDED,
)
