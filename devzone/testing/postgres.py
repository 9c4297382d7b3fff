"""A PostgreSQL cluster the test owns: made with ``initdb`` in a directory of its own, on a free port of 127.0.0.1,
so that a test may stop and start it (a restart, as an upgrade or a failover does) without touching the server
the rest of the suite uses. Run as the ``postgres`` account when the tests run as root (``initdb`` refuses
root). Needs the server's programs (Debian's ``postgresql`` package); ``find_bin`` says where they are."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from devzone.core.httpload import free_port


def find_bin() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: on the PATH, or Debian's newest version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


class OwnedPostgres:
    """``start()``, ``stop()``, ``restart(down_seconds)``, ``url(database)`` and ``remove()``."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="devzone-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )

    def _run(self, program: str, *args, timeout: float = 60) -> None:
        argv = [*self._as, str(self.bin_dir / program), *map(str, args)]
        subprocess.run(argv, check=True, capture_output=True, timeout=timeout)  # noqa: S603

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._run("pg_ctl", "start", "-w", "-D", self.data, "-l", self.log, "-o", options)

    def stop(self) -> None:
        """A fast shutdown: every session is ended, as on a restart or a failover."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", self.data)

    def restart(self, down_seconds: float) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.data)
        except subprocess.CalledProcessError:
            pass  # it was not running
        shutil.rmtree(self.root, ignore_errors=True)
