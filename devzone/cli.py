"""The ``devzone`` command: DevZone's own commands (demo, serve, calendar, createadmin, loadgen, bench,
worker, scheduler) and every Django management command, passed through."""

import os
import sys


def main() -> None:
    # Files DevZone creates (the SQLite database, uploads, keys, logs) are readable by the service user only.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] or ["help"]
    execute_from_command_line(["devzone", *args])


if __name__ == "__main__":
    main()
