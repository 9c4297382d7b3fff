"""Replaying a dead letter whose kind the subscriber has since given up: refused with a message that says why
(it would only be cancelled unsent), and no button offers it; the delivery and its attempt log stay. Re-ticked,
the kind may be replayed again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core import events
from devzone.core.errors import DomainError
from devzone.exchange import delivery, signing
from devzone.exchange.models import Attempt, Delivery, DeliveryStatus
from devzone.exchange.services import delivery_replay, subscriber_create, subscriber_update
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]
K1, K2 = "projects.milestone.reached", "projects.problem.resolve"


@pytest.fixture
def dead_letter(sysadmin, zone_a, settings, monkeypatch):
    settings.DEVZONE_EXCHANGE_TIMEOUT = 0.3
    monkeypatch.setattr(signing, "MAX_ATTEMPTS", 1)
    sub, _ = subscriber_create(actor=sysadmin, name="省平台", url="http://127.0.0.1:9/in", kinds=[K1, K2])
    events.emit(K1, obj=f.ProjectFactory(zone=zone_a), payload={})
    delivery.fan_out()
    delivery.deliver_due()
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.DEAD and Attempt.objects.count() == 1
    return sub, d


def unsubscribe(sysadmin, sub, kinds):
    sub.refresh_from_db()
    return subscriber_update(
        actor=sysadmin, subscriber=sub, name=sub.name, url=sub.url, kinds=kinds, active=True
    )


def test_replaying_a_kind_no_longer_subscribed_is_refused_and_keeps_the_log(
    client_for, sysadmin, dead_letter
):
    sub, d = dead_letter
    unsubscribe(sysadmin, sub, [K2])
    c = client_for(sysadmin)
    page = c.get(reverse("exchange:subscriber_detail", args=[sub.pk])).content.decode()
    assert reverse("exchange:delivery_replay", args=[d.pk]) not in page  # no button offers it
    r = c.post(reverse("exchange:delivery_replay", args=[d.pk]), follow=True)
    said = [str(m) for m in r.context["messages"]]
    assert any("已不再订阅" in m for m in said) and "已重新排入投递" not in said, said
    delivery.deliver_due()
    d.refresh_from_db()
    assert d.status == DeliveryStatus.DEAD and Attempt.objects.filter(delivery=d).count() == 1


def test_subscribed_again_the_dead_letter_is_replayed(sysadmin, dead_letter):
    sub, d = dead_letter
    unsubscribe(sysadmin, sub, [K2])
    with pytest.raises(DomainError):
        delivery_replay(actor=sysadmin, delivery=d)
    unsubscribe(sysadmin, sub, [K1, K2])
    assert delivery_replay(actor=sysadmin, delivery=d).status == DeliveryStatus.PENDING
