"""The cast of the 大招商 tests: zone A with leading industries 14 and 34, two stationed teams with an officer
each (a staff member with an account), the zone's leader; zone B with a team, a lead and a leader."""

from decimal import Decimal

import pytest

from devzone.investment.models import InvestmentTeam
from devzone.testing import factories as f
from devzone.testing.investment import freeze_today, new_lead, officer_of, pearl_team, yangtze_team


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze_today(monkeypatch)


@pytest.fixture
def zone_a(zone_a):
    zone_a.leading_industries.set(["14", "34"])
    return zone_a


@pytest.fixture
def team_a(zone_a):
    return yangtze_team(zone_a)


@pytest.fixture
def team_a2(zone_a):
    return pearl_team(zone_a)


@pytest.fixture
def officer(team_a):
    return officer_of(team_a, "officer_a")


@pytest.fixture
def officer2(team_a2):
    return officer_of(team_a2, "officer_a2")


@pytest.fixture
def team_b(zone_b):
    return InvestmentTeam.objects.create(zone=zone_b, name="乙侧小分队", region="京津冀", station_city="天津")


@pytest.fixture
def officer_b(team_b):
    return officer_of(team_b, "officer_b")


@pytest.fixture
def lead_a(officer, team_a):
    return new_lead(
        officer, team_a, credit_code=f.credit_code_for(4242), intended_investment=Decimal("20000")
    )


@pytest.fixture
def lead_b(officer_b, team_b):
    return new_lead(officer_b, team_b, name="乙侧食品有限公司", credit_code=f.credit_code_for(4343))
