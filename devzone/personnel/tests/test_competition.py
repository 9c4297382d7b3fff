"""竞聘上岗: eligibility, scoring, ranking with a publicity period counted in working days, appointment moving the
posts, 竞聘落聘 flagged for the former holder who won nothing, the before/after figures; and isolation."""

import datetime as dt
import re
from decimal import Decimal as D
from functools import partial

import pytest
from django.urls import reverse

from devzone.core.choices import Education, Rank, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import Staff
from devzone.personnel.models import CompetitionEntry, EliminationCase
from devzone.personnel.selectors import competition_figures
from devzone.personnel.services import competition as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 9, 28)  # a Monday before the National Day holidays


@pytest.fixture
def setup(zone_a, zone_a_leader):
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    chief = f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    staff = partial(f.StaffFactory, zone=zone_a, department=dept)  # of the department
    holder = staff(
        post=chief,
        rank=Rank.SECTION_CHIEF,
        name="老部长",
        birth_date=dt.date(1970, 1, 1),
        education=Education.COLLEGE,
    )
    young = staff(
        rank=Rank.DEPUTY_SECTION, name="青年骨干", birth_date=dt.date(1990, 1, 1), education=Education.MASTER
    )
    junior = staff(rank=Rank.STAFF, name="新人", hired_on=dt.date(2026, 1, 1))
    comp = svc.competition_create(
        actor=zone_a_leader,
        zone=zone_a,
        title="2026年中层岗位竞聘",
        posts=[(chief.pk, 1, Rank.DEPUTY_SECTION)],
    )
    return {"comp": comp, "chief": chief, "holder": holder, "young": young, "junior": junior}


def entrant_and_holder(s, leader, entrant, *, tied=False):
    """``entrant`` (the account of 青年骨干) applies for the chief's post on their own, ``leader`` enters the post's
    holder and closes the competition for scoring; ``tied``: ``leader`` scores both alike (a tie for the seat).
    The two entries."""
    own = svc.entry_self_apply(actor=entrant, competition=s["comp"], post_id=s["chief"].pk, on=ON)
    other = svc.entry_apply(
        actor=leader, competition=s["comp"], staff_id=s["holder"].pk, post_id=s["chief"].pk, on=ON
    )
    svc.competition_close(actor=leader, competition=s["comp"])
    if tied:
        for e in (own, other):
            svc.entry_score(actor=leader, entry=e, speech="90", evaluation="85")
    return own, other


def test_a_competition_from_application_to_appointment(setup, zone_a_leader):
    s, lead = setup, zone_a_leader
    entries = [
        svc.entry_apply(actor=lead, competition=s["comp"], staff_id=p.pk, post_id=s["chief"].pk, on=ON)
        for p in (s["holder"], s["young"], s["junior"])
    ]
    assert [e.status for e in entries] == ["applied", "applied", "ineligible"]
    assert entries[2].eligibility == ["职级应为副科级及以上", "任职年限不足2年"]
    with pytest.raises(DomainError, match="只能报一个岗位"):
        svc.entry_apply(
            actor=lead, competition=s["comp"], staff_id=s["young"].pk, post_id=s["chief"].pk, on=ON
        )
    svc.competition_close(actor=lead, competition=s["comp"])
    with pytest.raises(DomainError):
        svc.entry_score(actor=lead, entry=entries[0], speech="101", evaluation="80")
    svc.entry_score(actor=lead, entry=entries[0], speech="80", evaluation="85")  # 0.6 × 80 + 0.4 × 85 = 82.00
    scored = svc.entry_score(actor=lead, entry=entries[1], speech="92", evaluation="88")  # 90.40
    assert scored.total == D("90.40")
    comp = svc.competition_publish(actor=lead, competition=s["comp"], on=ON)
    # five working days after Monday 28 September, with 1–8 October off and 10 October a make-up day
    assert comp.publicity_until == dt.date(2026, 10, 10)
    with pytest.raises(DomainError, match="公示期未满"):
        svc.competition_finalize(actor=lead, competition=comp, on=dt.date(2026, 10, 10))
    svc.competition_finalize(actor=lead, competition=comp, on=dt.date(2026, 10, 12))
    young = Staff.objects.get(pk=s["young"].pk)
    assert (young.post_id, young.rank) == (s["chief"].pk, Rank.SECTION_CHIEF)
    assert EliminationCase.objects.get().staff_id == s["holder"].pk  # 竞聘落聘
    figures = competition_figures(comp)
    assert (figures["appointed"], figures["promoted"], figures["age_before"], figures["age_after"]) == (
        1,
        1,
        D("56.0"),
        D("36.0"),
    )


