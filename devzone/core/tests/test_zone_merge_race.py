"""Two zone merges at the same time, on PostgreSQL: B into A by one officer while another merges A into B (each
form validated before either merge committed). The second waits for the first and is refused — never both, each
zone merged into the other, their rows swapped."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from devzone.core.errors import DomainError
from devzone.core.models import Zone
from devzone.core.services.zones import zone_merge

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]
MERGED_ON = dt.date(2019, 8, 1)


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cur:
        cur.execute("select count(*) from pg_locks where not granted")
        return cur.fetchone()[0] > 0


def test_a_merge_the_other_way_during_a_merge_waits_and_is_refused(zone_a, zone_b, city_officer):
    a_seen, b_seen = Zone.objects.get(pk=zone_a.pk), Zone.objects.get(pk=zone_b.pk)  # the second form's rows
    outcome: list = []

    def other_way():
        try:
            outcome.append(
                zone_merge(actor=city_officer, sources=[a_seen], target=b_seen, merged_on=MERGED_ON)
            )
        except Exception as e:  # noqa: BLE001 — the test looks at what the second officer was told
            outcome.append(e)
        finally:
            connection.close()

    with transaction.atomic():  # the first merge, not committed yet when the second comes in
        zone_merge(actor=city_officer, sources=[zone_b], target=zone_a, merged_on=MERGED_ON)
        second = threading.Thread(target=other_way)
        second.start()
        while second.is_alive() and not _someone_waits_on_a_lock():
            pass
    second.join()

    [told] = outcome
    assert isinstance(told, DomainError) and zone_b.name in told.message, outcome
    a, b = Zone.objects.get(pk=zone_a.pk), Zone.objects.get(pk=zone_b.pk)
    assert (a.merged_into_id, b.merged_into_id) == (None, zone_a.pk)
