"""One migration per test run on SQLite, shared by the pytest-xdist workers (a pytest plugin, loaded by
devzone/conftest.py).

Every worker builds its own in-memory test database, and applying the 85 migrations (with their data
migrations: industries, the shared cache table, the sealed ballot box …) costs each one 15–30 CPU seconds,
mostly Django rendering model states. The first worker to get here migrates as usual and saves a copy of the
result next to the run's temporary folders; the others wait for it and copy it in with SQLite's backup API.
The database they test is therefore the one the real migrations build, byte for byte, including what the
``post_migrate`` handlers wrote (content types, permissions). PostgreSQL, and a run without xdist, migrate as
before."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _migrate_once_for_all_workers(request, tmp_path_factory):
    worker = getattr(request.config, "workerinput", None)
    if worker is None:  # one process: nothing to share
        yield
        return
    from django.core.management.commands import migrate
    from django.db import connections

    shared = Path(tmp_path_factory.getbasetemp()).parent  # the run's folder, common to every worker
    template = shared / "migrated.sqlite3"
    original = migrate.Command.handle

    def handle(self, *args, **options):
        connection = connections[options.get("database") or "default"]
        if connection.vendor != "sqlite":
            return original(self, *args, **options)
        connection.ensure_connection()
        with open(shared / "migrated.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker migrates; the others wait here
            if template.exists():
                with closing(sqlite3.connect(template)) as saved:
                    saved.backup(connection.connection)
                return None
            result = original(self, *args, **options)
            partial = shared / f"migrated.{os.getpid()}.tmp"
            with closing(sqlite3.connect(partial)) as saved:
                connection.connection.backup(saved)
            partial.replace(template)
            return result

    migrate.Command.handle = handle
    try:
        yield
    finally:
        migrate.Command.handle = original


@pytest.fixture
def bench_var_dir(request, tmp_path, tmp_path_factory):
    """A ``DEVZONE_VAR_DIR`` holding a migrated embedded database, for the tests that run ``devzone`` commands
    in processes of their own (the load tests: their gunicorn workers cannot see the test database). Under xdist
    it is a copy of the migration template above (the workers' own test database is set up first, so the template
    exists); otherwise ``devzone migrate`` builds it."""
    var = tmp_path / "var"
    var.mkdir()
    template = Path(tmp_path_factory.getbasetemp()).parent / "migrated.sqlite3"
    if getattr(request.config, "workerinput", None) is not None:
        request.getfixturevalue("django_db_setup")
    if template.exists():
        with (
            closing(sqlite3.connect(template)) as saved,
            closing(sqlite3.connect(var / "devzone.sqlite3")) as new,
        ):
            saved.backup(new)
        return var
    from devzone.testing.commands import run_devzone

    migrated = run_devzone(["migrate", "-v0"], var=var)
    assert migrated.returncode == 0, migrated.stderr
    return var
