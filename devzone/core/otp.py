"""The second factor (TOTP, django-otp) for the roles in ``DEVZONE_OTP_ROLES`` and the Django admin's accounts:
the one rule that pages (the admin's included) and the API's session authentication all apply. A personal API
token is a factor of its own and is not asked for one.

After the password, a user of those roles without a confirmed authenticator is sent to enroll
(``core:otp_enroll``); one with an authenticator to enter a code (``core:otp_verify``). Until then, only those
pages, logout and the language switch answer."""

from __future__ import annotations

import hashlib
import hmac
from contextlib import suppress

from django.apps import apps
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.access import reach_of
from devzone.core.prepared import Prepared

# URL names an unverified user of those roles may still open.
OPEN_NAMES = frozenset({"core:otp_enroll", "core:otp_verify", "logout", "set_language"})


_DEVICE_READS: dict[type, Prepared] = {}


class DeviceMiddleware(OTPMiddleware):
    """django-otp's middleware, reading the session's authenticator with a statement compiled once per device
    model (``core.prepared``) rather than a queryset built on every request of a second-factor role. The checks
    that follow (the device is the user's and confirmed) are django-otp's own."""

    def _device_from_persistent_id(self, persistent_id: str):
        with suppress(ValueError, LookupError):
            label, pk = self._normalize_persistent_id(persistent_id).rsplit("/", 1)
            model = apps.get_model(label)
            if issubclass(model, Device):
                read = _DEVICE_READS.get(model)
                if read is None:
                    read = _DEVICE_READS[model] = Prepared(lambda pk, m=model: m.objects.filter(pk=pk), int)
                return read.first(pk)
        return None


def needs_second_factor(user) -> bool:
    """Whether ``user`` must pass a second factor: an active user of a role in ``DEVZONE_OTP_ROLES``, and every
    account that opens the Django admin (``is_staff``, ``is_superuser``: the break-glass account reads every
    city's rows past the scoping and has no role profile) whatever the setting says."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return reach_of(user).role in settings.DEVZONE_OTP_ROLES


def second_factor_missing(user) -> bool:
    """Whether ``user`` must pass a second factor and this session has not (django-otp's ``is_verified``)."""
    if not needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def match_code(user, code: str):
    """The confirmed device a code belongs to: 6 digits are the authenticator's, anything else a recovery code,
    which is used up. Each device's own throttling (django-otp) applies: after failures it refuses for a growing
    delay."""
    code = (code or "").strip().replace(" ", "").replace("-", "").lower()
    if code.isdigit() and len(code) == 6:
        devices, token = TOTPDevice.objects.filter(user=user, confirmed=True), code
    else:
        devices, token = StaticDevice.objects.filter(user=user, confirmed=True), recovery_digest(code)
    for device in devices:
        if device.verify_token(token):
            return device
    return None


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed digest (HMAC-SHA256 with the secret key, 16 hex digits, the
    width of django-otp's token column), so a copy of the database alone does not give the codes away."""
    normalized = (code or "").strip().replace(" ", "").replace("-", "").lower()
    mac = hmac.new(
        settings.SECRET_KEY.encode(), b"devzone-otp-recovery:" + normalized.encode(), hashlib.sha256
    )
    return mac.hexdigest()[:16]


def seal_totp_seeds() -> None:
    """The authenticators' seeds sealed at rest (``core.sealed``): django-otp keeps each TOTP seed in clear hex
    in ``otp_totp_totpdevice.key``, so a copy of the database (a dump, a replica, a backup's database) would give
    every leader's and administrator's second factor away. Every device is sealed as it is saved (whatever
    creates it: the enrollment, the tests' and the bench's helpers, django-otp itself), and its seed is read
    through ``bin_key``, the one place django-otp reads it (codes, the QR code's URL). Run once at start
    (``CoreConfig.ready``)."""
    from django.db.models.signals import pre_save

    from devzone.core import sealed

    def bin_key(device) -> bytes:
        return sealed.seed_of(device.key)

    def seal_before_saving(sender, instance, **kwargs):
        if instance.key and not sealed.is_sealed_seed(instance.key):
            instance.key = sealed.seal_seed(instance.key)

    TOTPDevice.bin_key = property(bin_key, doc="The seed itself, unsealed (core.otp.seal_totp_seeds).")
    pre_save.connect(seal_before_saving, sender=TOTPDevice, weak=False, dispatch_uid="devzone-seal-totp-seed")


def safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class SecondFactorMiddleware:
    """Pages of the OTP roles need a verified session: an unverified user is sent to enroll or to enter a code.
    The API is left to its session authentication (``devzone.api.SessionAuth``), which applies the same rule."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/") or not second_factor_missing(request.user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_NAMES:
            return None
        target = "core:otp_verify" if is_enrolled(request.user) else "core:otp_enroll"
        response = redirect(reverse(target))
        if request.method == "GET":
            from urllib.parse import urlencode

            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
