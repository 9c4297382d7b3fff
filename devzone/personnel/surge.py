"""The deadline surge, measured (``devzone personnel_surge``): real HTTP against gunicorn on 127.0.0.1.

1. **prepare**: a new campaign of the bench zone, open now, with its openings; ``applicants`` candidate accounts
   made in bulk (``personnel.bench``) and a logged-in session minted for each in the session store, as a login
   would leave it (the applications phase measures applying, not logging in).
2. **server**: gunicorn with ``workers`` sync workers running ``personnel.surge_wsgi`` (DevZone plus one bare
   view), the SMS gateway set to ``file`` and 127.0.0.1 trusted as a proxy (so each simulated candidate sends
   the code request from an address of its own in ``X-Forwarded-For``: 198.18.0.0/15, the benchmarking range;
   nothing is ever sent there).
3. **bare**: ``POST /__surge__/bare/`` (one row inserted) by ``concurrency`` clients: the server's floor.
4. **accounts**: ``accounts`` registrations through the portal's own form: ask for the code, read it from the
   SMS file as a phone would receive it, submit the form (password hashing, sealing, audit).
5. **applications**: each prepared candidate ``POST /personnel/portal/apply/``; after ``kill_at`` of them one
   gunicorn worker is killed (SIGKILL); a request whose connection broke is sent again, as a browser user would.
6. **verify**: the campaign's rows against the answers: every accepted registration (302 to its page) is in the
   database, no candidate has two, and the rows without an answer (committed when the worker died) are counted.

Every loop is bounded in count and in time (``max_seconds``); traffic goes to 127.0.0.1 only."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

SURGE_PASSWORD = "Surge-2026-Pass"  # noqa: S105  (the load test's accounts, on a bench database)
ACCEPTED = re.compile(r"/personnel/portal/my/(\d+)/$")
CODE = re.compile(r"(\d{6})")


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


# --- preparation (in this process, through the ORM) ------------------------------------------------------------


def ensure_probe_table() -> None:
    from devzone.personnel.surge_urls import PROBE_TABLE

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
    from devzone.personnel.surge_urls import PROBE_TABLE

    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {PROBE_TABLE}")  # noqa: S608
        return cur.fetchone()[0]


def mint_session(user) -> str:
    """A logged-in session as ``django.contrib.auth.login`` leaves it (user, backend, hash, last seen)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from devzone.core.backends import ACCOUNT_BACKEND
    from devzone.core.middleware import SESSION_KEY as LAST_SEEN

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = ACCOUNT_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LAST_SEEN] = int(time.time())
    store.create()
    return store.session_key


def prepare(zone, *, applicants: int, seed: int, log=print) -> dict:
    from django.contrib.auth.hashers import make_password

    from devzone.personnel.bench import analyze, make_campaign, make_candidates
    from devzone.personnel.choices import CampaignStatus

    rng = random.Random(seed)
    now = timezone.now()
    campaign, openings = make_campaign(
        zone,
        title=f"报名高峰测试 {timezone.localtime(now):%Y-%m-%d %H:%M:%S}",
        opens=now - dt.timedelta(days=1),
        closes=now + dt.timedelta(hours=3),
        status=CampaignStatus.PUBLISHED,
        rng=rng,
    )
    candidates = make_candidates(
        zone.city_id, applicants, rng=rng, password_hash=make_password(SURGE_PASSWORD), log=log
    )
    sessions = []
    for cand in candidates:
        sessions.append((cand.pk, mint_session(cand.user), rng.choice(openings).pk))
    ensure_probe_table()
    analyze()
    log(f"  公告 {campaign.pk}，岗位 {len(openings)}，已登录的应聘人员 {len(sessions):,}")
    return {"campaign": campaign, "openings": [o.pk for o in openings], "sessions": sessions}


# --- the server ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the surge's WSGI application, in its own process group; stopped on exit."""

    def __init__(self, *, workers: int, workdir: Path):
        self.port = free_port()
        self.workers = workers
        self.sms_file = workdir / "sms.log"
        self.sms_file.touch()
        self.log_file = workdir / "gunicorn.log"
        env = os.environ.copy()
        env.update(
            DEVZONE_SMS_BACKEND="file",
            DEVZONE_SMS_FILE=str(self.sms_file),
            DEVZONE_TRUSTED_PROXIES="127.0.0.1",
            DEVZONE_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SETTINGS_MODULE="devzone.settings",
        )
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "devzone.personnel.surge_wsgi:application",
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
            env=env,
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
                status, _loc, _ms, _err = request(self.port, "GET", "/personnel/portal/", timeout=10)
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


