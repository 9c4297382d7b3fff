"""The deadline surge, measured (``devzone personnel_surge``): real HTTP against gunicorn on 127.0.0.1.

1. **prepare**: a new campaign of the bench zone, open now, with its openings; ``applicants`` candidate accounts
   made in bulk (``personnel.bench``) and a logged-in session minted for each in the session store, as a login
   would leave it (the applications phase measures applying, not logging in).
2. **server**: gunicorn with ``workers`` sync workers running ``core.load_wsgi`` (DevZone plus one bare
   view; ``core.httpload``), the SMS gateway set to ``file`` and 127.0.0.1 trusted as a proxy (so each simulated candidate sends
   the code request from an address of its own in ``X-Forwarded-For``: 198.18.0.0/15, the benchmarking range;
   nothing is ever sent there).
3. **bare**: ``POST /__load__/bare/`` (one row inserted) by ``concurrency`` clients: the server's floor.
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
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from django.db import connection
from django.utils import timezone

from devzone.core.httpload import (
    BARE_PATH,
    Phase,
    Server,
    bare_work,
    ensure_probe_table,
    form_post,
    mint_session,
    percentile,
    probe_rows,
    request,
    run_facts,
    run_phase,
)

SURGE_PASSWORD = "Surge-2026-Pass"  # noqa: S105  (the load test's accounts, on a bench database)
ACCEPTED = re.compile(r"/personnel/portal/my/(\d+)/$")
CODE = re.compile(r"(\d{6})")


# --- preparation (in this process, through the ORM) ------------------------------------------------------------


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


# --- the client's work -----------------------------------------------------------------------------------------


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
    prep = prepare(zone, applicants=applicants, seed=seed, log=log)
    campaign = prep["campaign"]
    connection.close()  # the server's workers open their own
    workdir = Path(tempfile.mkdtemp(prefix="devzone-surge-"))
    sms_file = workdir / "sms.log"
    sms_file.touch()
    server = Server(
        workers=workers,
        workdir=workdir,
        env={"DEVZONE_SMS_BACKEND": "file", "DEVZONE_SMS_FILE": str(sms_file)},
        ready_path="/personnel/portal/",
    )
    load_before = os.getloadavg()
    try:
        server.wait_ready()
        started = time.monotonic()
        load = {"concurrency": concurrency, "deadline": started + max_seconds, "log": log}
        log(f"  gunicorn {workers} workers on 127.0.0.1:{server.port} (pids {server.worker_pids()})")
        _warm_up(server, workers)
        bare, bare_rows = _bare_phase(server, applicants, **load)
        account_phase, register_ms = _accounts_phase(server, sms_file, accounts, campaign.city_id, **load)
        apply_phase, accepted, killed = _applications_phase(
            server, prep["sessions"], kill_at=kill_at, started=started, **load
        )
        workers_after = server.worker_pids()
    finally:
        server.stop()
    load_after = os.getloadavg()
    check = verify(campaign, accepted)
    bare_f, apply_f = bare.figures(), apply_phase.figures()
    return {
        **run_facts(workers=workers, concurrency=concurrency, load_before=load_before, load_after=load_after),
        "campaign": campaign.pk,
        "bare": {**bare_f, "rows": bare_rows},
        "accounts": _account_figures(account_phase, register_ms),
        "applications": apply_f,
        "ratio_to_bare": round(apply_f["per_second"] / bare_f["per_second"], 2)
        if bare_f["per_second"]
        else 0,
        "killed_worker": killed,
        "workers_after": len(workers_after),
        "verify": check,
        "server_log": str(workdir),
    }


def _warm_up(server: Server, workers: int) -> None:
    """Each worker imports its views once before anything is measured."""
    for _ in range(workers * 4):
        request(server.port, "GET", "/personnel/portal/")
        request(server.port, "POST", BARE_PATH, body=b"", headers={"Host": "127.0.0.1"})


def _bare_phase(
    server: Server, applicants: int, *, concurrency: int, deadline: float, log
) -> tuple[Phase, int]:
    """The server's floor: one bare insert per applicant; returns the phase and the rows it inserted."""
    ensure_probe_table()
    connection.close()
    bare = Phase("bare")
    run_phase(bare, range(applicants), bare_work(server.port), concurrency=concurrency, deadline=deadline)
    log(f"  bare: {bare.figures()}")
    rows = probe_rows()
    connection.close()
    return bare, rows


def _accounts_phase(
    server: Server, sms_file: Path, accounts: int, city_id: int, *, concurrency: int, deadline: float, log
) -> tuple[Phase, list[float]]:
    """``accounts`` registrations through the portal's form; returns the phase and each form's time (ms)."""
    phase = Phase("accounts")
    register_ms: list[float] = []
    if accounts:
        inbox = SmsInbox(sms_file)
        jobs = account_jobs(accounts, city_id, int(time.time()) % 1000)
        run_phase(
            phase,
            jobs,
            account_work(server.port, inbox, register_ms),
            concurrency=concurrency,
            deadline=deadline,
        )
        log(f"  accounts: {phase.figures()}")
    return phase, register_ms


def _applications_phase(
    server: Server, sessions: list, *, kill_at: float, started: float, concurrency: int, deadline: float, log
) -> tuple[Phase, dict[int, int], dict]:
    """Every prepared candidate applies; after ``kill_at`` of them one worker is killed. Returns the phase, the
    accepted registrations (candidate -> registration) and what was killed when."""
    phase = Phase("applications")
    accepted: dict[int, int] = {}
    killed: dict = {}
    kill_index = int(len(sessions) * kill_at) if kill_at > 0 else -1

    def progress(index):
        if index == kill_index and not killed:
            killed["pid"] = server.kill_worker()
            killed["after_requests"] = index
            killed["at_seconds"] = round(time.monotonic() - started, 2)

    run_phase(
        phase,
        sessions,
        apply_work(server.port, accepted),
        concurrency=concurrency,
        deadline=deadline,
        on_progress=progress,
    )
    log(f"  applications: {phase.figures()}")
    return phase, accepted, killed


def _account_figures(phase: Phase, register_ms: list[float]) -> dict:
    figures = phase.figures()
    if register_ms:
        figures["form_p50_ms"] = round(percentile(register_ms, 50), 1)
        figures["form_p99_ms"] = round(percentile(register_ms, 99), 1)
    return figures
