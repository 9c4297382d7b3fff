"""Confidentiality of the democratic evaluation: while voting is open no table, raw database page, session, cache
entry or log line holds a score, a code or a line about a ballot (the ballots are sealed under a key outside the
database); after voting the scores are counts per value and the key is gone; the audit trail never says who
voted or what; before publication only the tally staff see totals, and only once the minimum ballots are in."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
import struct
from collections import Counter
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import openpyxl
import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent
from devzone.performance import ballot_box, scoring
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import BallotCode, Round, ScoreCount, SealedBallot
from devzone.testing.performance import ballot_for, run_round

pytestmark = pytest.mark.django_db


def test_after_voting_no_score_links_to_a_person(org):
    r, codes = run_round(org, until=RoundStatus.LEADER)
    # the scores are counts per value: nothing about a voter, a time, a ballot or an order
    cols = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), ScoreCount._meta.db_table
        )
    }
    assert cols == {"id", "round_id", "department_id", "score", "count"}
    assert sum(ScoreCount.objects.filter(round=r).values_list("count", flat=True)) == len(codes) * 4
    assert {f.name for f in BallotCode._meta.get_fields()} == {"id", "round", "department", "digest", "used"}
    # the box is empty (its key's destruction, which runs once the closing commits, is checked by
    # test_closing_opens_the_box_into_counts_and_destroys_its_key)
    assert not SealedBallot.objects.exists()
    # no column anywhere in the performance tables refers to a score, a sealed ballot or a code
    for model in apps.get_app_config("performance").get_models():
        for f in model._meta.get_fields():
            if f.is_relation and f.concrete:
                assert f.related_model not in (ScoreCount, SealedBallot, BallotCode), (model, f.name)
    # no plaintext code is stored anywhere, only digests
    dump = _database_dump()
    for _dept, code in codes:
        assert code not in dump
    # keyed digests, never a code's plain SHA-256 (the key's end with the voting: test_ballot_codes.py)
    stored = set(BallotCode.objects.values_list("digest", flat=True))
    assert len(stored) == len(codes)
    assert not stored & {hashlib.sha256(svc.normalize_code(c).encode()).hexdigest() for _d, c in codes}
    assert Round.objects.get(pk=r.pk).code_key is not None
    # the audit trail: nothing about a single ballot, no delegate linked to any score
    notes = " ".join(AuditEvent.objects.values_list("note", flat=True))
    assert "测评截止 收回15张，其中无效0张" in notes  # the counts only, from the step machine's audit line
    for d in r.delegates.select_related("staff"):
        assert not AuditEvent.objects.filter(note__contains="投票", actor_label=d.staff.name).exists()
    assert not AuditEvent.objects.filter(
        content_type__model__in=["scorecount", "sealedballot", "ballotcode"]
    ).exists()


def test_closing_opens_the_box_into_counts_and_destroys_its_key(
    org, client_for, django_capture_on_commit_callbacks
):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    expected: Counter = Counter()
    for k, (dept, code) in enumerate(codes):
        ballot = ballot_for(org, by_name[dept], 95 - (k % 3))
        svc.ballot_cast(code=code, scores=ballot)
        expected.update((d, Decimal(s)) for d, s in ballot.items())
    r.refresh_from_db()
    # while the box is open: one sealed ballot per cast, all of one size, and no score in the clear
    boxes = [bytes(b) for b in SealedBallot.objects.values_list("box", flat=True)]
    assert len(boxes) == len(codes) and len({len(b) for b in boxes}) == 1
    assert not ScoreCount.objects.exists()
    assert ballot_box.key_exists(r.box_key)
    with django_capture_on_commit_callbacks(execute=True):
        svc.round_advance(actor=org.tally, round=r)
    counted = {(d, s): n for d, s, n in ScoreCount.objects.values_list("department_id", "score", "count")}
    assert counted == dict(expected)
    assert not SealedBallot.objects.exists() and not ballot_box.key_exists(r.box_key)
    # the boxes cannot be opened any more (a copy of them in a backup is worthless)
    with pytest.raises(ballot_box.BoxKeyMissing):
        ballot_box.unseal(r.box_key, boxes[0])
    # the tally staff's paper record: each department's score from those counts, the ballots once for the round
    scores, ballots = _ballot_export(client_for(org.tally), r)
    assert scores[0] == ("部门", "民主测评") and ballots == [
        ("收回票数", "无效票数", "有效票数"),
        (15, 0, 15),
    ]
    by_dept = svc.democratic_scores(r)  # as the tally computes each department's trimmed mean
    assert {n: Decimal(str(v)) for n, v in scores[1:]} == {
        d.name: scoring.trimmed_mean(
            by_dept[d.pk], trim_above=r.scheme.trim_above, trim_count=r.scheme.trim_count
        )
        for d in org.depts
    }


def test_a_lost_key_stops_the_ballot_with_a_message_and_changes_nothing(org):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    for dept, code in codes[: r.scheme.min_ballots]:
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 90))
    r.refresh_from_db()
    ballot_box.key_destroy(r.box_key)
    dept, code = codes[-1]
    own = by_name[dept]
    with pytest.raises(DomainError, match="投票箱密钥缺失"):
        svc.ballot_cast(code=code, scores=ballot_for(org, own, 90))
    assert not BallotCode.objects.get(digest=svc.digest(code, r.code_key)).used
    with pytest.raises(DomainError, match="投票箱密钥缺失"):
        svc.round_advance(actor=org.tally, round=r)
    r.refresh_from_db()
    assert r.status == RoundStatus.VOTING and not r.voting_closed


# Distinctive scores: each appears in no other table, so finding one anywhere would be a leak.
SECRET_SCORES = ("87.13", "61.29", "93.57", "72.41")


def _database_dump() -> str:
    """Every row of every table, sessions and the cache table included, as text."""
    with connection.cursor() as cur:
        out = []
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out.append(repr(cur.fetchall()))
    return "\n".join(out)


def _secret_ballot(org, own, k: int) -> dict:
    others = [d for d in org.depts if d.pk != own.pk]
    return {d.pk: Decimal(SECRET_SCORES[(i + k) % len(SECRET_SCORES)]) for i, d in enumerate(others)}


def test_while_voting_is_open_no_copy_links_a_score_to_a_ballot_a_voter_or_a_time(org, client_for, caplog):
    """Three ballots — one through the page by a logged-in voter, one through the API, one anonymous — and
    then, with the box still open, everything a DBA, a backup or a log reader could take: every table, the
    database's raw pages, the session store, the cache and the logs."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    (d1, c1), (d2, c2), (d3, c3) = codes[:3]
    voter = client_for(
        org.heads[by_name[d1].pk]
    )  # a delegate who is logged in to DevZone in the same browser
    voter.get(reverse("performance:round_list"))
    session = Session.objects.get()
    caplog.set_level(logging.DEBUG)
    ballot = {f"score_{d}": str(s) for d, s in _secret_ballot(org, by_name[d1], 0).items()}
    assert voter.post(reverse("performance:vote"), {"code": c1, "cast": "1", **ballot}).status_code == 200
    api = Client().post(
        "/api/v1/performance/ballots",
        json.dumps(
            {"code": c2, "scores": {str(d): str(s) for d, s in _secret_ballot(org, by_name[d2], 1).items()}}
        ),
        content_type="application/json",
    )
    assert api.status_code == 201
    svc.ballot_cast(code=c3, scores=_secret_ballot(org, by_name[d3], 2))
    assert Client().post(reverse("performance:vote"), {"code": "WRONG-CODE1"}).status_code == 400
    r.refresh_from_db()
    assert r.status == RoundStatus.VOTING and r.ballots_cast == 3

    # the session of the logged-in voter was neither read for the ballot nor rewritten by it
    after = Session.objects.get()
    assert (after.session_data, after.expire_date) == (session.session_data, session.expire_date)
    # every table, as a DBA or a backup would read it: no score, no code, no plaintext ballot entry
    dump = _database_dump()
    plain_entries = [
        ballot_box._ENTRY.pack(d, int(s * 100))
        for k, dept in enumerate((d1, d2, d3))
        for d, s in _secret_ballot(org, by_name[dept], k).items()
    ]
    for secret in (*SECRET_SCORES, c1, c2, c3):
        assert secret not in dump
    if connection.vendor == "sqlite":  # the database file's raw pages, free pages included
        raw = connection.connection.serialize()
        for secret in (*SECRET_SCORES, c1, c2, c3):
            assert secret.encode() not in raw
        for entry in plain_entries:
            assert entry not in raw
        for score in SECRET_SCORES:
            assert struct.pack(">d", float(score)) not in raw
    # the shared cache (rate limits) is the devzone_cache table of the dump above: counters under keyed hashes
    assert "devzone_cache" in connection.introspection.table_names()
    # the server log has no line about a ballot, not even the refused code
    logged = "\n".join(f"{rec.name} {rec.getMessage()}" for rec in caplog.records)
    assert "/vote/" not in logged and "ballots" not in logged
    for secret in (*SECRET_SCORES, c1, c2, c3, "WRONG-CODE1"):
        assert secret not in logged


