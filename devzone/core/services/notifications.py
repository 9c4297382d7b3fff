"""A user's own message settings: the daily digest (每日汇总, core.notify.send_digests)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.errors import PermissionDeniedError
from devzone.core.models import Notification, Profile


@transaction.atomic
def digest_set(*, actor, daily: bool) -> Profile:
    """Choose (or stop) the daily digest for one's own account. Stopping it releases what was held, unread,
    so nothing is lost between two digests."""
    profile = Profile.objects.select_for_update().filter(user=actor, user__is_active=True).first()
    if profile is None:
        raise PermissionDeniedError(_("您的账号没有角色，不能设置消息"))
    before = profile.daily_digest
    if before == daily:
        return profile
    profile.daily_digest = daily
    profile.save(update_fields=["daily_digest"])
    if not daily:
        Notification.objects.filter(user=actor, held=True).update(held=False)
    audit.changed(actor, profile, "daily_digest", before, daily, note=_("消息设置：每日汇总"))
    return profile
