"""竞聘上岗, 回避 (利害关系): whoever has a live entry in a competition — the zone's 人事专员 or a leader, who may apply
from their own desk — takes no part in it: they score no entry (their own, their rival's for the same post, or any
other post's), decide no tie, publish and appoint nobody, and read no score, rank or tie before the publication
(page and desk); an entry they withdrew while registration was open counts for nothing. And a score with more than
two decimals is refused on its field, so that the published total is what the published scores give."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from devzone.core.choices import Rank, Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.personnel.choices import CompetitionStatus
from devzone.personnel.models import Competition, CompetitionEntry, TieDecision
from devzone.personnel.services import competition as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 9, 28)  # a Monday before the National Day holidays
SCORES_TO_SCORE = "personnel.competition_scores"  # desk item: 待评分的竞聘报名
TIES = "personnel.competition_ties"


@pytest.fixture
def world(zone_a, zone_a_leader):
    """Two posts put up for competition; the zone's 人事专员 and a deputy leader each have a staff record of
    deputy-section rank (both eligible) — the officer will apply for 部长, the deputy for 副部长."""
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    chief = f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    deputy_post = f.PostFactory(zone=zone_a, department=dept, name="副部长", rank=Rank.DEPUTY_SECTION)

    def staff(name):
        return f.StaffFactory(zone=zone_a, department=dept, rank=Rank.DEPUTY_SECTION, name=name)

    me, rival, other, deputy = staff("人事专员本人"), staff("对手"), staff("副部长人选"), staff("副主任本人")
    comp = svc.competition_create(
        actor=zone_a_leader,
        zone=zone_a,
        title="2026年中层岗位竞聘",
        posts=[(chief.pk, 1, Rank.DEPUTY_SECTION), (deputy_post.pk, 1, Rank.STAFF)],
    )
    return {
        "comp": comp,
        "chief": chief,
        "deputy_post": deputy_post,
        "hr": f.staff_user(Role.PERSONNEL_OFFICER, me, "hr_entrant"),
        "deputy": f.staff_user(Role.ZONE_LEADER, deputy, "deputy_entrant"),
        "me": me,
        "rival": rival,
        "other": other,
        "deputy_staff": deputy,
    }


def apply(actor, w, staff, post):
    return svc.entry_apply(actor=actor, competition=w["comp"], staff_id=staff.pk, post_id=post.pk, on=ON)


def test_an_entrant_who_scores_may_not_score_a_rival_for_the_same_post_nor_another_post(world, zone_a_leader):
    w = world
    mine = apply(zone_a_leader, w, w["me"], w["chief"])
    rival = apply(zone_a_leader, w, w["rival"], w["chief"])
    elsewhere = apply(zone_a_leader, w, w["other"], w["deputy_post"])
    svc.competition_close(actor=zone_a_leader, competition=w["comp"])
    with pytest.raises(PermissionDeniedError, match="回避"):  # own entry
        svc.entry_score(actor=w["hr"], entry=mine, speech="99", evaluation="99")
    # the rival for the same seat, and the other post of the same competition
    for entry in (rival, elsewhere):
        with pytest.raises(PermissionDeniedError, match="回避"):
            svc.entry_score(actor=w["hr"], entry=entry, speech="10", evaluation="10")
    assert set(CompetitionEntry.objects.values_list("total", flat=True)) == {None}
    # someone who did not apply scores every entry
    for entry in (mine, rival, elsewhere):
        svc.entry_score(actor=zone_a_leader, entry=entry, speech="80", evaluation="80")


def test_a_leader_who_is_an_entrant_neither_decides_a_tie_nor_publishes_nor_appoints(world, zone_a_leader):
    w = world
    apply(w["deputy"], w, w["deputy_staff"], w["deputy_post"])  # the deputy leader applies for 副部长
    tied = [apply(zone_a_leader, w, s, w["chief"]) for s in (w["me"], w["rival"])]  # 部长: a tie, not theirs
    svc.competition_close(actor=zone_a_leader, competition=w["comp"])
    for e in CompetitionEntry.objects.filter(competition=w["comp"]):
        svc.entry_score(actor=zone_a_leader, entry=e, speech="90", evaluation="85")
    chief = w["comp"].posts.get(post=w["chief"])
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.tie_decide(
            actor=w["deputy"],
            competition=w["comp"],
            target=chief.pk,
            chosen=[tied[0].pk],
            reason="集体研究决定",
        )
    assert not TieDecision.objects.exists()
    svc.tie_decide(
        actor=zone_a_leader,
        competition=w["comp"],
        target=chief.pk,
        chosen=[tied[0].pk],
        reason="集体研究决定",
    )
    with pytest.raises(PermissionDeniedError, match="回避"):  # their own appointment among the others
        svc.competition_publish(actor=w["deputy"], competition=w["comp"], on=ON)
    assert Competition.objects.get(pk=w["comp"].pk).status == CompetitionStatus.SCORING
    comp = svc.competition_publish(actor=zone_a_leader, competition=w["comp"], on=ON)
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.competition_finalize(
            actor=w["deputy"], competition=comp, on=comp.publicity_until + dt.timedelta(1)
        )
    assert Competition.objects.get(pk=comp.pk).status == CompetitionStatus.PUBLICITY


def test_an_entrant_neither_enters_anothers_application_nor_closes_the_registration(
    world, zone_a_leader, client_for
):
    """While registration is open, the 人事专员 who applied could otherwise enter (or keep out, by closing early)
    the rivals for their own seat: both are refused by the service, and the page offers neither."""
    w = world
    svc.entry_self_apply(actor=w["hr"], competition=w["comp"], post_id=w["chief"].pk, on=ON)
    with pytest.raises(PermissionDeniedError, match="回避"):
        apply(w["hr"], w, w["rival"], w["chief"])
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.competition_close(actor=w["hr"], competition=w["comp"])
    comp = Competition.objects.get(pk=w["comp"].pk)
    assert comp.status == CompetitionStatus.OPEN
    assert list(comp.entries.values_list("staff", flat=True)) == [w["me"].pk]
    page = client_for(w["hr"]).get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="entry-form"' not in page and "截止报名，开始评分" not in page
    # who did not apply does both
    leader_page = client_for(zone_a_leader).get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="entry-form"' in leader_page and "截止报名，开始评分" in leader_page
    apply(zone_a_leader, w, w["rival"], w["chief"])
    assert (
        svc.competition_close(actor=zone_a_leader, competition=w["comp"]).status == CompetitionStatus.SCORING
    )


def test_an_entry_withdrawn_while_open_does_not_recuse(world, zone_a_leader):
    w = world
    own = svc.entry_self_apply(actor=w["hr"], competition=w["comp"], post_id=w["chief"].pk, on=ON)
    svc.entry_self_withdraw(actor=w["hr"], entry=own)
    rival = apply(zone_a_leader, w, w["rival"], w["chief"])
    svc.competition_close(actor=zone_a_leader, competition=w["comp"])
    assert svc.entry_score(actor=w["hr"], entry=rival, speech="90", evaluation="80").total == D("86.00")


def test_an_entrant_reads_no_score_form_score_or_tie_before_the_publication(world, zone_a_leader, client_for):
    """On the competition's page and the desk: the entrant 人事专员 has no score form, no score column and no
    scoring work offered; the entrant leader no tie and no publish button. The leader who did not apply has all
    of it; after the publication the entrants read the published scores."""
    w = world
    apply(zone_a_leader, w, w["me"], w["chief"])
    apply(zone_a_leader, w, w["rival"], w["chief"])
    apply(w["deputy"], w, w["deputy_staff"], w["deputy_post"])
    svc.competition_close(actor=zone_a_leader, competition=w["comp"])
    url = w["comp"].get_absolute_url()

    def page(user) -> str:
        return client_for(user).get(url).content.decode()

    def desk(user) -> set[str]:  # the items with work in them
        return {e.key for e in client_for(user).get(reverse("dashboard:home")).context["desk"] if e.count}

    assert SCORES_TO_SCORE not in desk(w["hr"])
    entries = list(CompetitionEntry.objects.filter(competition=w["comp"]).order_by("pk"))
    for e in entries[:2]:  # the rival of the same post is scored
        svc.entry_score(actor=zone_a_leader, entry=e, speech="91.25", evaluation="87.75")
    svc.entry_score(actor=zone_a_leader, entry=entries[2], speech="70", evaluation="70")
    publish = "'publish'"
    for entrant in (w["hr"], w["deputy"]):
        html = page(entrant)
        assert 'data-testid="entrant-recused"' in html
        assert not re.findall(r'name="entry" value="\d+"', html)  # no score form
        assert "91.25" not in html and "87.75" not in html and 'data-testid="tie-card"' not in html
        assert "/publish/" not in html and publish not in html
    assert TIES not in desk(w["deputy"])
    leader = page(zone_a_leader)
    assert len(re.findall(r'name="entry" value="\d+"', leader)) == 3 and "91.25" in leader
    assert 'data-testid="tie-card"' in leader and 'data-testid="entrant-recused"' not in leader
    assert TIES in desk(zone_a_leader)
    svc.tie_decide(
        actor=zone_a_leader,
        competition=w["comp"],
        target=w["comp"].posts.get(post=w["chief"]).pk,
        chosen=[entries[0].pk],
        reason="集体研究决定",
    )
    svc.competition_publish(actor=zone_a_leader, competition=w["comp"], on=ON)
    html = page(w["hr"])
    assert "91.25" in html and 'data-testid="entrant-recused"' in html  # published; still no duties


def test_a_competition_score_with_more_than_two_decimals_is_refused(world, zone_a_leader):
    w = world
    entry = apply(zone_a_leader, w, w["rival"], w["chief"])
    svc.competition_close(actor=zone_a_leader, competition=w["comp"])
    for speech, evaluation, field in (("85.555", "80", "speech"), ("85", "80.001", "evaluation")):
        with pytest.raises(DomainError) as refused:
            svc.entry_score(actor=zone_a_leader, entry=entry, speech=speech, evaluation=evaluation)
        assert any("两位小数" in m for m in refused.value.errors[field])
    assert CompetitionEntry.objects.get(pk=entry.pk).total is None
    # two decimals (and trailing zeros) pass; the total is the stored scores' (0.6 × 85.55 + 0.4 × 80.25)
    svc.entry_score(actor=zone_a_leader, entry=entry, speech="85.550", evaluation=" 80.25 ")
    row = CompetitionEntry.objects.get(pk=entry.pk)
    w_ = row.competition.speech_weight
    assert (row.speech_score, row.evaluation_score) == (D("85.55"), D("80.25"))
    assert row.total == (row.speech_score * w_ + row.evaluation_score * (1 - w_)).quantize(D("0.01"))