def test_the_access_log_has_no_line_for_a_ballot():
    """gunicorn's access log (``devzone serve``) skips the requests the middleware marked no-trace."""
    from gunicorn.config import Config

    from devzone.core.accesslog import AccessLogger
    from devzone.core.secrecy import ENVIRON_KEY

    config = Config()
    config.set("accesslog", "-")
    log = AccessLogger(config)
    lines = []
    log.access_log.handlers = [_ListHandler(lines)]
    resp = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    req = SimpleNamespace(headers=[], method="POST", path="/x/", query="", version=(1, 1), uri="/x/")
    base = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/x/",
        "RAW_URI": "/x/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    log.access(resp, req, {**base, "REMOTE_ADDR": "10.0.0.1"}, datetime.timedelta(seconds=0.01))
    log.access(
        resp, req, {**base, "REMOTE_ADDR": "10.0.0.2", ENVIRON_KEY: True}, datetime.timedelta(seconds=0.01)
    )
    assert len(lines) == 1 and "10.0.0.1" in lines[0]


class _ListHandler(logging.Handler):
    def __init__(self, lines):
        super().__init__()
        self.lines = lines

    def emit(self, record):
        self.lines.append(record.getMessage())


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
    assert "民主测评</th>" not in page and "收回 6 张" in page and "有效 6 张" not in page
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


