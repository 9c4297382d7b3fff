"""The services of 应急保障: bad input is refused with a Chinese message and changes nothing; the allocation
run follows the rule and is recorded; deliveries never exceed the allocation; the bulletin figure is computed
from the delivery rows."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.core import registry
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.emergency import hooks, services
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import Allocation, AllocationRun, Campaign, Delivery, FirmPlan, Need, Supply
from devzone.emergency.tests.conftest import run_on, set_plan, start_masks_campaign, submit

pytestmark = pytest.mark.django_db


def message(exc) -> str:
    return " ".join(exc.value.messages())


def test_enterprise_submits_own_need_and_staff_for_a_firm(campaign, firms, enterprise_user, zone_b_leader):
    n = submit(enterprise_user, campaign, quantity=300)
    assert (n.enterprise, n.zone_id, n.quantity) == (firms["a"], firms["a"].zone_id, 300)
    n2 = submit(zone_b_leader, campaign, firms["b"], quantity=50, rank=1, evidence="")
    assert n2.submitted_by == zone_b_leader
    # staff of zone B cannot enter a need for zone A's firm: it is out of reach
    with pytest.raises(NotFoundError):
        submit(zone_b_leader, campaign, firms["a"])


@pytest.mark.parametrize(
    "quantity,text",
    [(0, "数量须大于0"), (-5, "数量须大于0"), ("abc", "数量须为正整数"), (10**12, "数量过大")],
)
def test_bad_quantity_refused(campaign, firms, enterprise_user, quantity, text):
    with pytest.raises(DomainError) as e:
        submit(enterprise_user, campaign, quantity=quantity)
    assert text in message(e)
    assert not Need.objects.exists()


def test_priority_claim_needs_evidence(campaign, firms, enterprise_user):
    with pytest.raises(DomainError) as e:
        submit(enterprise_user, campaign, evidence="")
    assert "申报优先级须附佐证" in message(e)


def test_allocation_by_rule_recorded_and_notified(
    campaign, firms, enterprise_user, zone_b_leader, city_officer
):
    a = submit(enterprise_user, campaign, quantity=700)
    b = submit(zone_b_leader, campaign, firms["b"], quantity=900, rank=1)
    run = services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.allocated, b.allocated) == (700, 300)  # the higher class in full, the rest to the next
    assert run.quantity == 1000 and run.run_by == city_officer and "最大余额法" in run.rule
    assert [c["open"] for c in run.inputs["claims"]] == [700, 900]
    assert Supply.objects.get().allocated == 1000
    assert AuditEvent.objects.filter(note="应急物资分配").count() == 1
    assert enterprise_user.notifications.filter(kind="emergency").exists()


def test_allocation_beyond_stock_refused(campaign, firms, enterprise_user, city_officer):
    submit(enterprise_user, campaign, quantity=700)
    supply = campaign.supplies.get()
    with pytest.raises(DomainError) as e:
        services.allocate(actor=city_officer, supply_id=supply.pk, quantity=1001)
    assert "超过可分配库存" in message(e)
    with pytest.raises(DomainError) as e:
        services.allocate(actor=city_officer, supply_id=supply.pk, quantity=0)
    assert "数量须大于0" in message(e)
    assert not AllocationRun.objects.exists() and Supply.objects.get().allocated == 0
    services.allocate(actor=city_officer, supply_id=supply.pk, quantity=400)
    services.allocate(actor=city_officer, supply_id=supply.pk)  # the rest of the need: 300
    assert Need.objects.get().allocated == 700
    with pytest.raises(DomainError) as e:
        services.allocate(actor=city_officer, supply_id=supply.pk)
    assert "没有待满足的需求" in message(e)


def test_only_the_city_allocates(campaign, firms, enterprise_user, zone_a_leader):
    submit(enterprise_user, campaign)
    with pytest.raises(PermissionDeniedError):
        services.allocate(actor=zone_a_leader, supply_id=campaign.supplies.get().pk)


def test_deliveries_partial_and_never_beyond(campaign, firms, enterprise_user, city_officer, zone_a_leader):
    submit(enterprise_user, campaign, quantity=500)
    run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    a = Allocation.objects.get()
    services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=200, delivered_on="2020-02-04")
    with pytest.raises(DomainError) as e:
        services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=301, delivered_on="2020-02-05")
    assert "超过尚未送达的分配数量（300）" in message(e)
    with pytest.raises(DomainError):
        services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=0)
    with pytest.raises(DomainError) as e:
        services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=1, delivered_on="2999-01-01")
    assert "不能晚于今天" in message(e)
    services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=300, delivered_on="2020-02-12")
    a.refresh_from_db()
    assert a.delivered == 500 and Delivery.objects.count() == 2


def test_bulletin_figure_from_delivery_rows(
    campaign, firms, enterprise_user, zone_b_leader, city_officer, city
):
    assert hooks.figures(city=city)[0].value is None  # a campaign, but no delivery yet
    submit(enterprise_user, campaign, quantity=600)
    submit(zone_b_leader, campaign, firms["b"], quantity=400, rank=1)
    run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    fa = Allocation.objects.get(need__enterprise=firms["a"])
    fb = Allocation.objects.get(need__enterprise=firms["b"])
    services.deliver(actor=city_officer, allocation_id=fa.pk, quantity=350, delivered_on=dt.date(2020, 2, 3))
    services.deliver(actor=city_officer, allocation_id=fa.pk, quantity=200, delivered_on=dt.date(2020, 2, 9))
    services.deliver(actor=city_officer, allocation_id=fa.pk, quantity=50, delivered_on=dt.date(2020, 2, 10))
    services.deliver(actor=city_officer, allocation_id=fb.pk, quantity=400, delivered_on=dt.date(2020, 2, 4))
    fig = [x for x in registry.bulletin_figures(city=city) if x.key == "emergency.masks_foreign"][0]
    assert fig.value == 550  # the 8th day and the domestic firm do not count
    assert "2020年2月3日" in fig.period and "2020年2月9日" in fig.period and fig.url and fig.rule


def test_no_campaign_no_figure_value(city):
    assert hooks.figures(city=city)[0].value is None


def test_firm_plan_set_and_changed(campaign, firms, zone_a_leader, zone_b_leader):
    p = set_plan(zone_a_leader, campaign, firms["a"], text="协调原材料")
    p = set_plan(
        zone_a_leader, campaign, firms["a"], text="协调原材料供应", status="active", version=p.version
    )
    assert p.status == "active"
    with pytest.raises(DomainError) as e:
        services.plan_set(
            actor=zone_a_leader, campaign_id=campaign.pk, enterprise_id=firms["a"].pk, text=" ", contact="x"
        )
    assert "请填写帮扶措施" in message(e)
    with pytest.raises(NotFoundError):
        services.plan_set(
            actor=zone_b_leader, campaign_id=campaign.pk, enterprise_id=firms["a"].pk, text="x", contact="x"
        )


def test_a_delivery_is_never_dated_before_its_run_nor_the_campaign(
    campaign, firms, enterprise_user, city_officer, zone_a_leader, city
):
    """Else a delivery backdated into the first week counts in the bulletin's figure. The run's day is
    Beijing's: 17:00 UTC on 3 February is 01:00 on the 4th."""
    submit(enterprise_user, campaign, quantity=500)
    a = Allocation.objects.get(
        run=run_on(
            services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk),
            dt.datetime(2020, 2, 3, 17, 0, tzinfo=dt.UTC),
        )
    )
    for day, text in (
        ("2020-02-03", "送达日期不能早于分配日期（2020年2月4日）"),
        ("1999-01-01", "送达日期不能早于行动开始日期（2020年2月3日）"),
    ):
        with pytest.raises(DomainError) as e:
            services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=300, delivered_on=day)
        assert e.value.errors == {"delivered_on": [text]}
    # a run recorded before the campaign's first day does not open the days before it either
    run_on(a.run, dt.date(2020, 1, 20))
    with pytest.raises(DomainError) as e:
        services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=300, delivered_on="2020-01-25")
    assert "不能早于行动开始日期" in message(e)
    assert not Delivery.objects.exists() and hooks.figures(city=city)[0].value is None
    services.deliver(actor=zone_a_leader, allocation_id=a.pk, quantity=300, delivered_on="2020-02-03")
    assert hooks.figures(city=city)[0].value == 300


