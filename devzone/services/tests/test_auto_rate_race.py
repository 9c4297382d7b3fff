"""PostgreSQL: the enterprise rates a service while the automatic 基本满意 job is running. The job skips it and
rates the others. The job once locked its batch of approval files while filtering out the rated ones through a
join, which PostgreSQL does not evaluate again after waiting for the lock: the batch failed on the unique key,
rolled back whole (up to 1000 files), and the run stopped before the other zones (failed before its fix; the
request case passed before too and guards the one-by-one path)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from devzone.services.models import Rating
from devzone.services.services import ratings as svc

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

SERVICES = {
    "application": (lambda side: side.application(), "concluded_on", "application_id"),
    "request": (lambda side: side.request("answered"), "answered_on", "request_id"),
}


@pytest.mark.parametrize("kind", SERVICES)
def test_it_skips_a_service_the_enterprise_rates_while_the_job_runs(side_a, side_b, kind):
    make, done_field, column = SERVICES[kind]
    services = [make(side_a) for _ in range(3)]
    later_zone = make(side_b)  # rated after zone A in the same run
    target = services[1]
    served_on = getattr(target, done_field)
    rated = threading.Event()
    out: dict = {}

    def enterprise():
        try:
            with transaction.atomic():
                svc.rate(actor=side_a.company, kind=kind, pk=target.pk, level=5, on=served_on)
                rated.set()
                time.sleep(1.5)  # the enterprise's request still committing while the job reaches the service
        except Exception as e:  # noqa: BLE001 — the test asserts there is none
            out["enterprise"] = e
        finally:
            rated.set()
            connection.close()

    def job():
        rated.wait(10)
        try:
            out["made"] = svc.auto_rate_scan(served_on + dt.timedelta(days=10))
        except Exception as e:  # noqa: BLE001 — the test asserts there is none
            out["job"] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=enterprise), threading.Thread(target=job)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "enterprise" not in out and "job" not in out, out  # before: IntegrityError (duplicate key)
    assert out["made"] == 3
    levels = dict(Rating.objects.values_list(column, "level"))
    assert levels == {services[0].pk: 3, target.pk: 5, services[2].pk: 3, later_zone.pk: 3}
