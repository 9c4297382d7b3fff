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
    if found:  # Debian links a few of the programs onto the PATH; the others are beside the real one
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


class OwnedPostgres:
    """``start()``, ``stop()``, ``restart(down_seconds)``, ``url(database)`` and ``remove()``; ``settings`` are
    given to the server at each start (``-c name=value``). With ``init=False`` the data directory is left empty
    for the caller to fill (a restored backup); ``run_as_owner`` runs a program as the cluster's account."""

    def __init__(self, bin_dir: Path, *, settings: dict | None = None, init: bool = True):
        self.bin_dir = bin_dir
        self.settings = settings or {}
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="devzone-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        if init:
            self._run(
                "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
            )

    def dir(self, name: str) -> Path:
        """A directory beside the data that the cluster's account may write (a WAL archive, a base backup)."""
        path = self.root / name
        path.mkdir()
        if self._as:
            shutil.chown(path, "postgres", "postgres")
        return path

    def run_as_owner(self, *argv, timeout: float = 60) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603  (the test's own programs)
            [*self._as, *map(str, argv)], capture_output=True, text=True, timeout=timeout
        )
        if done.returncode:
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr or done.stdout}")
        return done

    def _run(self, program: str, *args, timeout: float = 60) -> None:
        self.run_as_owner(self.bin_dir / program, *args, timeout=timeout)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        for name, value in self.settings.items():
            options += f" -c {name}={value}"
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
        except RuntimeError:
            pass  # it was not running
        shutil.rmtree(self.root, ignore_errors=True)
