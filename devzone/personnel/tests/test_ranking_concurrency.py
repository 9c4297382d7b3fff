"""Scores, the shortlist and the ranking at the same moment. Every score entry — written, interview, 加试 — locks
the opening before the registration (``hiring.lock_opening_of``), and the shortlist and the ranking lock the
opening, then read its registrations ``select_for_update``: the module's one lock order. A score corrected while
the opening is ranked is either in before the ranking reads it or waits until the ranking is done; never does
someone get hired on a score that no longer counts (两人录入不一致). The concurrent cases run on PostgreSQL (SQLite
takes no row locks); the lock order is read from the queries on both."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from devzone.core.errors import DomainError
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Registration
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_extra_test import _ranked, extra, fresh
from devzone.personnel.tests.test_give_up import _first_touch
from devzone.personnel.tests.test_recruitment import (
    _close,
    _enter,
    _qualified,
    _seated,
    _written_entered,
    opening_of,
)
from devzone.testing.concurrency import run_in_threads

pytestmark = pytest.mark.django_db
POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)
CONCURRENT = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _written(city, campaign, officers, city_officer):
    """Three seated for one seat (1:3), every written score confirmed; no shortlist yet."""
    campaign, regs = _written_entered(city, campaign, officers, city_officer, ["90", "85", "80"])
    return campaign, [fresh(r) for r in regs]


def _interviewed(city, campaign, officers, city_officer):
    """The three shortlisted, every interview score confirmed (composites 80, 87.5, 70); not ranked yet."""
    campaign, regs = _written(city, campaign, officers, city_officer)
    exams.shortlist_opening(actor=officers[0], opening=opening_of(campaign))
    for reg, i in zip(regs, ["70", "90", "60"], strict=True):
        _enter(officers, reg, "interview", i)
    return campaign, [fresh(r) for r in regs]


def _locking_read(queries, table: str) -> int:
    """The index of the first ``SELECT … FOR UPDATE`` of ``table``."""
    for n, q in enumerate(queries):
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"] and "FOR UPDATE" in q["sql"]:
            return n
    raise AssertionError(f"{table} is never read FOR UPDATE")


# --- the lock order ------------------------------------------------------------------------------------------------
def test_a_written_score_entry_locks_the_opening_before_the_registration(
    city, campaign, officer_a, city_officer
):
    """Not only the 加试 (which re-ranks the opening): a written score is what the shortlist reads, so its entry
    queues on the opening as the shortlist does."""
    regs = _qualified(city, campaign, officer_a, 3)
    _seated(_close(campaign), city_officer)
    with CaptureQueriesContext(connection) as seen:
        exams.score_enter(actor=officer_a, registration=regs[0].pk, stage="written", score="85")
    assert _first_touch(seen, "personnel_opening") < _first_touch(seen, "personnel_registration")


def test_an_interview_score_correction_locks_the_opening_before_the_registration(
    city, campaign, officer_a, officer_a2, city_officer
):
    _campaign, (_a, b, _c) = _interviewed(city, campaign, [officer_a, officer_a2], city_officer)
    with CaptureQueriesContext(connection) as seen:
        assert (
            exams.score_enter(actor=officer_a, registration=b.pk, stage="interview", score="60") == "mismatch"
        )
    assert _first_touch(seen, "personnel_opening") < _first_touch(seen, "personnel_registration")


@POSTGRESQL_ONLY
def test_the_shortlist_and_the_ranking_lock_the_registrations_they_read_after_the_opening(
    city, campaign, officer_a, officer_a2, city_officer
):
    officers = [officer_a, officer_a2]
    campaign, regs = _written(city, campaign, officers, city_officer)
    with CaptureQueriesContext(connection) as seen:
        exams.shortlist_opening(actor=officer_a, opening=opening_of(campaign))
    assert _locking_read(seen, "personnel_opening") < _locking_read(seen, "personnel_registration")
    for reg, i in zip(regs, ["70", "90", "60"], strict=True):
        _enter(officers, reg, "interview", i)
    with CaptureQueriesContext(connection) as seen:
        exams.rank_opening(actor=officer_a, opening=opening_of(campaign))
    assert _locking_read(seen, "personnel_opening") < _locking_read(seen, "personnel_registration")


# --- at the same moment (PostgreSQL) ------------------------------------------------------------------------------
@CONCURRENT
@POSTGRESQL_ONLY
def test_an_interview_score_corrected_while_the_opening_is_ranked_is_never_ranked_on(
    city, campaign, officer_a, officer_a2, city_officer
):
    """Clerk 1 corrects b's interview score (90 → 60: a mismatch, nothing counts until clerk 2 agrees) and holds
    the transaction open while clerk 2 ranks the opening. The ranking waits on the opening, then reads b without
    a score that counts: refused, nobody ranked — not b hired on the 90 that no longer counts."""
    campaign, (a, b, c) = _interviewed(city, campaign, [officer_a, officer_a2], city_officer)
    holding, release = threading.Event(), threading.Event()
    out = {}

    def correct():
        try:
            with transaction.atomic():
                out["entry"] = exams.score_enter(
                    actor=officer_a, registration=b.pk, stage="interview", score="60"
                )
                holding.set()
                release.wait(10)
        except Exception as e:  # noqa: BLE001 — asserted below
            out["entry"] = e
        finally:
            connection.close()

    def rank():
        holding.wait(10)
        try:
            out["rank"] = exams.rank_opening(actor=officer_a2, opening=opening_of(campaign))
        except Exception as e:  # noqa: BLE001 — asserted below
            out["rank"] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=correct), threading.Thread(target=rank)]
    for t in threads:
        t.start()
    holding.wait(10)
    time.sleep(1.5)  # the ranking has started and waits on the opening
    release.set()
    for t in threads:
        t.join()
    assert out["entry"] == "mismatch", out
    assert isinstance(out["rank"], DomainError) and "面试成绩未经两人一致录入" in str(out["rank"]), out
    regs = [fresh(r) for r in (a, b, c)]
    assert [(r.status, r.rank) for r in regs] == [(S.SHORTLISTED, None)] * 3
    assert regs[1].interview_score is None


@CONCURRENT
@POSTGRESQL_ONLY
def test_a_withdrawal_and_the_ranking_at_the_same_moment(city, campaign, officer_a, officer_a2, city_officer):
    """Whichever comes first, neither deadlocks, one seat is filled, and b is out of it."""
    campaign, (a, b, c) = _interviewed(city, campaign, [officer_a, officer_a2], city_officer)

    def work(i):
        if i == 0:
            return reg_svc.registration_withdraw(actor=b.candidate.user, registration=b.pk).status
        return exams.rank_opening(actor=officer_a, opening=opening_of(campaign)).hired

    results = run_in_threads(work, 2)
    assert not any(isinstance(r, Exception) and "deadlock" in str(r).lower() for r in results), results
    regs = [fresh(r) for r in (a, b, c)]
    assert [r.status for r in regs].count(S.HIRED) == 1, [(r.status, r.rank) for r in regs]
    assert regs[1].status == S.WITHDRAWN


@CONCURRENT
@POSTGRESQL_ONLY
def test_the_two_last_additional_test_confirmations_at_once(
    city, campaign, officer_a, officer_a2, city_officer
):
    """Both tied candidates' 加试 scores confirmed at the same instant: both count, the higher takes the seat, once."""
    _hires, (a, b, _c) = _ranked(
        city, campaign, [officer_a, officer_a2], city_officer, ["90", "90", "80", "70"], ["80", "80", "85"]
    )
    extra(officer_a, a, "80")
    extra(officer_a, b, "90")

    def work(i):
        return extra(officer_a2, (a, b)[i], ("80", "90")[i])

    assert run_in_threads(work, 2) == ["confirmed", "confirmed"]
    assert (fresh(b).status, fresh(a).status) == (S.HIRED, S.RANKED)
    assert Registration.objects.filter(opening=a.opening, status=S.HIRED).count() == 1
