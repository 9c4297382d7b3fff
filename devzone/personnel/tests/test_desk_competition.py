"""竞聘上岗 on 我的工作台: every staff member with a staff record finds, after their own work, the open competitions
of their zone with a post they meet the conditions for and have not entered (可报名的竞聘), and their own entries
under way with their status (我的竞聘报名); the zone leader finds the competitions whose last seat is tied and
waits for the leaders' decision (竞聘末位并列待研究确定). Each counted for the person and their zone only, and
read in the same number of queries for a small zone and a large one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import Rank, Role
from devzone.core.models import Staff
from devzone.personnel import selectors
from devzone.personnel.choices import CompetitionStatus
from devzone.personnel.models import AnnualReview, CompetitionPost
from devzone.personnel.services import competition as svc
from devzone.personnel.tests.test_competition import ON, entrant_and_holder, setup  # noqa: F401  (fixture)
from devzone.personnel.tests.test_competition_tie import decide, tied  # noqa: F401  (fixture)
from devzone.testing import factories as f
from devzone.testing.clients import make_client
from devzone.testing.queries import statement_counts

pytestmark = pytest.mark.django_db
OPEN, MINE, TIES = "personnel.competitions_open", "personnel.competition_mine", "personnel.competition_ties"


def desk_of(client) -> dict:
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    return {e.key: e for e in page.context["desk"]}


def posts(zone, n: int, prefix: str = "", rank: str = Rank.SECTION_CHIEF) -> list:
    dept = f.DepartmentFactory(zone=zone, name=f"{prefix}部室")
    return [f.PostFactory(zone=zone, department=dept, name=f"{prefix}岗位{i}", rank=rank) for i in range(n)]


def competition(leader, zone, title, targets, min_rank=Rank.DEPUTY_SECTION):
    return svc.competition_create(
        actor=leader, zone=zone, title=title, posts=[(p.pk, 1, min_rank) for p in targets]
    )


@pytest.fixture
def open_world(zone_a, zone_b, zone_a_leader, zone_b_leader):
    """Zone A: 中层竞聘 (两个岗位: 部长 for 副科级 and above, 科员岗 for anyone) and 专项竞聘 (one post), both
    报名中, and a competition already being scored; zone B's own open competition."""
    chief, staff_post = posts(zone_a, 2, "甲")
    staff_post.rank = Rank.STAFF  # 科员岗: open to anyone (逐级晋升, ``PromotionRule``)
    staff_post.save(update_fields=["rank"])
    (special,) = posts(zone_a, 1, "专项")
    middle = svc.competition_create(
        actor=zone_a_leader,
        zone=zone_a,
        title="中层竞聘",
        posts=[(chief.pk, 1, Rank.DEPUTY_SECTION), (staff_post.pk, 1, Rank.STAFF)],
    )
    second = competition(zone_a_leader, zone_a, "专项竞聘", [special])
    scoring = competition(zone_a_leader, zone_a, "已截止的竞聘", posts(zone_a, 1, "截止"))
    svc.competition_close(actor=zone_a_leader, competition=scoring)
    competition(zone_b_leader, zone_b, "乙区竞聘", posts(zone_b, 1, "乙"))
    dept = chief.department
    young = f.StaffFactory(zone=zone_a, department=dept, rank=Rank.DEPUTY_SECTION, name="青年骨干")
    junior = f.StaffFactory(zone=zone_a, department=dept, rank=Rank.STAFF, name="科员")
    return {
        "middle": middle,
        "second": second,
        "chief": chief,
        "staff_post": staff_post,
        "young": f.staff_user(Role.INVESTMENT_OFFICER, young, "young"),
        "junior": f.staff_user(Role.REVIEWER, junior, "junior"),
        "junior_staff": junior,
    }


