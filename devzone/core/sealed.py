"""Core's secrets at rest, sealed under core's data keys (``core.sealbox.data``: AES-256-GCM, a key file in
``DEVZONE_DATA_KEY_DIR`` outside the database, in every encrypted backup), so that a copy of the database — a
dump, a replica, a backup's database alone — gives none of them away:

- ``SESSION_SECRETS``: a secret a page must keep in the session between two requests (the one-time
  set-password link's token, ``core.views_people.password_set``): Django signs session data, it does not
  encrypt it, and ``django_session`` is a table like any other.
- ``OTP_SEEDS``: the authenticators' TOTP seeds, in django-otp's own column ``otp_totp_totpdevice.key`` as
  ``$`` and the box (``core.otp.seal_totp_seeds``; the migration ``core.0024_seal_totp_keys`` seals those stored
  before).

A box is text (URL-safe base64), so it fits a session's JSON and a character column."""

from __future__ import annotations

import base64
import binascii
import uuid

from cryptography.exceptions import InvalidTag

from devzone.core import sealbox

_NS = uuid.UUID("5f0c6a52-8d4e-4f0b-9a57-2b9d7c1e3a64")
SESSION_SECRETS = uuid.uuid5(_NS, "core-session-secrets")
OTP_SEEDS = uuid.uuid5(_NS, "core-otp-seeds")


#: how a sealed TOTP seed starts in otp_totp_totpdevice.key (a seed in clear is hex digits only)
SEED_MARK = "$"
#: the column's width: a box of up to 30 bytes of seed fits (django-otp makes 20)
_SEED_COLUMN = 80


def _seal(key: uuid.UUID, plain: bytes) -> str:
    sealbox.data.key_create(key)
    return base64.urlsafe_b64encode(sealbox.data.seal(key, plain)).decode().rstrip("=")


def _unseal(key: uuid.UUID, box: str) -> bytes:
    return sealbox.data.unseal(key, base64.urlsafe_b64decode(box + "=" * (-len(box) % 4)))


def seal_text(key: uuid.UUID, plain: str) -> str:
    return _seal(key, plain.encode())


def unseal_text(key: uuid.UUID, box: str) -> str | None:
    """The sealed text, or None when ``box`` is not a box of ``key`` (a value from before sealing, a changed or
    truncated one, a lost key)."""
    try:
        return _unseal(key, box).decode()
    except (binascii.Error, ValueError, InvalidTag, sealbox.KeyMissing, UnicodeDecodeError, TypeError):
        return None


def is_sealed_seed(stored: str) -> bool:
    return (stored or "").startswith(SEED_MARK)


def seal_seed(hex_key: str) -> str:
    """What otp_totp_totpdevice.key holds for the seed ``hex_key`` (django-otp's hex): ``$`` and the box."""
    stored = SEED_MARK + _seal(OTP_SEEDS, bytes.fromhex(hex_key))
    if len(stored) > _SEED_COLUMN:
        raise ValueError("a TOTP seed longer than 30 bytes does not fit the column once sealed")
    return stored


def seed_of(stored: str) -> bytes:
    """The seed itself, from a sealed key (or a key in clear, stored before sealing: the migration seals those).
    A box that cannot be opened (the data key missing) raises: nobody can pass the second factor until the data
    key is restored (docs/operations.md), which must not pass unnoticed as wrong codes."""
    if not is_sealed_seed(stored):
        return bytes.fromhex(stored)
    try:
        return _unseal(OTP_SEEDS, stored[len(SEED_MARK) :])
    except sealbox.KeyMissing:
        raise sealbox.KeyMissing(
            f"the authenticators' data key {OTP_SEEDS} is missing from DEVZONE_DATA_KEY_DIR (restore it)"
        ) from None


def unseal_seed(stored: str) -> str:
    """The seed as django-otp's hex (the migration's way back)."""
    return seed_of(stored).hex()
