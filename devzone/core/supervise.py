"""The processes of ``devzone serve``: the web server and its background helpers (the task worker and the
scheduler). A helper that dies is started again (after a pause that grows while it keeps dying, up to a minute);
the web server never stops because of a helper. When the web server itself exits, everything stops and the exit
status says so."""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from dataclasses import dataclass, field

log = logging.getLogger("devzone.serve")
MAX_PAUSE = 60.0


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict | None = None
    process: subprocess.Popen | None = None
    restarts: int = 0
    next_start: float = 0.0
    started: list[int] = field(default_factory=list)  # the pids, oldest first

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, env=self.env)  # noqa: S603 — argv built by serve
        self.started.append(self.process.pid)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Supervisor:
    def __init__(self, web: Child, helpers: list[Child], *, pause: float = 1.0, poll: float = 0.5):
        self.web, self.helpers, self.pause, self.poll = web, helpers, pause, poll
        self.stopping = threading.Event()

    def run(self) -> int:
        """Start everything and watch until the web server exits or ``stop()``; returns the web's status."""
        for child in (*self.helpers, self.web):
            child.start()
        try:
            while not self.stopping.is_set() and self.web.alive():
                self._restart_dead_helpers()
                self.stopping.wait(self.poll)
        finally:
            self._stop_all()
        return self.web.process.returncode or 0

    def stop(self, *_args) -> None:
        self.stopping.set()

    def _restart_dead_helpers(self) -> None:
        now = time.monotonic()
        for child in self.helpers:
            if child.alive():
                continue
            if child.next_start == 0.0:  # just found dead: wait a little, longer each time
                wait = min(MAX_PAUSE, self.pause * 2 ** min(child.restarts, 6))
                log.error(
                    "%s exited with %s; restarting in %.0fs", child.name, child.process.returncode, wait
                )
                child.next_start = now + wait
            elif now >= child.next_start:
                child.restarts += 1
                child.next_start = 0.0
                child.start()

    def _stop_all(self) -> None:
        children = (self.web, *self.helpers)
        for child in children:
            if child.alive():
                child.process.terminate()
        for child in children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.process.kill()
