"""While voting is open, nothing in the database ties a ballot to the code spent with it (docs/security.md,
"Nothing ties a ballot to its code"): a code names the department whose delegates drew it — about three named
people — so a ballot paired with its code by a copy of the database and the key folder would be theirs. The
ballot waits in the round's inbox, then a release writes a batch of ballots again in a transaction of its own, in
random order — so on PostgreSQL the released ballots share one transaction id (``xmin``) that no code carries,
and their order on the heap is not the order they were cast in. And no ballot is lost or counted twice when a
release fails or a process dies before it; the closing counts the ballots still in the inbox."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from devzone.core.errors import DomainError
from devzone.performance import ballot_box
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import BallotCode, Round, ScoreCount, SealedBallot
from devzone.performance.services import ballots
from devzone.testing.performance import ballot_for, run_round


def _cast(org, r, code_row: tuple[str, str], base: int) -> dict[int, Decimal]:
    """One delegate's ballot (distinct per ``base``); the scores it gave."""
    dept, code = code_row
    own = next(d for d in org.depts if d.name == dept)
    ballot = ballot_for(org, own, base)
    svc.ballot_cast(code=code, scores=ballot)
    return {d: Decimal(s) for d, s in ballot.items()}


def _xmins(sql: str, round_id: int) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(sql, [round_id])
        return [int(x) for (x,) in cur.fetchall()]


def _keys() -> set[str]:
    from django.conf import settings

    return {p.stem for p in Path(settings.DEVZONE_BALLOT_KEY_DIR).glob("*.key")}


def _close(org, r) -> Round:
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 for d in org.depts})
    svc.round_advance(actor=org.tally, round=Round.objects.get(pk=r.pk))  # 截止: the box is opened
    return Round.objects.get(pk=r.pk)


def _counted(r) -> int:
    return sum(ScoreCount.objects.filter(round=r).values_list("count", flat=True))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="transaction ids on rows (xmin) and the heap's order are PostgreSQL's; SQLite stamps no transaction "
    "on a row and overwrites deleted rows (secure_delete)",
)
def test_it_ties_no_released_ballot_to_its_code_by_transaction_id_or_order(org, monkeypatch):
    # ten ballots in one batch: the heap keeps the casting order once in 3,628,800
    monkeypatch.setattr(ballots, "RELEASE_AT_LEAST", 10, raising=False)
    r, codes = run_round(org, until=RoundStatus.VOTING)
    first_inbox_key = Round.objects.get(pk=r.pk).inbox_key
    assert ballot_box.key_exists(first_inbox_key)
    cast = [_cast(org, r, codes[k], 95 - k) for k in range(10)]  # each its own committed transaction

    spent = _xmins(
        "SELECT xmin::text FROM performance_ballotcode WHERE round_id = %s AND used ORDER BY xmin::text::bigint",
        r.pk,
    )
    boxes = _xmins("SELECT xmin::text FROM performance_sealedballot WHERE round_id = %s", r.pk)
    assert len(spent) == len(set(spent)) == len(boxes) == 10  # a transaction of its own for each code ...
    assert not set(boxes) & set(spent)  # ... and none of them wrote a ballot that is still there
    assert len(set(boxes)) == 1 and boxes[0] > spent[-1]  # the batch, written at once after the last ballot
    # in the order of the heap, the ballots do not come as they were cast
    r.refresh_from_db()
    with connection.cursor() as cur:
        cur.execute("SELECT box FROM performance_sealedballot WHERE round_id = %s ORDER BY ctid", [r.pk])
        on_heap = [ballot_box.unseal(r.box_key, bytes(box)) for (box,) in cur.fetchall()]
    key = lambda scores: sorted(scores.items())  # noqa: E731
    assert sorted(on_heap, key=key) == sorted(cast, key=key) and on_heap != cast
    # nothing per department: the round counts the ballots received, a sealed ballot names no department
    assert r.ballots_cast == 10
    assert {f.column for f in SealedBallot._meta.concrete_fields} == {"id", "round_id", "box", "pending"}
    # the inbox's first key is destroyed: a deleted inbox row left on a page can no longer be opened
    assert not SealedBallot.objects.filter(round=r, pending=True).exists()
    assert r.inbox_key != first_inbox_key and not ballot_box.key_exists(first_inbox_key)
    assert ballot_box.key_exists(r.inbox_key) and ballot_box.key_exists(r.box_key)

    # one more waits in the inbox (fewer than a batch): until it is released, it shares its code's transaction
    _cast(org, r, codes[10], 80)
    (waiting,) = _xmins(
        "SELECT xmin::text FROM performance_sealedballot WHERE round_id = %s AND pending", r.pk
    )
    assert waiting in _xmins(
        "SELECT xmin::text FROM performance_ballotcode WHERE round_id = %s AND used", r.pk
    )
    r = _close(org, r)  # ... and the closing counts it with the rest
    assert r.status == RoundStatus.LEADER and (r.ballots_cast, r.ballots_invalid) == (11, 0)
    assert _counted(r) == 11 * (len(org.depts) - 1)
    assert not SealedBallot.objects.filter(round=r).exists()
    assert not ballot_box.key_exists(r.box_key) and not ballot_box.key_exists(r.inbox_key)


