"""Receiver addresses that are not usable: refused with a message on 接收地址 (never a 500), and one stored before
that check (or made unusable later) fails its own attempts only — logged, retried, dead-lettered — while the
rest of the batch is delivered. A receiver that answers a redirect has not taken the event: the redirect is
not followed (urllib would repeat it as a GET without the body, to any host) and the attempt fails."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core import events
from devzone.core.errors import DomainError
from devzone.exchange import delivery, signing
from devzone.exchange.models import Attempt, Delivery, DeliveryStatus, Subscriber
from devzone.exchange.services import subscriber_create, subscriber_update
from devzone.testing import factories as f
from devzone.testing.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]

KIND = "projects.milestone.reached"
BAD_URLS = [
    "http://[::1",  # urlsplit raises ValueError
    "http://127.0.0.1:abc/",  # http.client.InvalidURL at delivery
    "http://127.0.0.1:99999/",
    "http://:8080/",
    "http://exa mple.gov.cn/events",
]


@pytest.fixture(autouse=True)
def _short_timeout(settings):
    settings.DEVZONE_EXCHANGE_TIMEOUT = 0.5


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_address_is_refused_on_the_url_field(sysadmin, url):
    with pytest.raises(DomainError) as refused:
        subscriber_create(actor=sysadmin, name="省平台", url=url, kinds=[KIND])
    assert list(refused.value.errors) == ["url"]
    sub, _secret = subscriber_create(
        actor=sysadmin, name="省平台", url="https://[::1]:8443/events", kinds=[KIND]
    )
    with pytest.raises(DomainError) as refused:
        subscriber_update(actor=sysadmin, subscriber=sub, name="省平台", url=url, kinds=[KIND], active=True)
    assert list(refused.value.errors) == ["url"]


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:abc/"])
def test_the_new_subscriber_page_shows_the_refusal_beside_the_field(client_for, sysadmin, url):
    r = client_for(sysadmin).post(
        reverse("exchange:subscriber_new"), {"name": "省平台", "url": url, "kinds": [KIND]}
    )
    assert r.status_code == 200
    assert "接收地址" in r.context["form"].errors["url"][0]
    assert not Subscriber.objects.exists()


def test_a_stored_bad_address_fails_its_attempts_and_the_batch_goes_on(sysadmin, zone_a, monkeypatch):
    monkeypatch.setattr(signing, "MAX_ATTEMPTS", 2)
    project = f.ProjectFactory(zone=zone_a)
    with Receiver() as receiver:
        bad, _secret = subscriber_create(actor=sysadmin, name="坏", url="http://127.0.0.1:9/", kinds=[KIND])
        Subscriber.objects.filter(pk=bad.pk).update(url="http://127.0.0.1:abc/")  # stored before the check
        _good, receiver.secret = subscriber_create(actor=sysadmin, name="好", url=receiver.url, kinds=[KIND])
        events.emit(KIND, obj=project, payload={"n": 1})
        delivery.fan_out()
        now = timezone.now()
        assert delivery.deliver_due(now) == {"delivered": 1, "retry": 1, "dead": 0}
        failed = Delivery.objects.get(subscriber=bad)
        assert failed.status == DeliveryStatus.PENDING and failed.attempts == 1 and failed.last_error
        assert delivery.deliver_due(failed.next_attempt_at) == {"delivered": 0, "retry": 0, "dead": 1}
    assert len(receiver.applied) == 1
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.DEAD
    assert [a.status_code for a in Attempt.objects.filter(delivery=failed)] == [None, None]
    assert all(a.error for a in Attempt.objects.filter(delivery=failed))


class _Redirecting(BaseHTTPRequestHandler):
    seen: list[str] = []
    code = 302

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append("POST")
        self.send_response(self.code)
        self.send_header("Location", "/moved")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        self.seen.append("GET")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed_and_is_a_failed_attempt(sysadmin, zone_a, monkeypatch, code):
    monkeypatch.setattr(signing, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(_Redirecting, "seen", [])
    monkeypatch.setattr(_Redirecting, "code", code)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/events"
        subscriber_create(actor=sysadmin, name="跳转", url=url, kinds=[KIND])
        events.emit(KIND, obj=f.ProjectFactory(zone=zone_a), payload={"n": 1})
        delivery.fan_out()
        assert delivery.deliver_due(timezone.now()) == {"delivered": 0, "retry": 1, "dead": 0}
        d = Delivery.objects.get()
        assert (d.status, d.last_status_code) == (DeliveryStatus.PENDING, code)
        assert delivery.deliver_due(d.next_attempt_at) == {"delivered": 0, "retry": 0, "dead": 1}
    finally:
        server.shutdown()
        server.server_close()
    assert _Redirecting.seen == ["POST", "POST"]  # never a GET to the redirect's target
    assert list(Attempt.objects.values_list("status_code", flat=True)) == [code, code]
    assert Delivery.objects.get().status == DeliveryStatus.DEAD
