"""放弃报名 after 拟聘用: a proposed hire who gives up frees the seat and the next in rank moves up (递补) — until the
zone has recorded the hire. From then on the person is on the zone's staff and the seat is filled: a later wish to
leave is a resignation, not the recruitment's business, so the registration stays as it is and nobody else
becomes a second hire for the same seat. A finished campaign moves no more either."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.personnel.choices import CampaignStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Hire, RecruitmentCampaign, Registration
from devzone.personnel.services import budget
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_hiring import step
from devzone.testing.personnel import staff_of

pytestmark = pytest.mark.django_db


def _hire_recorded(officer, zone, reg) -> Hire:
    """Every step passed, then the zone records the hire: the person is on its staff."""
    step(officer, reg, "medical", "passed", dt.date(2026, 9, 1))
    step(officer, reg, "inspection", "passed", dt.date(2026, 9, 10))
    step(officer, reg, "publicity", "pending", dt.date(2026, 9, 25))
    step(officer, reg, "publicity", "passed", dt.date(2026, 10, 13))
    return budget.hire_record(
        actor=officer,
        zone=zone,
        staff=staff_of(zone, reg),
        channel="open",
        hired_on=dt.date(2026, 10, 20),
        registration=Registration.objects.get(pk=reg.pk),
    )


def test_a_hire_already_in_service_cannot_withdraw_and_pull_the_next_one_up(
    ranked,
    officer_a,
    zone_a,
    client_for,
):
    first, second = ranked[:2]
    _hire_recorded(officer_a, zone_a, first)
    with pytest.raises(DomainError, match="已登记聘用"):
        reg_svc.registration_withdraw(actor=first.candidate.user, registration=first.pk)
    # the candidate's page no longer offers it, and a forged post changes nothing either
    page = reverse("personnel:my_registration", args=[first.pk])
    mine = client_for(first.candidate.user)
    assert 'value="withdraw"' not in mine.get(page).content.decode()
    first.refresh_from_db()
    answer = mine.post(page, {"action": "withdraw", "version": first.version}, follow=True)
    assert "已登记聘用" in answer.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.HIRED, S.RANKED)
    assert Registration.objects.filter(opening=first.opening, status=S.HIRED).count() == 1


def test_a_proposed_hire_not_yet_recorded_may_still_give_up_until_the_campaign_has_finished(
    ranked,
    client_for,
):
    first = ranked[0]
    page = reverse("personnel:my_registration", args=[first.pk])
    assert 'value="withdraw"' in client_for(first.candidate.user).get(page).content.decode()
    RecruitmentCampaign.objects.filter(pk=first.campaign_id).update(status=CampaignStatus.FINISHED)
    assert 'value="withdraw"' not in client_for(first.candidate.user).get(page).content.decode()
    with pytest.raises(DomainError, match="招聘已结束"):
        reg_svc.registration_withdraw(actor=first.candidate.user, registration=first.pk)
    assert Registration.objects.get(pk=first.pk).status == S.HIRED
    assert Registration.objects.filter(opening=first.opening, status=S.HIRED).count() == 1
