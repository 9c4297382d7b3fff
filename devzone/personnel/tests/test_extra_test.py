"""加试: candidates tied across the last (or a freed) seat sit an additional test; each score is entered by two
clerks and counts when they agree; once every tied candidate's counts, the ranking decides the tie by it (higher
first; still equal stays tied), 拟聘用 / 递补 proceed and the candidates are told; the candidate reads their score
once it counts. The page and the API call the same service; another zone reaches nothing."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError, NotFoundError
from devzone.core.models import AuditEvent
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Registration, RegistrationEvent, ScoreEntry
from devzone.personnel.services import exams, hiring
from devzone.personnel.tests.test_recruitment import _enter, _ranked
from devzone.testing.personnel import record_step

pytestmark = pytest.mark.django_db


def extra(officer, reg, score):
    return exams.score_enter(actor=officer, registration=reg.pk, stage="extra", score=score)


def fresh(reg):
    return Registration.objects.get(pk=reg.pk)


def titles(reg):
    return list(reg.candidate.user.notifications.values_list("title", flat=True))


def test_the_additional_test_decides_the_tie_across_the_last_seat(tie, officer_a, officer_a2, client_for):
    a, b, third = tie
    assert [(r.status, r.rank, r.tied) for r in (a, b)] == [(S.RANKED, 1, True)] * 2
    assert any("须参加加试" in t for t in titles(a)) and any("须参加加试" in t for t in titles(b))
    assert not any("加试" in t for t in titles(third))
    with pytest.raises(DomainError, match="末位成绩并列"):
        extra(officer_a, third, "95")
    candidate = client_for(a.candidate.user)

    def seen():
        api = candidate.get(f"/api/v1/personnel/registrations/{a.pk}").json()["extra_score"]
        page = candidate.get(reverse("personnel:my_registration", args=[a.pk])).content.decode()
        return api, 'data-testid="extra-score"' in page

    assert extra(officer_a, a, "88") == "waiting"
    assert extra(officer_a2, a, "87") == "mismatch"
    assert fresh(a).extra_score is None and seen() == (None, False)
    assert extra(officer_a2, a, "88") == "confirmed"
    assert fresh(a).extra_score == D("88") and seen() == ("88.00", True)
    assert (fresh(a).status, fresh(b).status) == (S.RANKED, S.RANKED)  # b's score does not count yet
    with pytest.raises(DomainError, match="不能更改"):
        extra(officer_a, a, "99")
    extra(officer_a, b, "90.5")
    assert extra(officer_a2, b, "90.5") == "confirmed"
    a, b = fresh(a), fresh(b)
    assert [(r.status, r.rank, r.tied) for r in (b, a)] == [(S.HIRED, 1, False), (S.RANKED, 2, False)]
    assert "经加试" in RegistrationEvent.objects.filter(registration=b, to_status=S.HIRED).get().note
    assert any("经加试，您已确定为" in t for t in titles(b))
    assert any("名次为第2名" in t for t in titles(a))
    assert AuditEvent.objects.filter(
        object_id=str(a.opening_id), note__contains="按加试成绩确定名次"
    ).exists()
    with pytest.raises(DomainError):  # decided: nobody sits it any more
        extra(officer_a, a, "99")
    # the proposed hire goes on as usual (from the day the 加试 made them 拟聘用: today)
    record_step(officer_a, b, "medical", "passed", timezone.localdate())


def test_equal_additional_test_scores_call_a_second_round_which_decides(
    tie, officer_a, officer_a2, client_for
):
    """再次加试: the 加试 ends equal across the seat; those still tied sit a second round, entered like every score
    (two clerks), whose entries are its own — the first round's entries and scores stay as they were."""
    a, b, _third = tie
    for reg in (a, b):
        _enter([officer_a, officer_a2], reg, "extra", "85")
    a, b = fresh(a), fresh(b)
    assert [(r.status, r.rank, r.tied) for r in (a, b)] == [(S.RANKED, 1, True)] * 2  # never drawn by lot
    assert AuditEvent.objects.filter(
        content_type__model="opening",
        object_id=str(a.opening_id),
        note__contains="第1轮加试成绩仍然相同（85.00）",
    ).exists()
    assert all(any("须参加第2轮加试" in t for t in titles(r)) for r in (a, b))
    officer = client_for(officer_a)
    page = officer.get(reverse("personnel:extra_test", args=[a.opening_id])).content.decode()
    assert 'data-testid="extra-test-next-round"' in page and page.count('data-testid="extra-score-form"') == 2
    desk = {e.key: e for e in officer.get(reverse("dashboard:home")).context["desk"]}
    assert desk["personnel.tied"].count == 2
    # the second round, through the page's service and the API alike
    assert extra(officer_a, a, "90") == "waiting"
    second = {e.key: e for e in client_for(officer_a2).get(reverse("dashboard:home")).context["desk"]}
    assert second["personnel.second_entry"].count == 1
    assert extra(officer_a2, a, "91") == "mismatch"
    assert (fresh(a).extra_score, fresh(a).extra_retests) == (D("85"), [])  # the first round untouched
    assert extra(officer_a2, a, "90") == "confirmed"
    with pytest.raises(DomainError, match="不能更改"):
        extra(officer_a, a, "99")
    url = f"/api/v1/personnel/registrations/{b.pk}/scores"
    for officer_ in (officer_a, officer_a2):
        answer = client_for(officer_).post(
            url, json.dumps({"stage": "extra", "score": "88"}), content_type="application/json"
        )
        assert answer.status_code == 200
    a, b = fresh(a), fresh(b)
    assert [(r.status, r.rank, r.tied) for r in (a, b)] == [(S.HIRED, 1, False), (S.RANKED, 2, False)]
    assert (a.extra_score, a.extra_retests, b.extra_score, b.extra_retests) == (
        D(85),
        ["90.00"],
        D(85),
        ["88.00"],
    )
    assert "经加试" in RegistrationEvent.objects.filter(registration=a, to_status=S.HIRED).get().note
    kept = ScoreEntry.objects.filter(stage="extra").values_list("registration", "round", "score")
    assert sorted(kept) == sorted(
        [(a.pk, 1, D(85)), (a.pk, 1, D(85)), (a.pk, 2, D(90)), (a.pk, 2, D(90))]
        + [(b.pk, 1, D(85)), (b.pk, 1, D(85)), (b.pk, 2, D(88)), (b.pk, 2, D(88))]
    )
    # the candidate reads both rounds; the office's page too, and nothing is asked any more
    mine = (
        client_for(a.candidate.user).get(reverse("personnel:my_registration", args=[a.pk])).content.decode()
    )
    assert 'data-testid="extra-score">85.00' in mine and "第2轮 90.00" in mine
    page = officer.get(reverse("personnel:extra_test", args=[a.opening_id])).content.decode()
    assert "第2轮 88.00" in page and 'data-testid="extra-score-form"' not in page
    assert "personnel.tied" not in {e.key for e in officer.get(reverse("dashboard:home")).context["desk"]}


