"""The sealed answers of an open satisfaction survey (on ``core.sealbox``): each enterprise's answer — a level per
question per department and its free comment — is sealed in one fixed-size box (the comment padded), so the
database holds nothing readable that could tie levels to each other, to a comment or to the enterprise. At closing
the boxes are opened once into counts per (department, question, level) and a shuffled list of comments."""

from __future__ import annotations

import random
import struct
import uuid
from collections import Counter
from collections.abc import Iterable

from devzone.core import sealbox

QUESTIONS = ("overall", "efficiency", "attitude")
_ENTRY = struct.Struct(">IBBB")  # department, overall, efficiency, attitude
_COMMENT_BYTES = 1500  # 500 characters of UTF-8 at most; every comment padded to this size
_sysrand = random.SystemRandom()


def seal(key_id: uuid.UUID | None, answers: dict[int, dict[str, int]], comment: str) -> bytes:
    entries = b"".join(_ENTRY.pack(d, *(answers[d][q] for q in QUESTIONS)) for d in sorted(answers))
    text = comment.encode("utf-8")[:_COMMENT_BYTES]
    padded = struct.pack(">H", len(text)) + text + b"\0" * (_COMMENT_BYTES - len(text))
    return sealbox.seal(key_id, struct.pack(">H", len(answers)) + entries + padded)


def unseal(key_id: uuid.UUID | None, box: bytes) -> tuple[dict[int, dict[str, int]], str]:
    plain = sealbox.unseal(key_id, box)
    (n,) = struct.unpack_from(">H", plain)
    entries_end = 2 + n * _ENTRY.size
    answers = {
        d: dict(zip(QUESTIONS, levels, strict=True))
        for d, *levels in _ENTRY.iter_unpack(plain[2:entries_end])
    }
    (length,) = struct.unpack_from(">H", plain, entries_end)
    comment = plain[entries_end + 2 : entries_end + 2 + length].decode("utf-8", errors="ignore")
    return answers, comment


def _canonical(entry: tuple[tuple[int, str, int], int]) -> tuple[int, int, int]:
    (department, question, level), _n = entry
    return department, QUESTIONS.index(question), level


def open_all(key_id: uuid.UUID | None, boxes: Iterable[bytes]) -> tuple[Counter, list[str]]:
    """Counts per (department, question, level) in that canonical order (department, then the questions'
    order, then level) — never in the order the answers came, which whoever writes them out would leak
    (CONVENTIONS: physical order) — and the non-empty comments in random order."""
    counts: Counter = Counter()
    comments = []
    for box in boxes:
        answers, comment = unseal(key_id, box)
        for dept, levels in answers.items():
            counts.update((dept, q, level) for q, level in levels.items())
        if comment.strip():
            comments.append(comment.strip())
    _sysrand.shuffle(comments)
    return Counter(dict(sorted(counts.items(), key=_canonical))), comments
