"""Secrets and access found lying around by the security review of core: each test reproduces one finding
(it failed before its fix). Admin changes end the account's access; a failed login keeps no typed secret; production
refuses plain HTTP and DEBUG; the database password stays off command lines; an authenticator secret belongs to the
session that saw it; no live token or session key sits readable in django_session; the TOTP seed is sealed."""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from devzone.core.services.tokens import token_authenticate, token_create
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
ROOT = Path(__file__).resolve().parents[3]


def _raw(sql: str) -> list:
    with connection.cursor() as cur:
        cur.execute(sql)
        return [r[0] for r in cur.fetchall()]


def _logged_in(user) -> Client:
    client = Client()
    r = client.post(LOGIN, {"username": user.username, "password": f.PASSWORD})
    assert r.status_code == 302
    return client


# Changes made in the Django admin end the account's sessions and API tokens ---------------------------------------
def _superuser_client(client_for):
    root = get_user_model().objects.create_superuser("root", password=f.PASSWORD)
    return client_for(root)


def test_a_password_changed_in_the_django_admin_revokes_the_api_tokens_and_sessions(
    client_for, zone_a_investment_officer
):
    """docs/security.md: a person whose password is reset has their tokens revoked — the admin path skipped it."""
    _token, raw = token_create(actor=zone_a_investment_officer, name="t", days_valid=30)
    theirs = _logged_in(zone_a_investment_officer)
    admin = _superuser_client(client_for)
    url = f"/admin/auth/user/{zone_a_investment_officer.pk}/password/"
    new = "Xinmima-2026!ok"
    r = admin.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert r.status_code == 302, r.content[:500]
    zone_a_investment_officer.refresh_from_db()
    assert zone_a_investment_officer.check_password(new)
    assert token_authenticate(raw) is None, "the API token outlives the password reset made in the admin"
    assert theirs.get("/").status_code == 302, "the old session outlives the password reset made in the admin"
    assert admin.get("/admin/").status_code == 200  # the administrator's own session is untouched


def test_a_role_changed_in_the_django_admin_revokes_the_api_tokens(client_for, zone_a_reviewer):
    """A token made under the old role must die with the role change (core.services.people.end_access)."""
    _token, raw = token_create(actor=zone_a_reviewer, name="t", days_valid=30)
    admin = _superuser_client(client_for)
    profile = zone_a_reviewer.profile
    url = f"/admin/core/profile/{profile.pk}/change/"
    data = {
        "user": zone_a_reviewer.pk,
        "role": "zone_leader",
        "display_name": profile.display_name,
        "city": "",
        "zone": profile.zone_id,
        "enterprise": "",
        "staff": "",
        "language": "",
    }
    r = admin.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.role == "zone_leader"
    assert token_authenticate(raw) is None, (
        "the API token made under the old role survives the admin's change"
    )


