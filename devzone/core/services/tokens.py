"""Personal API tokens: created and revoked by their owner, stored as a SHA-256 digest only."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError
from devzone.core.models import ApiToken
from devzone.core.models.accounts import hash_token

MAX_TOKENS_PER_USER = 20


@transaction.atomic
def token_create(*, actor, name: str, days_valid: int | None = 365) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is shown to the user once and never stored."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写令牌名称"), {"name": [_("请填写令牌名称")]})
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        raise DomainError(_("有效令牌已达上限，请先撤销不用的令牌"))
    if days_valid is not None and not 1 <= days_valid <= 3650:
        raise DomainError(_("有效期应为1–3650天"), {"days_valid": [_("有效期应为1–3650天")]})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=actor,
        name=name[:60],
        key_prefix=raw[:10],
        digest=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=days_valid) if days_valid else None,
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


def token_authenticate(raw: str):
    """The user a raw token belongs to, or None (unknown, revoked, expired or inactive user)."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=hash_token(raw)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
