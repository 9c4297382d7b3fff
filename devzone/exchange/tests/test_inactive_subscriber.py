"""A subscriber the administrator switched off (启用 unticked) receives nothing more — no pending delivery, no
retry — until switched on again; a kind it no longer subscribes to is cancelled, unsent (review H), and kept
with its attempts and an audit row, never deleted."""

from __future__ import annotations

import pytest
from django.utils import timezone

from devzone.core import audit, events
from devzone.exchange import delivery
from devzone.exchange.models import Delivery, DeliveryStatus
from devzone.exchange.services import subscriber_create, subscriber_update
from devzone.testing import factories as f
from devzone.testing.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]
MILESTONE = "projects.milestone.reached"


@pytest.fixture(autouse=True)
def _short_timeout(settings):
    settings.DEVZONE_EXCHANGE_TIMEOUT = 0.5


def _switch(sysadmin, sub, *, active: bool | None = None, kinds: list[str] | None = None):
    sub.refresh_from_db()
    return subscriber_update(
        actor=sysadmin,
        subscriber=sub,
        name=sub.name,
        url=sub.url,
        kinds=sub.kinds if kinds is None else kinds,
        active=sub.active if active is None else active,
    )


def test_a_switched_off_subscriber_is_sent_nothing_more_until_switched_on(sysadmin, zone_a):
    project = f.ProjectFactory(zone=zone_a)
    with Receiver(script=[500, 200, 200]) as receiver:
        sub, receiver.secret = subscriber_create(
            actor=sysadmin, name="省平台", url=receiver.url, kinds=[MILESTONE]
        )
        events.emit(MILESTONE, obj=project, payload={"n": 0})
        delivery.fan_out()
        delivery.deliver_due(timezone.now())  # the receiver answers 500: a retry is scheduled
        assert len(receiver.requests) == 1

        _switch(sysadmin, sub, active=False)
        events.emit(MILESTONE, obj=project, payload={"n": 1})  # while off: not even fanned out
        later = timezone.now() + timezone.timedelta(days=2)
        delivery.fan_out()
        assert not delivery.due(later).exists()
        assert delivery.deliver_due(later) == {"delivered": 0, "retry": 0, "dead": 0}
        # a worker holding the delivery's id from before the switch sends nothing either
        pending = Delivery.objects.get(status=DeliveryStatus.PENDING)
        assert delivery.deliver_one(pending.pk, later) is None
        assert len(receiver.requests) == 1, "the switched-off subscriber still got the retry"
        assert Delivery.objects.get(pk=pending.pk).attempts == 1

        _switch(sysadmin, sub, active=True)  # on again: the waiting retry goes out
        delivery.deliver_due(later)
    assert len(receiver.requests) == 2
    assert Delivery.objects.get(pk=pending.pk).status == DeliveryStatus.DELIVERED


def test_a_kind_no_longer_subscribed_is_cancelled_unsent_and_kept_with_its_attempts(sysadmin, zone_a):
    project, other = f.ProjectFactory(zone=zone_a), f.ProjectFactory(zone=zone_a)
    with Receiver(script=[500, 200]) as receiver:
        sub, receiver.secret = subscriber_create(
            actor=sysadmin, name="省平台", url=receiver.url, kinds=[MILESTONE, "services.rating.given"]
        )
        events.emit(MILESTONE, obj=project, payload={"n": 0})
        events.emit("services.rating.given", obj=other, payload={})
        delivery.fan_out()
        delivery.deliver_due(timezone.now())  # the milestone fails (500): a retry is scheduled
        assert [r["event"]["kind"] for r in receiver.requests] == [MILESTONE, "services.rating.given"]

        _switch(sysadmin, sub, kinds=["services.rating.given"])  # the milestones are no longer wanted
        later = timezone.now() + timezone.timedelta(days=2)
        assert delivery.deliver_due(later) == {"delivered": 0, "retry": 0, "dead": 0, "cancelled": 1}
    assert len(receiver.requests) == 2, "a kind the subscriber gave up was sent again"
    cancelled = Delivery.objects.get(kind=MILESTONE)
    assert (cancelled.status, cancelled.next_attempt_at) == (DeliveryStatus.CANCELLED, None)
    assert [a.status_code for a in cancelled.log.all()] == [500]  # its failed attempt stays in the log
    (trail,) = audit.trail_for(cancelled)
    assert trail.changes == {"status": ["pending", "cancelled"]} and trail.actor_label == "系统"
