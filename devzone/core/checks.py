"""System checks on the deployment's settings (``devzone check --deploy`` runs them with Django's own)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def public_url(app_configs, **kwargs):
    """Certificates carry a QR code with the verification address: it must be the public one."""
    parts = urlsplit(settings.DEVZONE_PUBLIC_URL)
    if parts.scheme in ("http", "https") and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return []
    return [
        Warning(
            f"DEVZONE_PUBLIC_URL is {settings.DEVZONE_PUBLIC_URL!r}: certificates issued now carry a QR code "
            "that only this machine can open.",
            hint="Set DEVZONE_PUBLIC_URL to the public address, e.g. https://zwfw.example.gov.cn",
            id="devzone.W001",
        )
    ]


@register(deploy=True)
def sms_gateway(app_configs, **kwargs):
    """Phone verification codes prove a phone (registration, 更换手机号码): the ``console`` and ``file`` gateways
    deliver none — they write the messages to the server log (while DEBUG is on) or to a plain file on the server,
    whose readers, log collection and backups then hold every code in clear."""
    backend = settings.DEVZONE_SMS_BACKEND
    if settings.DEBUG or backend not in ("console", "file"):
        return []
    return [
        Warning(
            f"DEVZONE_SMS_BACKEND is {backend!r}: phone verification codes (SMS) reach no phone; "
            + (
                "the console gateway logs no code outside DEBUG, so nobody can register or change a phone."
                if backend == "console"
                else f"every code is written in clear to {settings.DEVZONE_SMS_FILE}."
            ),
            hint="Set DEVZONE_SMS_BACKEND to the dotted path of the SMS provider's gateway class "
            "(docs/personnel.md, Phone codes).",
            id="devzone.W002",
        )
    ]
