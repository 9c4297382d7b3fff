"""The sealed ballot box of the democratic evaluation (on ``core.sealbox``).

While voting is open each ballot is stored sealed, valid or not: its scores in a fixed-size binary layout (every
ballot of a round is one size), encrypted under the round's key file. Nothing stored says whether a ballot was
valid (a live count of invalid ballots would tell whoever watched who voted that this delegate gave every
department the same score). When voting closes the box is opened once: the invalid ballots are counted and
dropped, the valid scores become per-department counts per score value (``ScoreCount``: the trimmed mean stays
exact, no ballot survives as a group), the sealed ballots are deleted and the key is destroyed."""

from __future__ import annotations

import struct
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal

from devzone.core import sealbox
from devzone.core.sealbox import KeyMissing as BoxKeyMissing
from devzone.core.sealbox import key_create, key_destroy, key_exists, mac

__all__ = ["BoxKeyMissing", "counts", "key_create", "key_destroy", "key_exists", "mac", "seal", "unseal"]

_ENTRY = struct.Struct(">IH")  # department id, score in hundredths (0–10000)


def seal(key_id: uuid.UUID | None, scores: dict[int, Decimal]) -> bytes:
    """One ballot, sealed: (department, score) entries in department order."""
    return sealbox.seal(key_id, b"".join(_ENTRY.pack(d, int(scores[d] * 100)) for d in sorted(scores)))


def unseal(key_id: uuid.UUID | None, box: bytes) -> dict[int, Decimal]:
    return {d: Decimal(h).scaleb(-2) for d, h in _ENTRY.iter_unpack(sealbox.unseal(key_id, box))}


def counts(
    key_id: uuid.UUID | None,
    boxes: Iterable[bytes],
    valid: Callable[[dict[int, Decimal]], bool] = lambda _scores: True,
) -> tuple[Counter, int]:
    """Open every ballot: how often each department got each score on the ``valid`` ballots, and how many
    ballots were not valid (their scores are dropped)."""
    out: Counter = Counter()
    invalid = 0
    for box in boxes:
        scores = unseal(key_id, box)
        if valid(scores):
            out.update(scores.items())
        else:
            invalid += 1
    return out, invalid
