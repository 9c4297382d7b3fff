"""Subscribers' signing secrets at rest: sealed under one key of the exchange (core.sealbox: a key file outside the
database), so that no dump or backup of the database can sign as DevZone."""

from __future__ import annotations

import uuid

from devzone.core import sealbox

KEY = uuid.uuid5(uuid.UUID("1b7c0d7e-2f67-4b0c-8d8a-5d1e8d3f4a21"), "exchange-subscriber-secrets")


def seal(secret: str) -> bytes:
    sealbox.key_create(KEY)
    return sealbox.seal(KEY, secret.encode())


def unseal(box: bytes) -> str:
    return sealbox.unseal(KEY, bytes(box)).decode()
