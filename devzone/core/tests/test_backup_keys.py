"""Backups carry the keys actually in use, and a restore never leaves them behind (review of issue 17).

- In production the keys come from the environment (``DEVZONE_SECRET_KEY``, ``DEVZONE_SEAL_MASTER_KEY``): the
  backup holds those values, not a stale ``secret_key`` file, and restore writes them as files and as
  ``devzone-keys.env`` lines for the operator's environment file.
- A PostgreSQL restore run the documented way must say where the keys go (``--key-dir``) or is refused before
  anything is restored; it never reports success with the keys left in the archive.
- ``restore --force`` over a SQLite database that DevZone still has open is refused, its WAL kept; a PostgreSQL
  restore into a database that is not empty is refused unless forced.
"""

from __future__ import annotations

import dataclasses
import secrets
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from devzone.core import backup as bk

PASS = "correct horse battery staple"
SEAL_HEX = "ab" * 32


def _installation(root: Path) -> Path:
    var = root / "var"
    (var / "media").mkdir(parents=True)
    (var / "media" / "f.pdf").write_bytes(b"%PDF-1.7 upload")
    with closing(sqlite3.connect(var / "devzone.sqlite3")) as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE TABLE core_zone (id INTEGER PRIMARY KEY, name TEXT)")
        c.execute("INSERT INTO core_zone VALUES (1, '济北经济开发区')")
        c.commit()
    (var / "secret_key").write_text("stale-file-key")
    (var / "seal_master_key").write_text("stale-seal-file")
    return var


def _pg_backup(root: Path) -> tuple[Path, Path]:
    """An installation on PostgreSQL (pg_dump faked by ``fake_pg``) and its backup: (its var folder, the file)."""
    var = _installation(root)
    archive = root / "pg.dzbak"
    bk.backup(
        bk.Source(media_root=var / "media", key_dir=var, database_url="postgresql://x/db"), archive, PASS
    )
    return var, archive


def _env_lines(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


@pytest.fixture
def fake_pg(monkeypatch):
    """pg_dump writes a fake dump, pg_restore is recorded; the target database counts as empty."""
    calls: list[list[str]] = []

    def run(args, what, **kwargs):  # kwargs: the password, passed in the environment (core.backup._run)
        calls.append(args)
        if args[0] == "pg_dump":
            Path(args[args.index("--file") + 1]).write_bytes(b"PGDMP fake")

    monkeypatch.setattr(bk, "_run", run)
    monkeypatch.setattr(bk, "_pg_is_empty", lambda url: True, raising=False)
    return calls


def test_a_postgresql_restore_without_a_place_for_the_keys_is_refused_before_anything(tmp_path, fake_pg):
    var, archive = _pg_backup(tmp_path)
    media = tmp_path / "newmedia"
    with pytest.raises(bk.BackupError, match="--key-dir"):
        bk.restore(archive, PASS, database_url="postgresql://x/restored", media_root=media)
    assert [c[0] for c in fake_pg] == ["pg_dump"]  # pg_restore never ran
    assert not media.exists()

    keys = tmp_path / "restored-keys"
    manifest = bk.restore(
        archive, PASS, database_url="postgresql://x/restored", media_root=media, key_dir=keys
    )
    assert [c[0] for c in fake_pg] == ["pg_dump", "pg_restore"]
    assert (keys / "secret_key").read_text() == "stale-file-key"
    assert (keys / "seal_master_key").read_text() == "stale-seal-file"
    assert _env_lines(keys / "devzone-keys.env") == {
        "DEVZONE_SECRET_KEY": "stale-file-key",
        "DEVZONE_SEAL_MASTER_KEY": "stale-seal-file",
    }
    assert oct((keys / "devzone-keys.env").stat().st_mode & 0o777) == "0o600"
    assert manifest["keys_restored_to"] == str(keys)


def test_the_restore_command_names_the_key_option_and_reports_where_the_keys_went(tmp_path, fake_pg):
    var, archive = _pg_backup(tmp_path)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS)
    secret.chmod(0o600)  # owner-only, as the command requires
    args = [str(archive), "--database-url", "postgresql://x/r", "--passphrase-file", str(secret)]
    with pytest.raises(CommandError, match="--key-dir"):
        call_command("restore", *args, "--media-root", str(tmp_path / "m"))
    out = []
    call_command(
        "restore",
        *args,
        "--media-root",
        str(tmp_path / "m"),
        "--key-dir",
        str(tmp_path / "k"),
        stdout=_Sink(out),
    )
    assert "devzone-keys.env" in "".join(out)


class _Sink:
    def __init__(self, out: list[str]):
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)

    def flush(self) -> None:
        pass


def test_the_backup_holds_the_keys_in_use_not_a_stale_key_file(tmp_path):
    var = _installation(tmp_path)
    archive = tmp_path / "devzone.dzbak"
    in_use = secrets.token_urlsafe(50)
    source = bk.Source(
        media_root=var / "media",
        key_dir=var,
        sqlite_path=var / "devzone.sqlite3",
        secret_key=in_use,
        seal_master_key=SEAL_HEX,
    )
    manifest = bk.backup(source, archive, PASS)
    assert manifest["keys"] == {
        "secret_key": "DEVZONE_SECRET_KEY",
        "seal_master_key": "DEVZONE_SEAL_MASTER_KEY",
    }
    target = tmp_path / "restored"
    bk.restore(archive, PASS, var_dir=target)
    assert (target / "secret_key").read_text() == in_use
    assert (target / "seal_master_key").read_text() == SEAL_HEX
    assert _env_lines(target / "devzone-keys.env") == {
        "DEVZONE_SECRET_KEY": in_use,
        "DEVZONE_SEAL_MASTER_KEY": SEAL_HEX,
    }


