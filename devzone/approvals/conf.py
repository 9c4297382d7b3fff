"""Configurable rules of the approvals module (``settings.DEVZONE_APPROVALS`` overrides any of them)."""

from django.conf import settings

DEFAULTS = {
    "WARN_FRACTION": 0.2,  # yellow when at most this share of the limit remains
    # a zone's shorter period to ask a 补正 (None: the law's, catalog.law.ARTICLE_32; never more than the law's)
    "PRE_ACCEPTANCE_DAYS": None,
    "COMMITMENT_BAR_MONTHS": 6,  # a breach of 告知承诺 bars commitments for 6 months
    "POST_CHECK_DAYS": 20,  # working days to check a commitment after the grant
}


def get(name: str):
    return getattr(settings, "DEVZONE_APPROVALS", {}).get(name, DEFAULTS[name])
