"""The outbox delivered to a real HTTP receiver started by the test (devzone.testing.receiver): signed, retried
with backoff through failures and a timeout, each event applied once by its idempotency key and in order per
object, dead letters after the last attempt, replay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from devzone.core import events
from devzone.core.models import DomainEvent
from devzone.exchange import delivery, signing
from devzone.exchange.models import Attempt, Delivery, DeliveryStatus
from devzone.exchange.services import delivery_replay, subscriber_create
from devzone.testing import factories as f
from devzone.testing.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]


@pytest.fixture(autouse=True)
def _short_timeout(settings):
    settings.DEVZONE_EXCHANGE_TIMEOUT = 0.5


def run_until_quiet(start: dt.datetime, rounds: int = 40) -> dt.datetime:
    """Fan out and deliver, jumping the clock to each next attempt, until nothing is pending."""
    now = start
    for _ in range(rounds):
        delivery.fan_out()
        delivery.deliver_due(now)
        pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
        if not pending.exists():
            return now
        later = pending.filter(next_attempt_at__gt=now).order_by("next_attempt_at").first()
        if later is not None and not delivery.due(now).exists():
            now = later.next_attempt_at  # nothing more to do now: the clock jumps to the next retry
    state = list(Delivery.objects.values_list("status", "attempts", "next_attempt_at", "last_error"))
    raise AssertionError(f"deliveries still pending at {now}: {state}")


def test_every_event_reaches_the_receiver_once_and_in_order_per_object(sysadmin, zone_a):
    projects = [f.ProjectFactory(zone=zone_a) for _ in range(2)]
    with Receiver(script=[500, "timeout", 503, 200, 500]) as receiver:
        sub, secret = subscriber_create(
            actor=sysadmin, name="省政务服务平台", url=receiver.url, kinds=["projects.milestone.reached"]
        )
        receiver.secret = secret
        sent = []
        for n in range(3):
            for p in projects:
                sent.append(events.emit("projects.milestone.reached", obj=p, payload={"n": n}))
        events.emit("services.rating.given", obj=projects[0], payload={})  # not subscribed: never sent
        run_until_quiet(timezone.now())

    assert all(r["signed"] for r in receiver.requests)
    applied = [d["id"] for d in receiver.applied]
    assert sorted(applied) == sorted(str(e.uuid) for e in sent)  # each once, none other
    for p in projects:  # in order per object
        mine = [d["data"]["n"] for d in receiver.applied if d["object"]["id"] == str(p.pk)]
        assert mine == [0, 1, 2]
    assert len(receiver.requests) > len(sent)  # the failures and the timeout were retried
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert Attempt.objects.filter(status_code=None).exists()  # the timeout is in the log, with its reason


def test_a_delivery_that_always_fails_becomes_a_dead_letter_and_is_replayed(sysadmin, zone_a, monkeypatch):
    monkeypatch.setattr(signing, "MAX_ATTEMPTS", 3)
    project = f.ProjectFactory(zone=zone_a)
    with Receiver(script=[500, 500, 500]) as receiver:
        sub, receiver.secret = subscriber_create(
            actor=sysadmin, name="好差评系统", url=receiver.url, kinds=["projects.milestone.reached"]
        )
        first = events.emit("projects.milestone.reached", obj=project, payload={"n": 0})
        now = run_until_quiet(timezone.now())
        dead = Delivery.objects.get(event=first)
        assert (dead.status, dead.attempts, dead.last_status_code) == (DeliveryStatus.DEAD, 3, 500)
        later = events.emit("projects.milestone.reached", obj=project, payload={"n": 1})
        run_until_quiet(now)  # a dead letter does not hold back the object's later events
        assert Delivery.objects.get(event=later).status == DeliveryStatus.DELIVERED
        delivery_replay(actor=sysadmin, delivery=dead)
        run_until_quiet(timezone.now())
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.DELIVERED and dead.log.count() == 4
    assert [d["data"]["n"] for d in receiver.applied] == [1, 0]  # the replay came after, once


@given(st.integers(min_value=1, max_value=40))
def test_the_backoff_grows_is_capped_and_ends(attempts):
    wait = signing.retry_delay(attempts)
    if attempts >= signing.MAX_ATTEMPTS:
        assert wait is None
    else:
        assert signing.FIRST_DELAY_S <= wait <= signing.MAX_DELAY_S
        following = signing.retry_delay(attempts + 1)
        assert following is None or following >= wait


def test_an_event_committed_after_a_later_one_is_not_skipped(sysadmin, zone_a):
    """Ids are drawn at insert, rows appear at commit: an event may become visible after one with a higher id.
    The cursor passes only events older than the grace period, so the late one is still fanned out."""
    import datetime as dt

    project = f.ProjectFactory(zone=zone_a)
    subscriber_create(
        actor=sysadmin, name="证照库", url="http://127.0.0.1:9/", kinds=["projects.milestone.reached"]
    )
    early = events.emit("projects.milestone.reached", obj=project, payload={"n": 0})
    later = events.emit("projects.milestone.reached", obj=project, payload={"n": 1})
    late_pk, late_uuid = early.pk, early.uuid
    early.delete()  # not yet committed when the first fan-out runs
    delivery.fan_out()
    assert list(Delivery.objects.values_list("event_id", flat=True)) == [later.pk]
    DomainEvent.objects.create(  # now it commits, with its lower id
        pk=late_pk,
        uuid=late_uuid,
        kind="projects.milestone.reached",
        zone=zone_a,
        object_type="core.project",
        object_id=str(project.pk),
        payload={"n": 0},
    )
    delivery.fan_out()
    assert sorted(Delivery.objects.values_list("event_id", flat=True)) == [late_pk, later.pk]
    DomainEvent.objects.update(occurred_at=timezone.now() - dt.timedelta(hours=1))  # both settled
    delivery.fan_out()
    assert Delivery.objects.count() == 2  # seen again, never delivered twice


def test_the_event_is_sent_with_its_time_in_beijing_time(sysadmin, zone_a):
    """Like every time the API answers, the webhook's ``occurred_at`` carries +08:00, not UTC."""
    project = f.ProjectFactory(zone=zone_a)
    with Receiver(script=[200]) as receiver:
        _, receiver.secret = subscriber_create(
            actor=sysadmin, name="省政务服务平台", url=receiver.url, kinds=["projects.milestone.reached"]
        )
        event = events.emit("projects.milestone.reached", obj=project, payload={})
        run_until_quiet(timezone.now())
    (sent,) = receiver.applied
    assert sent["occurred_at"].endswith("+08:00")
    assert dt.datetime.fromisoformat(sent["occurred_at"]) == DomainEvent.objects.get(pk=event.pk).occurred_at