# --- the client ------------------------------------------------------------------------------------------------


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
        status, _loc, ms, _err = request(
            port, "POST", "/__surge__/bare/", body=b"", headers={"Host": "127.0.0.1"}
        )
        with lock:
            phase.sent += 1
            phase.statuses[status] += 1
            if status == 201:
                phase.ok += 1
                phase.latencies.append(ms)
            else:
                phase.errors += 1

    return work


def apply_work(port, accepted: dict, attempts: int = 3):
    """Apply for one prepared candidate; a broken connection or a 5xx is sent again (the same form)."""

    def work(job, phase: Phase, lock):
        cand_id, session, opening = job
        cookies = {"sessionid": session}
        for attempt in range(attempts):
            status, loc, ms, _err = form_post(
                port, "/personnel/portal/apply/", {"opening": opening}, cookies=cookies
            )
            with lock:
                phase.sent += 1
                phase.statuses[status] += 1
                if attempt:
                    phase.retries += 1
                if status == 302:
                    phase.latencies.append(ms)
                    m = ACCEPTED.search(urllib.parse.urlsplit(loc).path)
                    if m:
                        phase.ok += 1
                        accepted[cand_id] = int(m.group(1))
                    else:
                        phase.refused += 1  # e.g. the first attempt had committed before its worker died
                    return
                if status and status < 500:
                    phase.errors += 1
                    return
            time.sleep(0.05)
        with lock:
            phase.errors += 1

    return work


class SmsInbox:
    """The phones' inbox: follows the SMS file the file gateway appends to, newest code per phone."""

    def __init__(self, path: Path):
        self.path, self.pos, self.codes, self.lock = path, 0, {}, threading.Lock()

    def code_for(self, phone: str, timeout: float = 20.0) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                with self.path.open("r", encoding="utf-8") as fh:
                    fh.seek(self.pos)
                    chunk = fh.read()
                    complete = chunk[: chunk.rfind("\n") + 1]
                    self.pos += len(complete.encode("utf-8"))
                for line in complete.splitlines():
                    to, _tab, text = line.partition("\t")
                    if m := CODE.search(text):
                        self.codes[to] = m.group(1)
                if phone in self.codes:
                    return self.codes.pop(phone)
            time.sleep(0.05)
        return None


