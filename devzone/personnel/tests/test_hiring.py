"""After 拟聘用: 体检, 考察 and 公示 recorded in order with outcome and date; the publicity period is the campaign's
working days by the calendar; a failed step takes the hire out and the next in rank moves up (递补); the
candidate sees each step on the portal; staff of another zone reach nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.workdays import get_calendar
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import HireStep, Registration, RegistrationEvent
from devzone.personnel.services import hiring
from devzone.testing import factories as f
from devzone.testing.personnel import proposed_since, recorded_on, staff_of

pytestmark = pytest.mark.django_db


def step(officer, reg, kind, outcome, on, note=""):
    """The step recorded on its own day (a 公示 starts on the day it is recorded: ``hiring.today``)."""
    real = timezone.localdate()
    with recorded_on(on if isinstance(on, dt.date) and on <= real else real):
        return hiring.hire_step_record(
            actor=officer, registration=reg.pk, kind=kind, outcome=outcome, on=on, note=note
        )


def test_steps_go_in_order_and_publicity_counts_working_days(ranked, officer_a, officer_b):
    first = ranked[0]
    with pytest.raises(DomainError, match="体检"):
        step(officer_a, first, "inspection", "passed", dt.date(2026, 9, 1))
    with pytest.raises(NotFoundError):
        step(officer_b, first, "medical", "passed", dt.date(2026, 9, 1))  # another zone's officer
    with pytest.raises(DomainError, match="原因"):
        step(officer_a, first, "medical", "failed", dt.date(2026, 9, 1))
    with pytest.raises(DomainError, match="日期"):
        step(officer_a, first, "medical", "passed", "2026-13-01")
    with pytest.raises(DomainError, match="今天"):
        step(officer_a, first, "medical", "passed", dt.date(2099, 1, 1))
    assert not HireStep.objects.exists()
    step(officer_a, first, "medical", "passed", dt.date(2026, 9, 1))
    with pytest.raises(DomainError, match="上一环节"):
        step(officer_a, first, "inspection", "passed", dt.date(2026, 8, 31))
    step(officer_a, first, "inspection", "passed", dt.date(2026, 9, 10))
    # the campaign's 7 working days by the calendar (the one competition's publicity uses): from Friday
    # 25 September 2026 they run across the National Day holiday and end on Monday 12 October
    pub = step(officer_a, first, "publicity", "pending", dt.date(2026, 9, 25))
    assert first.campaign.publicity_days == 7
    assert (
        pub.publicity_until == get_calendar().add_workdays(dt.date(2026, 9, 25), 7) == dt.date(2026, 10, 12)
    )
    with pytest.raises(DomainError, match="期满后"):
        step(officer_a, first, "publicity", "passed", dt.date(2026, 10, 12))
    pub = step(officer_a, first, "publicity", "passed", dt.date(2026, 10, 13))
    assert (pub.outcome, pub.concluded_on) == ("passed", dt.date(2026, 10, 13))
    with pytest.raises(DomainError, match="已办结"):
        step(officer_a, first, "publicity", "passed", dt.date(2026, 10, 15))
    first.refresh_from_db()
    assert first.status == S.HIRED
    assert [s.kind for s in hiring.steps_of(first)] == ["medical", "inspection", "publicity"]


def test_a_failed_step_moves_the_next_in_rank_up(ranked, officer_a):
    first, second, third = ranked[:3]
    step(officer_a, first, "medical", "failed", dt.date(2026, 9, 1), note="体检结论不合格")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.NOT_HIRED, S.HIRED)
    moved = RegistrationEvent.objects.filter(registration=second, to_status=S.HIRED).last()
    assert "递补" in moved.note
    with pytest.raises(DomainError, match="拟聘用"):
        step(officer_a, first, "inspection", "passed", dt.date(2026, 9, 2))
    proposed_since(dt.date(2026, 9, 1), second)  # moved up the day the first failed
    step(officer_a, second, "medical", "passed", dt.date(2026, 9, 2))
    step(officer_a, second, "inspection", "failed", dt.date(2026, 9, 5), note="考察发现不符合条件")
    third.refresh_from_db()
    assert third.status == S.HIRED
    proposed_since(dt.date(2026, 9, 5), third)
    step(officer_a, third, "medical", "passed", dt.date(2026, 9, 7))
    step(officer_a, third, "inspection", "passed", dt.date(2026, 9, 8))
    step(officer_a, third, "publicity", "pending", dt.date(2026, 9, 9))
    step(officer_a, third, "publicity", "failed", dt.date(2026, 9, 10), note="反映问题经查属实")
    fourth = Registration.objects.get(pk=ranked[3].pk)
    assert fourth.status == S.HIRED
    assert Registration.objects.filter(opening=first.opening, status=S.HIRED).count() == 1


def test_the_candidate_sees_each_step_and_staff_record_them_on_the_page(
    ranked, officer_a, officer_b, client_for
):
    first = ranked[0]
    officer = client_for(officer_a)
    page = reverse("personnel:registration_detail", args=[first.pk])
    act = reverse("personnel:registration_action", args=[first.pk, "step"])
    assert "data-step-form" in officer.get(page).content.decode()
    form = {"step-kind": "medical", "step-outcome": "passed", "step-on": "2026-09-01", "step-note": ""}
    assert client_for(officer_b).post(act, form).status_code == 404
    assert not HireStep.objects.exists()
    assert officer.post(act, form).status_code == 302
    bad = {
        **form,
        "step-kind": "inspection",
        "step-outcome": "failed",
    }  # no reason: refused; the page says why and keeps what was filled in
    answer = officer.post(act, bad, follow=True)
    html = answer.content.decode()
    assert answer.redirect_chain[-1][0] == page and "原因" in html
    assert 'value="failed" class="form-check-input" id="id_step-outcome_1" required checked' in html
    assert HireStep.objects.count() == 1
    mine = client_for(first.candidate.user).get(reverse("personnel:my_registration", args=[first.pk]))
    html = mine.content.decode()
    assert "体检" in html and "合格" in html and "data-hire-steps" in html
    other = client_for(ranked[1].candidate.user)
    assert other.get(reverse("personnel:my_registration", args=[first.pk])).status_code == 404


def test_only_screening_staff_record_steps(ranked, zone_a_leader):
    with pytest.raises(PermissionDeniedError):
        step(zone_a_leader, ranked[0], "medical", "passed", dt.date(2026, 9, 1))


def test_a_proposed_hire_who_gives_up_frees_the_seat(ranked, client_for):
    first, second = ranked[:2]
    page = reverse("personnel:my_registration", args=[first.pk])
    mine = client_for(first.candidate.user)
    assert "withdraw" in mine.get(page).content.decode()
    assert mine.post(page, {"action": "withdraw", "version": first.version}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.WITHDRAWN, S.HIRED)
    assert Registration.objects.filter(opening=first.opening, status=S.HIRED).count() == 1


def test_the_hiring_steps_through_the_api(ranked, officer_a, officer_b, client_for):
    """The page's moves are the API's (personnel.actions): the next step is recorded with its date, the
    registration answers with its steps; a failure without a reason and another zone's officer change
    nothing."""
    first = ranked[0]
    url = f"/api/v1/personnel/registrations/{first.pk}/step"
    body = {"kind": "medical", "outcome": "passed", "on": "2026-09-01"}
    assert client_for(officer_b).post(url, body, content_type="application/json").status_code == 404
    answer = client_for(officer_a).post(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert [(h["kind"], h["outcome"], h["on"]) for h in answer.json()["hire_steps"]] == [
        ("medical", "passed", "2026-09-01")
    ]
    failed = {"kind": "inspection", "outcome": "failed", "on": "2026-09-03"}
    refused = client_for(officer_a).post(url, failed, content_type="application/json")
    assert refused.status_code in (400, 422) and refused.json()["errors"]["note"] == ["请填写不合格的原因"]
    assert list(HireStep.objects.values_list("kind", flat=True)) == ["medical"]


def test_a_proposed_hire_is_recorded_as_hired_once_and_only_after_every_step(ranked, officer_a, zone_a):
    from devzone.personnel.models import Hire
    from devzone.personnel.services import budget

    first = ranked[0]

    def hire(staff):
        return budget.hire_record(
            actor=officer_a,
            zone=zone_a,
            staff=staff,
            channel="open",
            hired_on=dt.date(2026, 10, 20),
            registration=Registration.objects.get(pk=first.pk),
        )

    with pytest.raises(DomainError, match="尚未通过体检、考察和公示"):
        hire(staff_of(zone_a, first))
    step(officer_a, first, "medical", "passed", dt.date(2026, 9, 1))
    step(officer_a, first, "inspection", "passed", dt.date(2026, 9, 10))
    step(officer_a, first, "publicity", "pending", dt.date(2026, 9, 25))
    with pytest.raises(DomainError, match="尚未通过体检、考察和公示"):
        hire(staff_of(zone_a, first))  # the publicity is still running
    step(officer_a, first, "publicity", "passed", dt.date(2026, 10, 13))
    # only the candidate's own staff record: a wrong 工号 put another member of staff on the seat (and, the hire
    # recorded, the candidate could no longer give up); a namesake born another day is not them either
    someone_else = f.StaffFactory(zone=zone_a, name="另一职员")
    namesake = f.StaffFactory(zone=zone_a, name=first.candidate.name, birth_date=dt.date(1970, 1, 1))
    for staff in (someone_else, namesake):
        with pytest.raises(DomainError, match="考生本人") as refused:
            hire(staff)
        assert list(refused.value.errors) == ["staff"]
    assert not Hire.objects.exists()
    hire(staff_of(zone_a, first))
    with pytest.raises(DomainError, match="该报名已登记过聘用"):
        hire(staff_of(zone_a, first))  # the same registration for a second person
    assert Hire.objects.filter(registration=first).count() == 1