def test_the_backup_command_takes_the_keys_from_the_settings(tmp_path, settings, monkeypatch):
    """``devzone backup`` with the keys in the environment (as in production): the archive holds those."""
    var = _installation(tmp_path)
    settings.SECRET_KEY = "the-key-in-the-environment-" + secrets.token_urlsafe(20)
    settings.DEVZONE_SEAL_MASTER_KEY = SEAL_HEX
    settings.VAR_DIR = var
    settings.MEDIA_ROOT = var / "media"
    real = bk.backup
    # the test database is not a file of this installation: back up the installation's own SQLite file
    monkeypatch.setattr(
        bk,
        "backup",
        lambda s, out, pw: real(dataclasses.replace(s, sqlite_path=var / "devzone.sqlite3"), out, pw),
    )
    archive = tmp_path / "devzone.dzbak"
    monkeypatch.setenv("DEVZONE_BACKUP_PASSPHRASE", PASS)
    call_command("backup", str(archive))
    target = tmp_path / "restored"
    bk.restore(archive, PASS, var_dir=target)
    assert (target / "secret_key").read_text() == settings.SECRET_KEY
    assert _env_lines(target / "devzone-keys.env")["DEVZONE_SEAL_MASTER_KEY"] == SEAL_HEX


def test_restoring_keys_never_replaces_other_keys_unless_forced(tmp_path, fake_pg):
    var, archive = _pg_backup(tmp_path)
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "secret_key").write_text("another installation's key")
    with pytest.raises(bk.BackupError, match="secret_key"):
        bk.restore(archive, PASS, database_url="postgresql://x/r", key_dir=keys)
    assert [c[0] for c in fake_pg] == ["pg_dump"]
    assert (keys / "secret_key").read_text() == "another installation's key"


def test_restore_force_refuses_a_sqlite_database_still_in_use_and_keeps_its_wal(tmp_path):
    var = _installation(tmp_path)
    archive = tmp_path / "devzone.dzbak"
    bk.backup(
        bk.Source(media_root=var / "media", key_dir=var, sqlite_path=var / "devzone.sqlite3"), archive, PASS
    )
    live = sqlite3.connect(var / "devzone.sqlite3")  # DevZone still running: a connection open in WAL mode
    try:
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("INSERT INTO core_zone VALUES (2, '临港经济开发区')")
        live.commit()
        assert (var / "devzone.sqlite3-wal").exists()
        with pytest.raises(bk.BackupError, match="正在使用"):
            bk.restore(archive, PASS, var_dir=var, force=True)
        assert (var / "devzone.sqlite3-wal").exists() and (var / "devzone.sqlite3-shm").exists()
        assert live.execute("SELECT COUNT(*) FROM core_zone").fetchone()[0] == 2
    finally:
        live.close()
    bk.restore(archive, PASS, var_dir=var, force=True)  # stopped: the backup's one row is back
    with closing(sqlite3.connect(var / "devzone.sqlite3")) as c:
        assert c.execute("SELECT COUNT(*) FROM core_zone").fetchone()[0] == 1
    assert oct((var / "devzone.sqlite3").stat().st_mode & 0o777) == "0o600"


# --- On a real PostgreSQL server (127.0.0.1:5432, trust), skipped when none answers ----------------------------

PG = "postgresql://postgres@127.0.0.1:5432"


def _pg_available() -> bool:
    import shutil

    try:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", connect_timeout=2):
            pass
    except Exception:
        return False
    return bool(shutil.which("pg_dump") and shutil.which("pg_restore"))


@pytest.fixture
def pg_databases():
    if not _pg_available():
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432 with pg_dump/pg_restore")
    import psycopg

    names: list[str] = []

    def make(rows: int = 0) -> str:
        name = f"dz_bk_{uuid.uuid4().hex[:10]}"
        names.append(name)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        if rows:
            with psycopg.connect(f"{PG}/{name}", autocommit=True) as c:
                c.execute("CREATE TABLE core_zone (id int PRIMARY KEY, name text)")
                for i in range(rows):
                    c.execute("INSERT INTO core_zone VALUES (%s, %s)", (i, f"开发区{i}"))
        return f"{PG}/{name}"

    yield make
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as c:
        for name in names:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _zones(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as c:
        return c.execute("SELECT COUNT(*) FROM core_zone").fetchone()[0]


def test_a_real_postgresql_restore_keeps_the_keys_and_refuses_a_database_that_is_not_empty(
    tmp_path, pg_databases
):
    var = _installation(tmp_path)
    original = pg_databases(rows=3)
    archive = tmp_path / "pg.dzbak"
    bk.backup(bk.Source(media_root=var / "media", key_dir=var, database_url=original), archive, PASS)

    empty = pg_databases()
    with pytest.raises(bk.BackupError, match="--key-dir"):  # the documented command, keys nowhere: refused
        bk.restore(archive, PASS, database_url=empty, media_root=tmp_path / "m")
    assert bk._pg_is_empty(empty)
    bk.restore(archive, PASS, database_url=empty, media_root=tmp_path / "m", key_dir=tmp_path / "k")
    assert _zones(empty) == 3
    assert (tmp_path / "k" / "devzone-keys.env").exists()

    busy = pg_databases(rows=1)
    with pytest.raises(bk.BackupError, match="不是空的"):
        bk.restore(archive, PASS, database_url=busy, key_dir=tmp_path / "k2")
    assert _zones(busy) == 1 and not (tmp_path / "k2").exists()
    bk.restore(archive, PASS, database_url=busy, key_dir=tmp_path / "k2", force=True)
    assert _zones(busy) == 3
