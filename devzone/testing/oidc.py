"""Start the test OpenID Connect provider (``devzone.testing.oidc_provider``) in a second process and point
DevZone's single sign-on at it: ``provider = start_provider(tmp_path, devzone_url, people)``, then
``provider.configure(settings)``; ``provider.stop()`` at the end (the fixture does it)."""

from __future__ import annotations

import copy
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from devzone.core.httpload import free_port

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Provider:
    url: str
    client_id: str
    client_secret: str
    subs: dict[str, str]
    proc: subprocess.Popen
    log: Path
    env: dict = field(repr=False, default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def configure(self, settings) -> None:
        """DevZone's settings for this provider (pytest-django's ``settings`` fixture)."""
        settings.DEVZONE_OIDC_ISSUER = self.issuer
        settings.OIDC_RP_CLIENT_ID = self.client_id
        settings.OIDC_RP_CLIENT_SECRET = self.client_secret
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{self.issuer}/authorize/"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{self.issuer}/token/"
        settings.OIDC_OP_USER_ENDPOINT = f"{self.issuer}/userinfo/"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{self.issuer}/.well-known/jwks.json"
        settings.OIDC_OP_LOGOUT_ENDPOINT = f"{self.issuer}/logout/"
        policy = copy.deepcopy(
            settings.CONTENT_SECURITY_POLICY
        )  # as settings.py does for a configured issuer
        policy["DIRECTIVES"]["form-action"].append(self.url)
        settings.CONTENT_SECURITY_POLICY = policy

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _run(args, env, **kw):
    return subprocess.run(  # noqa: S603  (our own interpreter and modules)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        **kw,
    )


def start_provider(
    tmp_path: Path, devzone_url: str, people: list[dict], id_token_seconds: int = 300
) -> Provider:
    """``people``: ``[{"username", "password", "name", "credit_code"?}]``; DevZone answers at ``devzone_url``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "devzone.testing.oidc_provider.settings",
        "OIDC_PROVIDER_SECRET": secrets.token_urlsafe(32),
        "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": pem,
        "OIDC_PROVIDER_ISSUER": f"{url}/o",
        "OIDC_PROVIDER_ID_TOKEN_SECONDS": str(id_token_seconds),
        "PYTHONPATH": str(ROOT),
    }
    _run(["-m", "django", "migrate", "-v0"], env)
    client_id, client_secret = secrets.token_hex(10), secrets.token_urlsafe(24)
    spec = {
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": f"{devzone_url}/oidc/callback/",
        "post_logout_redirect_uri": f"{devzone_url}/accounts/login/",
        "people": people,
    }
    subs = json.loads(_run(["-m", "devzone.testing.oidc_provider.setup", json.dumps(spec)], env).stdout)
    log = tmp_path / "provider.log"
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    provider = Provider(url, client_id, client_secret, subs, proc, log, env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/o/.well-known/openid-configuration") as r:  # noqa: S310
                if r.status == 200:
                    return provider
        except OSError:
            time.sleep(0.3)
    provider.stop()
    raise RuntimeError(f"the test OIDC provider did not start: {log.read_text()[-2000:]}")
