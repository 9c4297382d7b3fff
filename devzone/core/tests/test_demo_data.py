"""The demo city reproduces the figures of the reform reports from its own rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from devzone.core import models as m
from devzone.core.choices import Role
from devzone.core.codes import parse_project_code, validate_credit_code
from devzone.core.demo import facts, loader

pytestmark = pytest.mark.django_db


def it_reproduces_the_internal_bodies_before_and_after_the_reform(demo):
    reform = dt.date.fromisoformat(facts.REFORM_DATE)
    assert m.Department.objects.active_on(reform - dt.timedelta(days=1)).count() == 109
    assert m.Department.objects.active_on(reform).count() == 64


def it_reproduces_the_half_year_investment_results(demo):
    jibei = demo["zones"]["济北经济开发区"]
    half = m.Project.objects.filter(zone=jibei, signed_on__range=(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    assert half.count() == 23
    assert half.aggregate(s=Sum("total_investment"))["s"] == Decimal("7080000")  # 708 亿元 in 万元
    assert half.filter(total_investment__gte=10000).count() == 18
    assert half.filter(total_investment__gte=100000).count() == 7
    assert {"济北智造小镇", "少海汇智慧住居项目", "世茂集团澄波湖综合开发文旅项目"} <= set(
        half.values_list("name", flat=True)
    )


def jibei_is_complete_and_its_identifiers_are_valid(demo):
    jibei = demo["zones"]["济北经济开发区"]
    assert 60 <= m.Staff.objects.filter(zone=jibei).count() <= 100
    assert set(m.Staff.objects.filter(zone=jibei).values_list("employment_type", flat=True)) == {
        "establishment",
        "contract",
        "special_hire",
    }
    assert m.Area.objects.filter(zone=jibei).count() == 9  # 两城三区四园
    for code in m.Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    for code in m.Project.objects.exclude(project_code="").values_list("project_code", flat=True):
        parse_project_code(code)


def it_keeps_the_laiwu_merger_and_the_company_run_zone(demo):
    laiwu = demo["zones"]["莱芜高新区"]
    assert laiwu.merged_from.count() == 3
    steel = demo["zones"]["钢铁经开区"]
    assert steel.operator == "company" and "山钢" in steel.operating_company


def it_reproduces_three_days_from_the_first_intake_to_the_land_certificate(demo):
    from devzone.approvals.models import Application, Certificate
    from devzone.approvals.statistics import project_path

    town = m.Project.objects.get(name="济北智造小镇")
    leader = m.Profile.objects.get(user__username="leader").user
    first, steps = project_path(user=leader, project_id=town.pk)
    land = next(s for s in steps if s.item.startswith("国有建设用地使用权登记"))
    assert (
        land.days_from_first_intake == 3 and land.status == "予以确认"
    )  # a registration is 行政确认, not a licence
    granted = Application.objects.filter(
        project=town, status="granted", intake__applicant_name="智造小镇项目经办"
    )
    assert Certificate.objects.filter(application__in=granted).count() == granted.count() == 5


def there_is_a_demo_account_for_every_role(demo):
    roles = set(m.Profile.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_the_demo_city_reproduces_the_reform_reports():
    """The whole demo city, every module's part included (大审批's example path renders a few signed
    certificates), loaded once — one test, so that pytest-xdist never loads it twice — and checked for each
    figure of the reports."""
    demo = loader.load(seed=2019)
    for check in (
        it_reproduces_the_internal_bodies_before_and_after_the_reform,
        it_reproduces_the_half_year_investment_results,
        jibei_is_complete_and_its_identifiers_are_valid,
        it_keeps_the_laiwu_merger_and_the_company_run_zone,
        it_reproduces_three_days_from_the_first_intake_to_the_land_certificate,
        there_is_a_demo_account_for_every_role,
    ):
        check(demo)
