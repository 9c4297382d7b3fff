"""应急保障 at the same moment (PostgreSQL): a double tap whose two requests arrive together stores one need, and two
officers allocating the same supply while stock arrives and a firm changes its need keep the books whole
(allocations = the supply's allocated = the needs' allocated ≤ stock)."""

from __future__ import annotations

import pytest
from django.db import connection

from devzone.core.errors import DomainError
from devzone.emergency import services
from devzone.emergency.models import Allocation, Need, Supply
from devzone.emergency.tests.conftest import start_masks_campaign, submit
from devzone.testing import factories as f
from devzone.testing.concurrency import run_in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def need(actor, campaign, firm, quantity, **kw):
    """The firm's need in the campaign's second class, entered by staff."""
    return submit(actor, campaign, firm, quantity, rank=1, use="防护", evidence="", **kw)


def test_a_double_tap_arriving_at_once_stores_one_need(city, zone_a, city_officer):
    c = start_masks_campaign(city_officer)
    firm = f.EnterpriseFactory(zone=zone_a)
    results = run_in_threads(lambda i: need(city_officer, c, firm, 300, version=0).pk, 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1 and Need.objects.count() == 1


def test_two_officers_allocate_while_stock_arrives_and_a_firm_changes_its_need(city, zone_a, city_officer):
    c = start_masks_campaign(city_officer, stock=1000)
    supply = c.supplies.get()
    firms = [f.EnterpriseFactory(zone=zone_a) for _ in range(6)]
    for i, firm in enumerate(firms):
        need(city_officer, c, firm, 300 + i, version=0)

    def work(i):
        if i < 2:
            return services.allocate(actor=city_officer, supply_id=supply.pk, quantity=None)
        if i == 2:
            return services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=500)
        # the firm's open need, changed (refused if it was given more meanwhile)
        return need(city_officer, c, firms[0], 350)

    results = run_in_threads(work, 4)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)], results
    s = Supply.objects.get(pk=supply.pk)
    total = sum(Allocation.objects.values_list("quantity", flat=True))
    allocated = sum(Need.objects.values_list("allocated", flat=True))
    assert total == s.allocated == allocated <= s.stock, (total, s.allocated, allocated, s.stock, results)
    assert Need.objects.filter(enterprise=firms[0]).count() == 1
