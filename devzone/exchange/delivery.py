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
   with its signature and idempotency key (exchange.signing), and its attempt logged. A 2xx answer delivers it; any
   other answer (a redirect too: it is not followed), a refused connection, a timeout or any other error of the
   attempt schedules a retry with backoff, until the last attempt makes it a dead letter (listed, replayable); it
   never stops the rest of the batch. A dead letter no longer holds back the later events of its object.
3. **Switched off, or no longer wanted.** A subscriber the administrator switched off (启用 unticked) is sent
   nothing: its pending deliveries and retries wait, and go out in order if it is switched on again. A pending
   delivery of a kind the subscriber no longer subscribes to is dropped, unsent. Both are checked when the
   deliveries are chosen and again after the claim, so a change made meanwhile is honoured.

The POST goes out with a timeout (``DEVZONE_EXCHANGE_TIMEOUT``, 5 s) and outside any database transaction."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from devzone.core.models import DomainEvent
from devzone.exchange import secrets_box, signing
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


def due(now: dt.datetime, limit: int = 200):
    """Pending deliveries whose time has come and that no earlier pending event of the same object holds back."""
    earlier = Delivery.objects.filter(
        subscriber=OuterRef("subscriber"),
        object_key=OuterRef("object_key"),
        event_id__lt=OuterRef("event_id"),
        status=DeliveryStatus.PENDING,
    )
    return (
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now, subscriber__active=True
        )
        .exclude(Exists(earlier))
        .order_by("event_id")[:limit]
    )


def deliver_due(now: dt.datetime | None = None, limit: int = 200) -> dict[str, int]:
    now = now or timezone.now()
    counts = {"delivered": 0, "retry": 0, "dead": 0}
    for pk in list(due(now, limit).values_list("pk", flat=True)):
        outcome = deliver_one(pk, now)
        if outcome:
            counts[outcome] = counts.get(outcome, 0) + 1  # "dropped" only when some were
    return counts


def _claim(pk: int, now: dt.datetime) -> bool:
    return bool(
        Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, next_attempt_at__lte=now, subscriber__active=True
        ).update(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx is the receiver's answer, not a new address: urllib would repeat a 301/302/303 as a GET without the
    body, to whatever host it names, and count that GET's 2xx as a delivery."""

    def redirect_request(self, *args, **kwargs):
        return None  # urllib then raises HTTPError with the 3xx: a failed attempt


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, str]:
    """(status code, error): the receiver's answer, or None and why no answer came."""
    if not url.startswith(("http://", "https://")):  # the form allows no other; never a file: or ftp: URL
        return None, "URL scheme refused"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (checked above)
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        return None, f"{type(reason).__name__}: {reason}"[:300]


def _send(delivery: Delivery) -> tuple[int | None, str]:
    sub = delivery.subscriber
    body = body_of(delivery)
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "DevZone-Exchange/1",
        "X-DevZone-Event": delivery.kind,
        "X-DevZone-Timestamp": stamp,
        "X-DevZone-Signature": signing.signature(secrets_box.unseal(sub.secret_box), stamp, body),
        "Idempotency-Key": str(delivery.event.uuid),
    }
    return post(sub.url, body, headers, float(settings.DEVZONE_EXCHANGE_TIMEOUT))


def deliver_one(pk: int, now: dt.datetime | None = None) -> str | None:
    now = now or timezone.now()
    if not _claim(pk, now):
        return None  # another worker has it, or it is no longer due
    delivery = Delivery.objects.select_related("event", "subscriber").get(pk=pk)
    if not delivery.subscriber.active:  # switched off after the claim: it waits, as its others do
        return None
    if not delivery.subscriber.wants(delivery.kind):  # the kind was unsubscribed since the fan-out
        Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).delete()
        return "dropped"
    began = time.monotonic()
    try:
        code, error = _send(delivery)
    except Exception as e:  # a bad stored address, a secret that no longer opens …: the attempt's failure
        code, error = None, f"{type(e).__name__}: {e}"[:300]
    ms = int((time.monotonic() - began) * 1000)
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
            fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None)
        else:
            wait = signing.retry_delay(attempts)
            if wait is None:
                outcome = "dead"
                fields.update(status=DeliveryStatus.DEAD, next_attempt_at=None)
            else:
                outcome = "retry"
                fields.update(next_attempt_at=now + dt.timedelta(seconds=wait))
        Delivery.objects.filter(pk=pk).update(**fields)
    return outcome
