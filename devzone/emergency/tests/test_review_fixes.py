"""Defects a review proved with failing tests, now fixed: a campaign could be closed on a day before its own
allocation run, so that its record said it allocated after it ended."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.emergency import services
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.tests.conftest import run_on, start_masks_campaign, submit

pytestmark = pytest.mark.django_db
API = "/api/v1/emergency"


@pytest.fixture
def campaign(city_officer):
    return start_masks_campaign(city_officer)


def _allocated_on(campaign, city_officer, enterprise_user, day: dt.date):
    submit(enterprise_user, campaign, quantity=100)
    run = services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=50)
    return run_on(run, day)


def test_a_campaign_cannot_be_closed_on_a_day_before_its_own_allocation_run(
    campaign, city_officer, enterprise_user
):
    """结束行动 backdated to the first day although an allocation run was made on a later day: the record then
    said the campaign ended before it allocated (a closed campaign takes no allocation)."""
    _allocated_on(campaign, city_officer, enterprise_user, campaign.starts_on + dt.timedelta(days=5))
    with pytest.raises(DomainError) as e:
        services.campaign_close(actor=city_officer, campaign=campaign, ends_on=campaign.starts_on)
    assert e.value.errors == {"ends_on": ["结束日期不能早于本行动最近一次分配物资的日期（2020年2月8日）"]}
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.ends_on is None
    # on the run's own day (Beijing time) it closes
    c = services.campaign_close(actor=city_officer, campaign=campaign, ends_on=dt.date(2020, 2, 8))
    assert (c.status, c.ends_on) == (CampaignStatus.CLOSED, dt.date(2020, 2, 8))


def test_the_runs_day_is_its_beijing_day(campaign, city_officer, enterprise_user):
    """A run at 2020-02-08 01:30 Beijing time is 2020-02-07 17:30 UTC: its day is the 8th."""
    from django.utils import timezone

    at = timezone.make_aware(dt.datetime(2020, 2, 8, 1, 30))
    _allocated_on(campaign, city_officer, enterprise_user, at)
    with pytest.raises(DomainError) as e:
        services.campaign_close(actor=city_officer, campaign=campaign, ends_on=dt.date(2020, 2, 7))
    assert "2020年2月8日" in e.value.errors["ends_on"][0]


def test_the_page_and_the_api_refuse_it_on_the_field(campaign, city_officer, enterprise_user, client_for):
    _allocated_on(campaign, city_officer, enterprise_user, dt.date(2020, 2, 8))
    c = client_for(city_officer)
    r = c.post_json(f"{API}/campaigns/{campaign.pk}/close", {"ends_on": "2020-02-05"})
    assert r.status_code == 400, r.status_code
    assert "结束日期不能早于本行动最近一次分配物资的日期（2020年2月8日）" in str(r.json())
    page = c.post(
        reverse("emergency:campaign_action", args=[campaign.pk, "close"]),
        {"ends_on": "2020-02-05"},
        follow=True,
    )
    assert "结束日期不能早于本行动最近一次分配物资的日期" in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
