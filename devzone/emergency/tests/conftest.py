"""A campaign of the test city: classes 外资企业 > 其他企业, masks in stock; a foreign-invested firm in zone A
(the enterprise user's), a domestic one in zone B."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from devzone.emergency import services
from devzone.emergency.models import AllocationRun
from devzone.testing import factories as f

START = dt.date(2020, 2, 3)


def start_masks_campaign(
    actor, *, name: str = "疫情防控复工保障", stock: int = 1000, starts_on: dt.date = START, **kw
):
    """The epidemic campaign of 2020-02-03 (or ``starts_on``): classes 外资企业 > 其他企业, ``stock`` masks;
    ``kw`` goes to the service (``zone_id``)."""
    return services.campaign_start(
        actor=actor,
        name=name,
        kind="epidemic",
        starts_on=starts_on,
        classes=[{"name": "外资企业", "rule": "外商投资企业"}, {"name": "其他企业"}],
        supplies=[{"name": "口罩", "unit": "个", "stock": stock}],
        **kw,
    )


def run_on(run, at: dt.date | dt.datetime = START):
    """The run as if made at ``at`` (a day: 09:00 Beijing time): the tests replay the 2020 campaign, and a
    delivery is never dated before its run."""
    if not isinstance(at, dt.datetime):
        at = timezone.make_aware(dt.datetime.combine(at, dt.time(9)))
    AllocationRun.objects.filter(pk=run.pk).update(run_at=at)
    run.refresh_from_db()
    return run


@pytest.fixture
def campaign(city_officer):
    return start_masks_campaign(city_officer)


@pytest.fixture
def firms(enterprise_a, zone_b):
    enterprise_a.foreign_invested = True
    enterprise_a.save()
    return {"a": enterprise_a, "b": f.EnterpriseFactory(zone=zone_b, name="乙企业有限公司")}


def submit(actor, campaign, enterprise=None, quantity=100, rank=0, *, use: str = "员工防护", **kw):
    return services.need_submit(
        actor=actor,
        campaign_id=campaign.pk,
        supply_id=campaign.supplies.get().pk,
        quantity=quantity,
        use=use,
        priority_id=campaign.classes.get(rank=rank).pk,
        evidence=kw.pop("evidence", "批准证书"),
        enterprise_id=enterprise.pk if enterprise is not None else None,
        **kw,
    )


def need_body(campaign, **kw) -> dict:
    """The body of ``POST needs``: 300 units of the campaign's supply in its second class (``kw`` changes it)."""
    return {
        "campaign": campaign.pk,
        "supply": campaign.supplies.get().pk,
        "quantity": 300,
        "use": "员工防护",
        "priority": campaign.classes.get(rank=1).pk,
        **kw,
    }


def set_plan(actor, campaign, enterprise, *, text: str = "协调原材料供应", contact: str = "王科长", **kw):
    """The firm's plan (一企一策) in ``campaign``, set by ``actor``."""
    return services.plan_set(
        actor=actor, campaign_id=campaign.pk, enterprise_id=enterprise.pk, text=text, contact=contact, **kw
    )
