"""Two administrators adding a subscriber of the same name at the same moment: both read "no such name", both
insert, and the second insert hits the unique (city, name) constraint. On PostgreSQL that was a 500
(IntegrityError); the second now gets the same refusal as a name already taken, as a conflict, beside the name
field. The race is made deterministic by inserting the other administrator's subscriber between the read and the
insert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.access import reach_of
from devzone.core.errors import ConflictError
from devzone.exchange import secrets_box
from devzone.exchange.models import Subscriber
from devzone.exchange.services import subscriber_create, subscriber_update

pytestmark = pytest.mark.django_db
NAME = "省好差评系统"


@pytest.fixture
def raced(monkeypatch, sysadmin):
    """The other administrator's subscriber named NAME is inserted right after this one read that the name was
    free, before this one's insert. Call it to start the race."""

    def start():
        queryset = type(Subscriber.objects.all())
        exists = queryset.exists

        def then_the_other_inserts(self):
            found = exists(self)
            if self.model is Subscriber:
                monkeypatch.setattr(queryset, "exists", exists)
                Subscriber.objects.create(
                    city_id=reach_of(sysadmin).city_id,
                    name=NAME,
                    url="https://other.example.gov.cn/in",
                    kinds=["services.rating.given"],
                    secret_box=secrets_box.seal("another secret"),
                    secret_hint="cret",
                    created_by=sysadmin,
                )
            return found

        monkeypatch.setattr(queryset, "exists", then_the_other_inserts)

    return start


def test_it_refuses_the_second_of_two_concurrent_subscribers_of_one_name(raced, sysadmin):
    raced()
    with pytest.raises(ConflictError) as refused:
        subscriber_create(
            actor=sysadmin,
            name=NAME,
            url="https://hcp.example.gov.cn/events",
            kinds=["services.rating.given"],
        )
    assert refused.value.errors == {"name": ["已有同名的订阅方"]}


def test_the_form_answers_the_race_beside_the_name_not_with_a_500(raced, client_for, sysadmin):
    c = client_for(sysadmin)
    raced()
    r = c.post(
        reverse("exchange:subscriber_new"),
        {"name": NAME, "url": "https://hcp.example.gov.cn/events", "kinds": ["services.rating.given"]},
    )
    assert r.status_code in (200, 409)
    assert "已有同名的订阅方" in r.content.decode()


def test_a_rename_to_a_name_taken_meanwhile_is_refused_the_same_way(raced, sysadmin):
    sub, _secret = subscriber_create(
        actor=sysadmin,
        name="市数据平台",
        url="https://data.example.gov.cn/in",
        kinds=["services.rating.given"],
    )
    raced()
    with pytest.raises(ConflictError) as refused:
        subscriber_update(
            actor=sysadmin,
            subscriber=sub,
            name=NAME,
            url=sub.url,
            kinds=sub.kinds,
            active=True,
            version=sub.version,
        )
    assert refused.value.errors == {"name": ["已有同名的订阅方"]}
