"""Confidentiality of the democratic evaluation: after voting the database holds no link from a score to a
person (no user, time, ballot or order on a score; codes only as digests); the audit trail never says who voted
or what; before publication only the tally staff see totals, and only once the minimum ballots are in."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from devzone.core.models import AuditEvent
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import BallotCode, BallotScore
from devzone.testing.performance import ballot_for, run_round

pytestmark = pytest.mark.django_db


def test_after_voting_no_score_links_to_a_person(org):
    r, codes = run_round(org, until=RoundStatus.LEADER)
    # the score table has exactly these columns: nothing about a voter, a time, a ballot or an order
    cols = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), BallotScore._meta.db_table
        )
    }
    assert cols == {"id", "round_id", "department_id", "score"}
    assert {f.name for f in BallotScore._meta.get_fields()} == {"id", "round", "department", "score"}
    assert {f.name for f in BallotCode._meta.get_fields()} == {"id", "round", "department", "digest", "used"}
    # no column anywhere in the performance tables refers to a score row or a code
    for model in apps.get_app_config("performance").get_models():
        for f in model._meta.get_fields():
            if f.is_relation and f.concrete:
                assert f.related_model not in (BallotScore, BallotCode), (model, f.name)
    # no plaintext code is stored anywhere, only digests
    with connection.cursor() as cur:
        for model in apps.get_app_config("performance").get_models():
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            dump = repr(cur.fetchall())
            for _dept, code in codes:
                assert code not in dump
    assert set(BallotCode.objects.values_list("digest", flat=True)) <= {svc.digest(c) for _d, c in codes}
    # the audit trail: nothing about a single ballot, no delegate linked to any score
    notes = " ".join(AuditEvent.objects.values_list("note", flat=True))
    assert "测评截止 收回15张，其中无效0张" in notes  # the counts only, from the step machine's audit line
    for d in r.delegates.select_related("staff"):
        assert not AuditEvent.objects.filter(note__contains="投票", actor_label=d.staff.name).exists()
    assert not AuditEvent.objects.filter(content_type__model__in=["ballotscore", "ballotcode"]).exists()
    # ids are random UUIDs: sorting by them says nothing about the casting order
    ids = list(BallotScore.objects.values_list("id", flat=True))
    assert len({i.version for i in ids}) == 1 and ids[0].version == 4


def test_closing_rewrites_the_scores_in_a_new_order(org):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    for k, (dept, code) in enumerate(codes):
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 95 - (k % 3)))
    before = sorted(BallotScore.objects.values_list("department_id", "score"))
    ids_before = set(BallotScore.objects.values_list("id", flat=True))
    svc.round_advance(actor=org.tally, round=r)
    assert sorted(BallotScore.objects.values_list("department_id", "score")) == before  # same multiset
    assert not ids_before & set(BallotScore.objects.values_list("id", flat=True))  # every row is new


def test_totals_are_hidden_until_the_minimum_and_from_everyone_but_the_tally_staff(org, client_for):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    url = reverse("performance:round_detail", args=[r.pk])
    for k, (dept, code) in enumerate(codes[: r.scheme.min_ballots - 1]):
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 90 - k))
    assert "民主测评</th>" not in client_for(org.tally).get(url).content.decode()
    dept, code = codes[r.scheme.min_ballots - 1]
    svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 80))
    # the minimum is in, but the box is open: no running means (a refresh after each ballot would show it)
    page = client_for(org.tally).get(url).content.decode()
    assert "民主测评</th>" not in page and "有效 6 张" in page
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 - i for i, d in enumerate(org.depts)})
    svc.round_advance(actor=org.tally, round=r)  # close the ballot box
    assert "民主测评</th>" in client_for(org.tally).get(url).content.decode()
    for user in (org.leader, org.heads[org.depts[0].pk]):
        assert "民主测评</th>" not in client_for(user).get(url).content.decode()


def test_the_ballot_page_reveals_nothing_and_is_rate_limited(org, client):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    url = reverse("performance:vote")
    assert client.get(url).status_code == 200
    dept_name, code = codes[0]
    resp = client.post(url, {"code": code.lower()})
    assert resp.status_code == 200
    body = resp.content.decode()
    own = next(d for d in org.depts if d.name == dept_name)
    assert own.name not in body.split("民主测评", 1)[-1].split("提交选票")[0].replace(f"{own.name}的代表", "")
    data = {"code": code, "cast": "1", **{f"score_{k}": v for k, v in ballot_for(org, own, 90).items()}}
    assert client.post(url, data).status_code == 200
    assert client.post(url, data).status_code == 400  # used
    assert client.post(url, {"code": "NOPE-NOPE"}).status_code == 400
    # the API refuses the used code too, and needs no login
    api = client.post(
        "/api/v1/performance/ballots",
        json.dumps({"code": code, "scores": {}}),
        content_type="application/json",
    )
    assert api.status_code == 400 and "已经使用过" in api.json()["title"]
    statuses = [client.post(url, {"code": "XXXXX-XXXXX"}).status_code for _ in range(40)]
    assert statuses[-1] == 429
    r.refresh_from_db()
    assert r.ballots_cast == 1
