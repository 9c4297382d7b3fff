"""招聘公告 drafted by the city's personnel office, on the page and through the API (the same services): the
registration window in Beijing time, the written weight entered as a percentage, openings added per zone while the
campaign is a draft (a code once, a zone of the city only), then published; the zones' officers read it but can
neither draft nor add. Pages and operations run through Django's ``Client`` (isolation counted)."""

import datetime as dt
import zoneinfo
from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.personnel.models import Opening, RecruitmentCampaign
from devzone.testing import factories as f
from devzone.testing.personnel import campaign_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/personnel"
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
NEXT_YEAR = dt.date.today().year + 1


def campaign_form(**changes) -> dict:
    return campaign_form_data(NEXT_YEAR, **changes)


def opening_form(zone, **changes) -> dict:
    fields = {
        "zone": zone.pk,
        "code": "A01",
        "title": "招商专员",
        "headcount": "2",
        "education_min": "master",
        "majors": "经济学、金融学",
        "age_max": "35",
        "experience_years": "0",
        **changes,
    }
    return {f"opening-{k}": v for k, v in fields.items()}


def test_the_city_office_drafts_a_campaign_in_beijing_time_and_adds_its_openings(
    city, zone_a, zone_b, city_officer, client_for
):
    c = client_for(city_officer)
    home = c.get(reverse("personnel:home")).content.decode()
    assert "新建招聘公告" in home and reverse("personnel:campaign_new") in home
    assert c.get(reverse("personnel:campaign_new")).status_code == 200
    answer = c.post(reverse("personnel:campaign_new"), campaign_form())
    campaign = RecruitmentCampaign.objects.get()
    assert answer.status_code == 302 and answer.url == campaign.get_absolute_url()
    assert campaign.status == "draft" and campaign.city == city
    # 09:00 on the page is 09:00 in Beijing (01:00 UTC), not 09:00 UTC
    assert campaign.registration_opens == dt.datetime(NEXT_YEAR, 3, 1, 9, 0, tzinfo=BEIJING)
    assert campaign.registration_closes == dt.datetime(NEXT_YEAR, 3, 10, 17, 0, tzinfo=BEIJING)
    assert (campaign.written_weight, campaign.exam_ratio, campaign.publicity_days) == (D("0.60"), 3, 7)
    assert campaign.written_exam_on == dt.date(NEXT_YEAR, 4, 11) and campaign.interview_on is None

    page = c.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="opening-form"' in page and "发布公告" in page
    added = c.post(reverse("personnel:opening_add", args=[campaign.pk]), opening_form(zone_a))
    assert added.status_code == 302
    c.post(reverse("personnel:opening_add", args=[campaign.pk]), opening_form(zone_b, code="B01"))
    rows = list(Opening.objects.filter(campaign=campaign).order_by("code").values_list("zone", "code"))
    assert rows == [(zone_a.pk, "A01"), (zone_b.pk, "B01")]
    a01 = Opening.objects.get(code="A01")
    assert (a01.headcount, a01.education_min, a01.age_max, a01.majors) == (2, "master", 35, "经济学、金融学")

    # publishing is the campaign's existing move; afterwards no opening can be added and the form is gone
    c.post(reverse("personnel:campaign_action", args=[campaign.pk, "publish"]), {"version": campaign.version})
    campaign.refresh_from_db()
    assert campaign.status == "published"
    assert 'data-testid="opening-form"' not in c.get(campaign.get_absolute_url()).content.decode()
    late = c.post(
        reverse("personnel:opening_add", args=[campaign.pk]), opening_form(zone_a, code="A02"), follow=True
    )
    assert "公告发布后不能再增加岗位" in late.content.decode()
    assert Opening.objects.filter(campaign=campaign).count() == 2


