"""Per-zone numbers from named sequences: consecutive, continuing the numbers already in use, and race-free
when many transactions ask at once (on PostgreSQL, where transactions really run side by side)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from devzone.core.sequences import next_value, serial_after
from devzone.testing.concurrency import run_in_threads

pytestmark = pytest.mark.django_db


def test_each_sequence_counts_on_its_own_from_its_floor():
    assert [next_value("a") for _ in range(3)] == [1, 2, 3]
    assert next_value("b", floor=lambda: 41) == 42  # numbers written before the sequence existed
    assert next_value("b", floor=lambda: 1000) == 43  # the floor counts only the first time
    assert next_value("a") == 4
    assert serial_after("SQ202612040010007", "SQ202612040010") == 7 and serial_after(None, "SQ") == 0


def test_a_rolled_back_transaction_gives_its_number_back():
    next_value("c")
    with pytest.raises(RuntimeError), transaction.atomic():
        next_value("c")
        raise RuntimeError
    assert next_value("c") == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_parallel_transactions_never_get_the_same_number():
    def work(_i):
        got = []
        for _ in range(10):
            with transaction.atomic():
                got.append(next_value("parallel", floor=lambda: 0))
        return got

    results = run_in_threads(work, 8)
    assert not [r for r in results if isinstance(r, Exception)]
    numbers = sorted(n for r in results for n in r)
    assert numbers == list(range(1, 81))
