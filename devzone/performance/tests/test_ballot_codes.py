"""Ballot codes are stored keyed: a code is 10 characters of a 32-letter alphabet (50 bits), so a plain SHA-256
of it beside its department lets whoever holds a copy of the database (a backup) search every unused code
offline and vote in a delegate's place. The digest is an HMAC-SHA256 under the round's code key, a key file
beside the ballot box's keys (outside the database, never in a backup), destroyed when voting closes. Codes
made before the keyed digest (a round voting through the upgrade) still open their ballots."""

from __future__ import annotations

import hashlib

import pytest

from devzone.core.errors import DomainError
from devzone.performance import ballot_box
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import BallotCode, Round
from devzone.testing.performance import ballot_for, run_round

pytestmark = pytest.mark.django_db


def _plain(code: str) -> str:
    return hashlib.sha256(svc.normalize_code(code).encode()).hexdigest()


def test_a_code_is_stored_as_an_hmac_under_a_key_outside_the_database(org):
    r, codes = run_round(org, until=RoundStatus.NOMINATION)
    r.refresh_from_db()
    assert r.code_key is not None and ballot_box.key_exists(r.code_key)
    assert r.code_key not in (r.box_key, r.inbox_key)
    stored = set(BallotCode.objects.filter(round=r).values_list("digest", flat=True))
    assert stored == {svc.digest(code, r.code_key) for _d, code in codes}
    assert not stored & {_plain(code) for _d, code in codes}


def test_the_code_key_is_destroyed_when_voting_closes_and_new_codes_get_a_new_key(
    org, django_capture_on_commit_callbacks
):
    r, _codes = run_round(org, until=RoundStatus.NOMINATION)
    r.refresh_from_db()
    first = r.code_key
    with django_capture_on_commit_callbacks(execute=True):
        codes = svc.codes_generate(actor=org.tally, round=r)  # printed again before anyone voted
    r.refresh_from_db()
    assert r.code_key != first and not ballot_box.key_exists(first) and ballot_box.key_exists(r.code_key)
    assert svc.code_lookup(_codes[0][1]) is None  # the first print is void
    svc.round_advance(actor=org.tally, round=r)
    by_name = {d.name: d for d in org.depts}
    for k, (dept, code) in enumerate(codes):
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 95 - (k % 3)))
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 for d in org.depts})
    with django_capture_on_commit_callbacks(execute=True):
        svc.round_advance(actor=org.tally, round=r)
    r.refresh_from_db()
    assert r.voting_closed and not ballot_box.key_exists(r.code_key)


def test_a_code_of_one_round_is_not_taken_in_another_rounds_key(org, org_b):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    rb, codes_b = run_round(org_b, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org_b.depts}
    dept, code = codes_b[0]
    assert svc.code_lookup(code).round_id == rb.pk
    svc.ballot_cast(code=code, scores=ballot_for(org_b, by_name[dept], 90))
    assert BallotCode.objects.get(
        round=rb, digest=svc.digest(code, Round.objects.get(pk=rb.pk).code_key)
    ).used
    assert not BallotCode.objects.filter(round=r, used=True).exists()


def test_a_round_voting_through_the_upgrade_keeps_its_plain_digests(org):
    """Codes printed before the keyed digest: the round has no code key and its rows hold the plain SHA-256;
    its delegates still vote with them (the closed rounds' used codes stay as they are)."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    r.refresh_from_db()
    for _d, code in codes:
        BallotCode.objects.filter(round=r, digest=svc.digest(code, r.code_key)).update(digest=_plain(code))
    ballot_box.key_destroy(r.code_key)
    Round.objects.filter(pk=r.pk).update(code_key=None)
    by_name = {d.name: d for d in org.depts}
    dept, code = codes[0]
    assert svc.code_lookup(code) is not None
    svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 90))
    assert BallotCode.objects.get(digest=_plain(code)).used
    with pytest.raises(DomainError, match="已经使用过"):
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 90))


def test_a_keyed_rounds_code_is_not_found_by_its_plain_digest(org):
    """A row whose stored digest is a plain SHA-256 in a round that has a code key is not a code of it."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    r.refresh_from_db()
    _d, code = codes[0]
    BallotCode.objects.filter(round=r, digest=svc.digest(code, r.code_key)).update(digest=_plain(code))
    assert svc.code_lookup(code) is None


def test_a_ballot_code_prints_as_text(org):
    r, _codes = run_round(org, until=RoundStatus.NOMINATION)
    code = BallotCode.objects.filter(round=r).first()
    assert str(code) == "测评码"
    code.used = True
    assert str(code) == "测评码（已用）"