@pytest.mark.isolation
def test_pages_answer_only_in_the_zone(setup, zone_a_leader, zone_b, client_for):
    comp = setup["comp"]
    entry = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=setup["young"].pk, post_id=setup["chief"].pk, on=ON
    )
    b_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_lead")
    mine, theirs = client_for(zone_a_leader), client_for(b_leader)
    assert mine.get(reverse("personnel:competition_list")).status_code == 200
    assert comp.title not in theirs.get(reverse("personnel:competition_list")).content.decode()
    assert mine.get(comp.get_absolute_url()).status_code == 200
    assert theirs.get(comp.get_absolute_url()).status_code == 404
    assert theirs.post(reverse("personnel:competition_action", args=[comp.pk, "close"])).status_code == 404
    assert mine.post(reverse("personnel:competition_action", args=[comp.pk, "close"])).status_code == 302
    score = reverse("personnel:competition_action", args=[comp.pk, "score"])
    assert theirs.post(score, {"entry": entry.pk, "speech": "90", "evaluation": "90"}).status_code == 404
    assert CompetitionEntry.objects.get(pk=entry.pk).total is None
    assert mine.post(score, {"entry": entry.pk, "speech": "90", "evaluation": "90"}).status_code == 302
    assert CompetitionEntry.objects.get(pk=entry.pk).total == D("90.00")
    with pytest.raises(NotFoundError):
        svc.competition_publish(actor=b_leader, competition=comp)


def test_the_demo_competition_reproduces_the_report(zone_a):
    """临港 in the city's report: 20 appointed, 12 from lower posts, average age 45 → 39."""
    from devzone.personnel import demo
    from devzone.personnel.models import Competition

    for name in ("党政办公室", "投资促进部", "综合服务部"):
        f.DepartmentFactory(zone=zone_a, name=name)
    demo._competition(zone_a)
    figures = competition_figures(Competition.objects.get(zone=zone_a))
    assert (figures["appointed"], figures["promoted"], figures["age_before"], figures["age_after"]) == (
        20,
        12,
        D("45.0"),
        D("39.0"),
    )
    assert EliminationCase.objects.filter(zone=zone_a, trigger="competition").count() == 12


def test_the_personnel_officer_is_not_offered_the_leaders_decisions(setup, zone_a, zone_a_leader, client_for):
    """Publishing the proposed appointees and approving special pay are the zone leaders' (the services refuse
    anyone else): the personnel officer runs the competition but is not shown those buttons."""
    comp = svc.competition_close(actor=zone_a_leader, competition=setup["comp"])
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_officer")
    publish = "排名并公布拟任用人选"
    assert publish in client_for(zone_a_leader).get(comp.get_absolute_url()).content.decode()
    assert publish not in client_for(officer).get(comp.get_absolute_url()).content.decode()
    assert client_for(officer).post(
        reverse("personnel:competition_action", args=[comp.pk, "publish"])
    ).status_code in (302, 403)
    comp.refresh_from_db()
    assert comp.status == "scoring"
    from devzone.personnel.services import budget

    budget.special_pay_draft(
        actor=officer,
        zone=zone_a,
        staff=setup["young"],
        post="首席招商官",
        term_from=dt.date(2026, 1, 1),
        term_until=dt.date(2028, 12, 31),
        annual_pay="600000",
        targets="引进项目",
    )
    approve = 'value="approve"'
    assert approve in client_for(zone_a_leader).get(reverse("personnel:budget")).content.decode()
    assert approve not in client_for(officer).get(reverse("personnel:budget")).content.decode()


def test_nobody_scores_their_own_entry(setup, zone_a, zone_a_leader):
    """回避: a 人事专员 (or a leader) who applied to the competition does not score their own entry."""
    s = setup
    officer = f.staff_user(Role.PERSONNEL_OFFICER, s["young"], "hr_young")
    own = svc.entry_self_apply(actor=officer, competition=s["comp"], post_id=s["chief"].pk, on=ON)
    svc.competition_close(actor=zone_a_leader, competition=s["comp"])
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.entry_score(actor=officer, entry=own, speech="100", evaluation="100")
    own.refresh_from_db()
    assert own.total is None
    assert svc.entry_score(actor=zone_a_leader, entry=own, speech="90", evaluation="85").total == D("88.00")


def test_the_scoring_page_offers_no_score_form_on_the_viewers_own_entry(
    setup, zone_a, zone_a_leader, client_for
):
    """回避 on the page too: the 人事专员 who runs the scoring and is an entrant gets no score form at all — not on
    their own row nor on a rival's (the service refuses both anyway: test_competition_recusal) — and reads why;
    the leader scores every row."""
    s = setup
    officer = f.staff_user(Role.PERSONNEL_OFFICER, s["young"], "hr_young")
    own, other = entrant_and_holder(s, zone_a_leader, officer)

    def score_forms(user) -> tuple[set[str], int]:
        html = client_for(user).get(s["comp"].get_absolute_url()).content.decode()
        return set(re.findall(r'name="entry" value="(\d+)"', html)), html.count('testid="entrant-recused"')

    assert score_forms(officer) == (set(), 1)
    assert score_forms(zone_a_leader) == ({str(own.pk), str(other.pk)}, 0)
