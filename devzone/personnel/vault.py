"""Candidates' identity and phone numbers (and their documents) at rest: sealed under the city's personnel key
(``core.sealbox.data``, a key file in ``DEVZONE_DATA_KEY_DIR`` outside the database, so no dump of the database
reveals them; the encrypted backup holds the key, so a restore can read them) and found by a keyed digest under
the same key. Lists show only the masked forms stored beside them. Destroying the key (``forget_city``) makes
every sealed number of that city unreadable at once — the retention rule's last step (the backups made before
it hold the key until they expire: docs/operations.md)."""

from __future__ import annotations

import uuid

from devzone.core import sealbox

NAMESPACE = uuid.UUID("6f1d2a8e-4c55-4d1b-9a43-2f0c6b7d9e10")
# The key that names candidates' accounts (``account_name``): one for every city, since a phone number opens one
# account across the cities, as it did when the account was named after it.
ACCOUNTS_KEY = uuid.uuid5(NAMESPACE, "personnel-accounts")
ACCOUNT_PREFIX = "cand_"


def key_id(city_id: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"personnel-city-{city_id}")


def seal_bytes(city_id: int, data: bytes) -> bytes:
    key = key_id(city_id)
    sealbox.data.key_create(key)
    return sealbox.data.seal(key, data)


def unseal_bytes(city_id: int, box: bytes) -> bytes:
    return sealbox.data.unseal(key_id(city_id), box)


def seal(city_id: int, text: str) -> bytes:
    return seal_bytes(city_id, text.encode())


def unseal(city_id: int, box: bytes) -> str:
    return unseal_bytes(city_id, box).decode()


def digest(city_id: int, text: str) -> str:
    key = key_id(city_id)
    sealbox.data.key_create(key)
    return sealbox.data.mac(key, text)


def account_name(phone: str) -> str:
    """The user name of the candidate account registered with ``phone``: a keyed digest of the number, so that
    the account table (its dumps, backups and every log that names a user) holds no phone number, while the
    same number always names the same account (one account per phone, the database's unique user name) and the
    candidate still logs in with it (``personnel.hooks``)."""
    sealbox.data.key_create(ACCOUNTS_KEY)
    return ACCOUNT_PREFIX + sealbox.data.mac(ACCOUNTS_KEY, f"phone:{phone}")[:40]


def forget_city(city_id: int) -> None:
    sealbox.data.key_destroy(key_id(city_id))


def mask_identity(number: str) -> str:
    """``3701**********0071``: the region's first four and the last four characters."""
    return f"{number[:4]}{'*' * 10}{number[-4:]}"


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"