def test_a_plan_only_in_an_open_campaign_that_reaches_the_firm(
    city_officer, zone_a, zone_a_leader, zone_b_leader, firms
):
    """The checks of a need: another zone's campaign is not found; one that has ended says so."""
    c = start_masks_campaign(city_officer, name="甲区专项", zone_id=zone_a.pk)
    with pytest.raises(NotFoundError) as e:
        set_plan(zone_b_leader, c, firms["b"])
    assert "应急保障行动不存在" in message(e)
    assert not FirmPlan.objects.exists()
    p = set_plan(zone_a_leader, c, firms["a"])
    Campaign.objects.filter(pk=c.pk).update(status=CampaignStatus.CLOSED)
    with pytest.raises(DomainError) as e:
        set_plan(zone_a_leader, c, firms["a"], text="改", version=p.version)
    assert message(e) == "该行动已结束，不能再制定一企一策"
    assert FirmPlan.objects.get().text == "协调原材料供应"


def test_it_answers_a_conflict_when_two_first_plans_for_a_firm_race(
    campaign, firms, zone_a_leader, city_officer, monkeypatch
):
    """Both editors read "no plan yet"; the other one's plan is saved between this one's read and its insert (as
    a concurrent transaction commits on PostgreSQL): a 409 asking to refresh, not the unique constraint's 500."""
    full_clean = FirmPlan.full_clean

    def rival_commits_first(plan, *args, **kwargs):
        full_clean(plan, *args, **kwargs)
        if plan._state.adding:
            FirmPlan.objects.create(
                campaign=plan.campaign,
                enterprise=plan.enterprise,
                zone_id=plan.zone_id,
                text="协调物流",
                contact="李",
                updated_by=city_officer,
                version=1,
            )

    monkeypatch.setattr(FirmPlan, "full_clean", rival_commits_first)
    with pytest.raises(ConflictError) as e:
        set_plan(zone_a_leader, campaign, firms["a"], version=0)
    assert "请刷新后在最新内容上修改" in message(e)
    # (the rival's row went with this test's transaction; on PostgreSQL it is the other editor's, committed)
    assert not FirmPlan.objects.filter(text="协调原材料供应").exists()
    assert not AuditEvent.objects.filter(note="一企一策").exists()
