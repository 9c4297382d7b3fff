"""放弃 at every stage until the hire is recorded: a candidate 进入面试 (放弃面试资格) or 已排名 gives up on the portal
page or through the API (the same operation and service as before the interview). A 进入面试 candidate simply
leaves — nobody moves up into the interview, the zone's 人事专员 are told of the freed place; an 已排名 one no longer
counts in the seats: a tie across the last seat that the withdrawal resolves gives the seat to the one left,
without 加试 (the desk and the 加试 page stop asking for it), one that remains still waits for the 加试 of those
left. The withdrawal locks the opening before the registration, as the 加试 score entry and the ranking do."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Registration, RegistrationEvent
from devzone.personnel.services import exams, hiring
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_extra_test import _ranked, extra, fresh, titles
from devzone.personnel.tests.test_recruitment import _enter, _written_entered, opening_of
from devzone.personnel.tests.test_withdrawal import _hire_recorded
from devzone.testing.personnel import record_step

pytestmark = pytest.mark.django_db

API = "/api/v1/personnel"


def _page(reg) -> str:
    return reverse("personnel:my_registration", args=[reg.pk])


def _give_up_on_the_page(client_for, reg):
    """The candidate's page offers the button with a confirmation; pressing it posts the version they saw."""
    mine = client_for(reg.candidate.user)
    html = mine.get(_page(reg)).content.decode()
    button = re.search(r'<button[^>]*value="withdraw"[^>]*>', html)
    assert button is not None and "data-confirm=" in button.group(0)
    return mine.post(_page(reg), {"action": "withdraw", "version": fresh(reg).version}, follow=True)


def _desk(client) -> dict:
    return {e.key: e for e in client.get(reverse("dashboard:home")).context["desk"]}


def _officer_titles(officer) -> list[str]:
    return list(officer.notifications.values_list("title", flat=True))


# --- 进入面试 ------------------------------------------------------------------------------------------------------
@pytest.fixture
def shortlisted(city, campaign, officer_a, officer_a2, city_officer):
    """Four qualified for one seat at 1:3: the first three by written score go to the interview, the fourth not."""
    campaign, regs = _written_entered(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "85", "80", "70"]
    )
    exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    regs = [fresh(r) for r in regs]
    assert [r.status for r in regs] == [S.SHORTLISTED] * 3 + [S.NOT_SHORTLISTED]
    return regs


def test_a_shortlisted_candidate_gives_up_the_interview_and_nobody_moves_up_into_it(
    shortlisted, officer_a, officer_a2, client_for
):
    first, second, third, fourth = shortlisted
    html = client_for(second.candidate.user).get(_page(second)).content.decode()
    assert "放弃面试资格" in html
    answer = _give_up_on_the_page(client_for, second)
    assert "已撤回报名" in answer.content.decode()
    assert fresh(second).status == S.WITHDRAWN
    assert RegistrationEvent.objects.filter(
        registration=second, from_status=S.SHORTLISTED, to_status=S.WITHDRAWN, actor=second.candidate.user
    ).exists()
    # no 递补 into the interview: the one below the line stays out; the office is told of the freed place
    assert fresh(fourth).status == S.NOT_SHORTLISTED
    assert any(second.candidate.name in t and "放弃" in t for t in _officer_titles(officer_a))
    opening = client_for(officer_a).get(reverse("personnel:opening_detail", args=[second.opening_id]))
    assert "已放弃" in opening.content.decode()
    # the interview goes on without them: no score is taken for them, the ranking leaves them out
    with pytest.raises(DomainError, match="不参加此环节"):
        exams.score_enter(actor=officer_a, registration=second.pk, stage="interview", score="90")
    for reg, score in ((first, "80"), (third, "95")):
        _enter([officer_a, officer_a2], reg, "interview", score)
    hires = exams.rank_opening(actor=officer_a, opening=second.opening)
    assert hires.hired == (str(third.pk),)
    assert fresh(second).rank is None and fresh(second).status == S.WITHDRAWN
    assert 'value="withdraw"' not in client_for(second.candidate.user).get(_page(second)).content.decode()


