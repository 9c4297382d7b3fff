"""The second factor in tests (core.otp): a confirmed authenticator for a user, and its current code."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.otp import needs_second_factor


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The authenticator's code now, or ``steps_ahead`` steps later (within the device's tolerance): a code
    once accepted is refused again, so a second login in the same 30 seconds uses the next step's code."""
    value = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead
    )
    return f"{value:0{device.digits}d}"


def authenticator_for(username: str) -> TOTPDevice | None:
    """A confirmed authenticator for the user of an OTP role (created when missing); None for other roles."""
    user = get_user_model().objects.get(username=username)
    if not needs_second_factor(user):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
