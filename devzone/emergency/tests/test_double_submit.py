"""A quantity posted twice from the same page — a double click on 登记到货, 按规则分配 or 登记送达, a form sent again
after a slow answer, or two officers recording the same shipment from pages they opened before the other's — was
added twice: the stock counted masks that never arrived (and the next run shared them out), a run gave away twice
the units the officer chose, and the first-week figure counted a delivery twice. The supply and the allocation now
carry the version their page showed (409 when stale), as the needs and plans already did."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from devzone.core.errors import ConflictError
from devzone.emergency import services
from devzone.emergency.models import Allocation, AllocationRun, Delivery, Supply
from devzone.emergency.tests.conftest import run_on, start_masks_campaign, submit

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency"


@pytest.fixture
def campaign(city_officer):
    return start_masks_campaign(city_officer, stock=1000)


def _form_fields(page: str, action: str) -> dict:
    """The hidden fields of the page's form that posts to ``action`` (what the browser sends with it)."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', page, re.S)
    assert form, f"no form posts to {action}"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(1)))
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def _campaign_page(client, campaign) -> str:
    return client.get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()


def test_it_records_a_stock_arrival_posted_twice_from_one_page_once(campaign, city_officer, client_for):
    supply = campaign.supplies.get()
    c = client_for(city_officer)
    action = reverse("emergency:stock", args=[supply.pk])
    seen = _form_fields(_campaign_page(c, campaign), action)
    first = c.post(action, {**seen, "quantity": "500"}, follow=True)
    second = c.post(action, {**seen, "quantity": "500"}, follow=True)  # the double click
    supply.refresh_from_db()
    assert supply.stock == 1500
    assert any("到货已登记" in str(m) for m in first.context["messages"])
    assert any("刷新" in str(m) for m in second.context["messages"])
    # the page read again offers the arrival at the new version
    seen = _form_fields(_campaign_page(c, campaign), action)
    c.post(action, {**seen, "quantity": "200"})
    supply.refresh_from_db()
    assert supply.stock == 1700


def test_it_runs_an_allocation_posted_twice_from_one_page_once(
    campaign, city_officer, enterprise_user, client_for
):
    submit(enterprise_user, campaign, quantity=900)
    supply = campaign.supplies.get()
    c = client_for(city_officer)
    action = reverse("emergency:allocate", args=[supply.pk])
    seen = _form_fields(_campaign_page(c, campaign), action)
    c.post(action, {**seen, "quantity": "300"})
    c.post(action, {**seen, "quantity": "300"})  # the same form sent again
    supply.refresh_from_db()
    assert (supply.allocated, AllocationRun.objects.count()) == (300, 1)


def test_it_records_a_delivery_posted_twice_from_one_page_once(
    campaign, city_officer, enterprise_user, client_for
):
    submit(enterprise_user, campaign, quantity=900)
    run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=600))
    a = Allocation.objects.get()
    c = client_for(city_officer)
    action = reverse("emergency:deliver", args=[a.pk])
    seen = _form_fields(_campaign_page(c, campaign), action)
    body = {**seen, "quantity": "200", "delivered_on": "2020-02-05"}
    c.post(action, body)
    second = c.post(action, body, follow=True)
    a.refresh_from_db()
    assert (a.delivered, Delivery.objects.count()) == (200, 1)
    assert any("刷新" in str(m) for m in second.context["messages"])


def test_the_services_and_the_api_check_the_version_they_are_given(
    campaign, city_officer, enterprise_user, client_for
):
    supply = campaign.supplies.get()
    version = supply.version
    services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=10, version=version)
    with pytest.raises(ConflictError):
        services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=10, version=version)
    submit(enterprise_user, campaign, quantity=900)
    c = client_for(city_officer)
    listed = {s["id"]: s for s in c.get(f"{API}/campaigns").json()["items"][0]["supplies"]}
    seen = listed[supply.pk]["version"]
    body = {"quantity": 100, "version": seen}
    assert (
        c.post(f"{API}/supplies/{supply.pk}/allocate", body, content_type="application/json").status_code
        == 201
    )
    again = c.post(f"{API}/supplies/{supply.pk}/allocate", body, content_type="application/json")
    assert again.status_code == 409
    assert Supply.objects.get(pk=supply.pk).allocated == 100
    AllocationRun.objects.update(run_at=AllocationRun.objects.get().run_at.replace(year=2020, month=2, day=3))
    a = c.get(f"{API}/allocations").json()["items"][0]
    body = {"quantity": 40, "delivered_on": "2020-02-05", "version": a["version"]}
    url = f"{API}/allocations/{a['id']}/deliveries"
    assert c.post(url, body, content_type="application/json").status_code == 201
    assert c.post(url, body, content_type="application/json").status_code == 409
    assert Allocation.objects.get().delivered == 40
    # without a version (an older caller) nothing is checked, as before
    del body["version"]
    assert c.post(url, body, content_type="application/json").status_code == 201
