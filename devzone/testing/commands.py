"""``devzone`` commands run by the tests in processes of their own (the load tests: their gunicorn workers cannot
see the test database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_devzone(args: list[str], *, var: Path | None = None, env: dict | None = None, timeout: int = 300):
    """``devzone <args>``: on the embedded database in ``var`` (``DEVZONE_VAR_DIR``), or with ``env`` added (a
    ``DATABASE_URL`` of its own); the test's own ``DATABASE_URL`` is never passed on."""
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(PYTHONPATH=str(ROOT), **(env or {"DEVZONE_VAR_DIR": str(var)}))
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
