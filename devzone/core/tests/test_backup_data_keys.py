"""A backup restores what the data needs (review H): the candidates' identity numbers, phones and documents
(personnel.vault) and the exchange's signing secrets are sealed under long-lived data keys. Those lived among the
ballot keys, which no backup holds — after the machine was lost and the backup restored, they could never be read
again. The data keys now live in ``DEVZONE_DATA_KEY_DIR``, travel inside the encrypted backup and are restored
beside ``seal_master_key``; the ballot and survey keys still never leave the machine. An installation from before
keeps its keys: they move to the new folder on first use, and ``devzone backup`` moves them all first."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import call_command

from devzone.core import backup as bk
from devzone.core import sealbox
from devzone.exchange import secrets_box
from devzone.personnel import vault

PASS = "correct horse battery staple"
IDENTITY = "370102199001010071"


def _installation(tmp_path: Path, settings) -> tuple[Path, uuid.UUID]:
    """An installation with a candidate's sealed identity number, a subscriber's sealed secret and an open
    ballot box's key; returns its var folder and the ballot key."""
    var = tmp_path / "var"
    (var / "media").mkdir(parents=True)
    settings.VAR_DIR = var
    settings.MEDIA_ROOT = var / "media"
    settings.DEVZONE_BALLOT_KEY_DIR = var / "ballot_keys"
    settings.DEVZONE_DATA_KEY_DIR = var / "data_keys"
    identity = vault.seal(1, IDENTITY)
    secret = secrets_box.seal("whsec-subscriber-secret")
    ballot = uuid.uuid4()
    sealbox.key_create(ballot)
    with closing(sqlite3.connect(var / "devzone.sqlite3")) as c:
        c.execute("CREATE TABLE boxes (name TEXT, box BLOB)")
        c.executemany("INSERT INTO boxes VALUES (?, ?)", [("identity", identity), ("secret", secret)])
        c.commit()
    (var / "secret_key").write_text("django-secret")
    (var / "seal_master_key").write_text("seal-master")
    return var, ballot


def _opened(target: Path, settings) -> tuple[str | None, str | None]:
    """What the restored installation in ``target`` reads of the sealed identity number and secret."""
    settings.DEVZONE_BALLOT_KEY_DIR = target / "ballot_keys"
    settings.DEVZONE_DATA_KEY_DIR = target / "data_keys"
    with closing(sqlite3.connect(target / "devzone.sqlite3")) as c:
        boxes = dict(c.execute("SELECT name, box FROM boxes"))
    try:
        return vault.unseal(1, boxes["identity"]), secrets_box.unseal(boxes["secret"])
    except sealbox.KeyMissing:
        return None, None


def test_a_restored_backup_still_opens_the_candidates_identity_and_the_subscribers_secret(tmp_path, settings):
    var, ballot = _installation(tmp_path, settings)
    # a ballot key in the data key folder (the two folders set to one by mistake) stays out all the same
    stray = var / "data_keys" / f"{uuid.uuid4()}.key"
    stray.write_bytes(b"k" * 32)
    archive = tmp_path / "devzone.dzbak"
    manifest = bk.backup(
        bk.Source(media_root=var / "media", key_dir=var, sqlite_path=var / "devzone.sqlite3"), archive, PASS
    )
    shutil.rmtree(var)  # the server is lost: only the backup is left

    target = tmp_path / "restored"
    bk.restore(archive, PASS, var_dir=target)
    assert _opened(target, settings) == (IDENTITY, "whsec-subscriber-secret")
    # the open ballot's key never left the machine: it died with it
    assert not any(str(ballot) in name or stray.stem in name for name in manifest["files"])
    assert not (target / "ballot_keys").exists()
    assert {p.name for p in (target / "data_keys").iterdir()} == {
        f"{vault.key_id(1)}.key",
        f"{secrets_box.KEY}.key",
    }
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in (target / "data_keys").iterdir())
    assert "数据密钥2个" in bk.manifest_summary(manifest)


