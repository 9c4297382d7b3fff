"""Subscribers' signing secrets at rest: sealed under one key of the exchange (``core.sealbox.data``: a key file in
``DEVZONE_DATA_KEY_DIR`` outside the database), so that no dump of the database can sign as DevZone; the encrypted
backup holds the key, so a restored installation still signs."""

from __future__ import annotations

import uuid

from devzone.core import sealbox

KEY = uuid.uuid5(uuid.UUID("1b7c0d7e-2f67-4b0c-8d8a-5d1e8d3f4a21"), "exchange-subscriber-secrets")


def seal(secret: str) -> bytes:
    sealbox.data.key_create(KEY)
    return sealbox.data.seal(KEY, secret.encode())


def unseal(box: bytes) -> str:
    return sealbox.data.unseal(KEY, bytes(box)).decode()
