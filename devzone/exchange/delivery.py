"""Delivering the outbox (core.DomainEvent) to the subscribers: run by the job every minute
(``exchange.deliver``) and by ``devzone exchange_deliver``.

1. **Fan-out.** For each active subscriber, the events after its cursor that it wants become ``Delivery`` rows
   (one per event and subscriber, never two: a unique constraint), and the cursor moves past the events older
   than five minutes — in one transaction with the subscriber row locked. The younger ones are looked at again on
   the next run, so that an event whose transaction commits after a later one's is not skipped (a transaction
   open longer than five minutes could still be: none of DevZone's is).
2. **Delivery.** Pending deliveries whose time has come are sent oldest event first, **in order per object**: a
   delivery waits while an earlier event of the same object for the same subscriber is still pending. Each is
   claimed by moving its next attempt time forward (a conditional UPDATE: of two workers, one sends), POSTed
   with its signature and idempotency key (exchange.signing) to an address checked against SSRF
   (exchange.addresses, exchange.transport), and its attempt logged. A 2xx answer delivers it; any other answer (a
   redirect too: it is not followed), a refused connection or address, a timeout or any other error of the
   attempt schedules a retry with backoff, until the last attempt makes it a dead letter (listed, replayable); it
   never stops the rest of the batch. A dead letter no longer holds back the later events of its object.
3. **One slow receiver does not hold the others.** ``DEVZONE_EXCHANGE_TIMEOUT`` (5 s) is the deadline of a whole
   POST, not of each socket read (exchange.transport). The batch takes the subscribers in turn (round robin: each
   subscriber's oldest due delivery, then each one's second …), not the oldest events of all first, so a backlog
   of one subscriber does not push the others' deliveries out of the batch; and a subscriber whose attempt got no
   answer (a timeout, a refused connection or address) is passed over for the rest of the run: its other
   deliveries stay due and go first on the next run. A slow or dead receiver thus costs a run one deadline, not
   one per delivery. Each claim and each outcome is timed when it happens (``timezone.now()``), not at the start
   of the batch, so a long batch neither lets claims lapse nor schedules retries in the past.
4. **Switched off, or no longer wanted.** A subscriber the administrator switched off (启用 unticked) is sent
   nothing: its pending deliveries and retries wait, and go out in order if it is switched on again. A pending
   delivery of a kind the subscriber no longer subscribes to is cancelled, unsent (status 已取消, audited; never
   deleted: its attempts stay in the log). Both are checked after the claim, so a change made meanwhile is
   honoured.

The POST goes out outside any database transaction."""

from __future__ import annotations

import datetime as dt
import json
import time
from itertools import chain, zip_longest

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction
from devzone.core.models import DomainEvent
from devzone.exchange import secrets_box, signing, transport
from devzone.exchange.models import Attempt, Delivery, DeliveryStatus, Subscriber

FAN_OUT_BATCH = 2000
CLAIM_SECONDS = 120  # a claimed delivery is not sent again by another worker for this long
SETTLE_SECONDS = 300  # events younger than this are fanned out again on the next run (see _fan_out_one)


def fan_out() -> int:
    made = 0
    for pk in Subscriber.objects.filter(active=True).values_list("pk", flat=True):
        made += _fan_out_one(pk)
    return made


@transaction.atomic
def _fan_out_one(pk: int) -> int:
    sub = Subscriber.objects.select_for_update().get(pk=pk)
    found = list(
        DomainEvent.objects.filter(pk__gt=sub.cursor, zone__city_id=sub.city_id)
        .order_by("pk")
        .values_list("pk", "kind", "object_type", "object_id", "occurred_at")[:FAN_OUT_BATCH]
    )
    if not found:
        return 0
    events = [row[:4] for row in found]
    ages = [(row[0], row[4]) for row in found]
    now = timezone.now()
    rows = [
        Delivery(
            subscriber=sub,
            event_id=pk_,
            kind=kind,
            object_key=f"{otype}#{oid}",
            next_attempt_at=now,
        )
        for pk_, kind, otype, oid in events
        if sub.wants(kind)
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)  # an event seen again is not delivered twice
    # The cursor passes only events older than the grace period: an event's id is drawn when it is written but it
    # becomes visible when its transaction commits, so a later id may be seen before an earlier one. Younger
    # events are fanned out now and looked at again on the next run (the unique delivery keeps that harmless).
    settled = timezone.now() - dt.timedelta(seconds=SETTLE_SECONDS)
    old_enough = [pk_ for pk_, at in ages if at <= settled]
    cursor = sub.cursor
    for pk_, _kind, _otype, _oid in events:
        if pk_ not in old_enough:
            break
        cursor = pk_
    if cursor != sub.cursor:
        Subscriber.objects.filter(pk=sub.pk).update(cursor=cursor)
    return len(rows)


def _due(now: dt.datetime):
    earlier = Delivery.objects.filter(
        subscriber=OuterRef("subscriber"),
        object_key=OuterRef("object_key"),
        event_id__lt=OuterRef("event_id"),
        status=DeliveryStatus.PENDING,
    )
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now, subscriber__active=True
    ).exclude(Exists(earlier))


def due(now: dt.datetime, limit: int = 200):
    """Pending deliveries whose time has come and that no earlier pending event of the same object holds back."""
    return _due(now).order_by("event_id")[:limit]