def account_jobs(count: int, city_id: int, tag: int) -> list[dict]:
    from devzone.personnel.identity import make_identity

    jobs = []
    for i in range(count):
        born = dt.date(1970, 1, 1) + dt.timedelta(days=tag * 10 + i // 1000)
        jobs.append(
            {
                "i": i,
                "city": city_id,
                "phone": f"18{tag:03d}{i:06d}",
                "id_number": make_identity("370103", born, i % 1000),
                "name": f"高峰考生{i:05d}",
            }
        )
    return jobs


def account_work(port, inbox: SmsInbox, register_ms: list):
    """One candidate registers as on the phone: ask for the code, read it, submit the form."""

    def work(job, phase: Phase, lock):
        path = f"/personnel/portal/register/?city={job['city']}"
        cookies: dict = {}
        source = {"X-Forwarded-For": f"198.18.{job['i'] // 250 % 250}.{job['i'] % 250 + 1}"}
        status, _loc, _ms, _err = form_post(
            port, path, {"send_code": "1", "phone": job["phone"]}, cookies=cookies, extra=source
        )
        code = inbox.code_for(job["phone"]) if status == 200 else None
        t_form = None
        if code:
            fields = {
                "phone": job["phone"],
                "code": code,
                "id_number": job["id_number"],
                "password": SURGE_PASSWORD,
                "password2": SURGE_PASSWORD,
                "name": job["name"],
                "education": "bachelor",
                "school": "山东大学",
                "major": "经济学",
                "graduated_on": "2015-07-01",
                "experience_years": "3",
                "political": "masses",
                "province": "山东省",
                "employer_type": "private",
                "city": job["city"],
            }
            status, loc, t_form, _err = form_post(port, path, fields, cookies=cookies, extra=source)
        with lock:
            phase.sent += 1
            phase.statuses[status] += 1
            if code and status == 302 and loc.endswith("/personnel/portal/my/"):
                phase.ok += 1
                register_ms.append(t_form)
                phase.latencies.append(t_form)
            else:
                phase.errors += 1

    return work


# --- verification ----------------------------------------------------------------------------------------------


def verify(campaign, accepted: dict[int, int]) -> dict:
    """Rows against answers: lost = accepted registrations missing from the database; duplicates = candidates
    with more than one row in the campaign; unanswered = rows that were committed without an accepted answer."""
    from django.db.models import Count

    from devzone.personnel.models import Registration

    rows = dict(Registration.objects.filter(campaign=campaign).values_list("pk", "candidate_id"))
    dupes = (
        Registration.objects.filter(campaign=campaign)
        .values("candidate")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    lost = [pk for cand, pk in accepted.items() if rows.get(pk) != cand]
    return {
        "rows": len(rows),
        "accepted": len(accepted),
        "lost": len(lost),
        "duplicates": dupes,
        "committed_without_answer": len(set(rows) - set(accepted.values())),
    }


def run_surge(
    zone,
    *,
    applicants: int,
    accounts: int,
    workers: int,
    concurrency: int,
    kill_at: float,
    seed: int,
    max_seconds: float,
    log=print,
) -> dict:
    """The whole run; returns its figures (see the module's docstring)."""
    from devzone.core.bench import _cpu_count, _db_version

    prep = prepare(zone, applicants=applicants, seed=seed, log=log)
    campaign = prep["campaign"]
    connection.close()  # the server's workers open their own
    workdir = Path(tempfile.mkdtemp(prefix="devzone-surge-"))
    server = Server(workers=workers, workdir=workdir)
    load_before = os.getloadavg()
    try:
        server.wait_ready()
        started = time.monotonic()
        deadline = started + max_seconds
        log(f"  gunicorn {workers} workers on 127.0.0.1:{server.port} (pids {server.worker_pids()})")
        # warm-up: each worker imports its views once
        for _ in range(workers * 4):
            request(server.port, "GET", "/personnel/portal/")
            request(server.port, "POST", "/__surge__/bare/", body=b"", headers={"Host": "127.0.0.1"})
        ensure_probe_table()
        connection.close()
        bare = Phase("bare")
        run_phase(bare, range(applicants), bare_work(server.port), concurrency=concurrency, deadline=deadline)
        log(f"  bare: {bare.figures()}")
        bare_rows = probe_rows()
        connection.close()

        account_phase = Phase("accounts")
        register_ms: list[float] = []
        if accounts:
            inbox = SmsInbox(server.sms_file)
            jobs = account_jobs(accounts, campaign.city_id, int(time.time()) % 1000)
            run_phase(
                account_phase,
                jobs,
                account_work(server.port, inbox, register_ms),
                concurrency=concurrency,
                deadline=deadline,
            )
            log(f"  accounts: {account_phase.figures()}")

        apply_phase = Phase("applications")
        accepted: dict[int, int] = {}
        killed: dict = {}
        kill_index = int(len(prep["sessions"]) * kill_at) if kill_at > 0 else -1

        def progress(index):
            if index == kill_index and not killed:
                killed["pid"] = server.kill_worker()
                killed["after_requests"] = index
                killed["at_seconds"] = round(time.monotonic() - started, 2)

        run_phase(
            apply_phase,
            prep["sessions"],
            apply_work(server.port, accepted),
            concurrency=concurrency,
            deadline=deadline,
            on_progress=progress,
        )
        log(f"  applications: {apply_phase.figures()}")
        workers_after = server.worker_pids()
    finally:
        server.stop()
    load_after = os.getloadavg()
    check = verify(campaign, accepted)
    bare_f, apply_f = bare.figures(), apply_phase.figures()
    accounts_f = account_phase.figures()
    if register_ms:
        accounts_f["form_p50_ms"] = round(percentile(register_ms, 50), 1)
        accounts_f["form_p99_ms"] = round(percentile(register_ms, 99), 1)
    return {
        "date": dt.date.today().isoformat(),
        "database": connection.vendor,
        "database_version": _db_version(),
        "machine": f"{_cpu_count()} cores (shared)",
        "python": sys.version.split()[0],
        "workers": workers,
        "concurrency": concurrency,
        "load_average": [round(x, 2) for x in (*load_before, *load_after)],
        "campaign": campaign.pk,
        "bare": {**bare_f, "rows": bare_rows},
        "accounts": accounts_f,
        "applications": apply_f,
        "ratio_to_bare": round(apply_f["per_second"] / bare_f["per_second"], 2)
        if bare_f["per_second"]
        else 0,
        "killed_worker": killed,
        "workers_after": len(workers_after),
        "verify": check,
        "server_log": str(workdir),
    }
