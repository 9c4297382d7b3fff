"""Configurable rules of the approvals module (``settings.DEVZONE_APPROVALS`` overrides any of them)."""

from django.conf import settings

DEFAULTS = {
    "WARN_FRACTION": 0.2,  # yellow when at most this share of the limit remains
    "PRE_ACCEPTANCE_DAYS": 5,  # 补正 must be asked within 5 working days, else deemed accepted (第32条)
    "COMMITMENT_BAR_MONTHS": 6,  # a breach of 告知承诺 bars commitments for 6 months
    "POST_CHECK_DAYS": 20,  # working days to check a commitment after the grant
}


def get(name: str):
    return getattr(settings, "DEVZONE_APPROVALS", {}).get(name, DEFAULTS[name])