def batch(now: dt.datetime, limit: int = 200) -> list[tuple[int, int]]:
    """(delivery, subscriber) ids to send now, the subscribers in turn: each one's oldest due delivery, then each
    one's second …, ``limit`` in all. One query per subscriber with something due (a city has a handful)."""
    subscribers = _due(now).order_by("subscriber_id").values_list("subscriber_id", flat=True).distinct()
    queues = [
        list(
            _due(now).filter(subscriber_id=s).order_by("event_id").values_list("pk", "subscriber_id")[:limit]
        )
        for s in subscribers
    ]
    turns = chain.from_iterable(zip_longest(*queues))
    return [t for t in turns if t is not None][:limit]


def deliver_due(now: dt.datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due. ``now`` fixes the clock (the tests'); by default each claim and outcome is timed when
    it happens."""
    counts = {"delivered": 0, "retry": 0, "dead": 0}
    unanswered: set[int] = set()  # subscribers whose receiver gave no answer in this run
    for pk, subscriber_id in batch(now or timezone.now(), limit):
        if subscriber_id in unanswered:
            continue  # stays due: first in the next run
        outcome, answered = _deliver(pk, now)
        if outcome:
            counts[outcome] = counts.get(outcome, 0) + 1  # "cancelled" only when some were
        if not answered:
            unanswered.add(subscriber_id)
    return counts


def _claim_seconds() -> float:
    """How long a claim keeps other workers off: longer than any one POST may take."""
    return max(CLAIM_SECONDS, float(settings.DEVZONE_EXCHANGE_TIMEOUT) + 60)


def _claim(pk: int, now: dt.datetime) -> bool:
    return bool(
        Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now, subscriber__active=True
        ).update(next_attempt_at=now + dt.timedelta(seconds=_claim_seconds()))
    )


def body_of(delivery: Delivery) -> bytes:
    event = delivery.event
    document = {
        "id": str(event.uuid),
        "kind": event.kind,
        "occurred_at": timezone.localtime(event.occurred_at).isoformat(),  # Beijing time, like the API
        "zone": event.zone_id,
        "object": {"type": event.object_type, "id": event.object_id},
        "data": event.payload,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def _send(delivery: Delivery) -> tuple[int | None, str]:
    sub = delivery.subscriber
    try:
        secret = secrets_box.unseal(sub.secret_box)
    except Exception:  # noqa: BLE001 — the key file missing, or a box it does not open
        return None, "secret"
    body = body_of(delivery)
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "DevZone-Exchange/1",
        "X-DevZone-Event": delivery.kind,
        "X-DevZone-Timestamp": stamp,
        "X-DevZone-Signature": signing.signature(secret, stamp, body),
        "Idempotency-Key": str(delivery.event.uuid),
    }
    return transport.post(
        sub.url,
        body,
        headers,
        timeout=float(settings.DEVZONE_EXCHANGE_TIMEOUT),
        allowed=settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS,
    )


def deliver_one(pk: int, now: dt.datetime | None = None) -> str | None:
    """Claim, send and log one delivery: "delivered", "retry", "dead", "cancelled", or None when there was
    nothing to do. ``now`` fixes the clock (the tests'); by default the claim is timed before the POST and the
    outcome after it."""
    return _deliver(pk, now)[0]


def _deliver(pk: int, now: dt.datetime | None) -> tuple[str | None, bool]:
    """The outcome, and whether the receiver answered (False: a timeout, a refused connection or address)."""
    if not _claim(pk, now or timezone.now()):
        return None, True  # another worker has it, or it is no longer due
    delivery = Delivery.objects.select_related("event", "subscriber").get(pk=pk)
    if not delivery.subscriber.active:  # switched off after the claim: it waits, as its others do
        return None, True
    if not delivery.subscriber.wants(delivery.kind):  # the kind was unsubscribed since the fan-out
        return ("cancelled" if _cancel(delivery) else None), True
    began = time.monotonic()
    try:
        code, error = _send(delivery)
    except Exception as e:  # noqa: BLE001 — a failure of this attempt, never of the batch
        code, error = None, f"error:{type(e).__name__}"
    ms = int((time.monotonic() - began) * 1000)
    at = now or timezone.now()  # the outcome's time: after the POST, not the batch's start
    with transaction.atomic():
        Attempt.objects.create(delivery=delivery, status_code=code, error=error, ms=ms)
        attempts = delivery.attempts + 1
        fields = {
            "attempts": attempts,
            "last_status_code": code,
            "last_error": error,
            "version": delivery.version + 1,
        }
        if code is not None and 200 <= code < 300:
            outcome = "delivered"
            fields.update(status=DeliveryStatus.DELIVERED, delivered_at=at, next_attempt_at=None)
        else:
            wait = signing.retry_delay(attempts)
            if wait is None:
                outcome = "dead"
                fields.update(status=DeliveryStatus.DEAD, next_attempt_at=None)
            else:
                outcome = "retry"
                fields.update(next_attempt_at=at + dt.timedelta(seconds=wait))
        Delivery.objects.filter(pk=pk).update(**fields)
    return outcome, code is not None


@transaction.atomic
def _cancel(delivery: Delivery) -> bool:
    """A pending delivery of a kind its subscriber gave up: cancelled, unsent, with an audit row; never deleted,
    so its earlier attempts (a replayed dead letter's) stay in the log."""
    done = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED,
        next_attempt_at=None,
        last_error="unsubscribed",
        version=delivery.version + 1,
    )
    if done:
        audit.record(
            actor=system_actor(),
            action=AuditAction.TRANSITION,
            obj=delivery,
            changes={"status": [DeliveryStatus.PENDING, DeliveryStatus.CANCELLED]},
            note=_("订阅方已不再订阅此类事件，投递已取消"),
        )
    return bool(done)
