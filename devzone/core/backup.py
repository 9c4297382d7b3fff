"""Encrypted backups of an installation and their restore (``devzone backup`` / ``devzone restore``). Plain module.

A backup is one file: a tar archive of the database (SQLite through its online backup API, a consistent snapshot
while DevZone runs; PostgreSQL through ``pg_dump --format=custom``), the uploaded files (``MEDIA_ROOT``), the
keys the data needs (``secret_key``, ``seal_master_key``: without the seal's master key no new certificate can be
signed, without the secret key the second-factor recovery codes stop working; and the long-lived **data keys**,
the folder ``DEVZONE_DATA_KEY_DIR`` as ``keys/data_keys/``: without them no candidate's identity number, phone or
document and no subscriber's signing secret can be read again, core.sealbox) and a manifest (what, when, row
counts, a SHA-256 of every file), encrypted with AES-256-GCM under a key derived from the operator's passphrase
(scrypt). **The ballot and survey keys (``DEVZONE_BALLOT_KEY_DIR``) are never in a backup**: a copy of both the
database and those keys could open sealed ballots (docs/security.md); they die with their occasion.
The keys backed up are the ones in use: in production they come from the environment (``DEVZONE_SECRET_KEY``,
``DEVZONE_SEAL_MASTER_KEY``), and a ``secret_key`` file left in ``VAR_DIR`` may be stale, so the command passes the
values from the settings; the files are the fallback of an installation without them.

Restore decrypts into a scratch folder and checks the authentication tag and every file's hash before anything
is put in place; a tampered or truncated backup, or a wrong passphrase, changes nothing. Afterwards the media
folder holds exactly the backup's uploaded files: a file added or changed since the backup is not deleted but
moved into a dated folder beside it (``media-moved-aside-<date>-<time>/``). It never overwrites a live database:
SQLite goes to a new ``DEVZONE_VAR_DIR`` (or an existing one with ``force``, refused while a connection still
has it open), PostgreSQL into an empty database named by its URL (one with tables only with
``force``). Every check runs before anything is written: a backup holding keys needs a place for them (``key_dir``,
else ``var_dir``), where restore writes the key files, the data keys in ``data_keys/`` beside them, and
``devzone-keys.env``, the lines to put into the environment file (``DEVZONE_DATA_KEY_DIR`` among them); it never
restores the database and leaves the keys behind.

Both work in a plaintext stage (the database copy, the keys) in an owner-only temporary folder
(``devzone-backup-*``, ``devzone-restore-*`` under ``TMPDIR``, default ``/tmp``) that holds the pid of its run
(``devzone.pid``). It is removed when the run ends, also when it is stopped by SIGTERM (systemd's stop, a timer's
``TimeoutStartSec``) or SIGINT (Ctrl-C) (``_stage_folder``); a run killed outright (SIGKILL, the OOM killer, a
power cut) cannot clean up, so each run first removes the stages of runs whose process is gone
(``sweep_stale_stages``).

File layout: ``DZBK1`` · 16-byte salt · 12-byte nonce · ciphertext · 16-byte tag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"DZBK1"
SALT, NONCE, TAG = 16, 12, 16
CHUNK = 1 << 20
KEY_FILES = ("secret_key", "seal_master_key")  # never ballot_keys/
KEY_ENV = {"secret_key": "DEVZONE_SECRET_KEY", "seal_master_key": "DEVZONE_SEAL_MASTER_KEY"}
DATA_KEYS = "data_keys"  # the long-lived data keys (DEVZONE_DATA_KEY_DIR): keys/data_keys/<uuid>.key
DATA_KEY_ENV = "DEVZONE_DATA_KEY_DIR"
KEYS_ENV_FILE = "devzone-keys.env"
STAGE_PREFIXES = ("devzone-backup-", "devzone-restore-")
PID_FILE = "devzone.pid"  # in a stage folder: the process that owns it


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in Chinese, for the operator."""


@dataclass(frozen=True)
class Source:
    """What to back up: the database (``sqlite_path`` or ``database_url``), the media folder and the keys — the
    values in use (``secret_key``, ``seal_master_key``, from the settings), else the files in ``key_dir`` — and
    the data keys' folder (``data_key_dir``, default ``key_dir/data_keys``, as ``DEVZONE_DATA_KEY_DIR``)."""

    media_root: Path
    key_dir: Path
    sqlite_path: Path | None = None
    database_url: str = ""
    secret_key: str = ""
    seal_master_key: str = ""
    data_key_dir: Path | None = None


