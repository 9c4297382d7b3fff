"""竞聘上岗: a tie across a post's last seat is decided by the zone's leaders (党工委/管委会研究确定): the leader records
which of the tied entrants take the seat(s) with a written reason, audited; then 排名并公布 proceeds. Someone outside
the tie, the wrong number, no reason, another role or another zone are refused and change nothing; a decision taken
for a tie that a changed score has since altered is not followed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.personnel.models import CompetitionEntry, TieDecision
from devzone.personnel.services import competition as svc
from devzone.personnel.tests.test_competition import ON, entrant_and_holder, setup  # noqa: F401  (fixture)
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def tied(setup, zone_a, zone_a_leader):  # noqa: F811 (the fixture imported above)
    """One seat; 老部长 and 青年骨干 equal on the total and the evaluation (90 / 85), a third behind."""
    s, lead = setup, zone_a_leader
    third = f.StaffFactory(
        zone=zone_a, department=s["young"].department, rank="deputy_section", name="第三人"
    )
    entries = [
        svc.entry_apply(actor=lead, competition=s["comp"], staff_id=p.pk, post_id=s["chief"].pk, on=ON)
        for p in (s["holder"], s["young"], third)
    ]
    svc.competition_close(actor=lead, competition=s["comp"])
    for e, (speech, evaluation) in zip(
        entries, [("93.33", "80"), ("93.33", "80"), ("80", "80")], strict=True
    ):
        svc.entry_score(actor=lead, entry=e, speech=speech, evaluation=evaluation)
    return {**s, "entries": entries, "target": s["comp"].posts.get()}


def decide(actor, t, chosen, reason="经党工委会议集体研究决定"):
    return svc.tie_decide(
        actor=actor,
        competition=t["comp"],
        target=t["target"].pk,
        chosen=[e.pk for e in chosen],
        reason=reason,
    )


def test_the_leaders_decide_the_tie_and_the_ranking_is_published(tied, zone_a_leader):
    holder, young, third = tied["entries"]
    with pytest.raises(DomainError, match="党工委研究确定"):
        svc.competition_publish(actor=zone_a_leader, competition=tied["comp"], on=ON)
    decision = decide(zone_a_leader, tied, [young])
    assert (decision.tied, decision.chosen) == (sorted([holder.pk, young.pk]), [young.pk])
    mine = AuditEvent.objects.filter(content_type__model="tiedecision", object_id=str(decision.pk))
    event = mine.get(actor=zone_a_leader)
    assert "集体研究决定" in event.note and "青年骨干" in event.note
    decide(
        zone_a_leader, tied, [holder], reason="重新研究，改为老部长"
    )  # again before publication: replaces it
    assert TieDecision.objects.get().chosen == [holder.pk]
    assert mine.count() == 2
    svc.competition_publish(actor=zone_a_leader, competition=tied["comp"], on=ON)
    got = {e.pk: (e.rank, e.status) for e in CompetitionEntry.objects.all()}
    assert got == {
        holder.pk: (1, "appointed"),
        young.pk: (1, "not_appointed"),
        third.pk: (3, "not_appointed"),
    }


def test_a_choice_outside_the_tie_or_of_the_wrong_number_is_refused(tied, zone_a, zone_a_leader):
    holder, young, third = tied["entries"]
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_tie")
    for chosen, message in (
        ([third], "只能从末位得分并列的人员中确定"),
        ([holder, young], "应确定1人"),
        ([], "应确定1人"),
    ):
        with pytest.raises(DomainError, match=message) as refused:
            decide(zone_a_leader, tied, chosen)
        assert "chosen" in refused.value.errors
    with pytest.raises(DomainError, match="理由"):
        decide(zone_a_leader, tied, [young], reason="  ")
    with pytest.raises(DomainError, match="不在本次竞聘"):
        svc.tie_decide(
            actor=zone_a_leader, competition=tied["comp"], target="x", chosen=[young.pk], reason="r"
        )
    with pytest.raises(PermissionDeniedError):
        decide(officer, tied, [young])
    b_leader = f.user_with_role(
        Role.ZONE_LEADER, zone=f.ZoneFactory(city=zone_a.city), user__username="b_tie"
    )
    with pytest.raises(NotFoundError):
        decide(b_leader, tied, [young])
    assert not TieDecision.objects.exists()


def test_a_decision_for_a_tie_that_has_changed_is_not_followed(tied, zone_a_leader):
    holder, young, third = tied["entries"]
    decide(zone_a_leader, tied, [young])
    svc.entry_score(actor=zone_a_leader, entry=third, speech="93.33", evaluation="80")  # now three are tied
    with pytest.raises(DomainError, match="已有变化，须重新研究确定"):
        svc.competition_publish(actor=zone_a_leader, competition=tied["comp"], on=ON)
    decide(zone_a_leader, tied, [third])
    svc.competition_publish(actor=zone_a_leader, competition=tied["comp"], on=ON)
    assert CompetitionEntry.objects.get(status="appointed") == third


def test_no_tie_needs_no_decision(setup, zone_a_leader):  # noqa: F811 (the fixture imported above)
    s = setup
    entry = svc.entry_apply(
        actor=zone_a_leader, competition=s["comp"], staff_id=s["young"].pk, post_id=s["chief"].pk, on=ON
    )
    svc.competition_close(actor=zone_a_leader, competition=s["comp"])
    svc.entry_score(actor=zone_a_leader, entry=entry, speech="90", evaluation="90")
    with pytest.raises(DomainError, match="没有并列"):
        svc.tie_decide(
            actor=zone_a_leader,
            competition=s["comp"],
            target=s["comp"].posts.get().pk,
            chosen=[entry.pk],
            reason="r",
        )


@pytest.mark.isolation
def test_the_leader_decides_on_the_competition_page(tied, zone_a, zone_a_leader, zone_b, client_for):
    holder, young, _third = tied["entries"]
    comp = tied["comp"]
    url = reverse("personnel:competition_action", args=[comp.pk, "tie"])
    body = {"target": tied["target"].pk, "chosen": [young.pk], "reason": "经党工委会议集体研究决定"}
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_tie_page")
    b_leader = f.user_with_role(Role.ZONE_LEADER, zone=zone_b, user__username="b_tie_page")
    page = client_for(zone_a_leader).get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="tie-card"' in page and 'name="chosen"' in page
    assert 'name="chosen"' not in client_for(officer).get(comp.get_absolute_url()).content.decode()
    assert client_for(b_leader).post(url, body).status_code == 404
    client_for(officer).post(url, body)  # refused with a message: only the leaders decide
    assert not TieDecision.objects.exists()
    refused = client_for(zone_a_leader).post(url, {**body, "chosen": [holder.pk, young.pk]}, follow=True)
    assert "应确定1人" in refused.content.decode() and not TieDecision.objects.exists()
    answer = client_for(zone_a_leader).post(url, body, follow=True)
    assert answer.redirect_chain[-1][0] == comp.get_absolute_url()
    assert (
        'data-testid="tie-decision"' in answer.content.decode() and "集体研究决定" in answer.content.decode()
    )
    assert TieDecision.objects.get().chosen == [young.pk]
    publish = reverse("personnel:competition_action", args=[comp.pk, "publish"])
    assert client_for(zone_a_leader).post(publish).status_code == 302
    assert CompetitionEntry.objects.get(status="appointed") == young
    after = client_for(zone_a_leader).get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="tie-decision"' in after and 'name="chosen"' not in after


def test_a_leader_tied_for_the_seat_cannot_decide_the_tie_for_themselves(
    setup,  # noqa: F811
    zone_a,
    zone_a_leader,
    client_for,
):
    """回避: a zone leader who is one of the tied entrants (their own staff record) does not decide that tie."""
    s = setup
    deputy = f.staff_user(Role.ZONE_LEADER, s["young"], "deputy_young")  # 副主任 青年骨干, a zone leader
    own, _other = entrant_and_holder(s, zone_a_leader, deputy, tied=True)
    target = s["comp"].posts.get()
    page = client_for(deputy).get(s["comp"].get_absolute_url()).content.decode()
    assert (
        'data-testid="entrant-recused"' in page and "'tie'" not in page and "/tie/" not in page
    )  # no form offered (nor the tie: an entrant reads no standing before the publication)
    assert "/tie/" in client_for(zone_a_leader).get(s["comp"].get_absolute_url()).content.decode()
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.tie_decide(
            actor=deputy, competition=s["comp"], target=target.pk, chosen=[own.pk], reason="集体研究决定"
        )
    assert not TieDecision.objects.exists()
    # another leader, not in the tie, decides it
    svc.tie_decide(
        actor=zone_a_leader, competition=s["comp"], target=target.pk, chosen=[own.pk], reason="集体研究决定"
    )
    assert TieDecision.objects.count() == 1


def test_a_publication_from_a_page_opened_before_a_score_changed_is_refused(tied, zone_a_leader, client_for):
    """排名并公布 acts on the scores its page showed: an examiner's change (or a 研究确定) since moves the
    competition's version, and the stale page publishes nothing (409 message); the page's current version does."""
    holder, young, third = tied["entries"]
    c = client_for(zone_a_leader)
    url = reverse("personnel:competition_action", args=[tied["comp"].pk, "publish"])
    seen = type(tied["comp"]).objects.get(pk=tied["comp"].pk).version
    svc.entry_score(
        actor=zone_a_leader, entry=third, speech="99", evaluation="99"
    )  # meanwhile, a score changed
    page = c.post(url, {"version": seen}, follow=True).content.decode()
    assert "请刷新" in page
    comp = type(tied["comp"]).objects.get(pk=tied["comp"].pk)
    assert comp.status == "scoring"
    # a tie decided from a page opened before the score change is stale too
    with pytest.raises(DomainError):
        svc.tie_decide(
            actor=zone_a_leader,
            competition=comp,
            target=tied["target"].pk,
            chosen=[young.pk],
            reason="集体研究决定",
            version=seen,
        )
    c.post(url, {"version": comp.version})
    assert type(comp).objects.get(pk=comp.pk).status == "publicity"
    assert CompetitionEntry.objects.get(pk=third.pk).status == "appointed"
