"""The named cast every test draws on (a pytest plugin, loaded by devzone/conftest.py), built by factory_boy,
never by hand: two zones of one city — zone A with its leader, a department head who has a staff record, an
investment officer and a read-only reviewer, and zone B with its leader — a city officer and a system
administrator with city reach, an enterprise user of an enterprise in zone A, and the anonymous visitor;
plus ``client`` and ``client_for(user)``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.clients import make_client


@pytest.fixture
def client():
    """pytest-django's ``client``, on the shared handler (see ``make_client``)."""
    return make_client()


@pytest.fixture
def client_for():
    """``client_for(user)`` -> a logged-in ``django.test.Client``."""
    return make_client


@pytest.fixture
def city(db):
    return f.CityFactory(name="济南市", code="370100")


@pytest.fixture
def zone_a(city):
    return f.ZoneFactory(city=city, name="甲开发区")


@pytest.fixture
def zone_b(city):
    return f.ZoneFactory(city=city, name="乙开发区")


def _account(role: str, *, reach: str, username: str, display_name: str = ""):
    """A fixture: the user of ``role`` whose reach is the fixture named ``reach`` (a zone, or the city)."""

    def account(request):
        place = request.getfixturevalue(reach)
        names = {"display_name": display_name} if display_name else {}
        where = {"city": place} if reach == "city" else {"zone": place}
        return f.user_with_role(role, **where, user__username=username, **names)

    return pytest.fixture(account)


zone_a_leader = _account(Role.ZONE_LEADER, reach="zone_a", username="a_leader", display_name="甲主任")
zone_a_investment_officer = _account(Role.INVESTMENT_OFFICER, reach="zone_a", username="a_invest")
zone_a_reviewer = _account(Role.REVIEWER, reach="zone_a", username="a_reviewer")
zone_b_leader = _account(Role.ZONE_LEADER, reach="zone_b", username="b_leader", display_name="乙主任")
city_officer = _account(Role.CITY_OFFICER, reach="city", username="city_officer")
sysadmin = _account(Role.SYSADMIN, reach="city", username="sysadmin")


@pytest.fixture
def zone_a_department(zone_a):
    return f.DepartmentFactory(zone=zone_a, name="综合服务部")


@pytest.fixture
def zone_a_head_staff(zone_a, zone_a_department):
    return f.StaffFactory(zone=zone_a, department=zone_a_department, name="甲部长")


@pytest.fixture
def zone_a_dept_head(zone_a, zone_a_head_staff):
    return f.staff_user(Role.DEPARTMENT_HEAD, zone_a_head_staff, "a_head")


@pytest.fixture
def enterprise_a(zone_a):
    return f.EnterpriseFactory(zone=zone_a, name="甲企业有限公司")


@pytest.fixture
def enterprise_user(enterprise_a):
    return f.user_with_role(Role.ENTERPRISE_USER, enterprise=enterprise_a, user__username="ent_a")


@pytest.fixture
def anonymous():
    return AnonymousUser()
