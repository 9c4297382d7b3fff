"""第二十七条 回避 where a registration is decided with others (``registrations.refuse_recused``):

- the opening's page offered 按比例确定面试人选 and 计算综合成绩并排名 to an officer who declared 回避 on one of the
  registrations those steps decide, which the service then refused with 403; it now says they are recused and
  another officer must act, and offers the button only to the others;
- the 加试 decides between the candidates tied for the seat: an officer recused on B could still enter A's extra
  score (A tied with B), which decides between them. Refused now with the same 403 and sentence, by the service,
  the page (whose forms are no longer offered to them) and the API; two other clerks enter it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.errors import PermissionDeniedError
from devzone.personnel.models import ScoreEntry
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_extra_test import extra, fresh
from devzone.personnel.tests.test_recruitment import _enter, _written_entered, opening_of
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db

REFUSAL = "您已就该考生声明回避"


@pytest.fixture
def officer_a3(zone_a):
    return f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_a3")


# --- the opening's page ---------------------------------------------------------------------------------------
def _page(client, opening) -> str:
    return client.get(reverse("personnel:opening_detail", args=[opening.pk])).content.decode()


def _action(opening, step: str) -> str:
    return reverse("personnel:opening_action", args=[opening.pk, step])


def _written(city, campaign, officer_a, officer_a2, city_officer):
    """Three qualified candidates of one opening, their written scores entered by two clerks: the registrations
    and the opening."""
    campaign, regs = _written_entered(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "85", "80"]
    )
    return regs, opening_of(campaign)


def _left_to_the_other(client_for, opening, step, recused, other) -> None:
    """The opening's page offers ``step`` to ``other`` but not to the ``recused`` officer, whom it tells why."""
    mine = _page(client_for(recused), opening)
    assert _action(opening, step) not in mine
    assert f'data-testid="{step}-recused"' in mine and "请由其他工作人员办理" in mine
    theirs = _page(client_for(other), opening)
    assert _action(opening, step) in theirs and f'data-testid="{step}-recused"' not in theirs


def test_the_opening_page_offers_no_shortlist_to_a_recused_officer(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    regs, opening = _written(city, campaign, officer_a, officer_a2, city_officer)
    assert _action(opening, "shortlist") in _page(client_for(officer_a), opening)
    reg_svc.registration_recuse(actor=officer_a, registration=regs[1].pk, reason="该考生系本人表妹")
    _left_to_the_other(client_for, opening, "shortlist", recused=officer_a, other=officer_a2)
    # what the note stands for: the service refuses the recused officer
    with pytest.raises(PermissionDeniedError, match=REFUSAL):
        exams.shortlist_opening(actor=officer_a, opening=opening)


def test_the_opening_page_offers_no_ranking_to_a_recused_officer(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    regs, opening = _written(city, campaign, officer_a, officer_a2, city_officer)
    exams.shortlist_opening(actor=officer_a, opening=opening)
    for reg, score in zip(regs, ["70", "80", "90"], strict=True):
        _enter([officer_a, officer_a2], reg, "interview", score)
    reg_svc.registration_recuse(actor=officer_a2, registration=regs[0].pk, reason="本人堂妹")
    _left_to_the_other(client_for, opening, "rank", recused=officer_a2, other=officer_a)
    with pytest.raises(PermissionDeniedError, match=REFUSAL):
        exams.rank_opening(actor=officer_a2, opening=opening)


# --- 加试 -------------------------------------------------------------------------------------------------------
# ``tie`` (conftest): A and B equal on every score for the one seat (加试 due), a third behind.
def test_an_officer_recused_on_one_tied_candidate_enters_no_extra_score_of_the_other(
    tie, officer_a, officer_a2, officer_a3
):
    a, b, _third = tie
    reg_svc.registration_recuse(actor=officer_a, registration=b.pk, reason="该考生系本人外甥")
    with pytest.raises(PermissionDeniedError, match=REFUSAL):
        extra(officer_a, a, "88")
    assert not ScoreEntry.objects.filter(stage="extra").exists()
    # two others enter it, and it counts
    assert extra(officer_a2, a, "88") == "waiting"
    assert extra(officer_a3, a, "88") == "confirmed"
    assert fresh(a).extra_score is not None


def test_the_extra_test_page_and_the_api_refuse_it_too(tie, officer_a, officer_a2, client_for):
    a, b, _third = tie
    url = reverse("personnel:extra_test", args=[a.opening_id])
    assert client_for(officer_a).get(url).content.decode().count('data-testid="extra-score-form"') == 2
    reg_svc.registration_recuse(actor=officer_a, registration=b.pk, reason="该考生系本人外甥")
    officer = client_for(officer_a)
    html = officer.get(url).content.decode()
    assert 'data-testid="extra-score-form"' not in html and 'data-testid="extra-test-recused"' in html
    others = client_for(officer_a2).get(url).content.decode()
    assert others.count('data-testid="extra-score-form"') == 2 and "extra-test-recused" not in others
    body = {"registration": a.pk, "scores-stage": "extra", "scores-score": "88"}
    assert REFUSAL in officer.post(url, body, follow=True).content.decode()
    api = officer.post_json(
        f"/api/v1/personnel/registrations/{a.pk}/scores", {"stage": "extra", "score": "88"}
    )
    assert api.status_code == 403 and REFUSAL in api.json()["title"]
    assert not ScoreEntry.objects.filter(stage="extra").exists()
