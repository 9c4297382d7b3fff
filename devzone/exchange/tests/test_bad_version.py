"""A version that is not a number, posted to 更换密钥 (a crafted or broken page), is bad input: a message, the
secret unchanged, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.exchange.models import Subscriber
from devzone.exchange.services import subscriber_create

pytestmark = pytest.mark.django_db


def test_rotate_with_a_version_that_is_not_a_number_changes_nothing(client_for, sysadmin):
    sub, _secret = subscriber_create(
        actor=sysadmin,
        name="省好差评系统",
        url="https://hcp.example.gov.cn/events",
        kinds=["services.rating.given"],
    )
    c = client_for(sysadmin)
    r = c.post(reverse("exchange:subscriber_rotate", args=[sub.pk]), {"version": "abc"}, follow=True)
    assert r.status_code == 200
    assert Subscriber.objects.get(pk=sub.pk).secret_box == sub.secret_box
    assert [str(m) for m in r.context["messages"]]