def test_rights_taken_away_in_the_django_admin_user_form_revoke_the_api_tokens(client_for):
    """The user form (is_superuser, is_staff, is_active, groups …) ends access as the profile form does: a token
    made by a superuser (read every city past the scoping) must not outlive the demotion."""
    from django.contrib.auth.models import User

    boss = User.objects.create_superuser("boss", password=f.PASSWORD)
    _token, raw = token_create(actor=boss, name="t", days_valid=30)
    admin = _superuser_client(client_for)
    page = admin.get(f"/admin/auth/user/{boss.pk}/change/")
    form = page.context["adminform"].form
    skipped = {"password", "groups", "user_permissions", "date_joined", "last_login"}  # the split ones below
    data = {k: v for k, v in form.initial.items() if v is not None and k not in skipped}
    data |= {"is_superuser": "", "is_staff": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    r = admin.post(f"/admin/auth/user/{boss.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert not User.objects.get(pk=boss.pk).is_superuser
    assert token_authenticate(raw) is None, "the token made as a superuser survives the demotion"


def test_an_administrator_who_changes_their_own_password_in_the_admin_stays_logged_in(client_for):
    admin = _superuser_client(client_for)
    root = get_user_model().objects.get(username="root")
    new = "Xinmima-2026!ok"
    r = admin.post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert r.status_code == 302
    assert admin.get("/admin/").status_code == 200


def test_a_display_name_changed_in_the_django_admin_keeps_the_api_tokens(client_for, zone_a_reviewer):
    """Only rights, reach and credentials end access: renaming a person is not a reason to log them out."""
    _token, raw = token_create(actor=zone_a_reviewer, name="t", days_valid=30)
    admin = _superuser_client(client_for)
    profile = zone_a_reviewer.profile
    data = {
        "user": zone_a_reviewer.pk,
        "role": profile.role,
        "display_name": "新名字",
        "city": "",
        "zone": profile.zone_id,
        "enterprise": "",
        "staff": "",
        "language": "",
    }
    r = admin.post(f"/admin/core/profile/{profile.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert token_authenticate(raw) is not None


# A failed login keeps no name that is no account's (often a password typed into the name box) --------------------
def test_a_password_typed_into_the_user_name_box_is_not_kept_in_the_audit_trail(enterprise_user):
    """A person who types their password into the 用户名 box (the commonest slip at a login form) left it in clear
    in the audit trail, read by administrators (AuditEventAdmin, the person's page) and in every backup."""
    from devzone.core.models import AuditEvent

    Client().post(LOGIN, {"username": f.PASSWORD, "password": f.PASSWORD}, REMOTE_ADDR="10.9.9.9")
    kept = list(AuditEvent.objects.values_list("object_repr", "note", "changes"))
    assert kept and not any(f.PASSWORD in str(row) for row in kept), kept


def test_a_password_typed_into_the_user_name_box_is_not_kept_by_the_lockout_records(enterprise_user):
    """django-axes stores the name of each failed attempt (axes_accessattempt.username, shown in the admin):
    an unknown name is stored as a keyed hash, one per name typed, so the lockout still counts per name."""
    from axes.models import AccessAttempt

    for _ in range(2):
        Client().post(LOGIN, {"username": f.PASSWORD, "password": f.PASSWORD}, REMOTE_ADDR="10.9.9.9")
    Client().post(LOGIN, {"username": "somebody-else", "password": "x"}, REMOTE_ADDR="10.9.9.9")
    Client().post(LOGIN, {"username": enterprise_user.username, "password": "x"}, REMOTE_ADDR="10.9.9.9")
    rows = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    assert not any(f.PASSWORD in str(row) or "somebody-else" in str(row) for row in rows), rows
    names = dict(rows)
    assert names[enterprise_user.username] == 1  # an account's name is kept, as before
    unknown = sorted(n for n in names if n.startswith("?"))
    assert len(unknown) == 2 and sorted(names[n] for n in unknown) == [1, 2]


# The database password stays off pg_dump's and pg_restore's command lines -----------------------------------------
DB_PASSWORD = "Db-Pa55word-xyz"
DB_URL = f"postgresql://devzone:{DB_PASSWORD}@db.internal:5432/devzone"


@pytest.fixture
def fake_pg(monkeypatch):
    """pg_dump/pg_restore replaced by a recorder of their argument list and environment."""
    from devzone.core import backup as bk

    seen: list[tuple[list[str], dict | None]] = []

    def fake_run(args, **kwargs):
        seen.append((list(args), kwargs.get("env")))
        if "--file" in args:
            Path(args[args.index("--file") + 1]).write_bytes(b"dump")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(bk.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(bk.subprocess, "run", fake_run)
    monkeypatch.setattr(bk, "_pg_is_empty", lambda url: True)
    return seen


def test_the_backup_and_restore_do_not_put_the_database_password_on_a_command_line(tmp_path, fake_pg):
    """docs: the passphrase is refused on the command line 'which other users of the machine can read'
    (core.management.passphrase) — yet the database password went into pg_dump's argv (/proc/<pid>/cmdline,
    `ps`), and likewise into pg_restore's. It goes in the child's environment (PGPASSWORD) instead."""
    from devzone.core import backup as bk

    source = bk.Source(media_root=tmp_path / "media", key_dir=tmp_path / "keys", database_url=DB_URL)
    archive = tmp_path / "out.dzbak"
    bk.backup(source, archive, "a long passphrase here")
    bk.restore(archive, "a long passphrase here", database_url=DB_URL, key_dir=tmp_path / "restored-keys")
    assert [args[0] for args, _env in fake_pg] == ["pg_dump", "pg_restore"]
    for args, env in fake_pg:
        assert DB_PASSWORD not in " ".join(args), args
        assert env["PGPASSWORD"] == DB_PASSWORD
        target = args[args.index("--dbname") + 1]
        assert "host=db.internal" in target and "dbname=devzone" in target and "user=devzone" in target


def test_the_backup_command_quotes_a_password_with_url_characters():
    from devzone.core import backup as bk
    from devzone.core.management.commands.backup import _url

    db = {"USER": "devzone", "PASSWORD": "p@ss/w:rd?#", "HOST": "db", "PORT": 5432, "NAME": "devzone"}
    assert bk.pg_target(_url(db)) == ("user=devzone dbname=devzone host=db port=5432", "p@ss/w:rd?#")


def test_restore_refuses_a_password_on_its_command_line_and_reads_the_url_from_the_environment(
    tmp_path, fake_pg, monkeypatch
):
    from django.core.management import CommandError, call_command

    from devzone.core import backup as bk

    source = bk.Source(media_root=tmp_path / "media", key_dir=tmp_path / "keys", database_url=DB_URL)
    archive = tmp_path / "out.dzbak"
    bk.backup(source, archive, "a long passphrase here")
    monkeypatch.setenv("DEVZONE_BACKUP_PASSPHRASE", "a long passphrase here")
    with pytest.raises(CommandError, match="DEVZONE_RESTORE_DATABASE_URL"):
        call_command("restore", str(archive), "--database-url", DB_URL, "--key-dir", str(tmp_path / "k"))
    assert len(fake_pg) == 1  # nothing restored
    monkeypatch.setenv("DEVZONE_RESTORE_DATABASE_URL", DB_URL)
    call_command("restore", str(archive), "--key-dir", str(tmp_path / "k"))
    args, env = fake_pg[-1]
    assert args[0] == "pg_restore" and DB_PASSWORD not in " ".join(args) and env["PGPASSWORD"] == DB_PASSWORD


# An authenticator secret belongs to the session that saw it ------------------------------------------------------
def _shown_seed(client) -> str:
    page = client.get("/core/otp/enroll/").content.decode()
    shown = re.search(r"([A-Z2-7]{4}(?: [A-Z2-7]{1,4})+)", page).group(1).replace(" ", "")
    return base64.b32decode(shown + "=" * (-len(shown) % 8)).hex()


def test_an_authenticator_secret_seen_in_another_session_never_becomes_the_owners(zone_a_leader):
    """pending_device() handed every session the same unconfirmed secret until someone confirmed it. Whoever
    opened the enrollment page once with the leader's password (a phished password, a colleague at the desk)
    kept the secret; when the leader later enrolled, they confirmed that very secret, and the intruder held the
    leader's second factor for good, silently."""
    from devzone.testing.otp import code_of

    intruder = _logged_in(zone_a_leader)
    seen = _shown_seed(intruder)

    owner = _logged_in(zone_a_leader)
    owners = _shown_seed(owner)
    assert owners != seen
    assert _shown_seed(owner) == owners  # the same session keeps its secret until it confirms it
    pending = TOTPDevice.objects.get(user=zone_a_leader, confirmed=False)  # the intruder's was voided
    done = owner.post("/core/otp/enroll/", {"code": code_of(pending), "next": "/"})
    assert done.status_code == 200
    confirmed = TOTPDevice.objects.get(user=zone_a_leader, confirmed=True)
    assert confirmed.bin_key.hex() == owners != seen


def test_a_secret_can_be_confirmed_only_in_the_session_that_saw_it(zone_a_leader):
    """The other way round: the owner opens enrollment, then an intruder's session posts a code of the owner's
    secret (read over the shoulder): refused, the owner's secret stays unconfirmed."""
    from devzone.testing.otp import code_of

    owner = _logged_in(zone_a_leader)
    _shown_seed(owner)
    pending = TOTPDevice.objects.get(user=zone_a_leader, confirmed=False)
    intruder = _logged_in(zone_a_leader)
    refused = intruder.post("/core/otp/enroll/", {"code": code_of(pending), "next": "/"})
    assert "请刷新页面后重新扫码" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=zone_a_leader, confirmed=True).exists()


# The one-time link's token is sealed in the session -------------------------------------------------------------
def _readable_without_keys(data: str) -> str:
    """What anyone holding the row reads, with no secret key: Django signs session data, it does not encrypt it."""
    import zlib

    from django.core.signing import b64_decode

    payload = data.split(":", 1)[0]
    compressed = payload.startswith(".")
    raw = b64_decode(payload.lstrip(".").encode())
    return (zlib.decompress(raw) if compressed else raw).decode()


def test_the_one_time_link_token_is_not_kept_in_clear_in_the_session_store(zone_a_leader, zone_a):
    """password_set moved the link's token into the session, whose data Django stores signed but NOT encrypted:
    a copy of django_session (or a backup) gave the live token, hence the account, for PASSWORD_RESET_TIMEOUT.
    The link still works: the person sets a password in that session."""
    from django.contrib.sessions.models import Session

    from devzone.core.choices import Role
    from devzone.core.services import people

    person, link = people.person_create(
        actor=zone_a_leader, username="newbie", display_name="新人", role=Role.REVIEWER, zone=zone_a
    )
    token = link.path.rstrip("/").rsplit("/", 1)[-1]
    visitor = Client()
    r = visitor.get(link.path)
    assert r.status_code == 302
    stored = [_readable_without_keys(s.session_data) for s in Session.objects.all()]
    assert stored and not any(token in s for s in stored), (
        "the live set-password token sits in django_session"
    )
    page = visitor.get(r["Location"])
    assert page.status_code == 200
    new = "Xinmima-2026!ok"
    done = visitor.post(r["Location"], {"password1": new, "password2": new})
    assert done.status_code == 302, done.content.decode()[:1000]
    person.user.refresh_from_db()
    assert person.user.check_password(new)


# django_session holds a keyed hash of each session key, never the cookie -----------------------------------------
def test_a_copy_of_the_session_table_gives_no_live_session_key(enterprise_user):
    """django_session.session_key was the cookie itself: whoever read the table (a backup, a replica) logged in."""
    from django.contrib.sessions.models import Session

    from devzone.core.sessions import stored_key

    client = _logged_in(enterprise_user)
    cookie = client.cookies["sessionid"].value
    stored = _raw("SELECT session_key FROM django_session")
    assert cookie not in stored, "the session key is stored in clear"
    assert stored_key(cookie) in stored
    assert client.get("/").status_code == 200  # the cookie still opens its session
    thief = Client()
    thief.cookies["sessionid"] = stored[0]  # the value read from the table is no cookie
    assert thief.get("/").status_code == 302
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=stored_key(cookie)).exists()


def test_ending_a_persons_sessions_keeps_the_one_named_by_its_cookie(enterprise_user):
    from devzone.core.services.people import end_sessions

    keep, other = _logged_in(enterprise_user), _logged_in(enterprise_user)
    assert end_sessions(enterprise_user, keep=keep.cookies["sessionid"].value) == 1
    assert keep.get("/").status_code == 200 and other.get("/").status_code == 302


# The TOTP seed is sealed at rest ---------------------------------------------------------------------------------
def test_the_authenticator_seed_is_not_stored_in_clear_in_the_database(zone_a_leader):
    """A copy of the database (or a backup's database) must not give away every leader's/administrator's TOTP
    seed: django-otp kept it in clear hex in otp_totp_totpdevice.key."""
    from devzone.testing.otp import code_of

    client = _logged_in(zone_a_leader)
    seed_hex = _shown_seed(client)
    stored = _raw("SELECT key FROM otp_totp_totpdevice")
    assert stored and seed_hex not in stored, "the TOTP seed sits in clear in otp_totp_totpdevice.key"
    assert not any(seed_hex in s.lower() for s in stored)
    device = TOTPDevice.objects.get(user=zone_a_leader)
    assert device.bin_key.hex() == seed_hex  # read through the seal: the codes still work
    assert client.post("/core/otp/enroll/", {"code": code_of(device), "next": "/"}).status_code == 200
    assert TOTPDevice.objects.get(user=zone_a_leader).confirmed


def test_a_device_made_anywhere_is_sealed_and_a_seed_stored_in_clear_still_works_until_resealed(
    zone_a_leader,
):
    """Whatever creates a device (django-otp's own create, a helper) stores it sealed; a row from before the
    migration (hex in clear) still verifies and is sealed at its next save."""
    from devzone.core import sealed
    from devzone.testing.otp import code_of

    device = TOTPDevice.objects.create(user=zone_a_leader, name="t", confirmed=True)
    assert sealed.is_sealed_seed(_raw("SELECT key FROM otp_totp_totpdevice")[0])
    clear = "3132333435363738393031323334353637383930"
    TOTPDevice.objects.filter(pk=device.pk).update(key=clear)
    old = TOTPDevice.objects.get(pk=device.pk)
    assert old.verify_token(code_of(old))  # verifying saves the device (its last step): sealed now
    [stored] = _raw("SELECT key FROM otp_totp_totpdevice")
    assert sealed.is_sealed_seed(stored) and clear not in stored
    assert TOTPDevice.objects.get(pk=device.pk).bin_key.hex() == clear


def test_the_migration_seals_the_seeds_stored_before_and_can_go_back(zone_a_leader):
    import importlib

    from django.apps import apps

    from devzone.core import sealed

    migration = importlib.import_module("devzone.core.migrations.0024_seal_totp_keys")
    device = TOTPDevice.objects.create(user=zone_a_leader, name="t", confirmed=True)
    clear = "3132333435363738393031323334353637383930"
    TOTPDevice.objects.filter(pk=device.pk).update(key=clear)
    migration.seal(apps, None)
    [stored] = _raw("SELECT key FROM otp_totp_totpdevice")
    assert sealed.is_sealed_seed(stored) and sealed.unseal_seed(stored) == clear
    migration.seal(apps, None)  # twice: nothing sealed twice
    assert _raw("SELECT key FROM otp_totp_totpdevice") == [stored]
    migration.unseal(apps, None)
    assert _raw("SELECT key FROM otp_totp_totpdevice") == [clear]
