"""数据交换's pages read in English by the city's system administrator: no Chinese outside names and data —
among them the attempt log's reasons (a refused connection, a refused internal address), a cancelled delivery's
state and the refusal of a replay."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core import events
from devzone.exchange import delivery, signing
from devzone.exchange.models import Delivery, Subscriber
from devzone.exchange.services import subscriber_create, subscriber_update
from devzone.testing import factories as f
from devzone.testing.english import chinese_left

pytestmark = pytest.mark.django_db
MILESTONE, FOLLOWUP = "projects.milestone.reached", "services.followup.rate"


def test_exchange_pages_in_english(client_for, sysadmin, zone_a, settings, monkeypatch):
    settings.DEVZONE_EXCHANGE_TIMEOUT = 0.3
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    monkeypatch.setattr(signing, "MAX_ATTEMPTS", 1)
    sub, _ = subscriber_create(
        actor=sysadmin, name="Province", url="http://127.0.0.1:9/in", kinds=[MILESTONE, FOLLOWUP]
    )
    for n in range(2):
        events.emit(MILESTONE, obj=f.ProjectFactory(zone=zone_a, name=f"P{n}"), payload={})
    events.emit(FOLLOWUP, obj=f.ProjectFactory(zone=zone_a, name="P2"), payload={})
    delivery.fan_out()
    delivery.deliver_due()  # refused: the first attempt is a dead letter, the others wait for the next run
    Subscriber.objects.filter(pk=sub.pk).update(
        url="http://10.1.1.1/in"
    )  # an address stored before the check
    delivery.deliver_due()  # refused as internal
    Subscriber.objects.filter(pk=sub.pk).update(url="http://127.0.0.1:9/in")
    sub.refresh_from_db()
    subscriber_update(
        actor=sysadmin, subscriber=sub, name=sub.name, url=sub.url, kinds=[MILESTONE], active=True
    )
    delivery.deliver_due()  # the follow-up cancelled
    assert set(Delivery.objects.values_list("status", flat=True)) == {"dead", "cancelled"}
    c = client_for(sysadmin)
    c.cookies["devzone_language"] = "en"
    dead = Delivery.objects.filter(status="dead", kind=MILESTONE).first()
    sub.refresh_from_db()
    subscriber_update(
        actor=sysadmin, subscriber=sub, name=sub.name, url=sub.url, kinds=[FOLLOWUP], active=True
    )
    pages = {
        "home": c.get(reverse("exchange:home")),
        "detail": c.get(reverse("exchange:subscriber_detail", args=[sub.pk])),
        "new": c.get(reverse("exchange:subscriber_new")),
        "refused address": c.post(
            reverse("exchange:subscriber_new"), {"name": "x", "url": "http://10.0.0.1/", "kinds": [MILESTONE]}
        ),
        "refused replay": c.post(reverse("exchange:delivery_replay", args=[dead.pk]), follow=True),
        "secret": c.post(reverse("exchange:subscriber_rotate", args=[sub.pk]), {"version": sub.version}),
        "desk": c.get("/"),
    }
    data = [sysadmin.profile.display_name, "简体中文", "语言", zone_a.name, zone_a.city.name]
    found = {name: left for name, r in pages.items() if (left := chinese_left(r.content.decode(), data))}
    assert not found, found
