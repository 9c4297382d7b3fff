"""Candidates' identity and phone numbers at rest: sealed under the city's personnel key (``core.sealbox``, a key
file outside the database, so no dump or backup of the database reveals them) and found by a keyed digest under
the same key. Lists show only the masked forms stored beside them. Destroying the key (``forget_city``) makes
every sealed number of that city unreadable at once — the retention rule's last step."""

from __future__ import annotations

import uuid

from devzone.core import sealbox

NAMESPACE = uuid.UUID("6f1d2a8e-4c55-4d1b-9a43-2f0c6b7d9e10")


def key_id(city_id: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"personnel-city-{city_id}")


def seal_bytes(city_id: int, data: bytes) -> bytes:
    key = key_id(city_id)
    sealbox.key_create(key)
    return sealbox.seal(key, data)


def unseal_bytes(city_id: int, box: bytes) -> bytes:
    return sealbox.unseal(key_id(city_id), box)


def seal(city_id: int, text: str) -> bytes:
    return seal_bytes(city_id, text.encode())


def unseal(city_id: int, box: bytes) -> str:
    return unseal_bytes(city_id, box).decode()


def digest(city_id: int, text: str) -> str:
    key = key_id(city_id)
    sealbox.key_create(key)
    return sealbox.mac(key, text)


def forget_city(city_id: int) -> None:
    sealbox.key_destroy(key_id(city_id))


def mask_identity(number: str) -> str:
    """``3701**********0071``: the region's first four and the last four characters."""
    return f"{number[:4]}{'*' * 10}{number[-4:]}"


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"
