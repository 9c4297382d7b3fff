"""The public certificate verification's rate limits (no login), shared by the page (``views_verify``) and the
API (``api_verify``): counted per client address (``core.clientip.address``, trusted-proxy aware) in ten
minutes, in the cache every worker shares (``core.ratelimit``; the address is kept only as a keyed hash).

- **Unknown codes** (malformed, or carried by no certificate): 60. A genuine code is never counted (revoked
  and expired ones included), so an office checking its partners' certificates from one NAT address never
  reaches it, while a guesser gets 60 tries in ten minutes against 31¹⁶ codes.
- **PDF uploads**: every one is counted, whatever its verdict: each is read (up to 20 MB), hashed and
  perhaps verified, the expensive part of the service. 60 is one file every ten seconds for ten minutes, far
  beyond what people who check certificates by hand send from one address.

Over a limit, the page shows the message with status 429 and the API answers 429 (problem+json); both send
``Retry-After``: the window's length, an upper bound of the wait whatever the cache backend."""

from __future__ import annotations

from django.utils.translation import gettext as _

from devzone.core.ratelimit import Limit

WINDOW = 10 * 60  # seconds; the messages say it in minutes

WRONG_CODES = Limit("verify-wrong-code", 60, WINDOW)
PDF_UPLOADS = Limit("verify-pdf-upload", 60, WINDOW)


def retry_after(limit: Limit) -> str:
    """The ``Retry-After`` header's value (seconds)."""
    return str(limit.window_seconds)


def refusal_message(limit: Limit) -> str:
    """What the refused caller reads, in their language."""
    minutes = {"n": limit.window_seconds // 60}
    if limit is PDF_UPLOADS:
        return _("上传核验次数过多，请%(n)d分钟后再试") % minutes
    return _("无效验证码查询次数过多，请%(n)d分钟后再试") % minutes