@pytest.mark.django_db
def test_a_ballot_is_neither_lost_nor_counted_twice_when_a_release_fails_or_never_runs(
    org, monkeypatch, django_capture_on_commit_callbacks
):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    batch = ballots.release_batch(r)
    assert batch == 5  # three delegates a department: every batch holds two departments' ballots at least
    keys = _keys()

    def dies(*args, **kwargs):
        raise OSError("the process died while it released the inbox")

    monkeypatch.setattr(SealedBallot.objects, "bulk_create", dies)  # after the inbox rows were deleted
    expected: Counter = Counter()
    for k in range(batch):
        with django_capture_on_commit_callbacks(execute=True):
            expected.update(_cast(org, r, codes[k], 95 - k).items())  # the last one's release fails
    r.refresh_from_db()
    assert SealedBallot.objects.filter(round=r, pending=True).count() == batch  # all still in the inbox
    assert r.ballots_cast == batch
    assert _keys() == keys  # the same inbox key; the one the failed release made is gone
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        expected.update(_cast(org, r, codes[batch], 80).items())  # the next ballot's release takes them all
    assert SealedBallot.objects.filter(round=r, pending=False).count() == batch + 1
    assert not SealedBallot.objects.filter(round=r, pending=True).exists()
    assert ballots.inbox_release(r.pk, at_least=1) == 0  # released once: nothing is left to release
    assert Round.objects.get(pk=r.pk).ballots_cast == batch + 1  # a release counts nothing

    # committed, and the process dies before its release (the callbacks of these casts never run)
    expected.update(_cast(org, r, codes[batch + 1], 70).items())
    assert SealedBallot.objects.filter(round=r, pending=True).count() == 1
    r = _close(org, r)
    assert (r.ballots_cast, r.ballots_invalid) == (batch + 2, 0)
    assert {
        (d, s): n
        for d, s, n in ScoreCount.objects.filter(round=r).values_list("department_id", "score", "count")
    } == dict(expected)
    assert BallotCode.objects.filter(round=r, used=True).count() == batch + 2
    assert not SealedBallot.objects.filter(round=r).exists()


@pytest.mark.django_db
def test_the_closing_counts_the_ballots_still_in_the_inbox(org, django_capture_on_commit_callbacks):
    """Released ballots, ballots never released (one of them invalid) and a ballot sealed before the round had an
    inbox: the closing opens them all, counts each once; a void vote's re-vote starts with new keys."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    r.refresh_from_db()
    # a round whose voting began before the inbox: one ballot sealed under the round's key, no inbox key yet
    legacy = ballot_for(org, next(d for d in org.depts if d.name == codes[0][0]), 95)
    SealedBallot.objects.create(
        round=r, box=ballot_box.seal(r.box_key, {d: Decimal(s) for d, s in legacy.items()})
    )
    BallotCode.objects.filter(digest=svc.digest(codes[0][1], r.code_key)).update(used=True)
    Round.objects.filter(pk=r.pk).update(ballots_cast=1, inbox_key=None)
    expected: Counter = Counter({(d, Decimal(s)): 1 for d, s in legacy.items()})
    for k in range(1, 6):
        with django_capture_on_commit_callbacks(execute=True):
            expected.update(_cast(org, r, codes[k], 95 - k).items())
    r.refresh_from_db()
    assert r.inbox_key is not None and ballot_box.key_exists(r.inbox_key)  # made by the first cast
    assert SealedBallot.objects.filter(round=r, pending=False).count() == 6  # the legacy one and a batch of 5
    dept, code = codes[6]
    own = next(d for d in org.depts if d.name == dept)
    assert (
        svc.ballot_cast(code=code, scores={d.pk: 88 for d in org.depts if d != own}) is False
    )  # never released
    expected.update(_cast(org, r, codes[7], 60).items())
    assert SealedBallot.objects.filter(round=r, pending=True).count() == 2
    box_key, inbox_key = r.box_key, r.inbox_key
    with django_capture_on_commit_callbacks(execute=True):
        r = _close(org, r)
    assert (r.status, r.ballots_cast, r.ballots_invalid) == (RoundStatus.LEADER, 8, 1)
    assert {
        (d, s): n
        for d, s, n in ScoreCount.objects.filter(round=r).values_list("department_id", "score", "count")
    } == dict(expected)
    assert not ballot_box.key_exists(box_key) and not ballot_box.key_exists(inbox_key)


@pytest.mark.django_db
def test_a_void_vote_destroys_both_keys_and_the_revote_gets_new_ones(org, django_capture_on_commit_callbacks):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    r.refresh_from_db()
    for dept, code in codes[: r.scheme.min_ballots]:
        own = next(d for d in org.depts if d.name == dept)
        svc.ballot_cast(
            code=code, scores={d.pk: 80 for d in org.depts if d != own}
        )  # all invalid, in the inbox
    box_key, inbox_key = r.box_key, r.inbox_key
    with django_capture_on_commit_callbacks(execute=True):
        r = _close(org, r)
    assert r.revote_required and r.ballots_invalid == r.scheme.min_ballots
    assert not ballot_box.key_exists(box_key) and not ballot_box.key_exists(inbox_key)
    with pytest.raises(DomainError):  # the void vote's unused codes are dead
        svc.ballot_cast(code=codes[-1][1], scores=ballot_for(org, org.depts[0], 90))
    svc.codes_generate(actor=org.tally, round=r)
    r.refresh_from_db()
    assert {r.box_key, r.inbox_key}.isdisjoint({box_key, inbox_key})
    assert ballot_box.key_exists(r.box_key) and ballot_box.key_exists(r.inbox_key)
