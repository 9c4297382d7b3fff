"""结束招聘 (the campaign's move "finish", CLOSED → FINISHED) is a service, a button on the campaign's page and an API
operation: the city's personnel office finishes a campaign once every opening is concluded (cancelled by the
exam ratio, or ranked with its proposed hires recorded as hired), or with a written reason naming what is left;
the move is audited, and a finished campaign moves no more (test_finished_campaign.py). Before, no path applied
the move: every campaign stayed 报名结束 and 递补 never ended."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.personnel.choices import CampaignStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Hire, RecruitmentCampaign, Registration
from devzone.personnel.services import budget, hiring
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_recruitment import _close, opening_of
from devzone.testing import factories as f
from devzone.testing.personnel import recorded_on, staff_of

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel"


def _status(campaign) -> str:
    return RecruitmentCampaign.objects.get(pk=campaign.pk).status


def _last_move(campaign) -> AuditEvent:
    return (
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION,
            content_type__model="recruitmentcampaign",
            object_id=str(campaign.pk),
        )
        .order_by("pk")
        .last()
    )


def _cancel_b(campaign, city_officer) -> None:
    """B01 had no applicant: the exam ratio cancels it (a decided opening)."""
    campaign_svc.opening_apply_ratio(
        actor=city_officer, opening=opening_of(campaign, "B01"), note="无人报名，取消该岗位"
    )


def _hired(reg, officer, zone) -> Hire:
    """The proposed hire through 体检、考察、公示 and recorded as hired (登记聘用)."""
    for kind, outcome, on in (
        ("medical", "passed", dt.date(2026, 9, 1)),
        ("inspection", "passed", dt.date(2026, 9, 10)),
        ("publicity", "pending", dt.date(2026, 9, 25)),
        ("publicity", "passed", dt.date(2026, 10, 13)),
    ):
        with recorded_on(on):  # each step on its day (a 公示 starts on the day it is recorded)
            hiring.hire_step_record(actor=officer, registration=reg.pk, kind=kind, outcome=outcome, on=on)
    return budget.hire_record(
        actor=officer,
        zone=zone,
        staff=staff_of(zone, reg),
        channel="open",
        hired_on=dt.date(2026, 10, 20),
        registration=Registration.objects.get(pk=reg.pk),
    )


def test_a_concluded_campaign_is_finished_by_the_city_office_and_audited(
    ranked, city_officer, officer_a, zone_a
):
    campaign = ranked[0].campaign
    _cancel_b(campaign, city_officer)
    _hired(ranked[0], officer_a, zone_a)
    assert campaign_svc.undecided_openings(campaign) == []
    done = campaign_svc.campaign_finish(actor=city_officer, campaign=campaign.pk)
    assert done.status == CampaignStatus.FINISHED == _status(campaign)
    event = _last_move(campaign)
    assert event.changes == {"status": ["closed", "finished"]} and "结束招聘" in event.note
    # finished: the ranking moves no more (a later give-up pulls nobody up)
    assert hiring.move_up(opening=opening_of(campaign), actor=city_officer) == []


def test_an_opening_not_concluded_needs_a_reason_which_is_kept(ranked, city_officer):
    campaign = ranked[0].campaign
    with pytest.raises(DomainError) as refused:
        campaign_svc.campaign_finish(actor=city_officer, campaign=campaign)
    message = refused.value.errors["reason"][0]
    assert "A01" in message and "拟聘用人员尚未登记聘用" in message
    assert "B01" in message and "尚未核定开考比例" in message
    assert _status(campaign) == CampaignStatus.CLOSED
    campaign_svc.campaign_finish(actor=city_officer, campaign=campaign, reason="拟聘用人员放弃入职，岗位空缺")
    assert _status(campaign) == CampaignStatus.FINISHED
    note = _last_move(campaign).note
    assert "拟聘用人员放弃入职" in note and "A01、B01" in note


def test_registrations_still_in_screening_keep_the_opening_open(city, campaign, city_officer):
    from devzone.testing.personnel import make_candidate

    reg_svc.registration_submit(actor=make_candidate(city, 40).user, opening_id=opening_of(campaign).pk)
    campaign = _close(campaign)
    waiting = dict((o.code, str(why)) for o, why in campaign_svc.undecided_openings(campaign))
    assert waiting == {"A01": "尚未核定开考比例", "B01": "尚未核定开考比例"}


def test_only_the_city_office_finishes_and_only_a_closed_campaign(
    ranked, campaign, officer_a, zone_a_leader, city_officer
):
    closed = ranked[0].campaign
    for who in (officer_a, zone_a_leader):
        with pytest.raises(PermissionDeniedError):
            campaign_svc.campaign_finish(actor=who, campaign=closed, reason="无")
    campaign_svc.campaign_finish(actor=city_officer, campaign=closed, reason="提前结束")
    with pytest.raises(DomainError, match="当前状态为"):  # finished once
        campaign_svc.campaign_finish(actor=city_officer, campaign=closed, reason="提前结束")


def test_the_page_lists_what_is_left_and_finishes_with_a_reason(ranked, city_officer, officer_a, client_for):
    campaign = ranked[0].campaign
    page = reverse("personnel:campaign_detail", args=[campaign.pk])
    act = reverse("personnel:campaign_action", args=[campaign.pk, "finish"])
    c = client_for(city_officer)
    html = c.get(page).content.decode()
    assert 'data-testid="finish-form"' in html and "拟聘用人员尚未登记聘用" in html
    # not offered to the zone's officer, who may not change the city's campaign
    assert 'data-testid="finish-form"' not in client_for(officer_a).get(page).content.decode()
    assert client_for(officer_a).post(act, {"version": campaign.version}).status_code == 403
    refused = c.post(act, {"version": campaign.version}, follow=True)
    assert "请填写原因" in refused.content.decode() and _status(campaign) == CampaignStatus.CLOSED
    version = RecruitmentCampaign.objects.get(pk=campaign.pk).version
    done = c.post(act, {"version": version, "reason": "岗位空缺，另行组织招聘"}, follow=True)
    assert "招聘已结束" in done.content.decode() and _status(campaign) == CampaignStatus.FINISHED
    assert 'data-testid="finish-form"' not in c.get(page).content.decode()


@pytest.mark.isolation
def test_the_api_operation_is_the_page_s_and_another_city_s_campaign_is_404(
    ranked, city_officer, officer_a, client_for
):
    campaign = ranked[0].campaign
    url = f"{API}/campaigns/{campaign.pk}/finish"
    assert client_for(officer_a).post_json(url, {"reason": "无"}).status_code == 403
    foreign_city = f.CityFactory(code="370900", name="泰安市")
    from devzone.testing.personnel import make_campaign

    foreign = make_campaign(foreign_city, [f.ZoneFactory(city=foreign_city, name="泰安高新区")])
    assert client_for(city_officer).post_json(f"{API}/campaigns/{foreign.pk}/finish", {}).status_code == 404
    refused = client_for(city_officer).post_json(url, {"version": campaign.version})
    assert refused.status_code == 400 and "A01" in refused.json()["errors"]["reason"][0]
    done = client_for(city_officer).post_json(url, {"version": campaign.version, "reason": "岗位空缺"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "finished" == _status(campaign)
    assert Registration.objects.get(pk=ranked[0].pk).status == S.HIRED  # the record stays as it was
