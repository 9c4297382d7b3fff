"""The replica router's rules (core.replica); the standby itself is tried in test_owned_postgres.py."""

from __future__ import annotations

import pytest
from django.db import router, transaction

from devzone.core.models import Zone
from devzone.core.replica import REPLICA, on_replica

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@on_replica
def where_read() -> str | None:
    return router.db_for_read(Zone)


@on_replica
def where_read_inside_a_transaction() -> str | None:
    with transaction.atomic():
        return router.db_for_read(Zone)


def test_without_a_replica_every_read_stays_on_the_primary():
    assert where_read() == "default"


def test_with_a_replica_only_reads_inside_on_replica_and_outside_a_transaction_go_there(
    settings, monkeypatch
):
    monkeypatch.setitem(settings.DATABASES, REPLICA, {**settings.DATABASES["default"]})
    assert where_read() == REPLICA
    assert router.db_for_read(Zone) == "default"  # outside a selector marked for the replica
    assert where_read_inside_a_transaction() == "default"  # a transaction must see its own writes
    assert router.db_for_write(Zone) == "default"
    assert not router.allow_migrate(REPLICA, "core")
