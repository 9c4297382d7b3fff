"""Personal API tokens: created and revoked by their owner, stored as a SHA-256 digest only. Every token
expires (at most ``DEVZONE_TOKEN_MAX_DAYS`` days), may be read-only, and is created only in a logged-in
session, never with another token (a stolen token cannot make itself permanent)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import ApiToken
from devzone.core.models.accounts import hash_token
from devzone.core.prepared import Prepared

MAX_TOKENS_PER_USER = 20
# every API request with a token reads it, with its user as a session's request reads them (core.backends)
TOKEN_BY_DIGEST = Prepared(
    lambda digest: ApiToken.objects.select_related(
        "user__profile__zone__city", "user__profile__staff"
    ).filter(digest=digest),
    str,
)


@transaction.atomic
def token_create(
    *, actor, name: str, days_valid: int | None, read_only: bool = False, via_token: bool = False
) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is shown to the user once and never stored."""
    if via_token:
        raise PermissionDeniedError(_("API令牌不能用来创建令牌，请登录后在“API令牌”页面创建"))
    name = (name or "").strip()
    if not name:
        raise DomainError.on("name", _("请填写令牌名称"))
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        raise DomainError(_("有效令牌已达上限，请先撤销不用的令牌"))
    most = settings.DEVZONE_TOKEN_MAX_DAYS
    if days_valid is None or not 1 <= days_valid <= most:
        raise DomainError.on("days_valid", _("有效期应为1–%(n)s天") % {"n": most})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:60],
        key_prefix=raw[:10],
        digest=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days_valid),
        read_only=bool(read_only),
    )
    audit.record(actor=actor, action=AuditAction.TOKEN, obj=token, note=_("创建API令牌"))
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(user=actor, pk=token_id).first()
    if token is None:
        raise DomainError(_("令牌不存在"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action=AuditAction.TOKEN, obj=token, note=_("撤销API令牌"))
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token (with its user) for a raw token, or None (unknown, revoked, expired or inactive
    user)."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = TOKEN_BY_DIGEST.first(hash_token(raw))
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
