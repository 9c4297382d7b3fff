"""Real HTTP load against gunicorn on 127.0.0.1, for the benchmarks (``devzone loadtest``, the personnel module's
``devzone personnel_surge``): the server, a plain-socket client that spends as little of the shared CPU as it can,
bounded phases of concurrent clients with their figures, and the floor — a bare view through the same middleware
that inserts one row (``core.load_urls``, served only by ``core.load_wsgi``, never by the site).

Traffic goes to 127.0.0.1 only; every loop is bounded in count and in time."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

BARE_PATH = "/__load__/bare/"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Phase:
    name: str
    sent: int = 0
    ok: int = 0
    refused: int = 0
    errors: int = 0
    retries: int = 0
    seconds: float = 0.0
    client_cpu: float = (
        0.0  # CPU seconds the load client itself spent (it shares the machine with the server)
    )
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    def answer(self, status: int, ms: float, *, ok: int) -> None:
        """Count one answer (under the run's lock): ``ok`` is the status that means it worked."""
        self.sent += 1
        self.statuses[status] += 1
        if status == ok:
            self.ok += 1
            self.latencies.append(ms)
        else:
            self.errors += 1

    def absorb(self, other: Phase) -> None:
        """Add another phase's answers to this one (a mixed run sums the figures of its kinds of request)."""
        self.sent += other.sent
        self.ok += other.ok
        self.retries += other.retries
        self.errors += other.errors
        self.latencies += other.latencies
        self.statuses.update(other.statuses)

    def figures(self) -> dict:
        return {
            "phase": self.name,
            "requests": self.sent,
            "ok": self.ok,
            "refused": self.refused,
            "errors": self.errors,
            "retries": self.retries,
            "seconds": round(self.seconds, 2),
            "client_cpu_share": round(self.client_cpu / self.seconds / _cpus(), 2) if self.seconds else 0.0,
            "per_second": round(self.ok / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(self.latencies, 50), 1),
            "p99_ms": round(percentile(self.latencies, 99), 1),
            "statuses": dict(self.statuses),
        }


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_facts(*, workers: int, concurrency: int, load_before, load_after) -> dict:
    """What a load run's report says about its conditions: date, database, machine, server and load average."""
    import datetime as dt

    from devzone.core.bench import _cpu_count, _db_version

    return {
        "date": dt.date.today().isoformat(),
        "database": connection.vendor,
        "database_version": _db_version(),
        "machine": f"{_cpu_count()} cores (shared)",
        "python": sys.version.split()[0],
        "workers": workers,
        "concurrency": concurrency,
        "load_average": [round(x, 2) for x in (*load_before, *load_after)],
    }


def ensure_probe_table() -> None:
    from devzone.core.load_urls import PROBE_TABLE

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} (id bigserial PRIMARY KEY, at double precision)"
            )
        else:
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL)"
            )
        cur.execute(f"DELETE FROM {PROBE_TABLE}")  # noqa: S608  (a constant name)


def probe_rows() -> int:
    from devzone.core.load_urls import PROBE_TABLE

    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {PROBE_TABLE}")  # noqa: S608
        return cur.fetchone()[0]


