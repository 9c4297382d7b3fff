"""The SECRET_KEY: from the environment, or generated once into an ignored local file."""

import os
import secrets
from pathlib import Path


def secret_key(var_dir: Path) -> str:
    env = os.environ.get("DEVZONE_SECRET_KEY")
    if env:
        return env
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # Written with owner-only permissions; never committed (var/ is ignored).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()