def test_while_voting_runs_nobody_sees_how_many_ballots_were_invalid(org, client_for):
    """A live invalid count tells whoever watched who voted that this delegate cast a uniform ballot: while the
    box is open the API and the round page give only the ballots received (for every role), the database holds
    no split either (every ballot is sealed, valid or not); the split is counted when the box is opened."""
    from devzone.core.choices import Role
    from devzone.testing import factories as f

    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    clerk = f.user_with_role(Role.WINDOW_CLERK, zone=org.zone, user__username="clerk1")
    readers = [client_for(u) for u in (clerk, org.tally, org.leader, org.heads[org.depts[0].pk])]
    api = f"/api/v1/performance/rounds/{r.pk}"
    page = reverse("performance:round_detail", args=[r.pk])

    def seen():
        out = []
        for c in readers:
            body = json.loads(c.get(api).content)
            html = c.get(page).content.decode()
            out.append(
                (body["ballots_cast"], body.get("ballots_invalid"), bool(re.search(r"有效 ?\d", html)))
            )
        return out

    dept, code = codes[0]
    uniform = {d.pk: 88 for d in org.depts if d.name != dept}
    assert svc.ballot_cast(code=code, scores=uniform) is False  # the voter alone is told
    assert seen() == [(1, None, False)] * len(readers)
    assert (Round.objects.get(pk=r.pk).ballots_invalid, SealedBallot.objects.filter(round=r).count()) == (
        0,
        1,
    )
    for dept, code in codes[1:]:
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 90))
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 for d in org.depts})
    svc.round_advance(actor=org.tally, round=r)  # close the box: now the split is counted and shown
    r.refresh_from_db()
    assert (r.ballots_cast, r.ballots_invalid) == (len(codes), 1)
    assert json.loads(client_for(clerk).get(api).content)["ballots_invalid"] == 1
    assert f"有效 {len(codes) - 1} 张" in client_for(org.tally).get(page).content.decode()
    # the invalid ballot counted no score
    assert sum(ScoreCount.objects.filter(round=r).values_list("count", flat=True)) == (len(codes) - 1) * (
        len(org.depts) - 1
    )


