"""A campaign's page prints its quantities with thousands grouped (222,405), the headline figure as the tables."""

import pytest
from django.urls import reverse

from devzone.emergency import services
from devzone.emergency.models import Allocation, Campaign
from devzone.emergency.tests.conftest import run_on, start_masks_campaign, submit

pytestmark = pytest.mark.django_db


def test_the_campaign_page_groups_thousands(firms, enterprise_user, city_officer, client_for):
    campaign = start_masks_campaign(city_officer, stock=280000)
    Campaign.objects.filter(pk=campaign.pk).update(reported="222405")
    submit(enterprise_user, campaign, quantity=250000)
    run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    a = Allocation.objects.get()
    services.deliver(actor=city_officer, allocation_id=a.pk, quantity=222405, delivered_on="2020-02-04")
    page = client_for(city_officer).get(reverse("emergency:campaign", args=[campaign.pk])).content.decode()
    figure = page.split('data-testid="masks-figure"')[1].split("</div></div>")[0]
    assert "222,405" in figure and "报告数字：222,405" in figure
    supplies = page.split('data-testid="supplies"')[1].split("</table>")[0]
    assert "280,000" in supplies and "250,000" in supplies and "30,000" in supplies
    needs = page.split('data-testid="needs"')[1].split("</table>")[0]
    assert "250,000" in needs
    allocations = page.split('data-testid="allocations"')[1].split("</table>")[0]
    assert "250,000" in allocations and "222,405" in allocations
    assert "222405" not in page and "280000" not in page
