"""Backups (issue 17): ``devzone backup`` writes one encrypted file with the database, the uploaded files and the
keys — never the ballot keys — and ``devzone restore`` brings back every table row and every file exactly, into
a new place; a wrong passphrase, a changed or truncated file, or a restore over an existing database changes
nothing."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from devzone.core import backup as bk

PASS = "correct horse battery staple"


def _rows(db: Path) -> dict[str, list]:
    with closing(sqlite3.connect(db)) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(c.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}  # noqa: S608


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def installation(tmp_path) -> Path:
    """A small installation on disk: a SQLite database in WAL mode,
    uploads, the two keys and an open ballot box's key."""
    var = tmp_path / "var"
    (var / "media" / "uploads" / "2026").mkdir(parents=True)
    (var / "ballot_keys").mkdir()
    with closing(sqlite3.connect(var / "devzone.sqlite3")) as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE TABLE core_zone (id INTEGER PRIMARY KEY, name TEXT)")
        c.execute(
            "CREATE TABLE approvals_application (id INTEGER PRIMARY KEY, zone_id INT, item TEXT, paid NUMERIC)"
        )
        c.executemany("INSERT INTO core_zone VALUES (?, ?)", [(1, "济北经济开发区"), (2, "临港经济开发区")])
        c.executemany(
            "INSERT INTO approvals_application VALUES (?, ?, ?, ?)",
            [(i, 1 + i % 2, f"企业投资项目备案{i}", i * 1.25) for i in range(1, 501)],
        )
        c.commit()
    (var / "media" / "uploads" / "2026" / "总平面图.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(3000))
    (var / "media" / "certificates.bin").write_bytes(os.urandom(100_000))
    (var / "secret_key").write_text("django-secret")
    (var / "seal_master_key").write_text("seal-master")
    (var / "ballot_keys" / "round-7.key").write_bytes(os.urandom(32))
    return var


def _source(var: Path) -> bk.Source:
    return bk.Source(media_root=var / "media", key_dir=var, sqlite_path=var / "devzone.sqlite3")


def test_a_backup_restores_every_row_file_and_key_but_no_ballot_key(installation, tmp_path):
    archive = tmp_path / "devzone.dzbak"
    manifest = bk.backup(_source(installation), archive, PASS)
    assert manifest["tables"] == {"approvals_application": 500, "core_zone": 2}
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert b"\xe6\xb5\x8e\xe5\x8c\x97" not in archive.read_bytes()  # "济北" is not readable in the file

    target = tmp_path / "restored"
    bk.restore(archive, PASS, var_dir=target)
    assert _rows(target / "devzone.sqlite3") == _rows(installation / "devzone.sqlite3")
    assert _files(target / "media") == _files(installation / "media")
    assert (target / "seal_master_key").read_text() == "seal-master"
    assert not (target / "ballot_keys").exists()
    assert not any("ballot" in name for name in manifest["files"])


def test_a_wrong_passphrase_or_a_changed_or_cut_file_restores_nothing(installation, tmp_path):
    archive = tmp_path / "devzone.dzbak"
    bk.backup(_source(installation), archive, PASS)
    target = tmp_path / "restored"
    with pytest.raises(bk.BackupError, match="口令不对"):
        bk.restore(archive, "another passphrase!", var_dir=target)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.dzbak"
    changed.write_bytes(bytes(data))
    with pytest.raises(bk.BackupError, match="被改动或截断"):
        bk.restore(changed, PASS, var_dir=target)
    cut = tmp_path / "cut.dzbak"
    cut.write_bytes(archive.read_bytes()[:-100])
    with pytest.raises(bk.BackupError):
        bk.restore(cut, PASS, var_dir=target)
    assert not target.exists()


def test_restore_never_overwrites_a_database_unless_told(installation, tmp_path):
    archive = tmp_path / "devzone.dzbak"
    bk.backup(_source(installation), archive, PASS)
    with pytest.raises(bk.BackupError, match="已存在"):
        bk.restore(archive, PASS, var_dir=installation)
    bk.restore(archive, PASS, var_dir=installation, force=True)  # the operator stopped DevZone and said so
    assert len(_rows(installation / "devzone.sqlite3")["approvals_application"]) == 500


def test_after_a_restore_the_media_folder_is_exactly_the_backups_and_later_files_are_moved_aside(
    installation, tmp_path
):
    """Uploads made after the backup are not left among the restored files (rows that named them are gone with
    the restored database), nor deleted: they wait in a dated folder beside the media folder, and the command says
    so."""
    archive = tmp_path / "devzone.dzbak"
    bk.backup(_source(installation), archive, PASS)
    backed_up = _files(installation / "media")
    media = installation / "media"
    (media / "uploads" / "2027" / "late").mkdir(parents=True)
    (media / "uploads" / "2027" / "late" / "补正材料.pdf").write_bytes(b"%PDF-1.7 later")
    (media / "uploads" / "2026" / "新增照片.jpg").write_bytes(b"\xff\xd8 later")
    (media / "certificates.bin").write_bytes(b"changed since")  # a file the backup holds otherwise
    (media / "uploads" / "empty-since").mkdir()

    out = StringIO()
    call_command(
        "restore",
        str(archive),
        var_dir=str(installation),
        force=True,
        stdout=out,
        passphrase_file=_pass(tmp_path),
    )
    assert _files(media) == backed_up  # exactly the backup's files
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_dir()) == [
        "uploads",
        "uploads/2026",
    ]
    [aside] = installation.glob("media-moved-aside-*")
    assert re.fullmatch(r"media-moved-aside-\d{8}-\d{6}", aside.name)
    assert _files(aside) == {
        "certificates.bin": b"changed since",
        "uploads/2026/新增照片.jpg": b"\xff\xd8 later",
        "uploads/2027/late/补正材料.pdf": b"%PDF-1.7 later",
    }
    said = out.getvalue()
    assert "3个" in said and str(aside) in said and "未删除" in said

    # a second restore finds the media folder as the backup left it: nothing to move, nothing said
    again = bk.restore(archive, PASS, var_dir=installation, force=True)
    assert "media_moved_aside" not in again and len(list(installation.glob("media-moved-aside-*"))) == 1