# --- 已排名 --------------------------------------------------------------------------------------------------------
def test_a_ranked_candidate_outside_any_tie_gives_up_through_the_api_and_the_hires_stay(
    ranked, officer_a, client_for
):
    first, second, third, fourth = ranked
    answer = client_for(second.candidate.user).post_json(
        f"{API}/registrations/{second.pk}/withdraw", {"version": second.version}
    )
    assert answer.status_code == 200 and answer.json()["status"] == "withdrawn"
    assert [(fresh(r).status, fresh(r).rank) for r in ranked] == [
        (S.HIRED, 1),
        (S.WITHDRAWN, 2),
        (S.RANKED, 3),
        (S.RANKED, 4),
    ]
    assert Registration.objects.filter(opening=first.opening, status=S.HIRED).count() == 1
    assert any(second.candidate.name in t for t in _officer_titles(officer_a))
    # the seat taken stays taken: when the hire fails, the next one still in the running moves up
    record_step(officer_a, first, "medical", "failed", dt.date(2026, 9, 1), "体检不合格")
    assert (fresh(second).status, fresh(third).status) == (S.WITHDRAWN, S.HIRED)


def test_the_recorded_hire_still_cannot_give_up_while_a_ranked_one_may(ranked, officer_a, zone_a):
    first, second = ranked[:2]
    _hire_recorded(officer_a, zone_a, first)
    with pytest.raises(DomainError, match="已登记聘用"):
        reg_svc.registration_withdraw(actor=first.candidate.user, registration=first.pk)
    assert "withdraw" not in reg_svc.candidate_moves(fresh(first))
    assert "withdraw" in reg_svc.candidate_moves(fresh(second))
    reg_svc.registration_withdraw(actor=second.candidate.user, registration=second.pk)
    assert (fresh(first).status, fresh(second).status) == (S.HIRED, S.WITHDRAWN)
    assert Registration.objects.filter(opening=first.opening, status=S.HIRED).count() == 1


# --- a tie across the last seat ------------------------------------------------------------------------------------
def test_one_of_two_tied_for_the_seat_gives_up_and_the_other_takes_it_without_the_additional_test(
    tie, officer_a, officer_a2, client_for
):
    a, b, third = tie
    assert _desk(client_for(officer_a))["personnel.tied"].count == 2
    extra(officer_a, b, "88")  # one clerk's 加试 entry for b, waiting for the second
    assert _desk(client_for(officer_a2))["personnel.second_entry"].count == 1
    _give_up_on_the_page(client_for, a)
    a, b, third = fresh(a), fresh(b), fresh(third)
    assert (a.status, b.status, third.status) == (S.WITHDRAWN, S.HIRED, S.RANKED)
    assert RegistrationEvent.objects.filter(registration=b, to_status=S.HIRED).get().note.startswith("递补")
    assert any("拟聘用人选" in t for t in titles(b))
    # nobody is asked for the 加试 any more: not on the desk, not on the 加试 page, not by the service
    officer = client_for(officer_a)
    assert "personnel.tied" not in _desk(officer)
    desk2 = _desk(client_for(officer_a2))
    assert "personnel.second_entry" not in desk2 or desk2["personnel.second_entry"].count == 0
    page = officer.get(reverse("personnel:extra_test", args=[b.opening_id])).content.decode()
    assert 'data-testid="extra-test-none"' in page and 'data-testid="extra-score-form"' not in page
    with pytest.raises(DomainError, match="不参加"):
        extra(officer_a2, b, "88")
    assert hiring.extra_test_of(b.opening) == []
    # the proposed hire goes on as usual (from the day they took the seat: today)
    record_step(officer_a, b, "medical", "passed", timezone.localdate())


