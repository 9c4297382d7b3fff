"""Stock arrives in batches of at most 100,000,000 units, and a supply's stock in all is bounded too (2,000,000,000,
below PostgreSQL's integer): the arrival that would pass it is refused with a message saying so, never a 503 (on
PostgreSQL the 21st arrival of 100,000,000 overflowed the column). Runs on either database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.emergency import services
from devzone.emergency.models import Supply
from devzone.emergency.tests.conftest import start_masks_campaign

pytestmark = pytest.mark.django_db


def test_the_stock_in_all_is_bounded_with_a_clear_message(city_officer, client_for):
    c = start_masks_campaign(city_officer, stock=100_000_000)
    supply = c.supplies.get()
    client = client_for(city_officer)
    client.raise_request_exception = False
    url = reverse("emergency:stock", args=[supply.pk])
    for _ in range(19):
        assert client.post(url, {"quantity": "100000000"}).status_code == 302
    assert Supply.objects.get().stock == 2_000_000_000
    r = client.post(url, {"quantity": "100000000"}, follow=True)
    assert r.status_code == 200
    assert "累计到货不能超过2,000,000,000个（已到货2,000,000,000个）" in r.content.decode()
    with pytest.raises(DomainError) as e:
        services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=1)
    assert e.value.errors == {"quantity": ["累计到货不能超过2,000,000,000个（已到货2,000,000,000个）"]}
    with pytest.raises(DomainError) as e:  # one arrival has its own bound
        services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=100_000_001)
    assert e.value.errors == {"quantity": ["数量过大"]}
    assert Supply.objects.get().stock == 2_000_000_000
