"""数据交换's isolation and bad input: only the city's system administrator opens the subscribers; another city's
administrator gets 404 for every page and move; zone staff and the city officer get 403; the secret is sealed at
rest; a bad URL, an unknown or empty event kind change nothing. Each refusal is paired with the same request
succeeding."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core import events
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.exchange import delivery
from devzone.exchange.models import Delivery, Subscriber
from devzone.exchange.services import subscriber_create
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
GOOD = {
    "name": "省好差评系统",
    "url": "https://hcp.example.gov.cn/events",
    "kinds": ["services.rating.given"],
}


@pytest.fixture
def world(sysadmin, zone_a):
    sub, secret = subscriber_create(actor=sysadmin, **GOOD)
    events.emit("services.rating.given", obj=f.ProjectFactory(zone=zone_a), payload={})
    delivery.fan_out()
    other_city = f.CityFactory(code="370900", name="泰安市")
    stranger = f.user_with_role(Role.SYSADMIN, city=other_city, user__username="ta_admin")
    return {"sub": sub, "secret": secret, "delivery": Delivery.objects.get(), "stranger": stranger}


def pages(world):
    sub, d = world["sub"], world["delivery"]
    return [
        ("get", reverse("exchange:subscriber_detail", args=[sub.pk]), {}),
        (
            "post",
            reverse("exchange:subscriber_detail", args=[sub.pk]),
            {**GOOD, "name": "改名", "active": "on"},
        ),
        ("post", reverse("exchange:subscriber_rotate", args=[sub.pk]), {}),
        ("post", reverse("exchange:delivery_replay", args=[d.pk]), {}),
    ]


def test_another_citys_administrator_gets_404_and_changes_nothing(world, client_for):
    c = client_for(world["stranger"])
    assert c.get(reverse("exchange:home")).status_code == 200
    assert world["sub"].name not in c.get(reverse("exchange:home")).content.decode()
    for method, url, data in pages(world):
        assert getattr(c, method)(url, data).status_code == 404, url
    sub = Subscriber.objects.get()
    assert (sub.name, sub.secret_box) == (world["sub"].name, world["sub"].secret_box)


def test_zone_staff_and_the_city_officer_get_403(world, client_for, zone_a_leader, city_officer):
    for user in (zone_a_leader, city_officer):
        c = client_for(user)
        assert c.get(reverse("exchange:home")).status_code == 403
        assert c.get(reverse("exchange:subscriber_new")).status_code == 403
        for method, url, data in pages(world):
            assert getattr(c, method)(url, data).status_code in (403, 404), url
    assert Subscriber.objects.get().name == GOOD["name"]


def test_the_citys_administrator_works_on_its_subscribers(world, client_for, sysadmin):
    c = client_for(sysadmin)
    home = c.get(reverse("exchange:home")).content.decode()
    assert GOOD["name"] in home
    page = c.get(reverse("exchange:subscriber_detail", args=[world["sub"].pk])).content.decode()
    assert "data-delivery-log" in page and "services.rating.given" in page
    created = c.post(reverse("exchange:subscriber_new"), {**GOOD, "name": "省电子证照库"})
    assert created.status_code == 200 and "data-secret" in created.content.decode()
    assert Subscriber.objects.count() == 2


def test_the_secret_is_sealed_at_rest(world):
    sub = Subscriber.objects.get()
    assert world["secret"].encode() not in bytes(sub.secret_box)
    assert sub.secret_hint == world["secret"][-4:]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "ftp://hcp.example.gov.cn/", "http:// 或 https://"),
        ("url", "javascript:alert(1)", "http:// 或 https://"),
        ("kinds", ["approvals.application.fly"], "未知的事件类型"),
        ("kinds", [], "至少选择一种"),
        ("name", "  ", "请填写订阅方名称"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(sysadmin, field, value, message):
    with pytest.raises(DomainError, match=message):
        subscriber_create(actor=sysadmin, **{**GOOD, field: value})
    assert not Subscriber.objects.exists()


def test_a_bad_form_is_answered_on_the_page(sysadmin, client_for):
    answer = client_for(sysadmin).post(reverse("exchange:subscriber_new"), {**GOOD, "url": "ftp://x"})
    assert answer.status_code == 200 and "http:// 或 https://" in answer.content.decode()
    assert not Subscriber.objects.exists()


def test_the_test_receiver_exists_only_when_switched_on_and_checks_the_signature(world, client, settings):
    """/exchange/sandbox/<id>/ takes no login (a receiver is called by DevZone itself) and keeps nothing."""
    import time

    from devzone.exchange import signing

    url = reverse("exchange:sandbox", args=[world["sub"].pk])
    body, stamp = b'{"id": "e1", "kind": "services.rating.given"}', str(int(time.time()))
    signed = {
        "HTTP_X_DEVZONE_TIMESTAMP": stamp,
        "HTTP_X_DEVZONE_SIGNATURE": signing.signature(world["secret"], stamp, body),
        "HTTP_IDEMPOTENCY_KEY": "e1",
        "HTTP_X_DEVZONE_EVENT": "services.rating.given",
    }
    settings.DEVZONE_EXCHANGE_SANDBOX = False
    assert client.post(url, body, content_type="application/json", **signed).status_code == 404
    settings.DEVZONE_EXCHANGE_SANDBOX = True
    assert client.post(url, body, content_type="application/json", **signed).status_code == 204
    forged = {**signed, "HTTP_X_DEVZONE_SIGNATURE": signing.signature("not-the-secret", stamp, body)}
    assert client.post(url, body, content_type="application/json", **forged).status_code == 401
