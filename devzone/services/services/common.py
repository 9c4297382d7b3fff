"""What the service functions share: today, locking with version checks, actor checks, notifications."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import Notification, Profile

STAFF_ROLES = (
    Role.ZONE_LEADER,
    Role.DEPARTMENT_HEAD,
    Role.INVESTMENT_OFFICER,
    Role.WINDOW_CLERK,
    Role.REVIEWER,
    Role.AGENT,
    Role.TALLY_STAFF,
)


def today() -> dt.date:
    return timezone.localdate()


def locked(model: type[models.Model], obj, actor, action: str, expected_version: int | None = None, what=""):
    """The row, locked for this transaction and in the actor's scope for ``action``: another zone's row is
    not found (404), a row in reach without the right is refused (403), a stale version conflicts (409)."""
    row = model.objects.for_user(actor, action).select_for_update().filter(pk=obj.pk).first()
    if row is None:
        if model.objects.for_user(actor, "view").filter(pk=obj.pk).exists():
            raise PermissionDeniedError(_("您无权办理此事项"))
        raise NotFoundError(_("%(what)s不存在") % {"what": what or _("记录")})
    if expected_version is not None and getattr(row, "version", expected_version) != expected_version:
        raise ConflictError(_("该事项刚被他人处理过，请刷新后查看最新状态"))
    return row


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, {field: [message]})
    return value


def require_level(value, field: str = "level") -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in range(1, 6):
        msg = _("评价等级无效，请在非常满意到非常不满意五级中选择")
        raise DomainError(msg, {field: [msg]})
    return level


def require_role(actor, *roles: str, doing: str) -> None:
    if reach_of(actor).role not in roles:
        raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": doing})


def zone_users(zone_id: int, *, roles=(), department_id: int | None = None):
    """Active users of a zone with one of ``roles`` (and, when given, a staff record in the department)."""
    qs = Profile.objects.filter(zone_id=zone_id, user__is_active=True).select_related("user")
    if roles:
        qs = qs.filter(role__in=roles)
    if department_id is not None:
        qs = qs.filter(staff__department_id=department_id)
    return [p.user for p in qs]


def enterprise_users(enterprise_id: int):
    return [
        p.user
        for p in Profile.objects.filter(
            enterprise_id=enterprise_id, role=Role.ENTERPRISE_USER, user__is_active=True
        ).select_related("user")
    ]


def notify(users, *, zone_id: int | None, kind: str, title: str, url: str = "", key: str = "") -> int:
    """One notification per user; with ``key``, never twice for the same user and key (jobs run again)."""
    users = {u.pk: u for u in users if u is not None}
    if not users:
        return 0
    if key:
        sent = set(
            Notification.objects.filter(user_id__in=users, dedupe_key=key).values_list("user_id", flat=True)
        )
        users = {pk: u for pk, u in users.items() if pk not in sent}
    Notification.objects.bulk_create(
        [
            Notification(user=u, zone_id=zone_id, kind=kind, title=title[:200], url=url, dedupe_key=key)
            for u in users.values()
        ]
    )
    return len(users)


def display_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (getattr(profile, "display_name", "") or user.get_username())[:80]