def _pass(tmp_path: Path) -> str:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")
    secret.chmod(0o600)
    return str(secret)


def test_a_short_passphrase_is_refused(installation, tmp_path):
    with pytest.raises(bk.BackupError, match="至少12个字符"):
        bk.backup(_source(installation), tmp_path / "x.dzbak", "short")
    assert not (tmp_path / "x.dzbak").exists()


def test_the_commands_take_the_passphrase_from_a_file_or_the_environment(installation, tmp_path, monkeypatch):
    monkeypatch.delenv("DEVZONE_BACKUP_PASSPHRASE", raising=False)
    with pytest.raises(CommandError, match="备份口令"):
        call_command("restore", str(tmp_path / "none.dzbak"), check=True)
    archive = tmp_path / "devzone.dzbak"
    bk.backup(_source(installation), archive, PASS)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")
    secret.chmod(0o600)  # owner-only, as the command requires
    call_command("restore", str(archive), check=True, passphrase_file=str(secret))
    monkeypatch.setenv("DEVZONE_BACKUP_PASSPHRASE", PASS)
    call_command("restore", str(archive), var_dir=str(tmp_path / "new"))
    assert (tmp_path / "new" / "devzone.sqlite3").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"), reason="PostgreSQL with pg_dump only"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_postgresql_backup_restores_into_an_empty_database(tmp_path, settings):
    """On PostgreSQL (the CI's second run), with its client tools: pg_dump into the encrypted file, pg_restore
    into a new empty database, the same tables with the same row counts."""
    import psycopg

    from devzone.core.management.commands.backup import _url
    from devzone.testing import factories as f

    f.ZoneFactory(name="备份测试开发区")
    db = connection.settings_dict
    source = bk.Source(media_root=tmp_path / "none", key_dir=tmp_path, database_url=_url(db))
    archive = tmp_path / "pg.dzbak"
    bk.backup(source, archive, PASS)
    scratch = f"{db['NAME']}_restore"
    admin = _url(db | {"NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        c.execute(f'CREATE DATABASE "{scratch}"')
    try:
        bk.restore(archive, PASS, database_url=_url(db | {"NAME": scratch}))
        counts = {}
        for url in (_url(db), _url(db | {"NAME": scratch})):
            with psycopg.connect(url) as c:
                tables = [
                    r[0] for r in c.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
                ]
                counts[url] = {t: c.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        original, restored = counts.values()
        assert restored == original and original["core_zone"] >= 1
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_a_media_folder_named_as_the_current_folder_is_restored_too(tmp_path, monkeypatch):
    """`devzone restore --media-root .` run inside the media folder: the files added since go beside it."""
    import datetime as dt
    import hashlib

    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "kept.pdf").write_bytes(b"K")
    manifest = {"files": {"media/kept.pdf": hashlib.sha256(b"K").hexdigest()}}
    media = tmp_path / "media"
    media.mkdir()
    (media / "later.pdf").write_bytes(b"L")
    monkeypatch.chdir(media)
    moved = bk._restore_media(content, manifest, Path("."), dt.datetime(2026, 12, 7, 9, 30))
    assert sorted(p.name for p in media.iterdir()) == ["kept.pdf"]
    assert (tmp_path / "media-moved-aside-20261207-093000" / "later.pdf").read_bytes() == b"L"
    assert moved and moved["files"] == 1