def mint_session(user) -> str:
    """A logged-in session as ``django.contrib.auth.login`` leaves it (user, backend, hash, last seen), past the
    second factor for a role that needs one, as ``django_otp.login`` leaves it (a bench account gets a device)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from devzone.core.backends import ACCOUNT_BACKEND
    from devzone.core.bench import bench_device
    from devzone.core.middleware import SESSION_KEY as LAST_SEEN

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = ACCOUNT_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LAST_SEEN] = int(time.time())
    if device := bench_device(user):
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with ``core.load_wsgi`` (DevZone plus the bare view), ``workers`` sync workers, in its own process
    group; stopped on exit. ``env`` adds to the environment (the surge's SMS gateway, say); ``ready_path`` is the
    page that must answer 200 before the load starts."""

    def __init__(self, *, workers: int, workdir: Path, env: dict | None = None, ready_path: str = "/healthz"):
        self.port = free_port()
        self.workers = workers
        self.ready_path = ready_path
        self.log_file = workdir / "gunicorn.log"
        environ = os.environ.copy()
        environ.update(
            DEVZONE_TRUSTED_PROXIES="127.0.0.1",
            DEVZONE_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SETTINGS_MODULE="devzone.settings",
            **(env or {}),
        )
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "devzone.core.load_wsgi:application",
            "--config",
            "python:devzone.core.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--access-logfile",
            str(workdir / "access.log"),
            "--logger-class",
            "devzone.core.accesslog.AccessLogger",
        ]
        self.log = self.log_file.open("w")
        self.proc = subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
            cmd,
            env=environ,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log_file}")
            try:
                status, _loc, _ms, _err = request(self.port, "GET", self.ready_path, timeout=10)
                if status == 200 and len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: see {self.log_file}")

    def worker_pids(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def kill_worker(self) -> int | None:
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


# --- the client -------------------------------------------------------------------------------------------------


def request(port, method, path, *, body=None, headers=None, timeout=30.0):
    """One request on a fresh connection (gunicorn's sync workers close it after each answer), written and read
    on a plain socket so that the load client spends as little of the shared CPU as it can: (status, Location,
    milliseconds, error). A broken connection gives status 0 and the error."""
    body = body.encode() if isinstance(body, str) else (body or b"")
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
        f"Content-Length: {len(body)}",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items() if k.lower() != "host"]
    payload = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    t0 = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(payload)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        raw = b"".join(chunks)
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        location = next(
            (h.split(":", 1)[1].strip() for h in head[1:] if h.lower().startswith("location:")), ""
        )
        return status, location, (time.perf_counter() - t0) * 1000, None
    except (OSError, IndexError, ValueError) as exc:
        return 0, "", (time.perf_counter() - t0) * 1000, exc


def form_post(port, path, fields: dict, *, cookies: dict, extra: dict | None = None):
    csrf = cookies.setdefault("csrftoken", secrets.token_hex(16))  # an unmasked secret of 32 characters
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Host": "127.0.0.1",
        **(extra or {}),
    }
    return request(port, "POST", path, body=body, headers=headers)


def run_phase(phase: Phase, jobs: list, work, *, concurrency: int, deadline: float, on_progress=None) -> None:
    """Run ``work(job, phase, lock)`` for every job on ``concurrency`` threads, stopping at ``deadline``."""
    lock = threading.Lock()
    it = iter(enumerate(jobs))

    def worker():
        while time.monotonic() < deadline:
            with lock:
                nxt = next(it, None)
            if nxt is None:
                return
            index, job = nxt
            work(job, phase, lock)
            if on_progress:
                on_progress(index)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 60)
    phase.seconds = time.perf_counter() - t0
    phase.client_cpu = time.process_time() - cpu0


def bare_work(port):
    def work(_job, phase: Phase, lock):
        status, _loc, ms, _err = request(port, "POST", BARE_PATH, body=b"", headers={"Host": "127.0.0.1"})
        with lock:
            phase.answer(status, ms, ok=201)

    return work


def add_server_arguments(parser) -> None:
    """The options every load command shares: the server's workers, the clients, the time bound, the JSON file."""
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--max-seconds", type=float, default=600, help="stop the clients after this (600 s)")
    parser.add_argument("--json", dest="json_path", default=None, help="also write the figures to this file")


def server_options(opts: dict) -> dict:
    """The options ``add_server_arguments`` added, as the keyword arguments of a run (``run_loadtest``,
    ``run_surge``)."""
    return {key: opts[key] for key in ("workers", "concurrency", "max_seconds")}


def check_counts(opts: dict, *keys: str) -> None:
    """The load command's own count options ``keys``, then --workers and --concurrency, are each at least 1."""
    for key in (*keys, "workers", "concurrency"):
        if opts[key] < 1:
            raise CommandError(f"--{key} must be at least 1")
