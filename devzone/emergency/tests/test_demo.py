"""The demo's epidemic campaign (core's city and this module's step alone) reproduces the report's figure from its
own delivery rows: 222,405 masks reached the foreign-invested enterprises within the first week (reform_facts.yaml
city.covid_service)."""

import pytest
from django.db.models import F

from devzone.core import registry
from devzone.core.demo import facts, loader
from devzone.emergency import demo as emergency_demo
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import Allocation, Campaign, Delivery, FirmPlan, Need

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_reproduces_the_masks_figure():
    demo = loader.load(seed=2019, steps=("emergency",))  # core and this module alone
    fig = [x for x in registry.bulletin_figures(city=demo["city"]) if x.key == "emergency.masks_foreign"][0]
    assert fig.value == facts.MASKS_ALLOCATED_FIRST_BATCH == 222405
    assert fig.reported == "222405"
    # the figure is a sum of rows: deliveries never exceed their allocation, allocations never their need
    for a in Allocation.objects.all():
        assert a.delivered == sum(Delivery.objects.filter(allocation=a).values_list("quantity", flat=True))
        assert a.delivered <= a.quantity <= a.need.quantity
    assert Need.objects.filter(enterprise__foreign_invested=False, allocated__lt=F("quantity")).exists()
    assert FirmPlan.objects.filter(enterprise__name="山东旺旺食品有限公司").exists()
    # the campaign has ended: it is closed at its end date and takes no more needs
    c = Campaign.objects.get()
    assert (c.status, c.ends_on) == (CampaignStatus.CLOSED, emergency_demo.END)
