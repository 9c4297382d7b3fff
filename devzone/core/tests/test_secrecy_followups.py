"""Follow-ups of the secrecy review, each a trace that outlived its purpose:

1. an ``Idempotency-Key`` on the secret ballot kept an answer row (core_idempotentanswer), written with a
   timestamp in the transaction that spent the ballot code: a row that pairs a voter's request with a time. A
   no-trace view (``core.secrecy``) keeps no such row;
2. a refused single sign-on logged the provider's ``sub``, which a province provider may set to the person's
   identity number: the log names a keyed digest of it instead, the same for the same person;
3. a backup killed mid-run left its plaintext stage (a copy of the database and the keys) under
   ``/tmp/devzone-backup-*``: SIGTERM and SIGINT clean it, and the next run removes the stages of runs that died
   (owner-only folders whose process is gone)."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client

from devzone.core import backup as bk
from devzone.core.models.idempotency import IdempotentAnswer
from devzone.performance.choices import RoundStatus
from devzone.testing.performance import ballot_for, build_org, run_round

IDENTITY_NUMBER = "11010519491231002X"  # an 18-character identity number as a provider's ``sub``
PASS = "correct horse battery staple"


# 1. ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_ballot_cast_with_an_idempotency_key_keeps_no_answer_row(zone_a, client_for, zone_a_leader):
    org = build_org(zone_a, "甲")
    _round, codes = run_round(org, until=RoundStatus.VOTING)
    by_name = {d.name: d for d in org.depts}
    dept, code = codes[0]
    body = {"code": code, "scores": {str(d): s for d, s in ballot_for(org, by_name[dept], 90).items()}}
    cast = Client().post(
        "/api/v1/performance/ballots",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="ballot-retry-1",
    )
    assert cast.status_code == 201, cast.content
    assert not IdempotentAnswer.objects.exists(), (
        "the ballot's answer was kept for its Idempotency-Key: a timed row written with the spent code"
    )
    # a retry is not answered from a kept row: the code is spent, so it is refused, and nothing is kept either
    again = Client().post(
        "/api/v1/performance/ballots",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="ballot-retry-1",
    )
    assert 400 <= again.status_code < 500 and "Idempotent-Replayed" not in again, again.content
    assert not IdempotentAnswer.objects.exists()

    # any other creating request still keeps its answer for a retry
    made = client_for(zone_a_leader).post(
        "/api/v1/core/tokens",
        json.dumps({"name": "对接系统", "days_valid": 30}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="token-1",
    )
    assert made.status_code == 201 and IdempotentAnswer.objects.count() == 1


# 2. ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_sign_on_never_logs_the_providers_sub(settings, caplog):
    from devzone.core import sso

    settings.DEVZONE_OIDC_ISSUER = "https://idp.example.gov.cn/realms/province"
    caplog.set_level(logging.DEBUG, logger="devzone.sso")
    backend = sso.ProvinceBackend()
    backend.request = None
    # an identity linked to no account and carrying no credit code: refused
    assert backend.create_user({"sub": IDENTITY_NUMBER}) is None
    assert backend.create_user({"sub": IDENTITY_NUMBER}) is None
    assert backend.create_user({"sub": "110105194912310038"}) is None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert len(caplog.records) == 3
    assert IDENTITY_NUMBER not in logged and IDENTITY_NUMBER[:17] not in logged
    assert "110105194912310038" not in logged
    # still useful: the same identity gives the same tag, another identity another, and the operator who knows
    # a sub finds its lines with ``log_tag`` (docs/security.md)
    tag = sso.log_tag(IDENTITY_NUMBER)
    assert logged.count(tag) == 2 and sso.log_tag("110105194912310038") in logged
    assert tag != sso.log_tag("110105194912310038")


# 3. ---------------------------------------------------------------------------------------------------------


def _stage_dir(root: Path, name: str, pid: int, mode: int = 0o700) -> Path:
    folder = root / name
    (folder / "stage" / "keys").mkdir(parents=True)
    (folder / "stage" / "keys" / "secret_key").write_text("plain key")
    (folder / bk.PID_FILE).write_text(str(pid))
    folder.chmod(mode)
    return folder


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait()
    return child.pid


def test_stale_stages_of_dead_runs_are_removed_and_live_ones_kept(tmp_path):
    dead = _dead_pid()
    stale = _stage_dir(tmp_path, "devzone-backup-stale", dead)
    stale_restore = _stage_dir(tmp_path, "devzone-restore-stale", dead)
    live = _stage_dir(tmp_path, "devzone-backup-live", os.getpid())
    shared = _stage_dir(
        tmp_path, "devzone-backup-shared", dead, mode=0o755
    )  # not owner-only: not ours to judge
    other = _stage_dir(tmp_path, "something-else", dead)
    removed = bk.sweep_stale_stages(tmp_path)
    assert sorted(removed) == sorted([stale, stale_restore])
    assert not stale.exists() and not stale_restore.exists()
    assert live.exists() and shared.exists() and other.exists()


def test_a_backup_run_removes_the_stale_stage_of_a_run_that_died(tmp_path, monkeypatch):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(tmp))
    stale = _stage_dir(tmp, "devzone-backup-killed", _dead_pid())
    (tmp_path / "media").mkdir()
    source = bk.Source(media_root=tmp_path / "media", key_dir=tmp_path / "keys", sqlite_path=_db(tmp_path))
    bk.backup(source, tmp_path / "out.dzbak", PASS)
    assert not stale.exists()
    assert (tmp_path / "out.dzbak").exists() and not list(tmp.glob("devzone-backup-*"))


def _db(tmp_path: Path) -> Path:
    import sqlite3
    from contextlib import closing

    path = tmp_path / "db.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE t (x)")
        db.commit()
    return path


SLOW_BACKUP = """
import sys, time
from pathlib import Path
from devzone.core import backup as bk

def slow(source, folder):
    (folder / "database.sqlite3").write_text("plain copy")
    print("staged", flush=True)
    time.sleep(60)

bk._stage = slow
root = Path(sys.argv[1])
bk.backup(bk.Source(media_root=root / "media", key_dir=root / "keys"), root / "out.dzbak", "x" * 16)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_backup_stopped_mid_run_leaves_no_plaintext_stage(tmp_path, signum):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SLOW_BACKUP, str(tmp_path)],
        env=os.environ | {"TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "staged"
        assert list(tmp.glob("devzone-backup-*")), "the stage is where the test looks"
        child.send_signal(signum)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode != 0
    deadline = time.monotonic() + 5
    while list(tmp.glob("devzone-backup-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(tmp.glob("devzone-backup-*")), "the plaintext stage outlived the backup"
    assert not (tmp_path / "out.dzbak").exists()
