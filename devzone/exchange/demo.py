"""The demo's 数据交换: one subscriber, 省政务服务“好差评”系统（演示）, taking ratings, certificates and approval
decisions, pointed at DevZone's own test receiver (``DEVZONE_EXCHANGE_SANDBOX``, on under ``make demo``, which also
allows loopback receivers: ``DEVZONE_EXCHANGE_ALLOWED_NETWORKS``), so that its delivery log fills as soon as the
server runs (the delivery job, every minute). Loaded first, so that the events the other modules' demo writes are
its to deliver."""

from __future__ import annotations

import os

from devzone.core import registry
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.models import Profile
from devzone.exchange.models import Subscriber
from devzone.exchange.services import subscriber_create

KINDS = [
    "services.rating.given",
    "approvals.certificate.issued",
    "approvals.certificate.revoked",
    "approvals.application.grant",
    "approvals.application.deny",
]
# Where the subscriber points when the sandbox's address is refused (DevZone on loopback, with the sandbox off and
# so loopback not allowed: exchange.addresses): a name that never resolves (RFC 2606), so its log shows why.
NOWHERE = "https://receiver.invalid/events"


@registry.demo(1, "exchange")
def load(*, city, zones, zone, rng):
    admin = Profile.objects.filter(role=Role.SYSADMIN, city=city).select_related("user").first()
    if admin is None:
        return
    base = os.environ.get("DEVZONE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    name = "省政务服务“好差评”系统（演示）"
    try:
        sub, _secret = subscriber_create(
            actor=admin.user, name=name, url=f"{base}/exchange/sandbox/0/", kinds=KINDS
        )
    except DomainError:
        sub, _secret = subscriber_create(actor=admin.user, name=name, url=NOWHERE, kinds=KINDS)
        Subscriber.objects.filter(pk=sub.pk).update(cursor=0)
        return
    Subscriber.objects.filter(pk=sub.pk).update(url=f"{base}/exchange/sandbox/{sub.pk}/", cursor=0)