# --- 可报名的竞聘 / 我的竞聘报名 ------------------------------------------------------------------------------------
def test_a_staff_member_sees_the_open_competitions_they_may_enter_after_their_own_work(
    open_world, client_for
):
    client = client_for(open_world["young"])
    desk = desk_of(client)
    entry = desk[OPEN]
    assert entry.count == 2  # 中层竞聘 and 专项竞聘; not the one being scored, not zone B's
    assert entry.url == reverse("personnel:my_competitions")
    assert [(r.label, r.note) for r in entry.rows] == [
        ("专项竞聘", "可报专项岗位0"),
        ("中层竞聘", "可报甲岗位0、甲岗位1"),
    ]
    assert MINE not in desk  # nothing entered yet
    assert list(desk)[-1] == OPEN  # after the person's own work
    assert client.get(entry.url).status_code == 200


def test_only_the_posts_the_person_meets_the_conditions_for_are_counted(open_world, client_for):
    junior = open_world["junior"]
    (row,) = desk_of(client_for(junior))[OPEN].rows  # 科员级: only the post open to every rank
    assert (row.label, row.note) == ("中层竞聘", "可报甲岗位1")
    AnnualReview.objects.create(
        zone=open_world["junior_staff"].zone,
        staff=open_world["junior_staff"],
        year=timezone.localdate().year - 1,
        grade="basic",
    )
    assert OPEN not in desk_of(client_for(junior))  # 上年度基本称职: none


def test_the_desk_offers_exactly_the_posts_the_eligibility_check_allows(open_world, zone_a):
    """The desk reads the conditions in two queries; they must agree with the check 我的竞聘 and the service run."""
    today = timezone.localdate()
    Staff.objects.filter(name="科员").update(hired_on=today - dt.timedelta(days=365))  # one year: too few
    for user in (open_world["young"], open_world["junior"]):
        staff = Staff.objects.get(pk=user.profile.staff_id)
        offered = {p.pk for p in selectors.posts_open_to(user, staff, today)}
        checked = {
            t.pk
            for t in CompetitionPost.objects.filter(
                competition__zone=zone_a, competition__status=CompetitionStatus.OPEN
            ).select_related("competition")
            if not svc.eligibility(t.competition, t, staff, on=today)
        }
        assert offered == checked


def test_an_entry_leaves_the_offer_and_shows_with_its_status(open_world, zone_a_leader, client_for):
    client = client_for(open_world["young"])
    svc.entry_self_apply(
        actor=open_world["young"], competition=open_world["middle"], post_id=open_world["chief"].pk
    )
    desk = desk_of(client)
    assert desk[OPEN].count == 1 and desk[OPEN].rows[0].label == "专项竞聘"
    mine = desk[MINE]
    assert mine.count == 1 and mine.url == reverse("personnel:my_competitions")
    assert (mine.rows[0].label, mine.rows[0].note) == ("甲岗位0 · 中层竞聘", "已报名 · 报名中")
    assert list(desk)[-2:] == [OPEN, MINE]
    svc.competition_close(actor=zone_a_leader, competition=open_world["middle"])
    assert desk_of(client)[MINE].rows[0].note == "已报名 · 评分中"
    assert MINE not in desk_of(client_for(open_world["junior"]))  # another person's entry: not theirs


def test_no_staff_record_no_competition_items(open_world, zone_a_leader, zone_a, client_for):
    desk = desk_of(client_for(zone_a_leader))  # the cast's leader has no staff record
    assert OPEN not in desk and MINE not in desk
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_nostaff")
    assert OPEN not in desk_of(client_for(officer))


# --- 竞聘末位并列待研究确定 --------------------------------------------------------------------------------------------
def test_the_leader_sees_a_tie_until_the_leaders_decide_it(
    tied,  # noqa: F811 (the fixture imported above)
    zone_a,
    zone_a_leader,
    zone_b_leader,
    client_for,
):
    client = client_for(zone_a_leader)
    entry = desk_of(client)[TIES]
    assert entry.count == 1 and entry.tone == "red"
    assert entry.url == tied["comp"].get_absolute_url()
    (row,) = entry.rows
    assert row.note == "部长：老部长、青年骨干并列末位"
    assert client.get(entry.url).status_code == 200
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_ties")
    assert TIES not in desk_of(client_for(officer))  # the leaders decide
    assert TIES not in desk_of(client_for(zone_b_leader))  # another zone's
    holder, young, third = tied["entries"]
    decide(zone_a_leader, tied, [young])
    assert TIES not in desk_of(client)
    svc.entry_score(actor=zone_a_leader, entry=third, speech="93.33", evaluation="80")  # now three tied
    (row,) = desk_of(client)[TIES].rows
    assert row.note.startswith("部长：老部长、青年骨干、第三人并列末位") and "须重新研究确定" in row.note


