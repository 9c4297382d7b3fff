"""A finished campaign (结束招聘) moves no more: no hiring step is recorded in it (refused as a withdrawal is), no
seat goes down the ranking again (``hiring.move_up`` does nothing there), the registration's page offers no step
form, and the desk's 待办理聘用环节 lists only the proposed hires of campaigns under way; no score, a 加试 score
included, is entered in it (the 加试 page offers no form). The demo's 2020 campaign
is such a campaign: finished with its 拟聘用 and no step recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.personnel.choices import CampaignStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import (
    HireStep,
    RecruitmentCampaign,
    Registration,
    RegistrationEvent,
    ScoreEntry,
)
from devzone.personnel.services import hiring
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_desk import desk_of
from devzone.personnel.tests.test_extra_test import extra, fresh, titles
from devzone.testing.personnel import record_step

pytestmark = pytest.mark.django_db


def _finish(reg) -> None:
    RecruitmentCampaign.objects.filter(pk=reg.campaign_id).update(status=CampaignStatus.FINISHED)


def test_a_hiring_step_in_a_finished_campaign_is_refused_and_nobody_moves_up(ranked, officer_a):
    first, second = ranked[:2]
    _finish(first)
    with pytest.raises(DomainError, match="招聘已结束"):
        reg_svc.registration_withdraw(actor=first.candidate.user, registration=first.pk)
    # the same seat, freed by the office instead of the candidate: refused with the same reason
    with pytest.raises(DomainError, match="招聘已结束，不能再办理体检、考察和公示"):
        record_step(officer_a, first, "medical", "failed", dt.date(2026, 9, 1), "体检不合格")
    assert not HireStep.objects.filter(registration=first).exists()
    assert (fresh(first).status, fresh(second).status) == (S.HIRED, S.RANKED)
    assert not any("递补" in t for t in titles(second))


def test_the_ranking_is_not_computed_again_in_a_finished_campaign(ranked, officer_a):
    """Whatever calls it, ``move_up`` fills no seat once the campaign has finished: the places and the hires stay
    as they were when it ended."""
    first, second = ranked[:2]
    Registration.objects.filter(pk=first.pk).update(status=S.NOT_HIRED)  # a seat as a failed step frees it
    _finish(first)
    assert hiring.move_up(opening=first.opening, actor=officer_a) == []
    assert fresh(second).status == S.RANKED
    assert not RegistrationEvent.objects.filter(registration=second, to_status=S.HIRED).exists()
    assert not any("递补" in t for t in titles(second))


def test_a_finished_campaign_s_proposed_hire_is_neither_offered_a_step_nor_on_the_desk(
    ranked, officer_a, client_for
):
    first = ranked[0]
    clerk = client_for(officer_a)
    page = reverse("personnel:registration_detail", args=[first.pk])
    assert "data-step-form" in clerk.get(page).content.decode()
    assert desk_of(clerk)["personnel.hire_steps"].count == 1
    _finish(first)
    assert "data-step-form" not in clerk.get(page).content.decode()
    entry = desk_of(clerk).get("personnel.hire_steps")
    assert entry is None or entry.count == 0
    # a form left open before the campaign finished: refused with the reason, on the page
    act = reverse("personnel:registration_action", args=[first.pk, "step"])
    form = {"step-kind": "medical", "step-outcome": "passed", "step-on": "2026-09-01", "step-note": ""}
    answer = clerk.post(act, form, follow=True)
    assert answer.redirect_chain[-1][0] == page
    assert "招聘已结束，不能再办理体检、考察和公示" in answer.content.decode()
    assert not HireStep.objects.filter(registration=first).exists()


def test_an_additional_test_score_in_a_finished_campaign_is_refused_and_nothing_is_written(
    tie,
    officer_a,
    officer_a2,
    client_for,
):
    """A 加试 score would move nobody there (``move_up`` is idle), but it would stand in the closed record: the
    service refuses it with the reason, as it refuses a hiring step; the 加试 page offers no entry and says why."""
    a, b, _third = tie
    extra(officer_a, a, "88")  # one clerk's entry, before the campaign ended
    clerk = client_for(officer_a2)
    page = reverse("personnel:extra_test", args=[a.opening_id])
    assert 'data-testid="extra-score-form"' in clerk.get(page).content.decode()
    _finish(a)
    before = list(ScoreEntry.objects.filter(stage="extra").values_list("registration", "clerk", "score"))
    with pytest.raises(DomainError, match="招聘已结束，不能再录入加试成绩"):
        extra(officer_a2, a, "88")
    with pytest.raises(DomainError, match="招聘已结束，不能再录入加试成绩"):
        extra(officer_a, b, "90")
    html = clerk.get(page).content.decode()
    assert 'data-testid="extra-score-form"' not in html and 'data-testid="extra-test-finished"' in html
    # a form left open before the campaign ended, and the API: the same reason, nothing written
    answer = clerk.post(
        page, {"registration": a.pk, "scores-stage": "extra", "scores-score": "88"}, follow=True
    )
    assert "招聘已结束，不能再录入加试成绩" in answer.content.decode()
    api = clerk.post_json(f"/api/v1/personnel/registrations/{a.pk}/scores", {"stage": "extra", "score": "88"})
    assert (api.status_code, api.json()["title"]) == (400, "招聘已结束，不能再录入加试成绩")
    assert (
        list(ScoreEntry.objects.filter(stage="extra").values_list("registration", "clerk", "score")) == before
    )
    assert (fresh(a).extra_score, fresh(a).status, fresh(b).status) == (None, S.RANKED, S.RANKED)
