"""The backup passphrase: from a file (``--passphrase-file``, owner-only) or ``DEVZONE_BACKUP_PASSPHRASE``, never
from the command line (which other users of the machine can read)."""

import os
import stat
from pathlib import Path

from django.core.management.base import CommandError


def passphrase_of(path: str | None) -> str:
    if path:
        return _from_file(Path(path))
    value = os.environ.get("DEVZONE_BACKUP_PASSPHRASE", "")
    if not value:
        raise CommandError("请用 --passphrase-file 或环境变量 DEVZONE_BACKUP_PASSPHRASE 提供备份口令")
    return value


def _from_file(path: Path) -> str:
    """The file's text, refused with the reason (no traceback) when it is missing, unreadable, or readable or
    writable by anyone but its owner (as ssh refuses a private key: the passphrase opens every backup)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise CommandError(f"口令文件不存在：{path}") from None
    except OSError as e:
        raise CommandError(f"无法读取口令文件{path}：{e.strerror}") from None
    if not stat.S_ISREG(mode):
        raise CommandError(f"口令文件{path}不是普通文件")
    if os.name == "posix" and mode & 0o077:
        raise CommandError(
            f"口令文件{path}的权限为{stat.S_IMODE(mode):03o}，其他用户也能访问；"
            f"请执行 chmod 600 {path}，只允许文件所有者读写"
        )
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as e:
        raise CommandError(f"无法读取口令文件{path}：{e.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"口令文件{path}不是 UTF-8 文本") from None
