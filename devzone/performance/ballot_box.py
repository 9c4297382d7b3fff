"""The sealed ballot box of the democratic evaluation, free of Django models.

While voting is open each valid ballot is stored *sealed*: its scores, in a fixed-size binary layout, encrypted
with AES-256-GCM under the round's own key. The key is a file outside the database (``DEVZONE_BALLOT_KEY_DIR``,
owner-only), so no copy of the database, its backups, logs or cache lets anyone read a ballot or group its
scores. When voting closes the box is opened once, the scores become per-department counts per score value
(``ScoreCount``: the trimmed mean stays exact, no ballot survives as a group), the sealed ballots are deleted and
the key file is destroyed: a ballot left in a backup or a free database page can no longer be opened."""

from __future__ import annotations

import os
import struct
import uuid
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE = 12
_ENTRY = struct.Struct(
    ">IH"
)  # department id, score in hundredths (0–10000): every ballot of a round is one size


class BoxKeyMissing(Exception):
    """The round's key file is gone: the box cannot be sealed or opened."""


def _path(key_id: uuid.UUID) -> Path:
    return Path(settings.DEVZONE_BALLOT_KEY_DIR) / f"{key_id}.key"


def key_create(key_id: uuid.UUID) -> None:
    """Create the round's key file (owner-only) unless it exists."""
    path = _path(key_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as fh:
        fh.write(AESGCM.generate_key(bit_length=256))


def key_exists(key_id: uuid.UUID) -> bool:
    return _path(key_id).exists()


def key_destroy(key_id: uuid.UUID) -> None:
    """Overwrite and remove the round's key file (no error when it is already gone)."""
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
        raise BoxKeyMissing("the round has no ballot box key")
    try:
        return AESGCM(_path(key_id).read_bytes())
    except FileNotFoundError:
        raise BoxKeyMissing(str(key_id)) from None


def seal(key_id: uuid.UUID, scores: dict[int, Decimal]) -> bytes:
    """One ballot, sealed: nonce + ciphertext of (department, score) entries in department order."""
    plain = b"".join(_ENTRY.pack(d, int(scores[d] * 100)) for d in sorted(scores))
    nonce = os.urandom(_NONCE)
    return nonce + _aead(key_id).encrypt(nonce, plain, key_id.bytes)


def unseal(key_id: uuid.UUID, box: bytes) -> dict[int, Decimal]:
    plain = _aead(key_id).decrypt(box[:_NONCE], box[_NONCE:], key_id.bytes)
    return {d: Decimal(h).scaleb(-2) for d, h in _ENTRY.iter_unpack(plain)}


def counts(key_id: uuid.UUID, boxes: Iterable[bytes]) -> Counter:
    """Open every ballot and keep only how often each department got each score."""
    out: Counter = Counter()
    for box in boxes:
        out.update(unseal(key_id, box).items())
    return out
