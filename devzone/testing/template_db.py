"""One migration per test run on SQLite, shared by the pytest-xdist workers (a pytest plugin, loaded by
devzone/conftest.py).

Every worker builds its own in-memory test database, and applying the 85 migrations (with their data
migrations: industries, the shared cache table, the sealed ballot box …) costs each one 15–30 CPU seconds,
mostly Django rendering model states. The first worker to get here migrates as usual and saves a copy of the
result next to the run's temporary folders; the others wait for it and copy it in with SQLite's backup API.
The database they test is therefore the one the real migrations build, byte for byte, including what the
``post_migrate`` handlers wrote (content types, permissions). PostgreSQL migrates as before.

The copy is also kept between runs, in ``.venv/cache/``, under a key made of every migration file's content, the
installed apps and the versions of Django and SQLite: a run whose migrations have not changed starts from it
(about 40 s less on the 2-core machine); any change to a migration, an app or a version makes a new one. A new
checkout (``make install`` makes a new ``.venv``) migrates once.

A transactional test with ``serialized_rollback`` (every browser test) starts from the rows the migrations left,
which Django puts back by deserializing them one ``save()`` at a time (about 900 rows, 0.5–0.8 s a test). On
SQLite the worker keeps a copy of its test database as it was when those rows were serialized and puts that copy
back instead, with the backup API (a few milliseconds): the same rows, and the tables no model owns as they were
too (``devzone_cache``, the ids' counters)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
from contextlib import closing
from importlib import import_module
from pathlib import Path

import pytest

CACHE = Path(__file__).resolve().parents[2] / ".venv" / "cache"


def _migrations_key() -> str:
    """A digest of what decides the migrated database: each migration file, the apps, Django and SQLite."""
    import django
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()
    digest.update(f"{django.__version__} {sqlite3.sqlite_version} {settings.INSTALLED_APPS}".encode())
    for app, name in sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations):
        module = import_module(f"{MigrationLoader.migrations_module(app)[0]}.{name}")
        digest.update(f"{app}.{name}".encode() + Path(module.__file__).read_bytes())
    return digest.hexdigest()[:20]


@pytest.fixture(autouse=True, scope="session")
def _migrate_once_for_all_workers(request, tmp_path_factory):
    from django.core.management.commands import migrate
    from django.db import connections

    shared = _run_folder(request, tmp_path_factory)
    template = shared / "migrated.sqlite3"
    original = migrate.Command.handle

    def handle(self, *args, **options):
        connection = connections[options.get("database") or "default"]
        if connection.vendor != "sqlite":
            return original(self, *args, **options)
        connection.ensure_connection()
        with open(shared / "migrated.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker migrates; the others wait here
            kept = CACHE / f"migrated-{_migrations_key()}.sqlite3"
            if not template.exists() and kept.exists():
                _copy(kept, template)
            if template.exists():
                with closing(sqlite3.connect(template)) as saved:
                    saved.backup(connection.connection)
                return None
            result = original(self, *args, **options)
            _save(connection.connection, template)
            CACHE.mkdir(parents=True, exist_ok=True)
            for old in CACHE.glob("migrated-*.sqlite3"):
                old.unlink()  # one kept copy: the migrations as they are now
            _save(connection.connection, kept)
            return result

    migrate.Command.handle = handle
    restore = _restore_serialized_rows_from_a_copy()
    try:
        yield
    finally:
        migrate.Command.handle = original
        restore()


def _restore_serialized_rows_from_a_copy():
    """On in-memory SQLite, ``serialized_rollback`` puts the serialized rows back by restoring a copy of the
    database taken when they were serialized (see the module's docstring); returns what undoes it."""
    from django.db.backends.sqlite3.creation import DatabaseCreation

    serialize, deserialize = (
        DatabaseCreation.serialize_db_to_string,
        DatabaseCreation.deserialize_db_from_string,
    )

    def serialize_db_to_string(self):
        serialized = serialize(self)
        if self.connection.is_in_memory_db():
            # setup_databases serializes last, once every test database is created (its cache table too)
            self.connection.ensure_connection()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            self.connection.connection.backup(copy)
            self.connection._devzone_serialized_copy = (serialized, copy)
        return serialized

    def deserialize_db_from_string(self, data):
        serialized, copy = getattr(self.connection, "_devzone_serialized_copy", (None, None))
        if data is not serialized:  # some other string: Django's way
            return deserialize(self, data)
        self.connection.ensure_connection()
        copy.backup(self.connection.connection)
        return None

    DatabaseCreation.serialize_db_to_string = serialize_db_to_string
    DatabaseCreation.deserialize_db_from_string = deserialize_db_from_string

    def undo():
        DatabaseCreation.serialize_db_to_string = serialize
        DatabaseCreation.deserialize_db_from_string = deserialize

    return undo


def _run_folder(request, tmp_path_factory) -> Path:
    """The run's own folder, common to every xdist worker of the run."""
    base = Path(tmp_path_factory.getbasetemp())
    return base.parent if getattr(request.config, "workerinput", None) is not None else base


def _save(source, path: Path) -> None:
    """Write the database ``source`` (a sqlite3 connection) to ``path`` whole or not at all."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with closing(sqlite3.connect(partial)) as saved:
        source.backup(saved)
    partial.replace(path)


def _copy(path: Path, to: Path) -> None:
    with closing(sqlite3.connect(path)) as source:
        _save(source, to)


@pytest.fixture
def bench_var_dir(request, tmp_path, tmp_path_factory):
    """A ``DEVZONE_VAR_DIR`` holding a migrated embedded database, for the tests that run ``devzone`` commands
    in processes of their own (the load tests: their gunicorn workers cannot see the test database). On SQLite it
    is a copy of the migration template above (the test database is set up first, so the template exists); on
    PostgreSQL ``devzone migrate`` builds it."""
    var = tmp_path / "var"
    var.mkdir()
    template = _run_folder(request, tmp_path_factory) / "migrated.sqlite3"
    request.getfixturevalue("django_db_setup")
    kept = CACHE / f"migrated-{_migrations_key()}.sqlite3"
    source = template if template.exists() else kept
    if source.exists():
        _copy(source, var / "devzone.sqlite3")
        return var
    from devzone.testing.commands import run_devzone

    migrated = run_devzone(["migrate", "-v0"], var=var)
    assert migrated.returncode == 0, migrated.stderr
    return var