def test_a_tie_across_a_freed_seat_is_decided_by_the_additional_test(
    city, campaign, officer_a, officer_a2, city_officer
):
    """递补: the hire fails the medical; the next two are equal on every score, so neither moves up until the
    加试 decides."""
    officers = [officer_a, officer_a2]
    hires, (first, b, c) = _ranked(
        city, campaign, officers, city_officer, ["90", "85", "85"], ["90", "80", "80"]
    )
    assert hires.hired == (str(first.pk),) and hires.undecided == ()
    with pytest.raises(DomainError, match="末位成绩并列"):
        extra(officer_a, b, "80")  # nothing to decide yet: the seat is taken
    record_step(officer_a, first, "medical", "failed", timezone.localdate(), "体检不合格")  # ranked today
    assert (fresh(b).status, fresh(c).status) == (S.RANKED, S.RANKED)
    assert AuditEvent.objects.filter(
        content_type__model="opening", object_id=str(b.opening_id), note__contains="须加试确定"
    ).exists()
    assert any("须参加加试" in t for t in titles(c))
    _enter(officers, b, "extra", "89")
    _enter(officers, c, "extra", "91")
    assert [(fresh(r).status, fresh(r).rank) for r in (c, b)] == [(S.HIRED, 2), (S.RANKED, 3)]


