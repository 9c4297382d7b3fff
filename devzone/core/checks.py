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