def test_a_tie_waits_for_every_entry_of_the_post_to_be_scored(setup, zone_a, zone_a_leader, client_for):  # noqa: F811
    s = setup
    late = f.StaffFactory(zone=zone_a, department=s["young"].department, rank="deputy_section")
    entries = [
        svc.entry_apply(actor=zone_a_leader, competition=s["comp"], staff_id=p.pk, post_id=s["chief"].pk)
        for p in (s["holder"], s["young"], late)
    ]
    svc.competition_close(actor=zone_a_leader, competition=s["comp"])
    for e in entries[:2]:
        svc.entry_score(actor=zone_a_leader, entry=e, speech="90", evaluation="90")
    client = client_for(zone_a_leader)
    assert TIES not in desk_of(client)  # the third may still break it
    svc.entry_score(actor=zone_a_leader, entry=entries[2], speech="80", evaluation="80")
    assert desk_of(client)[TIES].count == 1


# --- the same number of queries, small zone or large --------------------------------------------------------------
def zone_world(zone, leader, competitions: int, tag: str) -> None:
    """``competitions`` open competitions of two posts each with the leader entered in one of them, and as many
    being scored with their post's last seat tied (two entrants, one seat)."""
    me = Staff.objects.get(pk=leader.profile.staff_id)

    def put_up(title: str, seats: int, code: str):
        """The leader's competition for ``seats`` new 副科 posts of the zone, open to 科员 and up."""
        return competition(
            leader, zone, title, posts(zone, seats, code, Rank.DEPUTY_SECTION), min_rank=Rank.STAFF
        )

    for i in range(competitions):
        comp = put_up(f"{tag}竞聘{i}", 2, f"{tag}{i}")
        if i == 0:
            svc.entry_self_apply(actor=leader, competition=comp, post_id=comp.posts.first().post_id)
        scored = put_up(f"{tag}评分{i}", 1, f"{tag}评{i}")
        rivals = [f.StaffFactory(zone=zone, department=me.department, rank=Rank.STAFF) for _ in range(2)]
        target = scored.posts.get().post_id
        entries = [
            svc.entry_apply(actor=leader, competition=scored, staff_id=r.pk, post_id=target) for r in rivals
        ]
        svc.competition_close(actor=leader, competition=scored)
        for e in entries:
            svc.entry_score(actor=leader, entry=e, speech="85", evaluation="85")


def test_a_small_and_a_large_zone_read_the_desk_in_the_same_number_of_queries(city, zone_a, zone_b):
    counts, desks = [], []
    for zone, n, tag in ((zone_a, 2, "小"), (zone_b, 7, "大")):
        me = f.StaffFactory(zone=zone, rank=Rank.DEPUTY_SECTION, name=f"{tag}主任")
        leader = f.staff_user(Role.ZONE_LEADER, me, f"leader_{tag}")
        zone_world(zone, leader, n, tag)
        client = make_client(leader)
        desks.append(desk_of(client))
        counts.append(statement_counts(client, [("desk", reverse("dashboard:home"))])["desk"])
    small, large = desks
    assert (small[TIES].count, small[OPEN].count, small[MINE].count) == (2, 1, 1)
    assert (large[TIES].count, large[OPEN].count, large[MINE].count) == (7, 6, 1)
    assert counts[0] == counts[1]


def test_a_leader_tied_for_the_seat_is_not_asked_to_decide_it(setup, zone_a, zone_a_leader, client_for):  # noqa: F811
    """回避 on the desk too: the tie is another leader's to decide, not the tied deputy's."""
    s = setup
    deputy = f.staff_user(Role.ZONE_LEADER, s["young"], "deputy_desk")
    entrant_and_holder(s, zone_a_leader, deputy, tied=True)
    assert TIES not in desk_of(client_for(deputy))
    assert desk_of(client_for(zone_a_leader))[TIES].count == 1
