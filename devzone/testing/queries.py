"""What a page costs in statements, for the modules' query-count guards (``tests/test_query_counts.py``): the
same pages requested for a small world and a bigger one must cost the same."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def statement_counts(client, pages) -> dict[str, int]:
    """``{label: statements}`` for each ``(label, url)`` of ``pages``, requested twice by ``client``: the first
    warms what a process keeps (the menu, the calendar), the second is counted. Each must answer 200."""
    counts = {}
    for label, url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = len(queries)
    return counts
