"""The candidates' portal as a UX review walked it (2026-12-07), each finding a test:

- the pre-check reads 符合岗位要求 only when it ran; a registration loaded around the services reads 未预审;
- the demo's 2020 campaign goes the recruitment's way: ranks come from scores, 拟聘用 only for whoever meets the
  requirements, every proposed hire through 体检、考察 and 公示 before the campaign ends;
- the public portal shows the announcement, the written exam's date, every requirement of each opening (work
  experience and party membership too), one age rule (35周岁及以下, with the first birth date it admits, the rule
  ``eligibility.precheck`` applies), who publishes and who hires;
- the registration form preselects nothing, offers the provinces, a way back and to log in, the language switch;
- the login from the portal asks for the phone number; a candidate's menu leads to the openings and offers no
  API token or working calendar;
- the campaign page says "7 working days"; a candidate's notices are grouped under their kind."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from devzone.core.actors import system_actor
from devzone.core.templatetags.devzone import show
from devzone.personnel import demo, selection
from devzone.personnel.choices import CampaignStatus, HireStepOutcome
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.identity import age_on
from devzone.personnel.models import Candidate, HireStep, Registration, RegistrationEvent
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.testing.personnel import add_opening, make_campaign, make_candidate

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- 自动预审: 符合 only when the check ran -------------------------------------------------------------------
def test_a_registration_never_pre_checked_reads_not_pre_checked_not_meets_requirements(
    city, zone_a, officer_a, client_for
):
    campaign = make_campaign(city, [zone_a])
    opening = campaign.openings.get()
    checked = reg_svc.registration_submit(actor=make_candidate(city, 1).user, opening_id=opening.pk)
    assert checked.precheck == []  # ran, and found nothing amiss
    # loaded around the services (a bulk import, a load generator): the same empty list, but nothing ran
    loaded = Registration.objects.create(
        campaign=campaign,
        opening=opening,
        zone_id=opening.zone_id,
        candidate=make_candidate(city, 2),
        submitted_at=timezone.now(),
    )
    clerk = client_for(officer_a)

    def shown(reg) -> str:
        page = _text(clerk.get(reverse("personnel:registration_detail", args=[reg.pk])))
        return re.search(r'data-testid="precheck">(.*?)</dd>', page, re.S).group(1)

    assert "符合岗位要求" in shown(checked) and "未预审" not in shown(checked)
    assert "未预审" in shown(loaded) and "符合岗位要求" not in shown(loaded)
    listed = _text(clerk.get(reverse("personnel:opening_detail", args=[opening.pk])))
    cells = re.findall(r'data-testid="precheck">(.*?)</td>', listed, re.S)
    assert sorted("未预审" if "未预审" in c else "符合" for c in cells) == ["未预审", "符合"]
    # the API tells an integrator the same: ``precheck_ran`` on the list (a page at a time) and on one row
    api = "/api/v1/personnel/registrations"
    listed_api = {r["id"]: r["precheck_ran"] for r in clerk.get(api).json()["items"]}
    assert listed_api == {checked.pk: True, loaded.pk: False}
    assert clerk.get(f"{api}/{checked.pk}").json()["precheck_ran"] is True
    assert clerk.get(f"{api}/{loaded.pk}").json()["precheck_ran"] is False


# --- the demo's finished campaign -------------------------------------------------------------------------------
def test_the_demo_campaign_ranks_by_scores_and_hires_only_who_meets_the_requirements(
    city, zone_a, client_for
):
    """The 2020 campaign's own pipeline (``demo._registrations`` and ``_run_campaign``) on two openings: a
    vice-director's (硕士, 8 years, 45 or under) and a post for 本科 aged 35 or under, four applicants each, one of
    whom does not meet the requirements."""
    actor = system_actor()
    campaign = demo.campaign_2020(city, actor, "2020年测试招聘")
    posts = [
        dict(
            code="001",
            title="管委会副主任",
            leadership=True,
            education_min="master",
            age_max=45,
            experience_years=8,
        ),
        dict(code="002", title="招商专员", education_min="bachelor", age_max=35),
    ]
    openings = [
        campaign_svc.opening_add(actor=actor, campaign=campaign, zone_id=zone_a.pk, headcount=1, **p)
        for p in posts
    ]
    campaign = campaign_svc.CAMPAIGN_MOVES.apply(campaign, "publish", actor=actor)
    senior = {"education": "master", "experience_years": 10, "born": dt.date(1982, 3, 1)}
    junior = {"education": "bachelor", "experience_years": 2, "born": dt.date(1995, 3, 1)}
    people = [senior] * 3 + [junior] + [junior] * 3 + [{**junior, "born": dt.date(1980, 3, 1)}]
    candidates = [make_candidate(city, n, **p) for n, p in enumerate(people, start=1)]
    unfit = {candidates[3].pk, candidates[7].pk}  # a 本科 for the 硕士 post; one aged 40 for the post of 35

    demo._registrations(campaign, openings, candidates, [4, 4], random.Random(1), random.Random(2))
    demo._run_campaign(campaign, openings, random.Random(3))

    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FINISHED
    regs = list(Registration.objects.filter(campaign=campaign).select_related("candidate"))
    for reg in regs:
        if reg.candidate_id in unfit:
            assert reg.status == S.REJECTED and reg.precheck
            assert reg.precheck_reasons[0] in reg.screening_note
        else:
            assert reg.precheck == []
        # a place only with the scores it comes from
        assert (reg.rank is None) == (reg.composite is None)
        if reg.rank is not None:
            assert reg.interview_score is not None and reg.written_score is not None
    for opening in openings:
        ranked = [r for r in regs if r.opening_id == opening.pk and r.rank is not None]
        hired = [r for r in ranked if r.status == S.HIRED]
        assert len(hired) == 1 and hired[0].candidate_id not in unfit
        best = selection.rank(
            [selection.Scored(str(r.pk), r.written_score, r.interview_score) for r in ranked],
            written_weight=campaign.written_weight,
        )[0]
        assert best.key == str(hired[0].pk) and hired[0].rank == 1
        steps = HireStep.objects.filter(registration=hired[0])
        assert sorted(s.kind for s in steps) == ["inspection", "medical", "publicity"]
        assert {s.outcome for s in steps} == {HireStepOutcome.PASSED}
    # the events are the 2020 campaign's, not the day the demo was built
    assert {e.at.year for e in RegistrationEvent.objects.filter(registration__campaign=campaign)} == {2020}


# --- the public portal --------------------------------------------------------------------------------------------
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(16, 70))
def test_the_cut_off_birth_date_is_the_first_the_age_rule_admits(closes, age_max):
    from devzone.personnel.eligibility import born_on_or_after

    first = born_on_or_after(age_max, closes)
    assert age_on(first, closes) <= age_max
    assert age_on(first - dt.timedelta(days=1), closes) > age_max


@pytest.fixture
def published(city, zone_a):
    city.personnel_agency = "济南市委组织部"
    city.save()
    actor = system_actor()
    opens = timezone.now() - dt.timedelta(days=1)
    campaign = campaign_svc.campaign_create(
        actor=actor,
        city=city,
        title="2026年开发区急需紧缺专业人才公开招聘",
        announcement="一、报考条件：遵纪守法，品行端正。\n二、报名方式：网上报名。",
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=10),
        written_exam_on=(opens + dt.timedelta(days=25)).date(),
    )
    add_opening(
        campaign,
        zone_a,
        actor=actor,
        title="产业研究员",
        headcount=2,
        education_min="master",
        majors="经济学、产业经济学",
        age_max=35,
        experience_years=3,
        party_member_only=True,
    )
    return campaign_svc.campaign_publish(actor=actor, campaign=campaign)


def test_the_public_portal_shows_the_announcement_the_exam_date_and_every_requirement(published, client):
    from devzone.personnel.eligibility import born_on_or_after

    page = _text(client.get(reverse("personnel:portal")))
    closes = timezone.localdate(published.registration_closes)
    assert "一、报考条件：遵纪守法，品行端正。" in page and "二、报名方式：网上报名。" in page
    assert "笔试日期" in page and show(published.written_exam_on) in page
    requirements = re.search(r'data-testid="requirements">(.*?)</div>', page, re.S).group(1)
    for shown_text in (
        "硕士研究生及以上",
        "专业：经济学、产业经济学",
        "35周岁及以下",
        f"（{show(born_on_or_after(35, closes))}及以后出生）",
        "3年以上工作经历",
        "限中共党员",
    ):
        assert shown_text in requirements, shown_text
    assert "周岁以下" not in page.replace("周岁及以下", "")  # one age rule: the pre-check's, 35 included
    # who publishes and who hires
    header = re.search(r'data-testid="portal-header">(.*?)</header>', page, re.S).group(1)
    assert "济南市开发区公开招聘" in header and "发布单位：济南市委组织部" in header
    assert "用人单位：甲开发区管理委员会" in page
    assert f'action="{reverse("set_language")}"' in header


def test_a_candidate_s_own_page_lists_the_openings_with_the_same_requirements(published, city, client_for):
    page = _text(client_for(make_candidate(city, 9).user).get(reverse("personnel:my")))
    requirements = re.search(r'data-testid="requirements">(.*?)</div>', page, re.S).group(1)
    assert (
        "35周岁及以下" in requirements and "3年以上工作经历" in requirements and "限中共党员" in requirements
    )


# --- the registration form -------------------------------------------------------------------------------------
def _select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def test_the_registration_form_preselects_nothing_and_offers_the_provinces_a_way_back_and_the_login(
    published, city, client
):
    url = reverse("personnel:register") + f"?city={city.pk}"
    page = _text(client.get(url))
    for name in ("education", "political", "province", "employer_type"):
        select = _select(page, name)
        assert re.search(r'<option value="" selected>请选择</option>', select), name
        assert select.count("selected") == 1, name  # nothing else chosen for the candidate
    provinces = _select(page, "province")
    assert '<option value="山东省">山东省</option>' in provinces and "新疆维吾尔自治区" in provinces
    assert f'href="{reverse("personnel:portal")}"' in page
    assert f'href="{reverse("login")}?next={reverse("personnel:my")}"' in page and "已注册？登录" in page
    assert f'action="{reverse("set_language")}"' in page
    # the empty choice must be chosen: the form comes back with the fields' errors and nobody is registered
    answer = _text(client.post(url, {"city": city.pk, "phone": "13900000001", "province": "火星"}))
    for name in ("education", "province", "employer_type"):
        assert re.search(
            rf'<select name="{name}".*?</select>\s*<div class="invalid-feedback', answer, re.S
        ), name
    assert not Candidate.objects.exists()


def test_a_province_stored_before_the_list_stays_the_candidate_s_on_the_correction_form(city, client_for):
    cand = make_candidate(city, 5)
    Candidate.objects.filter(pk=cand.pk).update(province="山东")  # typed in before the list, or by the API
    cand.refresh_from_db()
    mine = client_for(cand.user)
    page = _text(mine.get(reverse("personnel:my_profile")))
    assert '<option value="山东" selected>山东</option>' in _select(page, "province")
    fields = {
        "education": "master",
        "school": "山东大学",
        "major": "产业经济学",
        "graduated_on": "2020-07-01",
        "experience_years": "4",
        "political": "party",
        "province": "山东",
        "employer_type": "soe",
        "version": cand.version,
    }
    assert mine.post(reverse("personnel:my_profile"), fields).status_code == 302
    cand.refresh_from_db()
    assert (cand.province, cand.major) == ("山东", "产业经济学")


# --- signing in and the candidate's menu ---------------------------------------------------------------------------
def test_the_login_from_the_portal_asks_for_the_phone_number_and_leads_back(client):
    from_portal = _text(client.get(reverse("login") + "?next=" + reverse("personnel:my")))
    assert "手机号码/用户名" in from_portal and f'href="{reverse("personnel:portal")}"' in from_portal
    plain = _text(client.get(reverse("login")))
    assert ">用户名</label>" in plain and "手机号码/用户名" not in plain


def test_a_candidate_s_menu_leads_to_the_openings_and_offers_no_api_token_or_calendar(
    city, officer_a, client_for
):
    candidate = make_candidate(city, 6)
    page = _text(client_for(candidate.user).get(reverse("personnel:my")))
    assert f'href="{reverse("core:tokens")}"' not in page
    assert f'href="{reverse("core:calendar")}"' not in page
    assert f'href="{reverse("personnel:portal")}"' in page
    staff = _text(client_for(officer_a).get(reverse("core:notifications")))
    assert f'href="{reverse("core:tokens")}"' in staff  # the staff keep theirs


def test_a_candidate_s_messages_page_offers_no_due_date_digest(city, officer_a, client_for):
    """The daily digest gathers due-date reminders, which staff and firms get and a candidate never does."""
    page = _text(client_for(make_candidate(city, 7).user).get(reverse("core:notifications")))
    assert "data-digest-settings" not in page and "到期提醒每天汇总为一条" not in page
    staff = _text(client_for(officer_a).get(reverse("core:notifications")))
    assert "data-digest-settings" in staff


# --- English and the notices -----------------------------------------------------------------------------------
def test_the_campaign_page_counts_working_days_in_english(city, zone_a, city_officer, client_for):
    campaign = make_campaign(city, [zone_a])
    reader = client_for(city_officer)
    reader.cookies["devzone_language"] = "en"
    page = _text(reader.get(reverse("personnel:campaign_detail", args=[campaign.pk])))
    assert "7 working days" in page


def test_a_candidate_s_screening_result_is_grouped_under_its_kind(city, zone_a, officer_a, client_for):
    campaign = make_campaign(city, [zone_a])
    cand = make_candidate(city, 8)
    reg = reg_svc.registration_submit(actor=cand.user, opening_id=campaign.openings.get().pk)
    reg_svc.registration_screen(
        actor=officer_a, registration=reg.pk, decision="return", note="请上传学位证书"
    )
    page = _text(client_for(cand.user).get(reverse("core:notifications")))
    group = re.search(r'data-group="personnel.screened"><span class="me-auto">(.*?)</span>', page).group(1)
    assert group == "资格审核" and "其他消息" not in page
