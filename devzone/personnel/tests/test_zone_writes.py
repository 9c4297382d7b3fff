"""The zone's own personnel writes, on the pages and through the API (the same services): 竞聘上岗 put up with its
posts and applications entered by 工号 (from the competition's page or the person's page), 聘期目标 recorded and
assessed (an unmet one opens a 刚性淘汰 case when the year is screened), and the 员额 share reserved for
市场化选聘. Each is refused to the roles the service refuses, and another zone's rows are 404 and unchanged.
Through Django's ``Client``, so the requests count for the isolation check."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import Rank, Role
from devzone.personnel.models import (
    Competition,
    CompetitionEntry,
    EliminationCase,
    QuotaReserve,
    TermTarget,
)
from devzone.personnel.selectors import quota_report
from devzone.personnel.services import competition as competition_svc
from devzone.personnel.services import staffing
from devzone.testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]
API = "/api/v1/personnel"
YEAR = timezone.localdate().year


@pytest.fixture
def org(zone_a, zone_b, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部", headcount_quota=40)
    chief = f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    deputy = f.PostFactory(zone=zone_a, department=dept, name="副部长", rank=Rank.DEPUTY_SECTION)
    b_post = f.PostFactory(zone=zone_b, name="乙区部长")
    return {
        "chief": chief,
        "deputy": deputy,
        "b_post": b_post,
        "able": f.StaffFactory(
            zone=zone_a, department=dept, name="骨干", employee_no="A001", rank=Rank.DEPUTY_SECTION
        ),
        "new": f.StaffFactory(
            zone=zone_a, department=dept, name="新人", employee_no="A002", hired_on=dt.date(YEAR, 1, 5)
        ),
        "b_staff": f.StaffFactory(zone=zone_b, name="乙区职员", employee_no="B001"),
        "hr": f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_a"),
        "b_leader": f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_lead"),
    }


def competition_form(**posts) -> dict:
    return {"title": "中层岗位竞聘", "min_years": "2", "speech_percent": "60", "publicity_days": "5", **posts}


# --- 竞聘上岗 -------------------------------------------------------------------------------------------------
def test_a_leader_puts_posts_up_for_competition_and_enters_applications(org, zone_a_leader, client_for):
    c = client_for(zone_a_leader)
    listing = c.get(reverse("personnel:competition_list")).content.decode()
    assert reverse("personnel:competition_new") in listing
    form = c.get(reverse("personnel:competition_new"))
    assert form.status_code == 200 and org["b_post"].name not in form.content.decode()
    made = c.post(
        reverse("personnel:competition_new"),
        competition_form(
            **{
                "posts.0.post": org["chief"].pk,
                "posts.0.seats": "1",
                "posts.0.min_rank": Rank.DEPUTY_SECTION,
                "posts.2.post": org["deputy"].pk,
                "posts.2.seats": "2",
                "posts.2.min_rank": Rank.STAFF,
            }
        ),
    )
    comp = Competition.objects.get()
    assert made.status_code == 302 and made.url == comp.get_absolute_url()
    assert (comp.zone_id, comp.speech_weight, comp.status) == (org["chief"].zone_id, D("0.60"), "open")
    assert sorted(comp.posts.values_list("post__name", "seats", "min_rank")) == [
        ("副部长", 2, Rank.STAFF),
        ("部长", 1, Rank.DEPUTY_SECTION),
    ]

    page = c.get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="entry-form"' in page
    apply = reverse("personnel:competition_action", args=[comp.pk, "apply"])
    ok = c.post(apply, {"entry-employee_no": "A001", "entry-post": org["chief"].pk}, follow=True)
    assert "已登记骨干的报名" in ok.content.decode()
    short = c.post(apply, {"entry-employee_no": "A002", "entry-post": org["deputy"].pk}, follow=True)
    assert "不符合条件" in short.content.decode() and "任职年限不足2年" in short.content.decode()
    unknown = c.post(apply, {"entry-employee_no": "B001", "entry-post": org["deputy"].pk}, follow=True)
    assert "本开发区没有工号为B001的工作人员" in unknown.content.decode()
    entries = dict(CompetitionEntry.objects.values_list("staff__employee_no", "status"))
    assert entries == {"A001": "applied", "A002": "ineligible"}


def test_a_post_is_put_up_once_and_only_the_zones_own(org, zone_a_leader, client_for):
    c = client_for(zone_a_leader)
    twice = c.post(
        reverse("personnel:competition_new"),
        competition_form(**{"posts.0.post": org["chief"].pk, "posts.1.post": org["chief"].pk}),
    )
    assert twice.status_code == 200 and "同一岗位只能列入一次" in twice.content.decode()
    none = c.post(reverse("personnel:competition_new"), competition_form())
    assert none.status_code == 200 and "请至少选择一个竞聘岗位" in none.content.decode()
    forged = c.post(
        reverse("personnel:competition_new"), competition_form(**{"posts.0.post": org["b_post"].pk})
    )
    assert forged.status_code == 200 and "posts.0.post" in forged.context["form"].errors
    assert not Competition.objects.exists()


def test_an_application_from_the_persons_page_comes_back_to_it(org, zone_a_leader, client_for):
    comp = competition_svc.competition_create(
        actor=zone_a_leader,
        zone=org["chief"].zone,
        title="中层岗位竞聘",
        posts=[(org["chief"].pk, 1, Rank.DEPUTY_SECTION)],
    )
    c = client_for(zone_a_leader)
    person = reverse("personnel:staff_detail", args=[org["able"].pk])
    page = c.get(person).content.decode()
    assert f'data-apply="{comp.pk}"' in page
    answer = c.post(
        reverse("personnel:competition_action", args=[comp.pk, "apply"]),
        {"entry-employee_no": "A001", "entry-post": org["chief"].pk, "next": person},
    )
    assert answer.status_code == 302 and answer.url == person
    page = c.get(person).content.decode()
    assert comp.title in page and f'data-apply="{comp.pk}"' not in page  # one entry per competition
    assert CompetitionEntry.objects.get().staff == org["able"]


def test_the_competition_api_creates_and_enters_in_the_callers_zone_only(
    org, zone_a_leader, city_officer, client_for
):
    c = client_for(zone_a_leader)
    body = {
        "title": "中层岗位竞聘",
        "posts": [{"post": org["chief"].pk, "seats": 1, "min_rank": "deputy_section"}],
    }
    made = c.post_json(f"{API}/competitions", body)
    assert made.status_code == 201, made.content
    out = made.json()
    assert out["posts"] == [
        {"post": org["chief"].pk, "post_name": "部长", "seats": 1, "min_rank": "deputy_section"}
    ]
    assert out["speech_weight"] == "0.60" and out["status"] == "open"
    assert c.post_json(f"{API}/competitions", {**body, "posts": body["posts"] * 2}).status_code == 422
    foreign = c.post_json(f"{API}/competitions", {**body, "posts": [{"post": org["b_post"].pk}]})
    assert foreign.status_code == 400 and "posts" in foreign.json()["errors"]
    assert client_for(city_officer).post_json(f"{API}/competitions", body).status_code == 403
    assert Competition.objects.count() == 1
    assert [x["id"] for x in c.get(f"{API}/competitions").json()["items"]] == [out["id"]]
    assert client_for(org["b_leader"]).get(f"{API}/competitions").json()["count"] == 0

    entries = f"{API}/competitions/{out['id']}/entries"
    entered = c.post_json(entries, {"staff": org["able"].pk, "post": org["chief"].pk})
    assert entered.status_code == 201 and entered.json()["status"] == "applied"
    again = c.post_json(entries, {"staff": org["able"].pk, "post": org["chief"].pk})
    assert again.status_code == 400 and "staff" in again.json()["errors"]
    theirs = client_for(org["b_leader"]).post_json(
        entries, {"staff": org["b_staff"].pk, "post": org["chief"].pk}
    )
    assert theirs.status_code == 404
    outsider = c.post_json(entries, {"staff": org["b_staff"].pk, "post": org["chief"].pk})
    assert outsider.status_code == 400
    assert CompetitionEntry.objects.count() == 1


# --- 聘期目标 ------------------------------------------------------------------------------------------------
def test_a_term_target_is_recorded_assessed_and_an_unmet_one_opens_a_case(org, zone_a_leader, client_for):
    hr, lead = client_for(org["hr"]), client_for(zone_a_leader)
    annual = reverse("personnel:annual") + f"?year={YEAR}"
    assert 'data-testid="target-form"' in hr.get(annual).content.decode()
    added = hr.post(
        reverse("personnel:term_target_add"),
        {
            "target-employee_no": "A001",
            "target-term_end": f"{YEAR}-12-31",
            "target-target": "引进亿元项目3个",
        },
    )
    assert added.status_code == 302
    target = TermTarget.objects.get()
    assert (target.staff, target.term_end, target.met) == (org["able"], dt.date(YEAR, 12, 31), None)
    # the personnel officer records targets; only a leader assesses them
    assess = reverse("personnel:term_target_assess", args=[target.pk])
    verdict = {f"assess-{target.pk}-met": "no", f"assess-{target.pk}-assessment": "仅引进1个"}
    assert 'data-assess="' not in hr.get(annual).content.decode()
    assert hr.post(assess, verdict).status_code == 403
    assert f'data-assess="{target.pk}"' in lead.get(annual).content.decode()
    assert (
        lead.post(assess, {**verdict, f"assess-{target.pk}-assessment": ""}, follow=True).status_code == 200
    )
    assert TermTarget.objects.get().met is None  # an opinion is required
    assert lead.post(assess, verdict).status_code == 302
    target.refresh_from_db()
    assert (target.met, target.assessment) == (False, "仅引进1个")
    staffing.cases_flag(actor=zone_a_leader, zone=org["able"].zone, year=YEAR)
    assert EliminationCase.objects.get().trigger == "term_target"
    # the person's page shows it too
    page = lead.get(reverse("personnel:staff_detail", args=[org["able"].pk])).content.decode()
    assert "引进亿元项目3个" in page and "仅引进1个" in page


def test_term_targets_through_the_api_stay_in_the_zone(org, zone_a_leader, client_for):
    hr, lead, other = client_for(org["hr"]), client_for(zone_a_leader), client_for(org["b_leader"])
    body = {"staff": org["able"].pk, "term_end": f"{YEAR}-12-31", "target": "引进亿元项目3个"}
    made = hr.post_json(f"{API}/term-targets", body)
    assert made.status_code == 201 and made.json()["met"] is None
    pk = made.json()["id"]
    assert other.post_json(f"{API}/term-targets", body).status_code == 400  # not a staff member of their zone
    assert (
        hr.post_json(f"{API}/term-targets/{pk}/assess", {"met": True, "assessment": "完成"}).status_code
        == 403
    )
    assert (
        other.post_json(f"{API}/term-targets/{pk}/assess", {"met": True, "assessment": "完成"}).status_code
        == 404
    )
    done = lead.post_json(f"{API}/term-targets/{pk}/assess", {"met": True, "assessment": "超额完成"})
    assert done.status_code == 200 and done.json()["met"] is True
    assert [t["id"] for t in hr.get(f"{API}/term-targets", {"year": YEAR}).json()["items"]] == [pk]
    assert other.get(f"{API}/term-targets").json()["count"] == 0
    assert TermTarget.objects.get().assessment == "超额完成"


# --- 员额比例 ------------------------------------------------------------------------------------------------
def test_the_zone_leader_sets_the_reserved_share_on_the_budget_page(org, zone_a, zone_a_leader, client_for):
    lead, hr = client_for(zone_a_leader), client_for(org["hr"])
    assert 'data-testid="reserve-form"' in lead.get(reverse("personnel:budget")).content.decode()
    assert 'data-testid="reserve-form"' not in hr.get(reverse("personnel:budget")).content.decode()
    url = reverse("personnel:budget_action", args=["reserve"])
    assert hr.post(url, {"reserve-year": YEAR, "reserve-percent": "20"}).status_code == 403
    assert lead.post(url, {"reserve-year": YEAR, "reserve-percent": "120"}).status_code == 302
    assert not QuotaReserve.objects.exists()
    assert lead.post(url, {"reserve-year": YEAR, "reserve-percent": "20"}).status_code == 302
    (row,) = quota_report([zone_a], YEAR)
    assert (row.quota, row.percent, row.reserved) == (40, D("20.0"), 8)
    assert "20.0%" in lead.get(reverse("personnel:budget")).content.decode()


def test_the_reserved_share_through_the_api(org, zone_a, zone_a_leader, city_officer, client_for):
    body = {"year": YEAR, "percent": "12.5"}
    answer = client_for(zone_a_leader).put(f"{API}/reserves", body, content_type="application/json")
    assert answer.status_code == 200 and answer.json() == {
        "zone": zone_a.pk,
        "year": YEAR,
        "reserved_percent": "12.5",
    }
    b = client_for(org["b_leader"]).put(
        f"{API}/reserves", {**body, "percent": 30}, content_type="application/json"
    )
    assert b.status_code == 200 and b.json()["zone"] == org["b_staff"].zone_id  # their own zone, never zone A
    assert (
        client_for(city_officer).put(f"{API}/reserves", body, content_type="application/json").status_code
        == 403
    )
    assert (
        client_for(org["hr"]).put(f"{API}/reserves", body, content_type="application/json").status_code == 403
    )
    assert QuotaReserve.objects.get(zone=zone_a).reserved_percent == D("12.5")


def test_another_zones_people_and_targets_are_404_and_anonymous_visitors_log_in(
    org, zone_a_leader, client_for, anonymous
):
    target = staffing.term_target_add(
        actor=zone_a_leader,
        zone=org["able"].zone,
        staff=org["able"],
        term_end=dt.date(YEAR, 12, 31),
        target="目标",
    )
    mine, theirs = client_for(zone_a_leader), client_for(org["b_leader"])
    person = reverse("personnel:staff_detail", args=[org["able"].pk])
    assert mine.get(person).status_code == 200
    assert theirs.get(person).status_code == 404
    assess = reverse("personnel:term_target_assess", args=[target.pk])
    verdict = {f"assess-{target.pk}-met": "yes", f"assess-{target.pk}-assessment": "完成"}
    assert theirs.post(assess, verdict).status_code == 404
    # zone B's leader naming zone A's 工号 finds nobody in their own zone
    theirs.post(
        reverse("personnel:term_target_add"),
        {"target-employee_no": "A001", "target-term_end": f"{YEAR}-12-31", "target-target": "别区目标"},
    )
    assert TermTarget.objects.get().met is None and TermTarget.objects.count() == 1
    # a reviewer of zone A has no personnel records to read
    reviewer = f.user_with_role(Role.REVIEWER, zone=org["able"].zone, user__username="a_rev")
    assert client_for(reviewer).get(person).status_code == 403
    stranger = client_for(anonymous)
    for url in (
        person,
        reverse("personnel:competition_new"),
        reverse("personnel:campaign_new"),
    ):
        answer = stranger.get(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer.url, url
    for url in (assess, reverse("personnel:term_target_add"), reverse("personnel:opening_add", args=[1])):
        assert stranger.post(url).status_code == 302, url


def test_a_leader_is_not_offered_the_assessment_of_their_own_term_target(org, zone_a_leader, client_for):
    me = org["able"]
    leader = f.staff_user(Role.ZONE_LEADER, me, "leader_with_a_target")
    own = staffing.term_target_add(
        actor=zone_a_leader, zone=me.zone, staff=me, term_end=dt.date(YEAR, 12, 31), target="本人目标"
    )
    other = staffing.term_target_add(
        actor=zone_a_leader, zone=me.zone, staff=org["new"], term_end=dt.date(YEAR, 12, 31), target="他人目标"
    )
    page = client_for(leader).get(reverse("personnel:annual") + f"?year={YEAR}").content.decode()
    assert f'data-assess="{other.pk}"' in page and f'data-assess="{own.pk}"' not in page


def test_the_services_themselves_keep_to_the_actors_zone_and_check_the_posts(org, zone_a, zone_a_leader):
    """Pages and the API pass the actor's own zone; a caller that passes another (a job, a script) is refused by
    the service, and a competition's posts are checked there too (no 500 from the unique constraint)."""
    from devzone.core.errors import DomainError, NotFoundError
    from devzone.personnel.services import budget

    zone_b = org["b_post"].zone
    with pytest.raises(NotFoundError):
        competition_svc.competition_create(
            actor=zone_a_leader, zone=zone_b, title="乙区竞聘", posts=[(org["b_post"].pk, 1, Rank.STAFF)]
        )
    with pytest.raises(NotFoundError):
        budget.reserve_set(actor=zone_a_leader, zone=zone_b, year=YEAR, percent=D(10))
    with pytest.raises(NotFoundError):
        staffing.term_target_add(
            actor=zone_a_leader, zone=zone_b, staff=org["b_staff"], term_end=dt.date(YEAR, 12, 31), target="x"
        )
    chief = org["chief"].pk
    for posts in (
        [(chief, 1, Rank.STAFF), (chief, 2, Rank.STAFF)],
        [(chief, 0, Rank.STAFF)],
        [(chief, 1, "x")],
    ):
        with pytest.raises(DomainError):
            competition_svc.competition_create(actor=zone_a_leader, zone=zone_a, title="竞聘", posts=posts)
    assert (
        not Competition.objects.exists()
        and not QuotaReserve.objects.exists()
        and not TermTarget.objects.exists()
    )
