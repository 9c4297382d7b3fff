"""The backup passphrase: from a file (``--passphrase-file``, owner-only) or ``DEVZONE_BACKUP_PASSPHRASE``, never
from the command line (which other users of the machine can read)."""

import os
from pathlib import Path

from django.core.management.base import CommandError


def passphrase_of(path: str | None) -> str:
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    value = os.environ.get("DEVZONE_BACKUP_PASSPHRASE", "")
    if not value:
        raise CommandError("请用 --passphrase-file 或环境变量 DEVZONE_BACKUP_PASSPHRASE 提供备份口令")
    return value
