"""本人报名竞聘: a staff member of the zone (any role with a staff record) opens 我的竞聘 from the 人事 menu, reads the
open competitions of their zone with the eligibility check for each post (rank, years of service, last annual
review), applies for an eligible post and withdraws while the competition takes applications; the zone's 人事专员
are told and the office sees the entry as before. An ineligible applicant is refused with the reasons, another
zone's competition is not found, and nobody withdraws another person's entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent, Notification
from devzone.personnel.models import AnnualReview, CompetitionEntry
from devzone.personnel.services import competition as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel/my/competition-entries"


@pytest.fixture
def world(zone_a, zone_b, zone_a_leader, zone_b_leader, officer_a):
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    chief = f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    deputy = f.PostFactory(zone=zone_a, department=dept, name="副部长", rank=Rank.DEPUTY_SECTION)
    comp = svc.competition_create(
        actor=zone_a_leader,
        zone=zone_a,
        title="中层岗位竞聘",
        posts=[(chief.pk, 1, Rank.DEPUTY_SECTION), (deputy.pk, 1, Rank.STAFF)],
    )
    young = f.StaffFactory(zone=zone_a, department=dept, rank=Rank.DEPUTY_SECTION, name="青年骨干")
    junior = f.StaffFactory(
        zone=zone_a, department=dept, rank=Rank.STAFF, name="新人", hired_on=dt.date(2025, 9, 1)
    )
    other_dept = f.DepartmentFactory(zone=zone_b, name="综合部")
    other_post = f.PostFactory(zone=zone_b, department=other_dept, name="主任", rank=Rank.SECTION_CHIEF)
    foreign = svc.competition_create(
        actor=zone_b_leader, zone=zone_b, title="乙区竞聘", posts=[(other_post.pk, 1, Rank.DEPUTY_SECTION)]
    )
    return {
        "comp": comp,
        "chief": chief,
        "deputy": deputy,
        "foreign": foreign,
        "young": young,
        "young_user": f.staff_user(Role.INVESTMENT_OFFICER, young, "young"),
        "junior": junior,
        "junior_user": f.staff_user(Role.REVIEWER, junior, "junior"),
        "officer": officer_a,
    }


def _apply(c, world, post):
    return c.post(
        reverse("personnel:my_competition_apply"),
        {"competition": world["comp"].pk, "post": post.pk},
        follow=True,
    )


def test_a_staff_member_finds_applies_and_the_office_sees_it(world, client_for):
    c = client_for(world["young_user"])
    home = c.get(reverse("dashboard:home")).content.decode()
    assert reverse("personnel:home") in home  # 人事 is in their menu
    assert c.get(reverse("personnel:home")).url == reverse("personnel:my_competitions")
    page = c.get(reverse("personnel:my_competitions")).content.decode()
    assert "中层岗位竞聘" in page and "乙区竞聘" not in page
    assert "副科级及以上" in page and "上年度考核" in page
    answer = _apply(c, world, world["chief"])
    assert "已报名竞聘部长" in answer.content.decode()
    entry = CompetitionEntry.objects.get()
    assert (entry.staff, entry.target.post, entry.status) == (world["young"], world["chief"], "applied")
    assert AuditEvent.objects.get(action=AuditAction.CREATE, note="本人报名").zone_id == world["comp"].zone_id
    told = Notification.objects.get(user=world["officer"], kind="personnel.competition_entry")
    assert "青年骨干报名竞聘部长" in told.title
    office = client_for(world["officer"]).get(world["comp"].get_absolute_url()).content.decode()
    assert "青年骨干" in office
    # one post per competition
    second = _apply(c, world, world["deputy"])
    assert "您已报名本次竞聘" in second.content.decode()
    assert CompetitionEntry.objects.count() == 1


def test_an_ineligible_applicant_sees_why_and_is_refused(world, client_for):
    AnnualReview.objects.create(
        zone=world["junior"].zone,
        staff=world["junior"],
        year=dt.date.today().year - 1,
        proposed="basic",
        grade="basic",
    )
    c = client_for(world["junior_user"])
    page = c.get(reverse("personnel:my_competitions")).content.decode()
    assert "不符合报名条件" in page and "基本称职" in page
    answer = _apply(c, world, world["chief"])
    text = answer.content.decode()
    assert (
        "不符合报名条件" in text and "职级应为副科级及以上" in text and "上年度考核为基本称职或不称职" in text
    )
    assert not CompetitionEntry.objects.exists()
    # the office may still enter it, kept with its reasons (as before)
    entry = svc.entry_apply(
        actor=world["officer"],
        competition=world["comp"],
        staff_id=world["junior"].pk,
        post_id=world["chief"].pk,
    )
    assert entry.status == "ineligible"


def test_withdrawal_while_open_and_not_after_registration_closes(world, client_for, zone_a_leader):
    c = client_for(world["young_user"])
    _apply(c, world, world["chief"])
    entry = CompetitionEntry.objects.get()
    gone = c.post(reverse("personnel:my_competition_withdraw", args=[entry.pk]), follow=True)
    assert "已撤回竞聘报名" in gone.content.decode()
    assert (
        CompetitionEntry.objects.get().status == "withdrawn"
    )  # kept, 已撤回 (test_competition_withdrawn.py)
    assert AuditEvent.objects.get(action=AuditAction.TRANSITION).note == "本人撤回竞聘报名"
    assert Notification.objects.filter(user=world["officer"], title__contains="撤回").exists()
    _apply(c, world, world["deputy"])  # applies again, for the other post
    entry = CompetitionEntry.objects.exclude(status="withdrawn").get()
    svc.competition_close(actor=zone_a_leader, competition=world["comp"])
    with pytest.raises(DomainError, match="竞聘报名已截止，不能撤回"):
        svc.entry_self_withdraw(actor=world["young_user"], entry=entry)
    with pytest.raises(DomainError, match="竞聘报名已截止"):
        svc.entry_self_apply(
            actor=world["junior_user"], competition=world["comp"], post_id=world["deputy"].pk
        )
    page = c.get(reverse("personnel:my_competitions")).content.decode()
    assert "撤回报名" not in page and "副部长" in page
    assert CompetitionEntry.objects.exclude(status="withdrawn").count() == 1


def test_nobody_withdraws_another_persons_entry_or_applies_in_another_zone(world):
    entry = svc.entry_self_apply(
        actor=world["young_user"], competition=world["comp"], post_id=world["chief"].pk
    )
    with pytest.raises(NotFoundError):
        svc.entry_self_withdraw(actor=world["junior_user"], entry=entry)
    with pytest.raises(NotFoundError):
        svc.entry_self_apply(
            actor=world["junior_user"],
            competition=world["foreign"],
            post_id=world["foreign"].posts.get().post_id,
        )
    assert CompetitionEntry.objects.count() == 1


def test_an_account_without_a_staff_record_cannot_apply(world, client_for, zone_a_reviewer):
    c = client_for(zone_a_reviewer)
    page = c.get(reverse("personnel:my_competitions"))
    assert page.status_code == 200 and "没有关联在岗的工作人员档案" in page.content.decode()
    with pytest.raises(PermissionDeniedError):
        svc.entry_self_apply(actor=zone_a_reviewer, competition=world["comp"], post_id=world["chief"].pk)
    assert _apply(c, world, world["chief"]).status_code == 403
    assert not CompetitionEntry.objects.exists()


def test_the_api_lists_applies_and_withdraws(world, client_for):
    c = client_for(world["young_user"])
    posts = c.get("/api/v1/personnel/my/competition-posts").json()["items"]
    assert {(p["post_name"], p["eligible"]) for p in posts} == {("部长", True), ("副部长", True)}
    assert {ch["label"] for ch in posts[0]["checks"]} == {"职级", "任职年限", "上年度考核"}
    made = c.post_json(API, {"competition": world["comp"].pk, "post": world["chief"].pk})
    assert made.status_code == 201 and made.json()["status"] == "applied"
    listed = c.get(API).json()["items"]
    assert [e["id"] for e in listed] == [made.json()["id"]]
    assert c.delete(f"{API}/{made.json()['id']}").status_code == 204
    refused = client_for(world["junior_user"]).post_json(
        API, {"competition": world["comp"].pk, "post": world["chief"].pk}
    )
    assert refused.status_code == 400 and "职级应为副科级及以上" in refused.json()["errors"]["post"][0]


@pytest.mark.isolation
def test_isolation_of_the_self_service(world, client_for, anonymous, enterprise_user):
    entry = svc.entry_self_apply(
        actor=world["young_user"], competition=world["comp"], post_id=world["chief"].pk
    )
    junior = client_for(world["junior_user"])
    assert junior.post(reverse("personnel:my_competition_withdraw", args=[entry.pk])).status_code == 404
    assert CompetitionEntry.objects.filter(pk=entry.pk).exists()
    assert junior.delete(f"{API}/{entry.pk}").status_code == 404
    foreign_post = world["foreign"].posts.get().post_id
    assert (
        junior.post_json(API, {"competition": world["foreign"].pk, "post": foreign_post}).status_code == 404
    )
    assert [e["id"] for e in junior.get(API).json()["items"]] == []
    posts = junior.get("/api/v1/personnel/my/competition-posts").json()["items"]
    assert "乙区竞聘" not in {p["competition_title"] for p in posts}
    for who in (enterprise_user,):
        c = client_for(who)
        assert c.get(reverse("personnel:my_competitions")).status_code == 403
        assert c.post(reverse("personnel:my_competition_apply")).status_code == 403
        assert c.get(API).status_code == 403
    assert client_for(anonymous).get(reverse("personnel:my_competitions")).status_code == 302
    assert (
        client_for(anonymous).post(reverse("personnel:my_competition_withdraw", args=[entry.pk])).status_code
        == 302
    )
