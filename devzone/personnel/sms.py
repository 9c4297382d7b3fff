"""Phone verification codes through an SMS gateway interface.

``DEVZONE_SMS_BACKEND`` names the gateway: ``console`` (the log, for development; the code is logged only while
DEBUG is on), ``file`` (one line per message in ``DEVZONE_SMS_FILE``, for the demo and tests) or the dotted path of a class with ``send(phone, text)`` for a real
provider (docs/personnel.md). A code is six digits, valid for ten minutes, stored only as a keyed hash in the
shared cache, and spent on first use; sending is limited per phone and per address, wrong codes per phone.

A wrong code is counted in the shared cache, which on the embedded default is the database: a count made inside a
transaction that then rolls back (the service refusing the request) is rolled back with it, and the code could be
guessed without end. A service therefore proves the code with ``require_code`` before it opens its transaction."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from devzone.core.errors import DomainError
from devzone.core.ratelimit import Limit

log = logging.getLogger("devzone.sms")
CODE_SECONDS = 600
SEND_PER_PHONE = Limit("sms_phone", 5, 3600)
SEND_PER_SOURCE = Limit("sms_source", 30, 3600)
WRONG_PER_PHONE = Limit("sms_wrong", 5, 600)


def masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


class ConsoleGateway:
    """The server log, for development: the message (and so the code) only while DEBUG is on. A code is a secret
    that proves a phone, and logs are collected, shipped and backed up: outside DEBUG the log says only that a
    message went to the masked number (``devzone check --deploy`` warns about this gateway, devzone.W002)."""

    def send(self, phone: str, text: str) -> None:
        if settings.DEBUG:
            log.info("SMS to %s: %s", masked(phone), text)
        else:
            log.info("SMS code sent to %s (the console gateway logs no text outside DEBUG)", masked(phone))


class FileGateway:
    def send(self, phone: str, text: str) -> None:
        path = Path(settings.DEVZONE_SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{phone}\t{text}\n")


def gateway():
    name = settings.DEVZONE_SMS_BACKEND
    return {"console": ConsoleGateway, "file": FileGateway}.get(name) or import_string(name)


def _key(phone: str, purpose: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"sms:{purpose}:{phone}".encode(), hashlib.sha256)
    return f"sms:{mac.hexdigest()[:32]}"


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def send_code(phone: str, *, source: str, purpose: str = "register") -> str | None:
    """Send a fresh code; None when sent, else the refusal in the user's language."""
    if SEND_PER_PHONE.exceeded(phone) or SEND_PER_SOURCE.exceeded(source):
        return _("验证码发送过于频繁，请稍后再试")
    SEND_PER_PHONE.hit(phone)
    SEND_PER_SOURCE.hit(source)
    code = f"{secrets.randbelow(10**6):06d}"
    caches["shared"].set(_key(phone, purpose), _hash(code), CODE_SECONDS)
    gateway()().send(
        phone, _("【开发区人才招聘】验证码 %(code)s，10分钟内有效，请勿告诉他人。") % {"code": code}
    )
    return None


def check_code(phone: str, code: str, *, purpose: str = "register") -> str | None:
    """Spend the code; None when it matches, else the refusal."""
    if WRONG_PER_PHONE.exceeded(phone):
        return _("验证码错误次数过多，请重新获取")
    cache = caches["shared"]
    stored = cache.get(_key(phone, purpose))
    if stored is None:
        return _("验证码已过期或未获取，请重新获取")
    if not hmac.compare_digest(stored, _hash((code or "").strip())):
        WRONG_PER_PHONE.hit(phone)
        return _("验证码不正确")
    cache.delete(_key(phone, purpose))
    return None


def require_code(phone: str, code: str, *, purpose: str = "register") -> None:
    """Spend the code or refuse it on the form's ``code`` field. Call it outside the service's transaction, so
    that a wrong code stays counted when the refusal rolls the transaction back (the module's notes)."""
    refusal = check_code(phone, code, purpose=purpose)
    if refusal is not None:
        raise DomainError.on("code", refusal)