@pytest.mark.isolation
def test_the_additional_test_page_enters_scores_in_reach_only(
    tie, officer_a, officer_a2, officer_b, zone_a_leader, client_for
):
    a, b, _third = tie
    url = reverse("personnel:extra_test", args=[a.opening_id])
    officer = client_for(officer_a)
    html = officer.get(url).content.decode()
    assert a.candidate.name in html and html.count('data-testid="extra-score-form"') == 2
    assert 'data-testid="extra-test-waiting"' in html
    opening = officer.get(reverse("personnel:opening_detail", args=[a.opening_id])).content.decode()
    assert url in opening
    body = {"registration": a.pk, "scores-stage": "extra", "scores-score": "88"}
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(officer_b).post(url, body).status_code == 404
    assert not ScoreEntry.objects.filter(stage="extra").exists()
    leader = client_for(zone_a_leader).get(url)
    assert leader.status_code == 200 and 'data-testid="extra-score-form"' not in leader.content.decode()
    assert client_for(zone_a_leader).post(url, body).status_code == 403
    assert client_for(a.candidate.user).get(url).status_code in (403, 404)
    answer = officer.post(url, body, follow=True)
    assert answer.redirect_chain[-1][0] == url and "等待第二人录入" in answer.content.decode()
    refused = client_for(officer_a2).post(url, {**body, "scores-score": "101"}, follow=True)
    assert "0到100" in refused.content.decode()
    mismatch = client_for(officer_a2).post(url, {**body, "scores-score": "86"}, follow=True).content.decode()
    assert "不一致" in mismatch
    assert fresh(a).extra_score is None
    assert list(
        ScoreEntry.objects.filter(stage="extra").values_list("score", flat=True).order_by("score")
    ) == [
        D("86"),
        D("88"),
    ]


@pytest.mark.isolation
def test_the_additional_test_through_the_api(tie, officer_a, officer_a2, officer_b, client_for):
    a, b, _third = tie
    url = f"/api/v1/personnel/registrations/{a.pk}/scores"
    body = json.dumps({"stage": "extra", "score": "88.25"})
    assert client_for(officer_b).post(url, body, content_type="application/json").status_code == 404
    for officer, outcome in ((officer_a, "waiting"), (officer_a2, "confirmed")):
        answer = client_for(officer).post(url, body, content_type="application/json")
        assert answer.status_code == 200 and answer.json() == {"outcome": outcome}
    staff = client_for(officer_a).get(f"/api/v1/personnel/registrations/{a.pk}").json()
    assert staff["extra_score"] == "88.25"
    with pytest.raises(NotFoundError):
        extra(officer_b, b, "80")


def test_a_tie_below_the_last_seat_is_not_a_desk_item(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    """Candidates equal in second place for one seat sit no 加试: the officer's desk does not wait for their score."""
    hires, regs = _ranked(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "80", "80", "70"], ["90", "80", "80"]
    )
    a, b, _c = regs
    assert hires.hired == (str(a.pk),) and hires.undecided == ()
    b.refresh_from_db()
    assert b.status == S.RANKED and b.tied  # tied for 2nd, no seat at stake
    assert hiring.extra_test_of(a.opening) == []
    with pytest.raises(DomainError, match="末位成绩并列"):
        extra(officer_a, b, "80")
    desk = {e.key: e for e in client_for(officer_a).get(reverse("dashboard:home")).context["desk"]}
    assert "personnel.tied" not in desk or desk["personnel.tied"].count == 0


def test_a_tie_across_the_last_seat_waits_on_the_desk_until_scored(tie, officer_a, officer_a2, client_for):
    desk = {e.key: e for e in client_for(officer_a).get(reverse("dashboard:home")).context["desk"]}
    assert desk["personnel.tied"].count == 2
    for reg, score in zip(tie[:2], ("88", "86"), strict=True):
        extra(officer_a, reg, score)
        extra(officer_a2, reg, score)
    desk = {e.key: e for e in client_for(officer_a).get(reverse("dashboard:home")).context["desk"]}
    assert "personnel.tied" not in desk or desk["personnel.tied"].count == 0