def _key(passphrase: str, salt: bytes) -> bytes:
    if len(passphrase or "") < 12:
        raise BackupError("备份口令至少12个字符（DEVZONE_BACKUP_PASSPHRASE 或 --passphrase-file）")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _sqlite_snapshot(src: Path, dest: Path) -> dict[str, int]:
    with (
        closing(sqlite3.connect(f"file:{src}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(dest)) as target,
    ):
        source.backup(target)
    with closing(sqlite3.connect(dest)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        # table names come from the database's own catalog, quoted
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def pg_target(database_url: str) -> tuple[str, str]:
    """The database named by ``database_url`` (a ``postgresql://`` URL or a libpq ``key=value`` string) as a
    libpq connection string without its password, and the password (empty when it has none). The password goes
    to pg_dump/pg_restore through ``PGPASSWORD`` in the child's environment (``_run``), never on its command line,
    which every user of the machine reads (``ps``, ``/proc/<pid>/cmdline``); a process's environment is readable
    by its own user only."""
    from psycopg import conninfo

    try:
        parts = conninfo.conninfo_to_dict(database_url)
    except Exception:  # noqa: BLE001  (psycopg's ProgrammingError; the URL itself is never shown: it may hold a password)
        raise BackupError("数据库连接串无法解析（应为 postgresql://用户@主机:端口/库名）") from None
    password = str(parts.pop("password", "") or "")
    return conninfo.make_conninfo(**parts), password


def _run(args: list[str], what: str, *, password: str = "") -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(
            f"找不到 {args[0]}：请安装与服务器版本相同的 PostgreSQL 客户端（postgresql-client）"
        )
    env = os.environ | {"PGPASSWORD": password} if password else None  # the child's own environment only
    done = subprocess.run(args, capture_output=True, text=True, env=env)  # noqa: S603  (fixed program, argument list)
    if done.returncode != 0:
        raise BackupError(f"{what}失败：{done.stderr.strip()[:500]}")


def _stage(source: Source, folder: Path) -> dict:
    """The backup's plain content in ``folder``, and its manifest."""
    manifest: dict = {"format": 1, "created": dt.datetime.now(dt.UTC).isoformat(), "files": {}, "tables": {}}
    if source.sqlite_path is not None:
        if not source.sqlite_path.exists():
            raise BackupError(f"数据库文件不存在：{source.sqlite_path}")
        manifest["database"] = "sqlite"
        manifest["tables"] = _sqlite_snapshot(source.sqlite_path, folder / "database.sqlite3")
    else:
        manifest["database"] = "postgresql"
        target, password = pg_target(source.database_url)
        _run(
            ["pg_dump", "--format=custom", "--file", str(folder / "database.dump"), "--dbname", target],
            "pg_dump",
            password=password,
        )
    if source.media_root.exists():
        shutil.copytree(source.media_root, folder / "media")
    manifest["keys"] = {}
    for name in KEY_FILES:
        value = getattr(source, name)
        if value:  # the key in use (from the environment in production), not a file that may be stale
            (folder / "keys").mkdir(exist_ok=True)
            (folder / "keys" / name).write_text(value, encoding="utf-8")
            manifest["keys"][name] = KEY_ENV[name]
        elif (source.key_dir / name).exists():
            (folder / "keys").mkdir(exist_ok=True)
            shutil.copy2(source.key_dir / name, folder / "keys" / name)
            manifest["keys"][name] = "file"
    data_keys = _data_key_files(source.data_key_dir or source.key_dir / DATA_KEYS)
    if data_keys:
        (folder / "keys" / DATA_KEYS).mkdir(parents=True)
        for path in data_keys:
            shutil.copy2(path, folder / "keys" / DATA_KEYS / path.name)
        manifest["keys"][DATA_KEYS] = len(data_keys)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        manifest["files"][path.relative_to(folder).as_posix()] = _sha256(path)
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def _is_data_key(path: Path) -> bool:
    """A data key's file is named by a uuid5 (core.sealbox); a ballot or survey key (a uuid4) never goes into a
    backup, even from a data key folder set to the ballot keys' by mistake."""
    try:
        return path.is_file() and uuid.UUID(path.stem).version == 5
    except ValueError:
        return False


def _data_key_files(folder: Path) -> list[Path]:
    """The data keys of ``folder`` (``<uuid5>.key`` files; never a half-written ``.part``)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.key") if _is_data_key(p))


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts: it is not ours to judge)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_stages(root: Path | None = None) -> list[Path]:
    """Remove the plaintext stages left in ``root`` (default: the temporary folder) by backups and restores that
    died without cleaning up (killed outright). Only a folder named like a stage, not a link, owned by this user,
    owner-only (no group or other rights: as ``tempfile`` makes them), and whose ``devzone.pid`` names a process
    that is gone; a running backup's stage, another user's folder, or one without a readable pid file is left
    alone. Returns the folders removed."""
    root = Path(root if root is not None else tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for folder in entries:
        if not folder.name.startswith(STAGE_PREFIXES):
            continue
        try:
            info = folder.lstat()
            if (
                not stat.S_ISDIR(info.st_mode)
                or info.st_uid != os.getuid()
                or stat.S_IMODE(info.st_mode) & 0o077
            ):
                continue
            pid = int((folder / PID_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed


class _Stopped(SystemExit):
    """Raised in the main thread by SIGTERM or SIGINT during a backup or restore: it unwinds through the
    ``finally`` that removes the stage, then ends the process as the signal would (128 + its number)."""


def _stop(signum, frame) -> None:
    raise _Stopped(128 + signum)


@contextmanager
def _stage_folder(prefix: str) -> Iterator[Path]:
    """An owner-only temporary folder for a run's plaintext, removed however the run ends: normally, on an error,
    on SIGTERM or SIGINT (handlers set for the run's length when it runs in the main thread, where Python
    delivers signals; the previous handlers come back after). Stale stages of dead runs go first."""
    sweep_stale_stages()
    handlers: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            handlers[signum] = signal.signal(signum, _stop)
    try:
        folder = Path(tempfile.mkdtemp(prefix=prefix))  # mode 0700
        try:
            (folder / PID_FILE).write_text(str(os.getpid()), encoding="ascii")
            yield folder
        finally:
            for signum in handlers:  # a second signal must not cut the cleaning short
                signal.signal(signum, signal.SIG_IGN)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def backup(source: Source, out: Path, passphrase: str) -> dict:
    """Write the encrypted backup of ``source`` to ``out`` (created owner-only); returns the manifest."""
    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    key = _key(passphrase, salt)
    with _stage_folder("devzone-backup-") as tmp:
        stage = Path(tmp) / "stage"
        stage.mkdir()
        manifest = _stage(source, stage)
        plain = Path(tmp) / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(stage, arcname=".")
        encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(MAGIC)
        partial = out.with_name(out.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as f, plain.open("rb") as src:
                f.write(MAGIC + salt + nonce)
                for block in iter(lambda: src.read(CHUNK), b""):
                    f.write(encryptor.update(block))
                f.write(encryptor.finalize() + encryptor.tag)
        except BaseException:  # an error or a stop: no half-written file is left beside the backups
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)  # a backup file exists only when complete
    return manifest


def _decrypt(archive: Path, passphrase: str, dest: Path) -> None:
    size = archive.stat().st_size
    head = len(MAGIC) + SALT + NONCE
    if size < head + TAG:
        raise BackupError("不是DevZone备份文件，或文件不完整")
    with archive.open("rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            raise BackupError("不是DevZone备份文件")
        salt, nonce = f.read(SALT), f.read(NONCE)
        f.seek(size - TAG)
        tag = f.read(TAG)
        decryptor = Cipher(algorithms.AES(_key(passphrase, salt)), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(MAGIC)
        f.seek(head)
        left = size - head - TAG
        with dest.open("wb") as out:
            while left:
                block = f.read(min(CHUNK, left))
                left -= len(block)
                out.write(decryptor.update(block))
            try:
                out.write(decryptor.finalize())
            except Exception:  # cryptography's InvalidTag
                raise BackupError("口令不对，或备份文件被改动或截断：未恢复任何内容") from None


def open_backup(archive: Path, passphrase: str, folder: Path) -> dict:
    """Decrypt and unpack ``archive`` into ``folder`` and check every file against the manifest."""
    plain = folder / "backup.tar"
    _decrypt(archive, passphrase, plain)
    content = folder / "content"
    with tarfile.open(plain) as tar:
        tar.extractall(content, filter="data")  # no absolute paths, links out or devices
    plain.unlink()
    manifest = json.loads((content / "manifest.json").read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        path = content / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"备份内容与清单不符：{name}")
    return manifest


def _pg_is_empty(database_url: str) -> bool:
    """Whether the PostgreSQL database holds no table, view, sequence or type of its own."""
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=10) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
            ).fetchone()
    except psycopg.Error as e:
        raise BackupError(f"连接不到恢复的目标数据库：{str(e).strip()[:300]}") from None
    return row is not None and row[0] == 0


def _env_line(name: str, value: str) -> str:
    """One line of an environment file that both systemd's ``EnvironmentFile`` and ``set -a; . file`` read."""
    if all(c.isalnum() or c in "-_.:/+=@%,~" for c in value):
        return f"{name}={value}"
    if "'" in value or "\n" in value:
        return f"# {name}: 值含引号或换行，请从同目录的密钥文件中取出后自行写入环境文件"
    return f"{name}='{value}'"


def _key_files(keys: Path) -> list[str]:
    """The backup's key files, relative to ``keys``: ``secret_key``, ``seal_master_key``, ``data_keys/<uuid>.key``."""
    return sorted(p.relative_to(keys).as_posix() for p in keys.rglob("*") if p.is_file())


def _check_keys(keys: Path, key_dir: Path | None, force: bool) -> None:
    """Refuse, before anything is restored, keys with no place to go or that would replace other keys."""
    names = _key_files(keys)
    if key_dir is None:
        shown = [n for n in names if "/" not in n] + ([DATA_KEYS] if any("/" in n for n in names) else [])
        raise BackupError(
            f"备份中有密钥（{'、'.join(shown)}）：请用 --key-dir 指定存放密钥的目录（仅服务账号可读），"
            f"恢复后把其中 {KEYS_ENV_FILE} 的各行写入环境文件（如 /etc/devzone.env）；未恢复任何内容"
        )
    for name in names:
        there = key_dir / name
        if there.exists() and not force and there.read_bytes() != (keys / name).read_bytes():
            raise BackupError(
                f"{there} 已存在且与备份中的密钥不同：恢复不替换现有密钥（换一个 --key-dir，或确认后加 --force）；"
                "未恢复任何内容"
            )


def _restore_keys(keys: Path, key_dir: Path, archive: Path, created: str) -> None:
    """The key files (owner-only) and ``devzone-keys.env``, the lines for the environment file."""
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    lines = [
        f"# DevZone 的密钥，恢复自 {archive.name}（备份于 {created}）。",
        "# 生产环境从环境变量读取密钥：把下面各行写入环境文件（如 /etc/devzone.env），再重启 DevZone。",
    ]
    for name in _key_files(keys):
        key, target = keys / name, key_dir / name
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target.unlink(missing_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key.read_bytes())
        if name in KEY_ENV:
            lines.append(_env_line(KEY_ENV[name], key.read_text(encoding="utf-8").strip()))
    if (keys / DATA_KEYS).is_dir():
        lines.append(_env_line(DATA_KEY_ENV, str((key_dir / DATA_KEYS).absolute())))
    env = key_dir / KEYS_ENV_FILE
    env.unlink(missing_ok=True)
    fd = os.open(env, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def _restore_sqlite(snapshot: Path, target: Path, force: bool) -> None:
    """Copy the snapshot into ``target`` through SQLite's backup API (never by replacing the file under a
    connection); an existing database only with ``force``, and only when no connection has it open."""
    if target.exists():
        if not force:
            raise BackupError(f"{target} 已存在：恢复不覆盖现有数据库（停止服务后加 --force）")
        with closing(sqlite3.connect(target, timeout=1)) as live:
            try:
                # leaving WAL mode needs the only connection: refused while DevZone (web, worker,
                # scheduler, a shell) still has the database open, and its -wal/-shm stay untouched
                live.execute("PRAGMA journal_mode=DELETE").fetchone()
            except sqlite3.OperationalError:
                raise BackupError(
                    f"{target} 正在使用：先停止 DevZone（web、worker、scheduler 及其他打开它的进程）再恢复；"
                    "未恢复任何内容"
                ) from None
            with closing(sqlite3.connect(snapshot)) as source:
                source.backup(live)
    else:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for stale in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            stale.unlink(missing_ok=True)  # left from a database that is gone: never replayed into this one
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with closing(sqlite3.connect(snapshot)) as source, closing(sqlite3.connect(target)) as new:
            source.backup(new)
    os.chmod(target, 0o600)


def _media_aside(media: Path, now: dt.datetime) -> Path:
    """The dated folder beside ``media`` that takes the files the backup does not have (a new one each time)."""
    base = media.with_name(f"{media.name}-moved-aside-{now:%Y%m%d-%H%M%S}")
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


def _restore_media(content: Path, manifest: dict, media: Path, now: dt.datetime) -> dict | None:
    """Make ``media`` exactly the backup's uploaded files. A file there that the backup lacks (uploaded since)
    or holds otherwise (changed since, a link) is never deleted: it is moved, with its path, into a dated folder
    beside ``media`` (``media-moved-aside-20261207-093000/``), and folders left empty by that and unknown to
    the backup are removed; then the backup's files are copied in. Returns where the moved files went and
    how many, or None when nothing had to move."""
    media = (
        media.resolve()
    )  # `--media-root .` too: a folder with a name, and a parent to hold the moved files
    theirs = content / "media"
    digests = {n.removeprefix("media/"): d for n, d in manifest["files"].items() if n.startswith("media/")}
    aside, moved = None, 0
    if media.is_dir():
        for path in sorted(p for p in media.rglob("*") if p.is_file() or p.is_symlink()):
            name = path.relative_to(media).as_posix()
            backed = theirs / name
            if (
                not path.is_symlink()
                and name in digests
                and path.stat().st_size == backed.stat().st_size
                and _sha256(path) == digests[name]
            ):
                continue  # the backup's own file, unchanged
            aside = aside or _media_aside(media, now)
            target = aside / name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.move(path, target)
            moved += 1
        for folder in sorted((p for p in media.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()) and not (theirs / folder.relative_to(media)).is_dir():
                folder.rmdir()
    media.mkdir(parents=True, exist_ok=True, mode=0o700)
    if theirs.is_dir():
        shutil.copytree(theirs, media, dirs_exist_ok=True)
    return {"folder": str(aside), "files": moved} if aside else None


def restore(
    archive: Path,
    passphrase: str,
    *,
    var_dir: Path | None = None,
    database_url: str = "",
    media_root: Path | None = None,
    key_dir: Path | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
) -> dict:
    """Put the backup in place: SQLite into ``var_dir`` (new, or ``force``), PostgreSQL into the empty database
    ``database_url`` (or, with ``force``, one with tables, cleaned first); the files into ``media_root``
    (default ``var_dir/media``), which then holds exactly the backup's files (any other moved aside into a
    folder dated ``now``, local time: ``_restore_media``), and the keys into ``key_dir`` (default ``var_dir``;
    the data keys into its ``data_keys/``, where ``DEVZONE_DATA_KEY_DIR`` points by default), with
    ``devzone-keys.env``. Every refusal comes before anything is written. The returned manifest says where the
    keys went (``keys_restored_to``) and, when files were moved aside, where and how many
    (``media_moved_aside``: ``folder``, ``files``)."""
    with _stage_folder("devzone-restore-") as tmp:
        manifest = open_backup(archive, passphrase, Path(tmp))
        content = Path(tmp) / "content"
        keys = content / "keys"
        has_keys = keys.is_dir() and any(keys.iterdir())
        key_dir = key_dir or var_dir
        if manifest["database"] == "sqlite":
            if var_dir is None:
                raise BackupError("SQLite备份须用 --var-dir 指定恢复到的目录")
            target = var_dir / "devzone.sqlite3"
            if target.exists() and not force:
                raise BackupError(f"{target} 已存在：恢复不覆盖现有数据库（停止服务后加 --force）")
        else:
            if not database_url:
                raise BackupError("PostgreSQL备份须用 --database-url 指定一个空数据库")
        if has_keys:
            _check_keys(keys, key_dir, force)
        if manifest["database"] == "sqlite":
            assert var_dir is not None
            var_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _restore_sqlite(content / "database.sqlite3", var_dir / "devzone.sqlite3", force)
        else:
            if not _pg_is_empty(database_url) and not force:
                raise BackupError(
                    "恢复的目标数据库不是空的：请用 createdb 建一个新数据库（或确认可清除其中同名的表后加 --force）；"
                    "未恢复任何内容"
                )
            target, password = pg_target(database_url)
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    *(["--clean", "--if-exists"] if force else []),
                    "--dbname",
                    target,
                    str(content / "database.dump"),
                ],
                "pg_restore",
                password=password,
            )
        media = media_root or (var_dir / "media" if var_dir else None)
        if media is not None:
            moved = _restore_media(content, manifest, media, now or dt.datetime.now())
            if moved:
                manifest["media_moved_aside"] = moved
        if has_keys:
            assert key_dir is not None
            _restore_keys(keys, key_dir, archive, manifest.get("created", ""))
            manifest["keys_restored_to"] = str(key_dir)
    return manifest


def manifest_summary(manifest: dict) -> str:
    rows = sum(manifest.get("tables", {}).values())
    files = sum(1 for n in manifest["files"] if n.startswith("media/"))
    keys = sorted(
        n.removeprefix("keys/") for n in manifest["files"] if n.startswith("keys/") and n.count("/") == 1
    )
    data_keys = sum(1 for n in manifest["files"] if n.startswith(f"keys/{DATA_KEYS}/"))
    if data_keys:
        keys.append(f"数据密钥{data_keys}个")
    return (
        f"{manifest['database']} · {len(manifest.get('tables', {}))}张表 {rows}行 · {files}个文件"
        f" · 密钥：{'、'.join(keys) or '无'}"
    )
