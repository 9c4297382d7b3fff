"""A user's own message settings: the daily digest (每日汇总, core.notify.send_digests) and the language the
user reads (界面语言: the pages, and what jobs write to them)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.errors import DomainError, PermissionDeniedError
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


@transaction.atomic
def language_set(*, actor, language: str) -> Profile:
    """Keep the language one chose with the switcher on one's own account: restored as the language cookie at
    each login (core.middleware.remember_language), and the language of the notices jobs write to one (the daily
    digest, core.notify)."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError.on("language", _("不支持的语言"))
    profile = Profile.objects.select_for_update().filter(user=actor, user__is_active=True).first()
    if profile is None:
        raise PermissionDeniedError(_("您的账号没有角色，不能设置语言"))
    before = profile.language
    if before == language:
        return profile
    profile.language = Profile._meta.get_field("language").clean(language, profile)  # the field's own checks
    profile.save(update_fields=["language"])
    audit.changed(actor, profile, "language", before, language, note=_("界面语言"))
    return profile
