"""Race-free per-zone numbers: ``next_value("services.request:SQ20261204001", floor=…)`` returns the next number
of a named sequence. The sequence's row is locked for the rest of the caller's transaction (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's immediate transactions serialize writers), so two submissions at the same moment
never get the same number and neither fails. ``floor`` gives the highest number already in use the first time a
sequence is met (numbers written before the sequence existed)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, transaction

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
