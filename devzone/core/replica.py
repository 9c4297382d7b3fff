"""读副本: the city's statistics read from a PostgreSQL streaming standby when one is configured
(``DATABASE_REPLICA_URL``), so that a province's dashboards do not compete with the zones' work on the primary.

Only what runs inside ``on_replica`` goes there — the city's dashboard, its drill-down and bulletin, which are
read-only and may be a few seconds behind — and never a read inside a transaction on the primary (it must see
the transaction's own writes). Every other read and every write stays on the primary. When the standby does not
answer, the same read runs again on the primary: a dashboard is never lost to a replica being away."""

from __future__ import annotations

import contextvars
import functools
import logging

from django.conf import settings
from django.db import OperationalError, connections

REPLICA = "replica"
_reading = contextvars.ContextVar("devzone_reading_replica", default=False)
log = logging.getLogger(__name__)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def on_replica(func):
    """Run ``func`` (a read-only selector that returns its rows, not a lazy queryset) with its reads on the
    replica when there is one; on the primary again if the replica fails to answer."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not configured():
            return func(*args, **kwargs)
        token = _reading.set(True)
        try:
            return func(*args, **kwargs)
        except OperationalError:
            log.warning("replica unavailable: %s read on the primary", func.__qualname__, exc_info=True)
            connections[REPLICA].close()
        finally:
            _reading.reset(token)
        return func(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: an object read there may point to one read here

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the standby receives the schema from the primary
