"""Closing a campaign (services.campaign_close): one declared move, locked, version-checked and audited; a closed
campaign takes no new need, plan, stock or allocation, and says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from devzone.core.choices import AuditAction
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.emergency import services
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import AllocationRun, Campaign, FirmPlan, Need
from devzone.emergency.tests.conftest import set_plan, submit

pytestmark = pytest.mark.django_db


def message(exc) -> str:
    return " ".join(exc.value.messages())


def close(actor, campaign, **kw):
    return services.campaign_close(actor=actor, campaign=campaign, **kw)


def test_it_closes_the_campaign_at_its_end_date_audited(campaign, city_officer):
    c = close(city_officer, campaign, version=campaign.version, ends_on="2020-03-01")
    c.refresh_from_db()
    assert (c.status, c.ends_on, c.version) == (
        CampaignStatus.CLOSED,
        dt.date(2020, 3, 1),
        campaign.version + 1,
    )
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION, object_id=str(c.pk))
    assert event.changes == {"status": [CampaignStatus.OPEN, CampaignStatus.CLOSED]}
    # no date: today (Beijing); a second close is refused by the declared move
    other = services.campaign_start(
        actor=city_officer,
        name="汛期保障",
        kind="flood",
        starts_on="2021-07-01",
        classes=[{"name": "全部企业"}],
        supplies=[{"name": "沙袋"}],
    )
    assert close(city_officer, other).ends_on == timezone.localdate()
    with pytest.raises(DomainError) as e:
        close(city_officer, other)
    assert "当前状态为“已结束”" in message(e)


def test_it_refuses_a_stale_version_a_bad_date_and_whoever_does_not_run_campaigns(
    campaign, city_officer, zone_a_leader, enterprise_user
):
    with pytest.raises(ConflictError):
        close(city_officer, campaign, version=campaign.version + 1)
    with pytest.raises(DomainError) as e:
        close(city_officer, campaign, ends_on="2020-02-01")
    assert e.value.errors == {"ends_on": ["结束日期不能早于行动开始日期（2020年2月3日）"]}
    with pytest.raises(DomainError) as e:
        close(city_officer, campaign, ends_on=timezone.localdate() + dt.timedelta(days=1))
    assert e.value.errors == {"ends_on": ["结束日期不能晚于今天"]}
    with pytest.raises(PermissionDeniedError):
        close(zone_a_leader, campaign)
    with pytest.raises(NotFoundError):
        close(enterprise_user, campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.ends_on is None
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_a_closed_campaign_takes_no_new_need_plan_stock_or_allocation(
    campaign, firms, enterprise_user, zone_a_leader, city_officer
):
    submit(enterprise_user, campaign, quantity=100)
    close(city_officer, campaign, ends_on="2020-03-01")
    supply = campaign.supplies.get()
    for attempt, doing in (
        (lambda: submit(enterprise_user, campaign, quantity=5), "填报需求"),
        (lambda: submit(zone_a_leader, campaign, firms["a"], quantity=5), "填报需求"),
        (lambda: set_plan(zone_a_leader, campaign, firms["a"]), "制定一企一策"),
        (lambda: services.allocate(actor=city_officer, supply_id=supply.pk), "分配物资"),
        (lambda: services.stock_receive(actor=city_officer, supply_id=supply.pk, quantity=10), "登记到货"),
    ):
        with pytest.raises(DomainError) as e:
            attempt()
        assert message(e) == f"该行动已于2020年3月1日结束，不能再{doing}"
    assert Need.objects.count() == 1
    assert not FirmPlan.objects.exists() and not AllocationRun.objects.exists()
    supply.refresh_from_db()
    assert (supply.stock, supply.allocated) == (1000, 0)
    assert Campaign.objects.get().status == CampaignStatus.CLOSED
