"""The dismissal terms on a 刚性淘汰 case read naturally in English: "1 consecutive year", "2 consecutive years"
(they read "year(s)"), and the refusal's time and statement are separated in the reader's way."""

import pytest

from devzone.core.choices import Role
from devzone.personnel.models import AnnualReview, EliminationCase
from devzone.personnel.services import staffing as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2026


def _case(zone, leader, *years) -> tuple[EliminationCase, object]:
    staff = f.StaffFactory(zone=zone, name="考核对象")
    person = f.staff_user(Role.DEPARTMENT_HEAD, staff, "person")
    for year in years:
        AnnualReview.objects.create(
            zone=zone, staff=staff, year=year, quarters={}, proposed="incompetent", grade="incompetent"
        )
    svc.cases_flag(actor=leader, zone=zone, year=YEAR)
    return EliminationCase.objects.get(staff=staff, year=YEAR, trigger="incompetent"), person


def _english(client_for, user, case) -> str:
    c = client_for(user)
    c.cookies["devzone_language"] = "en"
    return c.get(case.get_absolute_url()).content.decode()


def test_one_year_and_the_refusal_read_naturally(zone_a, zone_a_leader, client_for):
    case, person = _case(zone_a, zone_a_leader, YEAR)
    case = svc.case_decide(actor=zone_a_leader, case=case, action="transfer", reason="调整岗位")
    svc.case_refuse(actor=person, case=case, statement="不同意转岗")
    page = _english(client_for, zone_a_leader, case)
    assert "1 consecutive year of" in page and "year(s)" not in page
    assert ": 不同意转岗" in page and "：不同意转岗" not in page


def test_two_years_read_in_the_plural(zone_a, zone_a_leader, client_for):
    case, _person = _case(zone_a, zone_a_leader, YEAR - 1, YEAR)
    page = _english(client_for, zone_a_leader, case)
    assert "2 consecutive years of" in page and "year(s)" not in page
