"""The recruitment's end game in sequences: one gives up, the next moves up (递补) and gives up too; three 加试
rounds; one of three tied gives up in the middle of a round; a proposed hire fails a step while the tie for the
next seat is open. Each person is told once per decision — the 加试's winner one notice for the seat and the place
it gave them — and the staff API answers what the staff pages show (并列 among those still in the running; every
round's 加试 score), while the candidate's own answer keeps what was published to them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import RegistrationEvent
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_extra_test import _ranked, extra, fresh, titles
from devzone.personnel.tests.test_recruitment import _enter, _written_entered, opening_of
from devzone.testing.personnel import make_campaign, record_step

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel"


def desk(client) -> dict:
    return {e.key: e for e in client.get(reverse("dashboard:home")).context["desk"]}


def officer_titles(user) -> list[str]:
    return list(user.notifications.values_list("title", flat=True))


def give_up(reg):
    return reg_svc.registration_withdraw(actor=reg.candidate.user, registration=reg.pk)


def fail(officer, reg):
    # on or after the day the candidate became 拟聘用 (today: a 递补 here)
    record_step(officer, reg, "medical", "failed", timezone.localdate(), "体检不合格")


def hired_note(reg) -> str:
    return RegistrationEvent.objects.filter(registration=reg, to_status=S.HIRED).get().note


# ``tie`` (conftest): two equal on every score across the one seat (they sit the 加试), a third behind.


def test_one_gives_up_the_next_moves_up_and_gives_up_too(ranked, officer_a, client_for):
    first, second, third, _fourth = ranked
    give_up(first)
    assert fresh(second).status == S.HIRED
    give_up(fresh(second))
    assert [(fresh(r).status, fresh(r).rank) for r in ranked] == [
        (S.WITHDRAWN, 1),
        (S.WITHDRAWN, 2),
        (S.HIRED, 3),
        (S.RANKED, 4),
    ]
    assert sum("递补" in t for t in titles(third)) == 1
    assert sum("递补" in t for t in titles(second)) == 1  # told once, when moved up
    assert sum("放弃" in t for t in officer_titles(officer_a)) == 2
    assert desk(client_for(officer_a))["personnel.hire_steps"].count == 1
    page = client_for(first.candidate.user).get(reverse("personnel:my_registration", args=[first.pk]))
    assert page.context["results"]["rank"] == 1  # the first still reads the rank published to them


def test_three_rounds_of_the_additional_test(tie, officer_a, officer_a2, client_for):
    a, b, _third = tie
    officers = [officer_a, officer_a2]
    for r in (a, b):
        _enter(officers, r, "extra", "85")
    for r in (a, b):
        _enter(officers, r, "extra", "90")
    a, b = fresh(a), fresh(b)
    assert (a.extra_retests, b.extra_retests) == (["90.00"], ["90.00"])
    for r in (a, b):
        assert sum("须参加加试" in t for t in titles(r)) == 1
        assert sum("第2轮加试" in t for t in titles(r)) == 1
        assert sum("第3轮加试" in t for t in titles(r)) == 1
    d = desk(client_for(officer_a))
    assert d["personnel.tied"].count == 2 and "待第3轮加试" in d["personnel.tied"].rows[0].note
    page = client_for(officer_a).get(reverse("personnel:extra_test", args=[a.opening_id])).content.decode()
    assert "第3轮" in page and page.count('data-testid="extra-score-form"') == 2
    _enter(officers, a, "extra", "70")
    _enter(officers, b, "extra", "75")
    a, b = fresh(a), fresh(b)
    assert [(r.status, r.rank, r.tied) for r in (b, a)] == [(S.HIRED, 1, False), (S.RANKED, 2, False)]
    mine = (
        client_for(a.candidate.user).get(reverse("personnel:my_registration", args=[a.pk])).content.decode()
    )
    assert "第2轮 90.00" in mine and "第3轮 70.00" in mine
    # the API: every round, the first included, to the candidate and to staff alike
    own = client_for(a.candidate.user).get(f"{API}/registrations/{a.pk}").json()
    assert (own["extra_score"], own["extra_rounds"], own["rank"], own["tied"]) == (
        "85.00",
        ["85.00", "90.00", "70.00"],
        2,
        False,
    )
    staff = client_for(officer_a).get(f"{API}/registrations/{b.pk}").json()
    assert (staff["extra_score"], staff["extra_rounds"]) == ("85.00", ["85.00", "90.00", "75.00"])


def test_the_winner_of_the_additional_test_is_told_once_with_the_seat_and_the_place(
    tie, officer_a, officer_a2
):
    a, b, _third = tie
    _enter([officer_a, officer_a2], a, "extra", "80")
    _enter([officer_a, officer_a2], b, "extra", "90")
    told = [t for t in titles(b) if "加试" in t and "须参加" not in t]
    assert told == ["经加试，您已确定为招商专员的拟聘用人选，名次为第1名"]
    assert [t for t in titles(a) if "加试" in t and "须参加" not in t] == [
        "招商专员的加试成绩已确认，您的名次为第2名"
    ]


def test_one_of_three_tied_gives_up_in_the_middle_of_a_round(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    officers = [officer_a, officer_a2]
    hires, (a, b, c) = _ranked(city, campaign, officers, city_officer, ["90", "90", "90", "70"], ["80"] * 3)
    assert len(hires.undecided) == 3
    extra(officer_a, a, "99")  # one clerk's entry only
    _enter(officers, b, "extra", "90")
    _enter(officers, c, "extra", "80")
    give_up(fresh(a))
    a, b, c = fresh(a), fresh(b), fresh(c)
    assert (a.status, b.status, c.status) == (S.WITHDRAWN, S.HIRED, S.RANKED)
    assert (b.rank, c.rank) == (1, 2)
    assert "经加试" in hired_note(b)
    second = desk(client_for(officer_a2))
    assert "personnel.second_entry" not in second or second["personnel.second_entry"].count == 0
    assert "personnel.tied" not in desk(client_for(officer_a))


def test_the_second_round_partly_entered_then_one_gives_up(tie, officer_a, officer_a2, client_for):
    a, b, _third = tie
    for r in (a, b):
        _enter([officer_a, officer_a2], r, "extra", "85")
    extra(officer_a, a, "95")  # round 2, the first clerk only
    give_up(fresh(a))
    b = fresh(b)
    assert b.status == S.HIRED and b.rank == 1 and not b.tied
    assert hired_note(b).startswith("递补")
    page = client_for(officer_a).get(reverse("personnel:extra_test", args=[a.opening_id])).content.decode()
    assert 'data-testid="extra-score-form"' not in page


def test_a_hire_fails_while_the_tie_for_the_second_seat_is_open(
    city, zone_a, zone_b, officer_a, officer_a2, city_officer, client_for
):
    officers = [officer_a, officer_a2]
    campaign = make_campaign(city, [zone_a, zone_b], headcount=2, exam_ratio=2)
    campaign, regs = _written_entered(city, campaign, officers, city_officer, ["95", "90", "90", "70"])
    exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    for reg, i in zip(regs, ["95", "80", "80", "70"], strict=True):
        _enter(officers, reg, "interview", i)
    hires = exams.rank_opening(actor=officer_a, opening=opening_of(campaign))
    x, a, b, c = (fresh(r) for r in regs)
    assert hires.hired == (str(x.pk),) and set(hires.undecided) == {str(a.pk), str(b.pk)}
    extra(officer_a, a, "88")  # one clerk's entry
    fail(officer_a, x)
    a, b, c = fresh(a), fresh(b), fresh(c)
    assert (a.status, b.status, c.status) == (S.HIRED, S.HIRED, S.RANKED)
    for r in (a, b):
        assert hired_note(r).startswith("递补")
        assert sum("拟聘用" in t for t in titles(r)) == 1
    assert "personnel.tied" not in desk(client_for(officer_a))
    second = desk(client_for(officer_a2))
    assert "personnel.second_entry" not in second or second["personnel.second_entry"].count == 0
    fail(officer_a, a)  # another failed hire: c moves up
    assert fresh(c).status == S.HIRED


def test_the_staff_api_shows_the_tie_as_the_pages_do_and_the_candidate_what_was_published(
    tie, officer_a, client_for
):
    a, b, _third = tie
    give_up(a)
    rows = {
        r["id"]: r
        for r in client_for(officer_a).get(f"{API}/registrations?opening={a.opening_id}").json()["items"]
    }
    assert rows[b.pk]["tied"] is False  # the one left ties nobody (and took the seat)
    assert rows[a.pk]["tied"] is False  # the opening's page shows no 并列 on a withdrawn row
    assert client_for(officer_a).get(f"{API}/registrations/{a.pk}").json()["tied"] is False
    page = (
        client_for(officer_a).get(reverse("personnel:opening_detail", args=[a.opening_id])).content.decode()
    )
    assert 'data-testid="tied"' not in page
    # the candidate who gave up keeps reading the place they had, tie included
    own = client_for(a.candidate.user).get(f"{API}/registrations/{a.pk}").json()
    assert (own["rank"], own["tied"], own["extra_rounds"]) == (1, True, [])
