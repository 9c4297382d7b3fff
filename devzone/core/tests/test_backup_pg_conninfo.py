"""``devzone backup`` on PostgreSQL rebuilt the connection from settings.DATABASES (management/commands/
backup.py, once ``_url``) as ``postgresql://user:pass@HOST:PORT/NAME``, dropping OPTIONS and never bracketing or
encoding the host:

- a Unix-socket host (DATABASE_URL=postgres://devzone@%2Fvar%2Frun%2Fpostgresql/devzone, Debian's usual peer
  setup) becomes dbname "var/run/postgresql:5432/devzone": every nightly backup fails;
- an IPv6 host (::1) becomes port ":1:5432": the same;
- ``?sslmode=verify-full`` (OPTIONS) is dropped: pg_dump connects with libpq's default ``prefer`` and sends the
  password to whoever answers (no certificate check) -- and dumps the whole database to them."""

from __future__ import annotations

import pytest

from devzone.core.backup import pg_target
from devzone.core.management.commands.backup import _conninfo


def conninfo_of(db: dict) -> dict:
    from psycopg import conninfo

    target, _password = pg_target(_conninfo(db))
    return conninfo.conninfo_to_dict(target)


@pytest.mark.parametrize("host", ["/var/run/postgresql", "::1"])
def test_the_backup_connects_to_the_configured_host_and_database(host):
    db = {"NAME": "devzone", "USER": "devzone", "PASSWORD": "", "HOST": host, "PORT": "", "OPTIONS": {}}
    parts = conninfo_of(db)
    assert parts.get("dbname") == "devzone" and parts.get("host") == host, parts


def test_the_backup_keeps_the_configured_tls_verification():
    db = {
        "NAME": "devzone",
        "USER": "devzone",
        "PASSWORD": "s3cret",
        "HOST": "db.internal",
        "PORT": "5432",
        "OPTIONS": {"sslmode": "verify-full"},
    }
    assert conninfo_of(db).get("sslmode") == "verify-full"


def test_a_password_with_any_character_reaches_pg_dump_whole_and_django_options_stay_out():
    db = {
        "NAME": "devzone",
        "USER": "dev zone",
        "PASSWORD": "p@ss/w:rd 'x'",
        "HOST": "db.internal",
        "PORT": 6432,
        "OPTIONS": {"sslmode": "require", "pool": True, "isolation_level": 1, "server_side_binding": True},
    }
    from psycopg import conninfo

    target, password = pg_target(_conninfo(db))
    parts = conninfo.conninfo_to_dict(target)
    assert password == "p@ss/w:rd 'x'" and "password" not in parts
    assert parts == {
        "host": "db.internal",
        "port": "6432",
        "dbname": "devzone",
        "user": "dev zone",
        "sslmode": "require",
    }
