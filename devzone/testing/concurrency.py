"""Work run by several threads at the same moment, each on its own database connection (concurrency tests on
PostgreSQL)."""

from __future__ import annotations

import threading

from django.db import connection


def run_in_threads(work, n: int) -> list:
    """Run ``work(i)`` in ``n`` threads at once, each on its own connection; the results, or the errors."""
    results: list = [None] * n
    start = threading.Barrier(n)

    def one(i):
        try:
            start.wait()
            results[i] = work(i)
        except Exception as e:  # noqa: BLE001 — the test asserts there is none
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
