"""The city's figures agree with each other: the assessment's 签约项目 indicator (which sets a zone's pay pool)
counts the projects the dashboard and the leaderboard count, and the dashboard's 年度任务完成度 reads the plan in
force, the one the 市级统筹 page and investment's fit read."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from devzone.core.models import Enterprise, Project
from devzone.investment.models import Contract
from devzone.oversight import bench, selectors
from devzone.planning import selectors as planning
from devzone.planning import services
from devzone.planning.models import IndustryPlan, PlanTarget

pytestmark = pytest.mark.django_db


def test_the_assessment_counts_the_signed_projects_the_dashboard_counts(city_officer, zone_a):
    """Of 20 contracts signed in 2026, 8 count no project by the zone's counting rules (a local investor, a
    formal contract after its framework agreement …): the indicator counts 12, as the dashboard does, and the
    score and pool follow from 12 of 20."""
    ent = Enterprise.objects.create(zone=zone_a, name="甲压测企业有限公司", industry_id="34")
    project = Project.objects.create(
        zone=zone_a, enterprise=ent, name="甲项目", industry_id="34", total_investment=D(5000)
    )
    bench._signed_contracts(random.Random(1), zone_a, 1, 2026, ent, project)
    excluded = list(Contract.objects.filter(zone=zone_a).values_list("pk", flat=True)[:8])
    Contract.objects.filter(pk__in=excluded).update(
        counts_as_project=False, counted_investment=0, excluded_reason="本地投资者"
    )
    scheme = services.scheme_set(
        actor=city_officer,
        year=2026,
        category=zone_a.level,
        name="考核",
        full_pool_fen=100_000_00,
        indicators=[{"name": "签约项目", "weight": "100", "target": "20", "source": "contracts"}],
    )
    a = services.zone_score(actor=city_officer, scheme_id=scheme.pk, zone_id=zone_a.pk)
    [row] = selectors.city_rows(city_officer, 2026, zone_id=zone_a.pk)
    assert row.contracts == 12
    assert a.values.get().value == 12
    assert (a.score, a.pool_fen) == (D("60.00"), 60_000_00)


def test_the_dashboard_reads_the_tasks_of_the_plan_in_force_only(city_officer, zone_a, client_for):
    """Two plans of 甲 cover 2026 (saved before overlapping plans were refused): the dashboard's 年度任务完成度
    and the drill-down's tasks read the later one, in force, as the 市级统筹 page does — not both mixed."""
    old = IndustryPlan.objects.create(zone=zone_a, start_year=2024, end_year=2028)
    new = IndustryPlan.objects.create(zone=zone_a, start_year=2026, end_year=2030)
    PlanTarget.objects.create(plan=old, year=2026, metric="output", target=1000, done=1000)  # 100 %
    PlanTarget.objects.create(plan=new, year=2026, metric="output", target=1000, done=250)  # 25 %
    PlanTarget.objects.create(plan=new, year=2027, metric="output", target=1000, done=0)
    assert planning.current_plan(zone_a.pk, 2026) == new
    [row] = selectors.city_rows(city_officer, 2026, zone_id=zone_a.pk)
    assert row.plan_progress == D("25.00")
    assert [t.plan_id for t in selectors.zone_targets(city_officer, [zone_a.pk], 2026)] == [new.pk]
    [row] = selectors.city_rows(city_officer, 2025, zone_id=zone_a.pk)
    assert row.plan_progress is None  # 2025: the old plan in force, with no task of that year


def test_the_dashboard_adds_up_the_contract_investment_as_investments_figures_do(city_officer, zone_a):
    """A capital increase counts its increment in the contract investment, never a project: the cockpit's
    合同投资额 equals investment's own figures page (and the bulletin), whatever the mix of contracts."""
    import datetime as dt

    from devzone.investment import selectors as investment
    from devzone.investment.choices import ContractKind

    ent = Enterprise.objects.create(zone=zone_a, name="甲增资企业有限公司", industry_id="34")
    project = Project.objects.create(
        zone=zone_a, enterprise=ent, name="甲增资项目", industry_id="34", total_investment=D(5000)
    )
    bench._signed_contracts(random.Random(2), zone_a, 1, 2026, ent, project)
    increase = Contract.objects.filter(zone=zone_a).first()
    Contract.objects.filter(pk=increase.pk).update(
        kind=ContractKind.INCREASE, counts_as_project=False, counted_investment=D(3000)
    )
    own = investment.figures(zone_id=zone_a.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))[
        "totals"
    ]
    [row] = selectors.city_rows(city_officer, 2026, zone_id=zone_a.pk)
    assert (row.investment_wan, row.contracts) == (own["investment"], own["signed"])
    assert own["investment"] >= D(3000)  # the increment is in it