def test_a_restore_into_a_key_folder_names_the_data_key_folder_for_the_environment(tmp_path, settings):
    var, _ballot = _installation(tmp_path, settings)
    archive = tmp_path / "devzone.dzbak"
    bk.backup(
        bk.Source(media_root=var / "media", key_dir=var, sqlite_path=var / "devzone.sqlite3"), archive, PASS
    )
    keys = tmp_path / "etc-keys"
    bk.restore(archive, PASS, var_dir=tmp_path / "restored", key_dir=keys)
    env = (keys / bk.KEYS_ENV_FILE).read_text()
    assert f"DEVZONE_DATA_KEY_DIR={keys / 'data_keys'}" in env.splitlines()
    assert (keys / "data_keys" / f"{secrets_box.KEY}.key").exists()


def test_restoring_never_replaces_another_installations_data_key_unless_forced(tmp_path, settings):
    var, _ballot = _installation(tmp_path, settings)
    archive = tmp_path / "devzone.dzbak"
    bk.backup(
        bk.Source(media_root=var / "media", key_dir=var, sqlite_path=var / "devzone.sqlite3"), archive, PASS
    )
    keys = tmp_path / "keys"
    (keys / "data_keys").mkdir(parents=True)
    theirs = keys / "data_keys" / f"{secrets_box.KEY}.key"
    theirs.write_bytes(b"another installation's key")
    target = tmp_path / "restored"
    with pytest.raises(bk.BackupError, match="data_keys"):
        bk.restore(archive, PASS, var_dir=target, key_dir=keys)
    assert theirs.read_bytes() == b"another installation's key"
    assert not target.exists()


def test_an_upgraded_installation_keeps_the_data_keys_it_made_among_the_ballot_keys(
    tmp_path, settings, monkeypatch
):
    """Before ``DEVZONE_DATA_KEY_DIR`` the data keys sat among the ballot keys: the first use moves each one, and
    ``devzone backup`` moves all that are left before it backs them up; the ballot keys stay where they are."""
    var, ballot = _installation(tmp_path, settings)
    with closing(sqlite3.connect(var / "devzone.sqlite3")) as c:
        boxes = dict(c.execute("SELECT name, box FROM boxes"))
    old, new = var / "ballot_keys", var / "data_keys"
    for key in new.iterdir():  # the layout before the upgrade
        key.rename(old / key.name)

    assert vault.unseal(1, boxes["identity"]) == IDENTITY  # the first use moves the city's key
    assert (new / f"{vault.key_id(1)}.key").exists() and not (old / f"{vault.key_id(1)}.key").exists()
    assert (old / f"{secrets_box.KEY}.key").exists()  # not used yet

    settings.SECRET_KEY = "django-secret"
    settings.DEVZONE_SEAL_MASTER_KEY = "ab" * 32
    archive = tmp_path / "devzone.dzbak"
    real = bk.backup
    # the test database is not a file of this installation: back up the installation's own SQLite file
    monkeypatch.setattr(
        bk,
        "backup",
        lambda s, out, pw: real(dataclasses.replace(s, sqlite_path=var / "devzone.sqlite3"), out, pw),
    )
    call_command("backup", str(archive), passphrase_file=str(_passphrase_file(tmp_path)))
    assert sorted(p.name for p in old.iterdir()) == [f"{ballot}.key"]  # the ballot key stays behind
    assert (new / f"{secrets_box.KEY}.key").exists()

    shutil.rmtree(var)
    target = tmp_path / "restored"
    bk.restore(archive, PASS, var_dir=target)
    assert _opened(target, settings) == (IDENTITY, "whsec-subscriber-secret")
    assert not (target / "ballot_keys").exists()


def _passphrase_file(tmp_path: Path) -> Path:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS)
    secret.chmod(0o600)  # owner-only, as the command requires
    return secret
