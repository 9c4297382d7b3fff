"""A receiver's address carrying a credential — user and password before the host, a fragment, a query parameter
named like a secret — is refused beside 接收地址, on the page and in the service: stored, it would be shown in
full on the exchange pages and written into the audit note. The receiver authenticates DevZone by the signature
(docs/integration.md), so the address needs none."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.exchange.models import Subscriber
from devzone.exchange.services import subscriber_create, subscriber_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_allowed")]

KIND = "projects.milestone.reached"
GOOD = "https://[::1]:8443/events"
WITH_CREDENTIALS = [
    "https://user:pass@[::1]:8443/events",
    "https://user@[::1]:8443/events",
    "https://[::1]:8443/events?token=s3cr3t",
    "https://[::1]:8443/events?key=s3cr3t",
    "https://[::1]:8443/events?secret=s3cr3t",
    "https://[::1]:8443/events?password=s3cr3t",
    "https://[::1]:8443/events?sig=s3cr3t",
    "https://[::1]:8443/events?signature=s3cr3t",
    "https://[::1]:8443/events?auth=s3cr3t",
    "https://[::1]:8443/events?page=1&api_key=s3cr3t",
    "https://[::1]:8443/events?apiKey=s3cr3t",
    "https://[::1]:8443/events?access_token=s3cr3t",
    "https://[::1]:8443/events?X-Auth-Token=s3cr3t",
    "https://[::1]:8443/events#s3cr3t",
]


@pytest.mark.parametrize("url", WITH_CREDENTIALS)
def test_an_address_with_a_credential_is_refused_on_create_and_update(sysadmin, url):
    with pytest.raises(DomainError) as refused:
        subscriber_create(actor=sysadmin, name="省平台", url=url, kinds=[KIND])
    assert list(refused.value.errors) == ["url"]
    assert not Subscriber.objects.exists()
    sub, _secret = subscriber_create(actor=sysadmin, name="省平台", url=GOOD, kinds=[KIND])
    with pytest.raises(DomainError) as refused:
        subscriber_update(actor=sysadmin, subscriber=sub, name="省平台", url=url, kinds=[KIND], active=True)
    assert list(refused.value.errors) == ["url"]
    sub.refresh_from_db()
    assert sub.url == GOOD
    assert not any(
        "s3cr3t" in (a.note or "") + str(getattr(a, "changes", "")) for a in AuditEvent.objects.all()
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1]:8443/events?kind=all&page=2",
        "https://[::1]:8443/events?monkey=1&keyword=x&passport=1",
        "https://[::1]:8443/v1/token/events",  # a path word is not a parameter
    ],
)
def test_ordinary_query_parameters_are_accepted(sysadmin, url):
    sub, _secret = subscriber_create(actor=sysadmin, name="省平台", url=url, kinds=[KIND])
    assert sub.url == url


def test_the_page_shows_the_refusal_beside_the_field_and_stores_nothing(client_for, sysadmin):
    url = "https://ops:hunter2@[::1]:8443/events?token=s3cr3t"
    r = client_for(sysadmin).post(
        reverse("exchange:subscriber_new"), {"name": "省平台", "url": url, "kinds": [KIND]}
    )
    assert r.status_code == 200
    assert "用户名或密码" in r.context["form"].errors["url"][0]
    assert not Subscriber.objects.exists()
    assert not AuditEvent.objects.filter(note__contains="hunter2").exists()


def test_the_refusal_names_the_parameter_and_is_in_the_readers_language(sysadmin):
    with pytest.raises(DomainError) as refused:
        subscriber_create(actor=sysadmin, name="省平台", url=GOOD + "?token=s3cr3t", kinds=[KIND])
    message = refused.value.errors["url"][0]
    assert "token" in message and "签名" in message and "s3cr3t" not in message
    with translation.override("en"):
        with pytest.raises(DomainError) as refused:
            subscriber_create(actor=sysadmin, name="省平台", url=GOOD + "#frag", kinds=[KIND])
    assert list(refused.value.errors) == ["url"]


# --- an address stored before this check: the pages and the audit do not show its credential -------------------
LEGACY = "https://ops:hunter2@[::1]:8443/events?page=1&token=s3cr3t#frag"


@pytest.fixture
def legacy(sysadmin):
    sub, _secret = subscriber_create(actor=sysadmin, name="省平台", url=GOOD, kinds=[KIND])
    Subscriber.objects.filter(pk=sub.pk).update(url=LEGACY)  # as stored before the check
    sub.refresh_from_db()
    return sub


def test_the_pages_mask_a_credential_stored_before_the_check(client_for, sysadmin, legacy):
    client = client_for(sysadmin)
    for page in (reverse("exchange:home"), legacy.get_absolute_url()):
        html = client.get(page).content.decode()
        assert "hunter2" not in html and "s3cr3t" not in html and "frag" not in html, page
        assert "https://***@[::1]:8443/events?page=1&amp;token=***#***" in html, page


def test_replacing_it_leaves_the_old_credential_out_of_the_audit(sysadmin, legacy):
    subscriber_update(actor=sysadmin, subscriber=legacy, name="省平台", url=GOOD, kinds=[KIND], active=True)
    legacy.refresh_from_db()
    assert legacy.url == GOOD
    for row in AuditEvent.objects.all():
        assert "hunter2" not in str(row.changes) + row.note and "s3cr3t" not in str(row.changes) + row.note