def test_a_window_that_closes_before_it_opens_is_refused_on_the_form(city_officer, client_for):
    c = client_for(city_officer)
    answer = c.post(
        reverse("personnel:campaign_new"),
        campaign_form(registration_closes=f"{NEXT_YEAR}-02-20T17:00", written_percent="20"),
    )
    assert answer.status_code == 200
    form = answer.context["form"]
    assert "written_percent" in form.errors  # below the 30 % the regulation asks
    assert not RecruitmentCampaign.objects.exists()
    answer = c.post(
        reverse("personnel:campaign_new"), campaign_form(registration_closes=f"{NEXT_YEAR}-02-20T17:00")
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["registration_closes"] == ["报名截止时间须晚于报名开始时间"]
    assert not RecruitmentCampaign.objects.exists()


def test_an_opening_code_is_once_a_campaign_and_the_form_keeps_what_was_typed(
    city, zone_a, city_officer, client_for
):
    c = client_for(city_officer)
    c.post(reverse("personnel:campaign_new"), campaign_form())
    campaign = RecruitmentCampaign.objects.get()
    url = reverse("personnel:opening_add", args=[campaign.pk])
    c.post(url, opening_form(zone_a))
    again = c.post(url, opening_form(zone_a, title="项目专员"))
    assert again.status_code == 200
    form = again.context["opening_form"]
    assert form.non_field_errors() and form["title"].value() == "项目专员"
    assert Opening.objects.filter(campaign=campaign).count() == 1
    # a zone of another city is not offered, and a forged one is refused
    foreign = f.ZoneFactory(city=f.CityFactory(name="外市"), name="外市开发区")
    forged = c.post(url, opening_form(foreign, code="X01"))
    assert forged.status_code == 200 and "zone" in forged.context["opening_form"].errors
    assert Opening.objects.filter(campaign=campaign).count() == 1


def test_a_zone_officer_reads_the_campaign_but_drafts_nothing(
    city, zone_a, officer_a, city_officer, client_for
):
    client_for(city_officer).post(reverse("personnel:campaign_new"), campaign_form())
    campaign = RecruitmentCampaign.objects.get()
    c = client_for(officer_a)
    home = c.get(reverse("personnel:home")).content.decode()
    assert "新建招聘公告" not in home
    assert c.get(reverse("personnel:campaign_new")).status_code == 403
    assert c.post(reverse("personnel:campaign_new"), campaign_form(title="区里自拟")).status_code == 403
    page = c.get(campaign.get_absolute_url())
    assert page.status_code == 200 and 'data-testid="opening-form"' not in page.content.decode()
    assert (
        c.post(reverse("personnel:opening_add", args=[campaign.pk]), opening_form(zone_a)).status_code == 403
    )
    # another city's officer does not learn the campaign exists
    other = f.user_with_role(
        Role.CITY_OFFICER, city=f.CityFactory(name="外市"), user__username="foreign_city"
    )
    assert (
        client_for(other)
        .post(reverse("personnel:opening_add", args=[campaign.pk]), opening_form(zone_a))
        .status_code
        == 404
    )
    assert RecruitmentCampaign.objects.count() == 1 and not Opening.objects.exists()


def test_the_api_drafts_adds_and_publishes_with_the_same_rules(
    city, zone_a, officer_a, city_officer, client_for
):
    c = client_for(city_officer)
    body = {
        "title": f"{NEXT_YEAR}年开发区专业人才公开招聘",
        "registration_opens": f"{NEXT_YEAR}-03-01T09:00:00+08:00",
        "registration_closes": f"{NEXT_YEAR}-03-10T09:00:00Z",  # 17:00 in Beijing
        "written_weight": "0.6",
        "announcement": "招聘单位情况、岗位及条件、招聘办法、考试时间和报名方法详见本公告。",
        "written_exam_on": f"{NEXT_YEAR}-04-11",
    }
    made = c.post_json(f"{API}/campaigns", body)
    assert made.status_code == 201, made.content
    out = made.json()
    campaign = RecruitmentCampaign.objects.get(pk=out["id"])
    assert out["status"] == "draft" and out["written_weight"] == "0.60"
    assert campaign.registration_closes == dt.datetime(NEXT_YEAR, 3, 10, 17, 0, tzinfo=BEIJING)
    # a number is not a time (pydantic alone would read seconds since 1970), nor a time without its offset
    assert c.post_json(f"{API}/campaigns", {**body, "registration_opens": 0}).status_code == 422
    naive = c.post_json(f"{API}/campaigns", {**body, "registration_opens": f"{NEXT_YEAR}-03-01T09:00:00"})
    assert naive.status_code == 422 and "registration_opens" in naive.json()["errors"]
    wrong = c.post_json(
        f"{API}/campaigns", {**body, "registration_closes": f"{NEXT_YEAR}-02-01T09:00:00+08:00"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"]["registration_closes"] == ["报名截止时间须晚于报名开始时间"]
    assert RecruitmentCampaign.objects.count() == 1

    opening = {
        "zone": zone_a.pk,
        "code": "A01",
        "title": "招商专员",
        "headcount": 1,
        "education_min": "bachelor",
    }
    added = c.post_json(f"{API}/campaigns/{campaign.pk}/openings", opening)
    assert added.status_code == 201, added.content
    assert added.json()["zone"] == zone_a.pk and added.json()["status"] == "open"
    twice = c.post_json(f"{API}/campaigns/{campaign.pk}/openings", opening)
    assert twice.status_code == 400
    published = c.post_json(f"{API}/campaigns/{campaign.pk}/publish", {"version": out["version"]})
    assert published.status_code == 200 and published.json()["status"] == "published"
    late = c.post_json(f"{API}/campaigns/{campaign.pk}/openings", {**opening, "code": "A02"})
    assert late.status_code == 400 and "公告发布后不能再增加岗位" in late.json()["title"]

    hr = client_for(officer_a)
    assert hr.post_json(f"{API}/campaigns", body).status_code == 403
    assert (
        hr.post_json(f"{API}/campaigns/{campaign.pk}/openings", {**opening, "code": "A03"}).status_code == 403
    )
    foreign = f.CityFactory(name="外市")
    other = f.user_with_role(Role.CITY_OFFICER, city=foreign, user__username="foreign_city")
    assert client_for(other).post_json(f"{API}/campaigns/{campaign.pk}/openings", opening).status_code == 404
    assert Opening.objects.filter(campaign=campaign).count() == 1


def test_the_services_refuse_a_reversed_window_and_a_repeated_code_in_the_readers_words(
    city, zone_a, city_officer
):
    """The model's constraints speak Chinese (not "约束 … 是无效的") to any caller of the services."""
    from django.utils import timezone

    from devzone.core.errors import DomainError
    from devzone.personnel.services import campaigns

    opens = timezone.now()
    draft = {"actor": city_officer, "city": city, "title": "2027年公开招聘", "registration_opens": opens}
    with pytest.raises(DomainError) as refused:
        campaigns.campaign_create(**draft, registration_closes=opens - dt.timedelta(days=1))
    assert "报名截止须晚于报名开始" in str(refused.value.errors)
    campaign = campaigns.campaign_create(**draft, registration_closes=opens + dt.timedelta(days=10))
    fields = {"code": "A01", "title": "招商专员", "headcount": 1, "education_min": "bachelor", "age_max": 35}
    campaigns.opening_add(actor=city_officer, campaign=campaign, zone_id=zone_a.pk, **fields)
    with pytest.raises(DomainError) as refused:
        campaigns.opening_add(actor=city_officer, campaign=campaign, zone_id=zone_a.pk, **fields)
    assert "本公告中已有该岗位代码" in str(refused.value.errors)
