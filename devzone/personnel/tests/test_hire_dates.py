"""The dates of 拟聘用 → 聘用 have bounds on both sides: no hiring step (体检、考察、公示) is dated before the day the
candidate became 拟聘用 (nor after today), and 登记聘用's 入职日期 is not before the publicity concluded 期满无异议 nor
more than a year ahead — each refused on its date field. Before, a 体检 in 2003 was stored, and a 公示 started on
such a day asked the calendar for a year it does not have: the page and the API answered 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError
from devzone.personnel.models import Hire, HireStep, Registration
from devzone.personnel.services import budget, hiring
from devzone.testing.personnel import proposed_since, recorded_on, staff_of

pytestmark = pytest.mark.django_db

API = "/api/v1/personnel"
START = dt.date(2026, 11, 2)  # publicity 2 → 11 November (7 working days), concluded on the 12th


def _step(officer, reg, kind, outcome, on):
    """The step recorded on its own day (a 公示 starts on the day it is recorded)."""
    day = on if isinstance(on, dt.date) else None
    if day is None:
        return hiring.hire_step_record(actor=officer, registration=reg.pk, kind=kind, outcome=outcome, on=on)
    with recorded_on(max(day, dt.date(2026, 8, 31))):
        return hiring.hire_step_record(actor=officer, registration=reg.pk, kind=kind, outcome=outcome, on=on)


def test_a_step_before_the_day_of_拟聘用_is_refused_on_its_date(ranked, officer_a):
    hire = ranked[0]  # 拟聘用 since 31 August 2026 (the fixture's ranking)
    for day in ("2003-01-02", dt.date(2026, 8, 30)):
        with pytest.raises(DomainError, match="拟聘用人选的日期（2026年8月31日）") as refused:
            _step(officer_a, hire, "medical", "passed", day)
        assert list(refused.value.errors) == ["on"]
    assert not HireStep.objects.exists()
    _step(officer_a, hire, "medical", "passed", dt.date(2026, 8, 31))
    assert hiring.proposed_on(hire) == dt.date(2026, 8, 31)


def test_a_publicity_the_calendar_cannot_count_is_a_field_error_not_a_500(ranked, officer_a, client_for):
    """A proposed hire dated (by a data import, say) in a year before the calendar's first: the steps may follow
    it, but the publicity's period cannot be counted — the page and the API say so on the date."""
    hire = ranked[0]
    proposed_since(dt.date(2003, 1, 2), hire)
    c = client_for(officer_a)
    c.raise_request_exception = False
    for kind in ("medical", "inspection"):
        body = {"kind": kind, "outcome": "passed", "on": "2003-01-02"}
        assert c.post_json(f"{API}/registrations/{hire.pk}/step", body).status_code == 200
    with recorded_on(dt.date(2003, 6, 2)):  # started on the day it is recorded, in a year the calendar lacks
        api = c.post_json(
            f"{API}/registrations/{hire.pk}/step",
            {"kind": "publicity", "outcome": "pending", "on": "2003-06-02"},
        )
        page = c.post(
            reverse("personnel:registration_action", args=[hire.pk, "step"]),
            {"step-kind": "publicity", "step-outcome": "pending", "step-on": "2003-06-02"},
            follow=True,
        )
    assert api.status_code == 400 and "工作日历未加载" in api.json()["errors"]["on"][0]
    assert page.status_code == 200 and "工作日历未加载" in page.content.decode()
    assert not HireStep.objects.filter(kind="publicity").exists()


@pytest.fixture
def concluded(ranked, officer_a):
    hire = ranked[0]
    for kind in ("medical", "inspection"):
        _step(officer_a, hire, kind, "passed", START)
    _step(officer_a, hire, "publicity", "pending", START)
    _step(officer_a, hire, "publicity", "passed", dt.date(2026, 11, 12))
    return Registration.objects.get(pk=hire.pk)


def _hire(officer, zone, reg, hired_on) -> Hire:
    return budget.hire_record(
        actor=officer,
        zone=zone,
        staff=staff_of(zone, reg),
        channel="open",
        hired_on=hired_on,
        registration=reg,
    )


def test_a_hire_dated_inside_the_publicity_or_far_ahead_is_refused_on_its_date(concluded, officer_a, zone_a):
    for day, says in (
        (dt.date(2026, 11, 4), "不能早于公示期满无异议的日期（2026年11月12日）"),  # inside the publicity
        (timezone.localdate() + dt.timedelta(days=800), "入职日期不能晚于"),
    ):
        with pytest.raises(DomainError, match=says) as refused:
            _hire(officer_a, zone_a, concluded, day)
        assert list(refused.value.errors) == ["hired_on"]
    assert not Hire.objects.exists()
    assert _hire(officer_a, zone_a, concluded, dt.date(2026, 11, 12)).hired_on == dt.date(2026, 11, 12)


def test_the_hire_page_says_why(concluded, officer_a, zone_a, client_for):
    staff = staff_of(zone_a, concluded, employee_no="A900")
    form = {
        "hire-employee_no": staff.employee_no,
        "hire-channel": "open",
        "hire-registration": concluded.pk,
        "hire-hired_on": "2026-11-04",
    }
    answer = client_for(officer_a).post(reverse("personnel:budget_action", args=["hire"]), form, follow=True)
    assert "不能早于公示期满无异议的日期" in answer.content.decode()
    assert not Hire.objects.exists()
