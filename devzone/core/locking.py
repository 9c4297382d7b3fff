"""The row a service is about to change: read in the actor's scope, locked for the transaction, at the version
the actor saw. One function for every module, so that "another zone's row is 404, a row in reach without the
right is 403, a stale copy is 409" is decided in one place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from devzone.core.errors import ConflictError, NotFoundError, PermissionDeniedError, check_id


def locked(
    model: type[models.Model],
    row,
    *,
    actor,
    action: str = "change",
    version: int | None = None,
    what: str = "",
    forbidden: str = "",
    conflict: str = "",
    related: tuple[str, ...] = (),
):
    """``row`` (an instance or a primary key) re-read through ``for_user(actor, action)`` with
    ``select_for_update``; call it inside ``transaction.atomic``.

    - out of the actor's reach, or absent: ``NotFoundError`` ("<what>不存在");
    - in reach for viewing but not for ``action``: ``PermissionDeniedError`` (``forbidden``);
    - ``version`` given and the row's ``version`` differs: ``ConflictError`` (``conflict``).

    ``related`` names foreign keys to fetch with the row (they are not locked)."""
    pk = row.pk if isinstance(row, models.Model) else check_id(row)
    qs = model.objects.for_user(actor, action).select_for_update(of=("self",) if related else ())
    if related:
        qs = qs.select_related(*related)
    found = qs.filter(pk=pk).first() if pk is not None else None
    if found is None:
        if pk is not None and model.objects.for_user(actor, "view").filter(pk=pk).exists():
            raise PermissionDeniedError(forbidden or _("您无权办理此事项"))
        raise NotFoundError(_("%(what)s不存在") % {"what": what or model._meta.verbose_name})
    if version is not None and getattr(found, "version", version) != version:
        raise ConflictError(conflict or _("该记录刚被他人处理过，请刷新后查看最新状态"))
    return found


def in_scope(model: type[models.Model], row, *, actor, action: str = "view", what: str = ""):
    """The same decision without a lock, for reads that must answer 404/403 like a write would."""
    pk = row.pk if isinstance(row, models.Model) else check_id(row)
    found = model.objects.for_user(actor, action).filter(pk=pk).first() if pk is not None else None
    if found is None:
        if (
            pk is not None
            and action != "view"
            and model.objects.for_user(actor, "view").filter(pk=pk).exists()
        ):
            raise PermissionDeniedError(_("您无权办理此事项"))
        raise NotFoundError(_("%(what)s不存在") % {"what": what or model._meta.verbose_name})
    return found
