"""The login lockout (django-axes on user + address) and the per-source spraying limit once keyed on the *full*
client address; now an IPv6 client counts by its /64 (core.clientip.source_key). One attacker on IPv6 holds a /64 (2^64 addresses: any home line, any cloud VM): a new address per four
guesses never meets the lock, so a leader's password can be guessed without limit from one machine."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from devzone.core.choices import AuditAction
from devzone.core.clientip import source_key
from devzone.core.models import AuditEvent
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def login(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_guesses_rotated_over_one_ipv6_64_still_lock_the_account(zone_a):
    f.user_with_role("zone_leader", zone=zone_a, user__username="wangfang")
    prefix = "2001:db8:1234:5678"
    guesses = 4 * settings.AXES_FAILURE_LIMIT  # four times what one source may try
    for n in range(guesses):
        ip = f"{prefix}:0:0:0:{n + 1:x}"  # one host's /64, a new interface id per guess
        assert login(Client(), "wangfang", f"wrong-Password{n}", ip).status_code in (200, 429)
    c = Client()
    r = login(c, "wangfang", f.PASSWORD, f"{prefix}:0:0:1:1")
    assert "_auth_user_id" not in c.session, (
        f"after {guesses} wrong passwords from one /64 the right one still logs in (status {r.status_code})"
    )


def test_spraying_rotated_over_one_ipv6_64_is_stopped_and_the_next_64_is_not(zone_a, settings):
    settings.DEVZONE_LOGIN_SOURCE_FAILURES = 6
    f.user_with_role("zone_leader", zone=zone_a, user__username="wangfang")
    for n in range(6):  # one password over six accounts, a new address of the /64 each time
        login(Client(), f"user{n}", "Spring-2026!", f"2001:db8:1234:5678::{n + 1:x}")
    refused = login(Client(), "wangfang", f.PASSWORD, "2001:db8:1234:5678::beef")
    assert refused.status_code == 200 and "登录失败的次数过多" in refused.content.decode()
    neighbour = Client()  # another line: another /64
    assert login(neighbour, "wangfang", f.PASSWORD, "2001:db8:1234:5679::1").status_code == 302


def test_the_audit_trail_keeps_the_full_ipv6_address(zone_a):
    f.user_with_role("zone_leader", zone=zone_a, user__username="wangfang")
    assert login(Client(), "wangfang", f.PASSWORD, "2001:db8:1234:5678::abcd").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("pk").ip == "2001:db8:1234:5678::abcd"


@pytest.mark.parametrize(
    ("address", "source"),
    [
        ("2001:db8:1234:5678:9abc:def0:1:2", "2001:db8:1234:5678::"),
        ("2001:DB8:1234:5678::1", "2001:db8:1234:5678::"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("198.51.100.7", "198.51.100.7"),
        ("", ""),
        ("wangfang", "wangfang"),
    ],
)
def test_the_source_of_an_address(address, source):
    assert source_key(address) == source
