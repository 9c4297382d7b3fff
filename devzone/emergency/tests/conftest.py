"""A campaign of the test city: classes 外资企业 > 其他企业, masks in stock; a foreign-invested firm in zone A
(the enterprise user's), a domestic one in zone B."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.emergency import services
from devzone.testing import factories as f


@pytest.fixture
def campaign(city_officer):
    return services.campaign_start(
        actor=city_officer,
        name="疫情防控复工保障",
        kind="epidemic",
        starts_on=dt.date(2020, 2, 3),
        classes=[{"name": "外资企业", "rule": "外商投资企业"}, {"name": "其他企业"}],
        supplies=[{"name": "口罩", "unit": "个", "stock": 1000}],
    )


@pytest.fixture
def firms(enterprise_a, zone_b):
    enterprise_a.foreign_invested = True
    enterprise_a.save()
    return {"a": enterprise_a, "b": f.EnterpriseFactory(zone=zone_b, name="乙企业有限公司")}


def submit(actor, campaign, enterprise=None, quantity=100, rank=0, **kw):
    return services.need_submit(
        actor=actor,
        campaign_id=campaign.pk,
        supply_id=campaign.supplies.get().pk,
        quantity=quantity,
        use="员工防护",
        priority_id=campaign.classes.get(rank=rank).pk,
        evidence=kw.pop("evidence", "批准证书"),
        enterprise_id=enterprise.pk if enterprise is not None else None,
        **kw,
    )
