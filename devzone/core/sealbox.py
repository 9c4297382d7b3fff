"""Sealed boxes: secrets that the database must hold while a vote or survey is open but must never let anyone
read — a ballot, a survey answer. Each box is encrypted with AES-256-GCM under a key of its own occasion (a round,
a survey) that lives in a file outside the database (``DEVZONE_BALLOT_KEY_DIR``, owner-only). No copy of the
database, its backups, logs or cache opens a box. When the occasion closes, the boxes are opened once into
counts, deleted, and the key file is destroyed: a box left in a backup or a free page can no longer be opened.

    key = uuid.uuid4(); sealbox.key_create(key)
    box = sealbox.seal(key, b"...")        # store ``box``
    plain = sealbox.unseal(key, box)       # once, when closing
    sealbox.key_destroy(key)               # after the closing commits
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE = 12


class KeyMissing(Exception):
    """The key file is gone (or was never made): the box cannot be sealed or opened."""


def _path(key_id: uuid.UUID) -> Path:
    return Path(settings.DEVZONE_BALLOT_KEY_DIR) / f"{key_id}.key"


def key_create(key_id: uuid.UUID) -> None:
    """Create the key file (owner-only) unless it exists."""
    path = _path(key_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as fh:
        fh.write(AESGCM.generate_key(bit_length=256))


def key_exists(key_id: uuid.UUID | None) -> bool:
    return key_id is not None and _path(key_id).exists()


def key_destroy(key_id: uuid.UUID | None) -> None:
    """Overwrite and remove the key file (no error when it is already gone)."""
    if key_id is None:
        return
    path = _path(key_id)
    try:
        with open(path, "r+b") as fh:
            fh.write(os.urandom(len(fh.read())))
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def _aead(key_id: uuid.UUID | None) -> AESGCM:
    if key_id is None:
        raise KeyMissing("no key")
    try:
        return AESGCM(_path(key_id).read_bytes())
    except FileNotFoundError:
        raise KeyMissing(str(key_id)) from None


def seal(key_id: uuid.UUID | None, plain: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + _aead(key_id).encrypt(nonce, plain, key_id.bytes)


def unseal(key_id: uuid.UUID | None, box: bytes) -> bytes:
    box = bytes(box)
    return _aead(key_id).decrypt(box[:_NONCE], box[_NONCE:], key_id.bytes)


def mac(key_id: uuid.UUID | None, data: str) -> str:
    """A keyed hash of ``data`` under the occasion's key: stable while it is open, unlinkable once the key is
    destroyed (an address counted during a survey cannot be named afterwards)."""
    import hashlib
    import hmac

    try:
        key = _path(key_id).read_bytes() if key_id is not None else b""
    except FileNotFoundError:
        raise KeyMissing(str(key_id)) from None
    if not key:
        raise KeyMissing("no key")
    return hmac.new(key, data.encode(), hashlib.sha256).hexdigest()