def _received(org, uniform_last: bool):
    """A round at 民主测评 with the scheme's minimum of ballots received, the last one uniform (invalid) or
    not, and every department scored by the leader."""
    by_name = {d.name: d for d in org.depts}
    r, codes = run_round(org, until=RoundStatus.VOTING)
    m = r.scheme.min_ballots
    for k, (dept, code) in enumerate(codes[:m]):
        own = by_name[dept]
        if uniform_last and k == m - 1:  # this delegate gives every department 80
            assert svc.ballot_cast(code=code, scores={d.pk: 80 for d in org.depts if d.pk != own.pk}) is False
        else:
            svc.ballot_cast(code=code, scores=ballot_for(org, own, 90))
    svc.leader_scores_set(actor=org.leader, round=r, scores={d.pk: 90 for d in org.depts})
    return r, codes


def test_pressing_close_answers_the_same_whether_or_not_a_received_ballot_was_uniform(org, org_b):
    """The tally staff run the meeting and see who goes to vote. If 截止 were refused (the box kept open) when
    a received ballot was uniform and went through when none was, pressing it after each ballot would tell
    them whose ballot was invalid. Two boxes that received the same number of ballots answer 截止 alike: both
    are opened, their ballots counted and their keys destroyed; only then does the split decide whether the
    round moves on or votes again."""
    answers = []
    for o, uniform in ((org, True), (org_b, False)):
        r, _ = _received(o, uniform_last=uniform)
        try:
            svc.round_advance(actor=o.tally, round=Round.objects.get(pk=r.pk))
            answers.append("closed")
        except DomainError as e:
            answers.append(e.message)
        r.refresh_from_db()
        assert r.voting_closed and not SealedBallot.objects.filter(round=r).exists()
    assert answers == ["closed", "closed"]
    short, full = Round.objects.get(zone=org.zone), Round.objects.get(zone=org_b.zone)
    assert (short.status, short.revote_required) == (RoundStatus.VOTING, True)
    assert (full.status, full.revote_required) == (RoundStatus.LEADER, False)


def test_a_box_opened_short_of_valid_ballots_is_void_and_the_delegates_vote_again(
    org, client_for, django_capture_on_commit_callbacks
):
    """Too few valid ballots once the box is opened: the closing is recorded (with the split, now that the box
    is open), that vote keeps no score, its codes and key are gone; the round waits for a re-vote — new codes
    for every seat, a new box — rather than reopening the old one."""
    r, codes = _received(org, uniform_last=True)
    old_key = Round.objects.get(pk=r.pk).box_key
    with django_capture_on_commit_callbacks(execute=True):
        svc.round_advance(actor=org.tally, round=r)
    r.refresh_from_db()
    assert r.revote_required and (r.ballots_cast, r.ballots_invalid) == (r.scheme.min_ballots, 1)
    assert not ScoreCount.objects.filter(round=r).exists() and not ballot_box.key_exists(old_key)
    assert not BallotCode.objects.filter(round=r, used=False).exists()
    assert AuditEvent.objects.filter(note__contains="本次测评作废").count() == 1
    # the unused slips of the void vote are dead; closing again says what to do
    dept, code = codes[-1]
    with pytest.raises(DomainError):
        svc.ballot_cast(code=code, scores=ballot_for(org, next(d for d in org.depts if d.name == dept), 90))
    with pytest.raises(DomainError, match="重新生成测评码"):
        svc.round_advance(actor=org.tally, round=r)
    page = client_for(org.tally).get(reverse("performance:round_detail", args=[r.pk])).content.decode()
    assert 'data-testid="revote"' in page and 'data-testid="generate-codes"' in page
    assert 'data-testid="advance"' not in page
    api = client_for(org.leader).get(f"/api/v1/performance/rounds/{r.pk}").json()
    assert (api["revote_required"], api["ballots_invalid"]) == (True, 1)
    # the re-vote: new codes in a new box, counted afresh
    new = svc.codes_generate(actor=org.tally, round=r)
    r.refresh_from_db()
    assert len(new) == len(codes) and not r.voting_closed and (r.ballots_cast, r.ballots_invalid) == (0, 0)
    assert r.box_key != old_key and ballot_box.key_exists(r.box_key)
    by_name = {d.name: d for d in org.depts}
    for dept, code in new:
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept], 90))
    svc.round_advance(actor=org.tally, round=r)
    r.refresh_from_db()
    assert r.status == RoundStatus.LEADER and (r.ballots_cast, r.ballots_invalid) == (len(new), 0)
    counted = sum(ScoreCount.objects.filter(round=r).values_list("count", flat=True))
    assert counted == len(new) * (len(org.depts) - 1)  # only the re-vote's ballots


