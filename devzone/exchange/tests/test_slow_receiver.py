"""One slow receiver does not stop the deliveries: ``DEVZONE_EXCHANGE_TIMEOUT`` bounds a whole POST (a receiver
that trickles its answer a byte at a time is cut at the deadline, where a socket's per-read timeout would wait
for ever); a subscriber whose receiver gave no answer is passed over for the rest of the run; the batch takes the
subscribers in turn, so one's backlog does not push the others out of it; and each claim and outcome is timed
when it happens, not when the batch began."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
from django.utils import timezone

from devzone.core import events
from devzone.exchange import delivery
from devzone.exchange.models import Attempt, Delivery, DeliveryStatus
from devzone.exchange.services import subscriber_create
from devzone.testing import factories as f
from devzone.testing.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]
TIMEOUT = 0.5
TRICKLE_S = 6.0
SLOW, HEALTHY = "projects.milestone.reached", "projects.problem.resolve"


@pytest.fixture(autouse=True)
def _short_timeout(settings):
    settings.DEVZONE_EXCHANGE_TIMEOUT = TIMEOUT


@pytest.fixture
def trickling():
    """A receiver that reads the request, then answers one byte every 0.3 s for six seconds: never idle for
    the timeout, always far past it."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer(conn):
        with conn:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            end = time.monotonic() + TRICKLE_S
            try:
                while time.monotonic() < end and not stop.is_set():
                    conn.sendall(b"a")
                    time.sleep(0.3)
                conn.sendall(b"\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass  # the sender hung up at its deadline

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/in"
    stop.set()
    listener.close()


def test_a_trickling_receiver_is_cut_at_the_deadline_and_the_others_are_delivered(
    sysadmin, zone_a, trickling
):
    with Receiver() as healthy:
        subscriber_create(actor=sysadmin, name="慢", url=trickling, kinds=[SLOW])
        _, healthy.secret = subscriber_create(actor=sysadmin, name="好", url=healthy.url, kinds=[HEALTHY])
        project = f.ProjectFactory(zone=zone_a)
        for n in range(3):  # the slow receiver's, first
            events.emit(SLOW, obj=f.ProjectFactory(zone=zone_a), payload={"n": n})
        events.emit(HEALTHY, obj=project, payload={})  # the healthy one's, after
        delivery.fan_out()
        began = time.monotonic()
        outcome = delivery.deliver_due()
        took = time.monotonic() - began
    assert took < 2 * TIMEOUT + 1, f"the batch took {took:.1f}s with a {TIMEOUT}s timeout"
    assert outcome == {"delivered": 1, "retry": 1, "dead": 0}
    assert len(healthy.applied) == 1
    (slow,) = Attempt.objects.filter(delivery__subscriber__name="慢")  # one attempt; the others wait
    assert (slow.status_code, slow.error) == (None, f"timeout:{TIMEOUT:g}")
    assert slow.reason == "接收方未在 0.5 秒内答复"
    assert slow.ms < (TIMEOUT + 0.5) * 1000
    waiting = Delivery.objects.filter(subscriber__name="慢", attempts=0)
    assert waiting.count() == 2 and all(d.status == DeliveryStatus.PENDING for d in waiting)
    next_run = set(delivery.due(timezone.now()).values_list("pk", flat=True))
    assert {d.pk for d in waiting} <= next_run  # still due: sent on the next run


def test_a_subscriber_whose_receiver_is_down_costs_one_attempt_a_run(sysadmin, zone_a):
    subscriber_create(actor=sysadmin, name="停机", url="http://127.0.0.1:9/", kinds=[SLOW])  # nobody listens
    for n in range(4):
        events.emit(SLOW, obj=f.ProjectFactory(zone=zone_a), payload={"n": n})
    delivery.fan_out()
    assert delivery.deliver_due() == {"delivered": 0, "retry": 1, "dead": 0}
    (attempt,) = Attempt.objects.all()
    assert attempt.error == "refused" and attempt.reason == "连接被拒绝：接收方的该端口没有服务"


def test_the_batch_takes_the_subscribers_in_turn(sysadmin, zone_a):
    with Receiver() as backlog, Receiver() as other:
        _, backlog.secret = subscriber_create(actor=sysadmin, name="积压", url=backlog.url, kinds=[SLOW])
        _, other.secret = subscriber_create(actor=sysadmin, name="另一家", url=other.url, kinds=[HEALTHY])
        for n in range(6):  # older than the other subscriber's event
            events.emit(SLOW, obj=f.ProjectFactory(zone=zone_a), payload={"n": n})
        events.emit(HEALTHY, obj=f.ProjectFactory(zone=zone_a), payload={})
        delivery.fan_out()
        assert delivery.deliver_due(limit=3) == {"delivered": 3, "retry": 0, "dead": 0}
    assert len(other.applied) == 1, "the backlog of one subscriber filled the whole batch"
    assert [d["data"]["n"] for d in backlog.applied] == [0, 1]


def test_the_retry_is_timed_from_the_end_of_the_attempt_not_the_start_of_the_batch(sysadmin, zone_a):
    with Receiver(script=["timeout", 500], hold_seconds=1.0) as receiver:
        _, receiver.secret = subscriber_create(actor=sysadmin, name="省平台", url=receiver.url, kinds=[SLOW])
        events.emit(SLOW, obj=f.ProjectFactory(zone=zone_a), payload={})
        delivery.fan_out()
        before = timezone.now()
        delivery.deliver_due()
        d = Delivery.objects.get()
    assert d.next_attempt_at >= before + dt.timedelta(seconds=60 + TIMEOUT)
