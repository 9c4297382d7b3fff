"""A close committed at the same moment as an arrival of stock or a change of a need (PostgreSQL): the writer locks
the campaign's row before its open check, as ``allocate`` does, so it waits for the close and is then refused;
nothing lands in a campaign after it ended. The close is held open (not yet committed) while the other writer
runs: without the lock the writer read the campaign as still open and committed after the close."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from devzone.core.errors import DomainError
from devzone.emergency import services
from devzone.emergency.choices import CampaignStatus, NeedStatus
from devzone.emergency.models import Campaign, Need
from devzone.emergency.tests.conftest import start_masks_campaign, submit
from devzone.testing import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]

HOLD = 1.0  # seconds the close stays uncommitted while the other writer runs


def close_while(actor, campaign, write):
    """Close ``campaign`` in one thread and, while that close is done but not committed, run ``write()`` in
    another; the writer's result (or error). Refused as ended, it read the campaign after the close committed:
    without the lock it read it still open (the close uncommitted) and went through (no time is asserted)."""
    closed = threading.Event()
    out: dict = {}

    def closer():
        try:
            with transaction.atomic():
                services.campaign_close(actor=actor, campaign=campaign.pk)
                closed.set()
                time.sleep(HOLD)
        finally:
            closed.set()
            connection.close()

    def writer():
        try:
            closed.wait(10)
            out["result"] = write()
        except Exception as e:  # noqa: BLE001 — the test asserts what it is
            out["result"] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=closer), threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CLOSED
    return out["result"]


def refused_as_ended(result, doing):
    assert isinstance(result, DomainError), result
    assert "已于" in result.errors["__all__"][0] and doing in result.errors["__all__"][0]


def a_need(actor, campaign, firm):
    """A need of ``firm`` in the campaign's first priority class (conftest.submit)."""
    return submit(actor, campaign, firm, quantity=300, rank=1, version=0)


def test_stock_arriving_as_the_campaign_closes_waits_and_is_refused(city, city_officer):
    c = start_masks_campaign(city_officer, stock=1000)
    supply = c.supplies.get()
    result = close_while(
        city_officer, c, lambda: services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=10)
    )
    refused_as_ended(result, "登记到货")
    supply.refresh_from_db()
    assert supply.stock == 1000


@pytest.mark.parametrize(
    "change, doing",
    [
        (
            lambda actor, n: services.need_trim(actor=actor, need=n.pk, quantity=100, version=n.version),
            "调减需求",
        ),
        (
            lambda actor, n: services.need_adjust(actor=actor, need=n.pk, quantity=500, version=n.version),
            "调整需求数量",
        ),
        (lambda actor, n: services.need_withdraw(actor=actor, need=n.pk, version=n.version), "撤回需求"),
    ],
)
def test_a_need_changed_as_the_campaign_closes_waits_and_is_refused(
    city, zone_a, city_officer, change, doing
):
    c = start_masks_campaign(city_officer)
    firm = f.EnterpriseFactory(zone=zone_a)
    n = a_need(city_officer, c, firm)
    result = close_while(city_officer, c, lambda: change(city_officer, n))
    refused_as_ended(result, doing)
    row = Need.objects.get(pk=n.pk)
    assert (row.quantity, row.status, row.version) == (300, NeedStatus.ACTIVE, n.version)


def test_a_need_submitted_as_the_campaign_closes_waits_and_is_refused(city, zone_a, city_officer):
    c = start_masks_campaign(city_officer)
    firm = f.EnterpriseFactory(zone=zone_a)
    result = close_while(city_officer, c, lambda: a_need(city_officer, c, firm))
    refused_as_ended(result, "填报需求")
    assert not Need.objects.exists()


def test_the_writers_lock_the_campaign_row(city, zone_a, city_officer):
    c = start_masks_campaign(city_officer)
    firm = f.EnterpriseFactory(zone=zone_a)
    n = a_need(city_officer, c, firm)
    supply = c.supplies.get()
    for write in (
        lambda: services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=10),
        lambda: services.need_trim(actor=city_officer, need=n.pk, quantity=200),
    ):
        with CaptureQueriesContext(connection) as ctx:
            write()
        assert any(
            'from "emergency_campaign"' in q["sql"].lower() and "for update" in q["sql"].lower()
            for q in ctx.captured_queries
        ), [q["sql"] for q in ctx.captured_queries]
