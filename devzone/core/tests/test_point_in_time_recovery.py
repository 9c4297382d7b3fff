"""Point-in-time recovery on PostgreSQL, as docs/operations.md tells an operator to do it (issue 17): WAL archived
by ``archive_command``, a base backup by ``pg_basebackup``, and after an accident (a table emptied by mistake)
the shipped ``deploy/postgres/pitr-restore`` prepares a new data directory that PostgreSQL replays to the moment
before it. Tried on clusters the test owns (``devzone.testing.postgres``), never on the suite's server."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from devzone.testing.postgres import OwnedPostgres, find_bin

pytestmark = pytest.mark.skipif(
    find_bin() is None, reason="needs PostgreSQL's server programs (initdb, pg_ctl)"
)
SCRIPT = Path(__file__).resolve().parents[3] / "deploy" / "postgres" / "pitr-restore"


@pytest.fixture
def clusters():
    made: list[OwnedPostgres] = []

    def make(**kwargs) -> OwnedPostgres:
        made.append(OwnedPostgres(find_bin(), **kwargs))
        return made[-1]

    yield make
    for cluster in made:
        cluster.remove()


def wait_for(check, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:.0f} s: {what}")
        time.sleep(0.2)


@pytest.mark.parametrize("form", [["-Fp"], ["-Ft", "-z"]], ids=["plain", "tar.gz"])
def test_the_documented_recovery_brings_back_every_commit_before_the_accident_and_none_after(clusters, form):
    primary = clusters()
    archive = primary.dir("wal_archive")
    primary.settings.update(
        wal_level="replica", archive_mode="on", archive_command=f"'cp %p {archive}/%f'", archive_timeout=0
    )
    primary.start()
    with psycopg.connect(primary.url(), autocommit=True) as db:
        db.execute("CREATE TABLE ledger (id serial PRIMARY KEY, what text NOT NULL)")
        db.execute("INSERT INTO ledger (what) VALUES ('before the base backup')")
    base = primary.dir("base")
    primary.run_as_owner(
        find_bin() / "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        primary.port,
        "-U",
        "postgres",
        "-D",
        base,
        "-c",
        "fast",
    )
    with psycopg.connect(primary.url(), autocommit=True) as db:
        db.execute("INSERT INTO ledger (what) VALUES ('after the backup')")
        target = db.execute("SELECT clock_timestamp()").fetchone()[0]
        time.sleep(0.05)
        db.execute("DELETE FROM ledger")  # the accident
        db.execute("INSERT INTO ledger (what) VALUES ('after the accident')")
        segment = db.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()[0]
        wait_for(lambda: (archive / segment).exists(), f"WAL segment {segment} archived")
    primary.stop()

    restored = clusters(init=False)
    # the script refuses a directory that holds something: a live cluster is never written over
    argv = [SCRIPT, base, archive, target.isoformat(), base]
    refused = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    assert refused.returncode == 1 and "not empty" in refused.stderr
    done = restored.run_as_owner(SCRIPT, base, archive, target.isoformat(), restored.data)
    assert "recovers to" in done.stdout
    restored.start()

    def promoted() -> bool:
        with psycopg.connect(restored.url(), autocommit=True) as db:
            return not db.execute("SELECT pg_is_in_recovery()").fetchone()[0]

    wait_for(promoted, "recovery finished and the cluster open for writing")
    with psycopg.connect(restored.url(), autocommit=True) as db:
        rows = [r[0] for r in db.execute("SELECT what FROM ledger ORDER BY id")]
        assert rows == ["before the base backup", "after the backup"]
        db.execute("INSERT INTO ledger (what) VALUES ('written after the recovery')")  # it takes writes again
