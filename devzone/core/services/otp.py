"""The second factor's writes: enrollment (confirm the authenticator, issue recovery codes) and the system
administrator's reset, which is audited and makes the user enroll again."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.otp import recovery_digest

RECOVERY_CODES = 10
DEVICE_NAME = "DevZone"


#: the session key holding the id of the unconfirmed authenticator this session showed (``pending_device``)
PENDING_KEY = "devzone_otp_pending"


def pending_device(*, user, session) -> TOTPDevice:
    """The unconfirmed authenticator this ``session`` shows as a QR code until it is confirmed: the one it made
    (its id kept in the session), else a new secret. A secret belongs to the session that saw it: another
    session (a phished password, a colleague at the desk) that opens enrollment gets its own secret and voids
    every earlier unconfirmed one, so the owner never confirms a secret someone else has seen."""
    pk = session.get(PENDING_KEY)
    if pk is not None:
        device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first()
        if device is not None:
            return device
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    session[PENDING_KEY] = device.pk
    return device


@transaction.atomic
def otp_enroll_confirm(*, actor, code: str, session) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator that ``session`` showed (``pending_device``) with a code from it;
    returns the device and the recovery codes, which are shown once and stored only as keyed digests
    (``core.otp.recovery_digest``). A secret shown to another session cannot be confirmed here."""
    pk = session.get(PENDING_KEY)
    device = (
        TOTPDevice.objects.select_for_update().filter(pk=pk, user=actor, confirmed=False).first()
        if pk is not None
        else None
    )
    if device is None:
        raise DomainError(_("请刷新页面后重新扫码"))
    code = (code or "").strip().replace(" ", "")
    if not device.verify_token(code):
        raise DomainError.on("code", _("验证码不正确，请核对手机上的6位数字后重试"))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    session.pop(PENDING_KEY, None)
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    StaticDevice.objects.filter(user=actor).delete()
    static = StaticDevice.objects.create(user=actor, name=_("恢复码"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=recovery_digest(c)) for c in codes])
    user = get_user_model().objects.get(pk=actor.pk)  # the row itself: ``request.user`` is a lazy wrapper
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, note=_("启用双因素认证"))
    return device, codes


@transaction.atomic
def otp_reset(*, actor, username: str, reason: str):
    """Remove a user's authenticator and recovery codes (a system administrator only, for an account in their
    reach, never their own nor the system's); they enroll again at their next login. The same act as the person
    page's (``people.person_reset_otp``): their sessions end and their API tokens are revoked."""
    from devzone.core.models import Profile
    from devzone.core.services.people import person_reset_otp

    if reach_of(actor).role != Role.SYSADMIN:
        raise PermissionDeniedError(_("只有系统管理员可以重置双因素认证"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError.on("reason", _("请填写重置原因"))
    found = (
        Profile.objects.for_user(actor, "change")
        .filter(user__username=(username or "").strip())
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:  # another city's account reads as no account at all
        raise DomainError.on("username", _("没有这个用户名"))
    return person_reset_otp(actor=actor, profile=found, reason=reason).user
