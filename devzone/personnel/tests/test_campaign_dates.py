"""招聘公告's exam dates are what the announcement promises and the candidate's desk reads: the written exam comes
after the day registration closes (Beijing time), the interview after the written exam (or, without one, after
registration closes). One rule for the model, the page's form and the API's body, each refusal on its date field.
Before, an interview before the written exam, or a written exam inside the registration window, was stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError
from devzone.personnel.models import RecruitmentCampaign
from devzone.personnel.services import campaigns as campaign_svc
from devzone.testing.personnel import campaign_form_data

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel"
NEXT_YEAR = timezone.localdate().year + 1


def _create(city, actor, **dates) -> RecruitmentCampaign:
    opens = timezone.now() + dt.timedelta(days=1)
    return campaign_svc.campaign_create(
        actor=actor,
        city=city,
        title="日期有误的公告",
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=10),
        **dates,
    )


def test_the_service_refuses_dates_out_of_order_on_their_fields(city, city_officer):
    today = timezone.localdate()
    for dates, field in (
        ({"written_exam_on": today + dt.timedelta(days=3)}, "written_exam_on"),  # inside the window
        ({"written_exam_on": today + dt.timedelta(days=11)}, "written_exam_on"),  # the day it closes
        (
            {"written_exam_on": today + dt.timedelta(days=30), "interview_on": today + dt.timedelta(days=20)},
            "interview_on",
        ),
        ({"interview_on": today + dt.timedelta(days=5)}, "interview_on"),  # no written exam: after closing
    ):
        with pytest.raises(DomainError) as refused:
            _create(city, city_officer, **dates)
        assert list(refused.value.errors) == [field], dates
    assert not RecruitmentCampaign.objects.exists()
    made = _create(
        city,
        city_officer,
        written_exam_on=today + dt.timedelta(days=20),
        interview_on=today + dt.timedelta(days=30),
    )
    # a draft's edit keeps to the same rule
    with pytest.raises(DomainError, match="面试日期须晚于笔试日期"):
        campaign_svc.campaign_update(
            actor=city_officer, campaign=made, interview_on=today + dt.timedelta(days=19)
        )


def _form(**changes) -> dict:
    """The form with an interview before the written exam (refused) and no announcement (a draft needs none)."""
    return campaign_form_data(
        NEXT_YEAR, **{"interview_on": f"{NEXT_YEAR}-04-10", "announcement": "", **changes}
    )


def test_the_page_shows_each_refusal_beside_its_date(city, city_officer, client_for):
    c = client_for(city_officer)
    answer = c.post(reverse("personnel:campaign_new"), _form())
    assert answer.status_code == 200
    assert answer.context["form"].errors == {"interview_on": ["面试日期须晚于笔试日期"]}
    answer = c.post(reverse("personnel:campaign_new"), _form(written_exam_on=f"{NEXT_YEAR}-03-10"))
    assert "written_exam_on" in answer.context["form"].errors
    assert not RecruitmentCampaign.objects.exists()
    assert (
        c.post(reverse("personnel:campaign_new"), _form(interview_on=f"{NEXT_YEAR}-04-18")).status_code == 302
    )


def test_the_api_answers_422_on_the_field(city, city_officer, client_for):
    body = {
        "title": "日期有误的公告",
        "registration_opens": f"{NEXT_YEAR}-03-01T09:00:00+08:00",
        "registration_closes": f"{NEXT_YEAR}-03-10T17:00:00+08:00",
        "written_exam_on": f"{NEXT_YEAR}-02-20",  # before registration even opens
        "interview_on": f"{NEXT_YEAR}-02-10",  # before the written exam
    }
    c = client_for(city_officer)
    refused = c.post_json(f"{API}/campaigns", body)
    assert refused.status_code == 422, refused.content
    assert set(refused.json()["errors"]) == {"written_exam_on", "interview_on"}
    # 17:00 on 10 March in Beijing is 09:00 UTC: the written exam may not be on the 10th either
    late = {**body, "written_exam_on": f"{NEXT_YEAR}-03-10", "interview_on": None}
    assert list(c.post_json(f"{API}/campaigns", late).json()["errors"]) == ["written_exam_on"]
    assert not RecruitmentCampaign.objects.exists()
    ok = {**body, "written_exam_on": f"{NEXT_YEAR}-03-21", "interview_on": f"{NEXT_YEAR}-04-10"}
    assert c.post_json(f"{API}/campaigns", ok).status_code == 201
