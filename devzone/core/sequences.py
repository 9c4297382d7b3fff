"""Race-free per-zone numbers: ``next_value("services.request:SQ20261204001", floor=…)`` returns the next number
of a named sequence. The sequence's row is locked for the rest of the caller's transaction (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's immediate transactions serialize writers), so two submissions at the same moment
never get the same number and neither fails. ``floor`` gives the highest number already in use the first time a
sequence is met (numbers written before the sequence existed)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Max

from devzone.core.models.sequences import NumberSequence


def next_value(key: str, *, floor: Callable[[], int] | None = None) -> int:
    with transaction.atomic():
        row = NumberSequence.objects.select_for_update().filter(key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(key=key, last=floor() if floor else 0)
            except IntegrityError:  # another transaction created it first: its row is now the one to lock
                pass
            row = NumberSequence.objects.select_for_update().get(key=key)
        row.last += 1
        row.save(update_fields=["last"])
        return row.last


def serial_after(last: str | None, prefix: str) -> int:
    """The serial part of the highest number in use with ``prefix`` (0 if none): a ``floor`` helper."""
    return int(last[len(prefix) :]) if last else 0


def next_number(
    model, prefix: str, *, key: str, width: int, field: str = "number", exact: bool = False
) -> str:
    """``prefix`` and the next ``width``-digit serial of the sequence ``key:prefix`` (``YC20261204001`` +
    ``0007``), race-free. The first number of a prefix continues from the highest ``field`` of ``model`` already
    stored under it; ``exact`` counts only numbers that are the prefix and the digits (prefixes of zones whose
    letters coincide can run into each other)."""

    def floor() -> int:
        rows = model.objects.filter(**{f"{field}__startswith": prefix})
        if exact:
            rows = rows.filter(**{f"{field}__regex": rf"^{re.escape(prefix)}[0-9]{{{width}}}$"})
        return serial_after(rows.aggregate(m=Max(field))["m"], prefix)

    return f"{prefix}{next_value(f'{key}:{prefix}', floor=floor):0{width}d}"
