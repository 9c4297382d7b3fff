"""The emergency pages and API lists read the same number of statements for a campaign of two firms' needs as for
one of eight (issue 17: the same query count for a small and a large zone): nothing is read row by row."""

from __future__ import annotations

import pytest

from devzone.emergency import services
from devzone.emergency.models import Allocation, AllocationRun, FirmPlan, Need
from devzone.emergency.tests.conftest import set_plan, submit
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db

LISTS = ("needs", "allocations", "deliveries", "plans", "campaigns")


def statements(people, campaign, run) -> dict[str, int]:
    counts = {}
    for who, user in people.items():
        pages = (
            [("mine", "/emergency/mine/")]
            if who == "enterprise"
            else [("home", "/emergency/"), ("campaign", f"/emergency/campaigns/{campaign.pk}/")]
        )
        pages += [(f"api {name}", f"/api/v1/emergency/{name}") for name in LISTS]
        if who == "city":
            pages.append(("run", f"/emergency/runs/{run.pk}/"))
        counts |= {f"{who} {label}": n for label, n in statement_counts(make_client(user), pages).items()}
    return counts


def firms_in_need(actor, campaign, zone, n: int, start: int) -> None:
    for i in range(start, start + n):
        firm = f.EnterpriseFactory(zone=zone, name=f"需求企业{i}有限公司")
        submit(actor, campaign, firm, quantity=40 + i, rank=1, evidence="")
        set_plan(actor, campaign, firm, text=f"一企一策{i}")


def test_the_emergency_pages_and_lists_cost_the_same_statements_for_two_or_eight_firms(
    campaign, firms, enterprise_user, zone_b_leader, city_officer
):
    submit(enterprise_user, campaign, quantity=100)
    firms_in_need(zone_b_leader, campaign, firms["b"].zone, 1, 0)
    supply = campaign.supplies.get()
    people = {"city": city_officer, "zone": zone_b_leader, "enterprise": enterprise_user}
    few = statements(
        people, campaign, services.allocate(actor=city_officer, supply_id=supply.pk, quantity=200)
    )
    firms_in_need(zone_b_leader, campaign, firms["b"].zone, 6, 1)
    many = statements(
        people, campaign, services.allocate(actor=city_officer, supply_id=supply.pk, quantity=300)
    )
    assert Need.objects.count() == 8 and FirmPlan.objects.count() == 7 and AllocationRun.objects.count() == 2
    assert Allocation.objects.count() > 2
    assert few == many