def _ballot_export(client, r) -> tuple[list, list]:
    """The rows of the tally staff's two sheets: the departments' scores, and the round's ballots."""
    resp = client.get(reverse("performance:ballot_export", args=[r.pk]))
    assert resp.status_code == 200
    book = openpyxl.load_workbook(BytesIO(resp.getvalue()))
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def _one_uniform_ballot(org, uniform_from: int):
    """Every delegate votes, one ballot gives every department the same score (invalid): a delegate's of
    department ``uniform_from``. The box closed (领导评分)."""
    r, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    uniform = org.depts[uniform_from]
    for k, (dept, code) in enumerate(codes):
        own = by_name[dept]
        if own == uniform:
            assert svc.ballot_cast(code=code, scores={d.pk: 90 for d in org.depts if d != own}) is False
            uniform = None  # one uniform ballot
        else:
            svc.ballot_cast(code=code, scores=ballot_for(org, own, 95 - (k % 3)))
    svc.leader_scores_set(
        actor=org.leader, round=r, scores={d.pk: 96 - 3 * i for i, d in enumerate(org.depts)}
    )
    svc.round_advance(actor=org.tally, round=r)
    r.refresh_from_db()
    assert r.status == RoundStatus.LEADER and r.ballots_invalid == 1
    return r


def test_nothing_per_department_tells_whose_delegate_cast_the_invalid_ballot(org, org_b, client_for):
    """A ballot skips its own department, so a count of ballots per department (12 for one, 11 for the others)
    singles out the department — with one delegate per department, the person — whose delegate cast the
    invalid ballot. The same meeting twice, the uniform ballot from department 0 in zone A and from department
    1 in zone B: the tally staff's working page and export, the published page and the API show the round's
    ballots once, alike, and no count per department."""
    seen = []
    for o, uniform_from in ((org, 0), (org_b, 1)):
        r = _one_uniform_ballot(o, uniform_from)
        url = reverse("performance:round_detail", args=[r.pk])
        _shows_the_ballots_once(client_for(o.tally).get(url))  # the live means, before the tally
        scores, ballots = _ballot_export(client_for(o.tally), r)
        assert all(len(row) == 2 for row in scores)  # a department and its score, nothing else
        svc.round_advance(actor=o.tally, round=r)  # tally
        svc.round_advance(actor=o.tally, round=r)  # publish
        head = client_for(o.heads[o.depts[2].pk])
        _shows_the_ballots_once(head.get(url))
        results = head.get(f"/api/v1/performance/rounds/{r.pk}/results").json()
        assert len(results) == len(o.depts)
        assert not any("ballot" in key for row in results for key in row), results
        totals = head.get(f"/api/v1/performance/rounds/{r.pk}").json()
        seen.append(({k: v for k, v in totals.items() if "ballot" in k}, ballots))
    assert seen[0] == seen[1]
    assert seen[0] == (
        {"ballots_cast": 15, "ballots_invalid": 1, "ballots_valid": 14},
        [("收回票数", "无效票数", "有效票数"), (15, 1, 14)],
    )


def _shows_the_ballots_once(resp) -> None:
    """The round page: no department's row counts ballots (“N票”); the round's ballots are stated once."""
    page = resp.content.decode()
    rows = re.findall(r'<tr data-department="[^"]*">(.*?)</tr>', page, re.S)
    assert rows and not any("票" in row for row in rows), [r for r in rows if "票" in r]
    assert page.count("收回 15 张，有效 14 张，无效 1 张") == 1
