"""The ballot's secrecy, from a review (2026-12-07): a department scored by a single received ballot, the
divisor its democratic score's decimals told, and the length of the ballot's answer."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from devzone.core.choices import Rank
from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import DepartmentResult, Round
from devzone.testing.performance import ballot_for, run_round

pytestmark = pytest.mark.django_db


def _to_voting(org, **scheme):
    """A round at 民主测评 under a scheme of ``scheme``, every delegate seat filled; returns it and its codes."""
    if scheme:
        svc.scheme_create(actor=org.leader, zone=org.zone, **scheme)
    seats = scheme.get("delegates_per_department", 3)
    return run_round(org, until=RoundStatus.VOTING, delegates=lambda d: org.staff[d.pk][:seats])


@pytest.mark.parametrize(
    "scheme",
    [
        {"delegates_per_department": 5, "delegate_min_rank": Rank.STAFF},  # five delegates, a minimum of six
        {"min_ballots": 4},  # the default three delegates, a minimum of four
    ],
)
def test_voting_does_not_close_while_a_department_is_scored_by_fewer_than_three_ballots(org, scheme):
    """Every delegate of A votes (A is on none of their ballots) and one delegate of B, seen walking to the box:
    enough ballots for the round, but A would be scored by that one ballot. 截止 is refused, naming A, from the
    codes spent (who voted, never what they gave); two more ballots of other departments let it close."""
    r, codes = _to_voting(org, **scheme)
    a, b, c = org.depts[:3]
    mine = [code for name, code in codes if name == a.name]
    theirs = [code for name, code in codes if name == b.name]
    others = [code for name, code in codes if name == c.name]
    for k, code in enumerate(mine):
        svc.ballot_cast(code=code, scores={d.pk: 80 + i + k for i, d in enumerate(org.depts) if d != a})
    secret = {d.pk: 60 + 3 * i for i, d in enumerate(org.depts) if d != b}
    secret[a.pk] = Decimal("77.31")
    svc.ballot_cast(code=theirs[0], scores=secret)
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 for d in org.depts})
    with pytest.raises(DomainError, match=a.name) as refused:
        svc.round_advance(actor=org.tally, round=Round.objects.get(pk=r.pk))
    assert "少于3张" in refused.value.message and b.name not in refused.value.message
    r = Round.objects.get(pk=r.pk)
    assert r.status == RoundStatus.VOTING and not r.voting_closed
    for code in (theirs[1], others[0]):  # A now scored by three ballots
        own = b if code == theirs[1] else c
        svc.ballot_cast(code=code, scores=ballot_for(org, own, 90))
    svc.round_advance(actor=org.tally, round=Round.objects.get(pk=r.pk))
    r = Round.objects.get(pk=r.pk)
    assert r.status == RoundStatus.LEADER and r.voting_closed


@pytest.mark.parametrize("min_ballots", [1, 2])
def test_a_scheme_needs_at_least_three_ballots(org, min_ballots):
    with pytest.raises(DomainError) as refused:
        svc.scheme_create(actor=org.leader, zone=org.zone, min_ballots=min_ballots)
    assert "min_ballots" in refused.value.errors


@pytest.mark.parametrize("seed", [2, 3, 5])
def test_published_scores_do_not_tell_how_many_ballots_scored_a_department(org, seed):
    """Every delegate votes, one of them a uniform (invalid) ballot: the department of that delegate is scored
    by 12 valid ballots (10 after trimming), the others by 11 (9). Two-decimal means of whole scores told
    x/10 from x/9 — which department's delegate cast the invalid ballot; one decimal still did (x/9 never ends
    in .5). Democratic scores are whole points."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    rnd = random.Random(seed)
    uniform_dept, uniform_done = org.depts[2], False
    for name, code in codes:
        own = by_name[name]
        if own == uniform_dept and not uniform_done:
            uniform_done = True
            assert svc.ballot_cast(code=code, scores={d.pk: 90 for d in org.depts if d != own}) is False
        else:
            svc.ballot_cast(code=code, scores={d.pk: rnd.randint(70, 99) for d in org.depts if d != own})
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 for d in org.depts})
    for _step in range(3):  # close, tally, publish
        svc.round_advance(actor=org.tally, round=Round.objects.get(pk=r.pk))
    published = dict(DepartmentResult.objects.filter(round=r).values_list("department_id", "democratic"))
    assert all(v == v.to_integral_value() for v in published.values()), published


@pytest.mark.parametrize("n", range(1, 13))
def test_a_mean_over_any_number_of_ballots_can_be_any_whole_point(n):
    """No value of a democratic score is out of reach for some number of ballots (to one decimal, 9 ballots
    of whole scores never gave .5, 5 ballots only even tenths)."""
    from devzone.performance import scoring

    reached = {
        scoring.trimmed_mean([Decimal(x)] + [Decimal(0)] * (n - 1), trim_above=99) for x in range(0, 100 * n)
    }
    assert {v % 1 for v in reached} == {0}
    assert set(range(0, 100)) <= {int(v) for v in reached}


def test_the_api_answer_has_one_length_valid_or_not(org, client):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    (n1, c1), (n2, c2) = codes[0], codes[-1]
    d1, d2 = by_name[n1], by_name[n2]
    url = "/api/v1/performance/ballots"
    valid = client.post(url, {"code": c1, "scores": ballot_for(org, d1, 90)}, content_type="application/json")
    uniform = {d.pk: 80 for d in org.depts if d != d2}
    invalid = client.post(url, {"code": c2, "scores": uniform}, content_type="application/json")
    assert valid.status_code == invalid.status_code == 201
    assert (valid.json(), invalid.json()) == ({"valid": True}, {"valid": False})
    assert len(valid.content) == len(invalid.content)


def test_the_page_answer_has_one_length_valid_or_not(org, client):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    (n1, c1), (n2, c2) = codes[0], codes[-1]
    d1, d2 = by_name[n1], by_name[n2]

    def cast(code, scores):
        data = {"code": code, "cast": "1", **{f"score_{k}": str(v) for k, v in scores.items()}}
        return client.post("/performance/vote/", data)

    valid = cast(c1, ballot_for(org, d1, 90))
    invalid = cast(c2, {d.pk: 80 for d in org.depts if d != d2})
    assert valid.status_code == invalid.status_code == 200
    assert len(valid.content) == len(invalid.content)
    # the voter is still told which: the sentence that applies is the one shown
    assert '"vote-done"       >选票已提交' in valid.content.decode()
    assert '"vote-done"       >选票已收回，但按测评规则为无效票' in invalid.content.decode()
