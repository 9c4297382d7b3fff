"""Sealed boxes: secrets that the database must hold but must never let anyone read, each encrypted with
AES-256-GCM under a key that lives in a file outside the database (owner-only). Two stores, two fates:

- **Occasion keys** (``DEVZONE_BALLOT_KEY_DIR``; the module's own functions): a ballot, a survey answer — boxes
  that live while a vote or survey is open. The key is random (``uuid4``); when the occasion closes, the boxes are
  opened once into counts, deleted, and the key file is destroyed, so that a box left in a backup or a free page
  can no longer be opened. **These keys are never in a backup**: a copy of both the database and those keys could
  open sealed ballots (docs/security.md).
- **Data keys** (``DEVZONE_DATA_KEY_DIR``; ``sealbox.data``): long-lived data sealed at rest — candidates'
  identity numbers, phones and documents (personnel.vault, one key per city), the exchange's subscriber secrets
  (exchange.secrets_box). The key is named (``uuid5`` of a fixed name) and lives as long as the data. **These keys
  are in every backup** (inside its encryption, core.backup) and restored beside ``seal_master_key``: without
  them a restored database holds boxes nobody can open.

    key = uuid.uuid4(); sealbox.key_create(key)
    box = sealbox.seal(key, b"...")        # store ``box``
    plain = sealbox.unseal(key, box)       # once, when closing
    sealbox.key_destroy(key)               # after the closing commits

    sealbox.data.key_create(CITY_KEY)      # a long-lived key (a uuid5): backed up
    box = sealbox.data.seal(CITY_KEY, b"370102...")

Before the data keys had their own folder they lived among the occasion keys; a data key still found there is
moved to ``DEVZONE_DATA_KEY_DIR`` when it is first used (``data``) or by ``adopt_data_keys`` (run by
``devzone backup``), so nothing is lost on upgrade. A key's kind is fixed by its UUID's version, which is what
makes that move safe: a data key is always a uuid5, an occasion key never is.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE = 12
DATA_KEY_VERSION = 5  # a data key is named (uuid5); an occasion key is random (uuid4), never a uuid5


class KeyMissing(Exception):
    """The key file is gone (or was never made): the box cannot be sealed or opened."""


class KeyStore:
    """The key files of one folder, named by the setting ``setting``."""

    def __init__(self, setting: str, *, data: bool):
        self.setting = setting
        self.data = data

    @property
    def folder(self) -> Path:
        return Path(getattr(settings, self.setting))

    def _path(self, key_id: uuid.UUID) -> Path:
        path = self.folder / f"{key_id}.key"
        if self.data and not path.exists():
            _adopt(key_id, path)  # a data key made before the data keys had their own folder
        return path

    def key_create(self, key_id: uuid.UUID) -> None:
        """Create the key file (owner-only) unless it exists."""
        if (key_id.version == DATA_KEY_VERSION) != self.data:
            # the kind of a key must show in its name, or the upgrade's move could take an occasion key
            raise ValueError(f"{self.setting}: a {'data' if self.data else 'occasion'} key of the wrong kind")
        path = self._path(key_id)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(fd, "wb") as fh:
            fh.write(AESGCM.generate_key(bit_length=256))

    def key_exists(self, key_id: uuid.UUID | None) -> bool:
        return key_id is not None and self._path(key_id).exists()

    def key_destroy(self, key_id: uuid.UUID | None) -> None:
        """Overwrite and remove the key file (no error when it is already gone)."""
        if key_id is None:
            return
        _destroy(self._path(key_id))

    def _key(self, key_id: uuid.UUID | None) -> bytes:
        if key_id is None:
            raise KeyMissing("no key")
        try:
            key = self._path(key_id).read_bytes()
        except FileNotFoundError:
            raise KeyMissing(str(key_id)) from None
        if not key:
            raise KeyMissing(str(key_id))
        return key

    def seal(self, key_id: uuid.UUID | None, plain: bytes) -> bytes:
        aead = AESGCM(self._key(key_id))
        nonce = os.urandom(_NONCE)
        return nonce + aead.encrypt(nonce, plain, key_id.bytes)

    def unseal(self, key_id: uuid.UUID | None, box: bytes) -> bytes:
        aead = AESGCM(self._key(key_id))
        box = bytes(box)
        return aead.decrypt(box[:_NONCE], box[_NONCE:], key_id.bytes)

    def mac(self, key_id: uuid.UUID | None, data: str) -> str:
        """A keyed hash of ``data`` under the key: stable while the key lives, unlinkable once it is destroyed
        (an address counted during a survey cannot be named afterwards)."""
        import hashlib
        import hmac

        return hmac.new(self._key(key_id), data.encode(), hashlib.sha256).hexdigest()


def _destroy(path: Path) -> None:
    try:
        with open(path, "r+b") as fh:
            fh.write(os.urandom(len(fh.read())))
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def _adopt(key_id: uuid.UUID, target: Path) -> bool:
    """Move a data key left among the occasion keys (an installation from before ``DEVZONE_DATA_KEY_DIR``) to
    ``target``: copied, synced and only then removed from the old place, never over a key already there."""
    old = Path(settings.DEVZONE_BALLOT_KEY_DIR) / f"{key_id}.key"
    if key_id.version != DATA_KEY_VERSION or not old.is_file() or old.resolve() == target.resolve():
        return False
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(old.read_bytes())
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(partial, target)  # never over a key another process adopted meanwhile (the same bytes)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not target.exists():
            os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    old.unlink(missing_ok=True)
    return True


def adopt_data_keys() -> int:
    """Move every data key (a uuid5) still among the occasion keys to ``DEVZONE_DATA_KEY_DIR``; the number moved.
    The occasion keys (uuid4) stay where they are."""
    old_dir = Path(settings.DEVZONE_BALLOT_KEY_DIR)
    if not old_dir.is_dir():
        return 0
    moved = 0
    for path in sorted(old_dir.glob("*.key")):
        try:
            key_id = uuid.UUID(path.stem)
        except ValueError:
            continue
        if key_id.version == DATA_KEY_VERSION:
            moved += _adopt(key_id, data.folder / path.name)
    return moved


occasion = KeyStore("DEVZONE_BALLOT_KEY_DIR", data=False)
data = KeyStore("DEVZONE_DATA_KEY_DIR", data=True)

# The occasion keys' store is the module's own API (performance.ballot_box, services.answer_box, surveys).
key_create = occasion.key_create
key_exists = occasion.key_exists
key_destroy = occasion.key_destroy
seal = occasion.seal
unseal = occasion.unseal
mac = occasion.mac