def test_one_of_three_tied_for_the_seat_gives_up_and_the_two_left_still_sit_the_additional_test(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    officers = [officer_a, officer_a2]
    hires, (a, b, c) = _ranked(city, campaign, officers, city_officer, ["90", "90", "90", "70"], ["80"] * 3)
    assert hires.hired == () and len(hires.undecided) == 3
    assert _desk(client_for(officer_a))["personnel.tied"].count == 3
    reg_svc.registration_withdraw(actor=b.candidate.user, registration=b.pk, version=b.version)
    assert [fresh(r).status for r in (a, b, c)] == [S.RANKED, S.WITHDRAWN, S.RANKED]
    assert [r.pk for r in hiring.extra_test_of(a.opening)] == [a.pk, c.pk]
    assert _desk(client_for(officer_a))["personnel.tied"].count == 2
    page = client_for(officer_a).get(reverse("personnel:extra_test", args=[a.opening_id])).content.decode()
    assert 'data-testid="extra-test-waiting"' in page and page.count('data-testid="extra-score-form"') == 2
    with pytest.raises(DomainError):
        extra(officer_a, b, "99")  # the one who gave up sits nothing
    _enter(officers, a, "extra", "86")
    assert (fresh(a).status, fresh(c).status) == (S.RANKED, S.RANKED)  # one score decides nothing
    _enter(officers, c, "extra", "91")
    assert [(fresh(r).status, fresh(r).rank) for r in (c, a)] == [(S.HIRED, 1), (S.RANKED, 2)]
    assert "personnel.tied" not in _desk(client_for(officer_a))


def _badge(html: str, name: str) -> bool:
    """Whether the opening's list shows 并列 on the row of ``name``."""
    row = next(r for r in html.split("<tr>") if name in r)
    return 'data-testid="tied"' in row


def test_the_tie_badge_goes_when_the_other_tied_candidate_gives_up(tie, officer_a, client_for):
    """并列 counts only those still in the running: b, left alone at the seat, is no longer tied — on the stored
    standing, the opening's list and b's own page. Nobody's rank closes up: b keeps 1st, the third keeps 3rd; a
    keeps, on their own page, the rank and the tie they had when they left."""
    a, b, third = tie
    opening_url = reverse("personnel:opening_detail", args=[a.opening_id])
    assert (a.tied, b.tied) == (True, True)
    reg_svc.registration_withdraw(actor=a.candidate.user, registration=a.pk, version=a.version)
    a, b, third = fresh(a), fresh(b), fresh(third)
    assert [(r.status, r.rank, r.tied) for r in (a, b, third)] == [
        (S.WITHDRAWN, 1, True),
        (S.HIRED, 1, False),
        (S.RANKED, 3, False),
    ]
    html = client_for(officer_a).get(opening_url).content.decode()
    assert not _badge(html, a.candidate.name) and not _badge(html, b.candidate.name)
    assert 'data-testid="tied"' not in client_for(b.candidate.user).get(_page(b)).content.decode()
    own = client_for(a.candidate.user).get(_page(a))
    assert own.context["results"]["rank"] == 1 and 'data-testid="tied"' in own.content.decode()
    assert AuditEvent.objects.filter(
        content_type__model="opening", object_id=str(a.opening_id), note__contains="名次不再并列"
    ).exists()
    assert not any("名次为第" in t for t in titles(b))  # the 加试 placed nobody


def test_the_tied_candidate_left_with_a_counted_additional_test_score_moves_up_not_by_the_test(
    tie, officer_a, officer_a2
):
    """b's 加试 score already counts when a gives up: what gives b the seat is a's leaving, not the 加试 (b was
    compared with nobody) — 递补, in the step and the notice."""
    a, b, _third = tie
    _enter([officer_a, officer_a2], b, "extra", "88")
    assert fresh(b).status == S.RANKED  # one score alone decides nothing
    reg_svc.registration_withdraw(actor=a.candidate.user, registration=a.pk)
    b = fresh(b)
    assert (b.status, b.rank, b.tied) == (S.HIRED, 1, False)
    note = RegistrationEvent.objects.filter(registration=b, to_status=S.HIRED).get().note
    assert note.startswith("递补") and "加试" not in note
    assert any("您已递补为" in t for t in titles(b))
    assert not any("经加试" in t or "名次为第" in t for t in titles(b))


def test_a_hire_the_additional_test_chose_gives_up_and_the_other_moves_up_by_递补(tie, officer_a, officer_a2):
    a, b, _third = tie
    _enter([officer_a, officer_a2], a, "extra", "86")
    _enter([officer_a, officer_a2], b, "extra", "91")
    assert (fresh(b).status, fresh(a).status) == (S.HIRED, S.RANKED)
    reg_svc.registration_withdraw(actor=b.candidate.user, registration=b.pk)
    a = fresh(a)
    assert (a.status, a.rank) == (S.HIRED, 2)  # the place the 加试 gave stays published
    assert RegistrationEvent.objects.filter(registration=a, to_status=S.HIRED).get().note.startswith("递补")
    assert any("您已递补为" in t for t in titles(a)) and not any("经加试，您已" in t for t in titles(a))


# --- what the candidate who gave up still reads ----------------------------------------------------------------------
def test_a_candidate_who_gives_up_the_interview_still_reads_their_written_score(shortlisted, client_for):
    first, second = shortlisted[:2]
    reg_svc.registration_withdraw(actor=second.candidate.user, registration=second.pk)
    mine = client_for(second.candidate.user)
    assert mine.get(_page(second)).context["results"]["written_score"] == D("85")
    assert mine.get(f"{API}/registrations/{second.pk}").json()["written_score"] == "85.00"


def test_a_candidate_who_gave_up_before_the_shortlist_reads_no_written_score_published_after(
    city, campaign, officer_a, officer_a2, city_officer, client_for
):
    campaign, regs = _written_entered(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "85", "80", "70"]
    )
    gone = regs[1]
    reg_svc.registration_withdraw(actor=gone.candidate.user, registration=gone.pk)
    exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    answer = client_for(gone.candidate.user).get(f"{API}/registrations/{gone.pk}").json()
    assert answer["status"] == "withdrawn" and answer["written_score"] is None


