"""In production mode DevZone refuses to start on a missing setting instead of inventing one (issue 17: a
production host that silently built a SQLite database and a new secret key because the environment file was not
loaded)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FULL = {
    "DATABASE_URL": "sqlite:////tmp/devzone-prod-check.sqlite3",
    "DEVZONE_SECRET_KEY": "x" * 50,
    "DEVZONE_SEAL_MASTER_KEY": "a" * 64,
    "DEVZONE_ALLOWED_HOSTS": "devzone.example.gov.cn",
    "DEVZONE_PUBLIC_URL": "https://devzone.example.gov.cn",
    "DEVZONE_HTTPS": "1",
}


def _load_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DEVZONE_") and k != "DATABASE_URL"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django.conf as c; c.settings.SECRET_KEY"],
        env=clean | {"DJANGO_SETTINGS_MODULE": "devzone.settings", "DEVZONE_PRODUCTION": "1"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_and_names_what_is_missing():
    partial = {k: v for k, v in FULL.items() if k not in ("DATABASE_URL", "DEVZONE_SEAL_MASTER_KEY")}
    done = _load_settings(partial)
    assert done.returncode != 0
    assert "DATABASE_URL" in done.stderr and "DEVZONE_SEAL_MASTER_KEY" in done.stderr
    assert "DEVZONE_SECRET_KEY" not in done.stderr.split("missing")[-1]


def test_production_starts_with_every_setting():
    done = _load_settings(FULL)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("env", "named"), [({"DEVZONE_HTTPS": "0"}, "DEVZONE_HTTPS"), ({"DEVZONE_DEBUG": "1"}, "DEVZONE_DEBUG")]
)
def test_production_refuses_plain_http_cookies_and_debug(env, named):
    """DEVZONE_HTTPS was 'required' but any value passed: HTTPS=0 gave non-Secure session/CSRF cookies and no
    HSTS on a production host; DEBUG=1 shows tracebacks with settings and POSTed passwords."""
    done = _load_settings(FULL | env)
    assert done.returncode != 0, f"production started with {env}"
    assert "ImproperlyConfigured" in done.stderr and named in done.stderr.splitlines()[-1]
    assert _load_settings(FULL).returncode == 0


def test_installation_rules_come_from_the_environment():
    """The rules docs/approvals.md and docs/operations.md call configurable are set in the environment file, not by
    editing the checkout (which the next ``git pull`` would overwrite)."""
    env = FULL | {"DEVZONE_APPROVALS_WARN_FRACTION": "0.25", "DEVZONE_APPROVALS_PRE_ACCEPTANCE_DAYS": "3"}
    env |= {"DEVZONE_DIGEST_HOUR": "7"}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DEVZONE_") and k != "DATABASE_URL"}
    code = (
        "import django; django.setup(); from devzone.approvals import conf; from django.conf import settings; "
        "print(conf.get('WARN_FRACTION'), conf.get('PRE_ACCEPTANCE_DAYS'), conf.get('POST_CHECK_DAYS'), "
        "settings.DEVZONE_DIGEST_HOUR)"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=clean | {"DJANGO_SETTINGS_MODULE": "devzone.settings", "DEVZONE_PRODUCTION": "1"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0.25", "3", "20", "7"]