def test_a_ranked_candidate_who_gives_up_still_reads_every_result(ranked, client_for):
    second = ranked[1]
    reg_svc.registration_withdraw(actor=second.candidate.user, registration=second.pk)
    answer = client_for(second.candidate.user).get(f"{API}/registrations/{second.pk}").json()
    assert (answer["written_score"], answer["interview_score"], answer["composite"], answer["rank"]) == (
        "80.00",
        "88.00",
        str(second.composite),
        2,
    )


# --- lock order ----------------------------------------------------------------------------------------------------
def _first_touch(queries, table: str) -> int:
    """The index of the first locking read of ``table`` (every read on SQLite, which takes no row locks)."""
    locking = connection.vendor != "sqlite"
    for n, q in enumerate(queries):
        sql = q["sql"]
        if sql.startswith("SELECT") and f'FROM "{table}"' in sql and (not locking or "FOR UPDATE" in sql):
            return n
    raise AssertionError(f"{table} is never read")


def test_giving_up_locks_the_opening_before_the_registration(ranked):
    """The order the 加试 score entry and ``move_up`` take (the opening, then its registrations): a proposed hire or
    a tied candidate giving up while a clerk confirms a 加试 score would otherwise deadlock on PostgreSQL (each
    holding a row the other waits for)."""
    first = ranked[0]
    with CaptureQueriesContext(connection) as seen:
        reg_svc.registration_withdraw(actor=first.candidate.user, registration=first.pk)
    assert fresh(ranked[1]).status == S.HIRED  # 递补
    assert _first_touch(seen, "personnel_opening") < _first_touch(seen, "personnel_registration")


def test_a_failed_hiring_step_locks_the_opening_before_the_registration(ranked, officer_a):
    """A failed step re-ranks the opening (递补): it takes the opening first too."""
    with CaptureQueriesContext(connection) as seen:
        record_step(officer_a, ranked[0], "medical", "failed", dt.date(2026, 9, 1), "体检不合格")
    assert fresh(ranked[1]).status == S.HIRED
    assert _first_touch(seen, "personnel_opening") < _first_touch(seen, "personnel_registration")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_a_tied_candidate_giving_up_while_the_other_s_score_is_confirmed_never_deadlocks(
    tie, officer_a, officer_a2
):
    """At the same moment: a gives up, the second clerk confirms b's 加试 score. Whichever comes first, neither
    fails on a deadlock; b takes the seat (by the withdrawal, or by the 加试 once a is out) — the confirmation,
    when second, is refused because b no longer sits the 加试."""
    from devzone.testing.concurrency import run_in_threads

    a, b, _third = tie
    extra(officer_a, b, "88")

    def work(i):
        if i == 0:
            return reg_svc.registration_withdraw(actor=a.candidate.user, registration=a.pk).status
        return extra(officer_a2, b, "88")

    results = run_in_threads(work, 2)
    assert results[0] == S.WITHDRAWN, results
    assert results[1] == "confirmed" or isinstance(results[1], DomainError), results
    assert (fresh(a).status, fresh(b).status) == (S.WITHDRAWN, S.HIRED)
