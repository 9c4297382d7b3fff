"""Mixed traffic against the real server (``devzone loadtest``, issue 17): gunicorn on 127.0.0.1 with
``core.load_wsgi``, ``concurrency`` clients with plain sockets (``core.httpload``), in four phases of ``requests``
each:

1. **static**: a static file (WhiteNoise) — what the server does with no Django view;
2. **bare**: ``POST /__load__/bare/`` — the whole middleware stack and one row inserted, no template: the floor of
   a Django request on this server;
3. **list**: the zone leader's project list (``/core/project/``), logged in — an authenticated list page;
4. **mixed**: every module's visits (``registry.traffic``: clerks, reviewers, officers, enterprises, the public
   verification page, the login page) in a weighted round-robin, with figures per kind of request.

With ``faults``, a third of the way through the mixed phase every database connection is ended and/or a web
worker is killed; afterwards each kind of request is made once more (``recovered``: all answered 200). A request
cut by the kill is sent again once (``retries``); every other answer counts as it came: a 503 "try again" while the
database was away is expected, a 500 never.

Sessions are minted in the session store as a login leaves them (past the second factor where the role needs one),
so the phases measure pages, not logins. Reported: requests per second, p50 and p99 per phase and per visit, the
ratio of the list page to the bare view (target ≥ 1/4) and to the static file; any answer other than 200 (or 201
for the bare view) is counted as an error and listed by status."""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from pathlib import Path

from django.db import connection

from devzone.core import registry
from devzone.core.httpload import (
    BARE_PATH,
    Phase,
    Server,
    bare_work,
    ensure_probe_table,
    mint_session,
    request,
    run_facts,
    run_phase,
)
from devzone.core.registry import Visit

STATIC_PATH = "/static/devzone/app.css"
LIST_PATH = "/core/project/"


def core_visits(*, zone, leader) -> list[Visit]:
    return [
        Visit("静态文件 app.css", STATIC_PATH, None),
        Visit("登录页（匿名）", "/accounts/login/", None),
        Visit("项目列表（主任）", LIST_PATH, leader, weight=2),
        Visit("工作台（主任）", "/", leader),
    ]


def get_work(port, sessions: dict[int, str]):
    """GET the visit's path with its user's session cookie; 200 is an answer, anything else an error. A request
    whose connection broke (its worker was killed) is sent once more, as a browser user would reload."""

    def work(visit: Visit, phase: Phase, lock):
        headers = {"Host": "127.0.0.1"}
        if visit.user is not None:
            headers["Cookie"] = f"sessionid={sessions[visit.user.pk]}"
        status, _loc, ms, _err = request(port, "GET", visit.path, headers=headers)
        retried = status == 0
        if retried:
            status, _loc, ms, _err = request(port, "GET", visit.path, headers=headers)
        with lock:
            phase.retries += retried
            phase.answer(status, ms, ok=200)

    return work


def mixed_jobs(visits: list[Visit], count: int) -> list[Visit]:
    """``count`` visits in a weighted round-robin (deterministic: the same mix every run)."""
    cycle = [v for v in visits for _ in range(v.weight)]
    return list(itertools.islice(itertools.cycle(cycle), count))


FAULTS = ("drop-connections", "kill-worker")


def inject(faults: tuple[str, ...], server: Server) -> dict:
    """Break things in the middle of the mixed phase: end every database connection of the server's workers
    (PostgreSQL: ``pg_terminate_backend``, as a failover or a restart would), kill a web worker (SIGKILL)."""
    done: dict = {}
    if "drop-connections" in faults:
        if connection.vendor != "postgresql":
            done["drop-connections"] = "skipped: the embedded SQLite has no connections to drop"
        else:
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                done["drop-connections"] = len(cur.fetchall())
            connection.close()
    if "kill-worker" in faults:
        done["kill-worker"] = server.kill_worker()
    return done


def run_loadtest(
    zone,
    *,
    requests: int,
    workers: int,
    concurrency: int,
    max_seconds: float,
    faults: tuple[str, ...] = (),
    log=print,
) -> dict:
    from devzone.core.bench import bench_user

    visits = _visits(zone, bench_user(zone), log)
    sessions = {}
    for v in visits:
        if v.user is not None and v.user.pk not in sessions:
            sessions[v.user.pk] = mint_session(v.user)
    ensure_probe_table()
    connection.close()  # the server's workers open their own
    workdir = Path(tempfile.mkdtemp(prefix="devzone-loadtest-"))
    server = Server(workers=workers, workdir=workdir)
    load_before = os.getloadavg()
    phases: dict[str, Phase] = {}
    per_visit: dict[str, Phase] = {}
    injected: dict = {}
    try:
        server.wait_ready()
        deadline = time.monotonic() + max_seconds
        log(f"  gunicorn {workers} workers on 127.0.0.1:{server.port}")
        work = get_work(server.port, sessions)
        warm = Phase("warm-up")
        for v in visits * workers:  # each worker imports its views and fills its caches once
            work(v, warm, _NoLock())
        request(server.port, "POST", BARE_PATH, body=b"", headers={"Host": "127.0.0.1"})
        list_visit = next(v for v in visits if v.path == LIST_PATH)
        plan = [
            ("static", [visits[0]] * requests, work),
            ("bare", range(requests), bare_work(server.port)),
            ("list", [list_visit] * requests, work),
        ]
        for name, jobs, fn in plan:
            phases[name] = Phase(name)
            run_phase(phases[name], jobs, fn, concurrency=concurrency, deadline=deadline)
            log(f"  {name}: {phases[name].figures()}")
        phases["mixed"], per_visit = _mixed_phase(
            visits,
            work,
            server,
            requests=requests * 2,
            concurrency=concurrency,
            deadline=deadline,
            faults=faults,
            injected=injected,
            log=log,
        )
        after = Phase("after")  # every kind of request once more, once the load is over
        for v in _unique(visits):
            work(v, after, _NoLock())
        recovered = after.ok == after.sent
    finally:
        server.stop()
    load_after = os.getloadavg()
    figures = {name: p.figures() for name, p in phases.items()}
    return {
        **run_facts(workers=workers, concurrency=concurrency, load_before=load_before, load_after=load_after),
        "phases": figures,
        "visits": [{**per_visit[v.label].figures(), "path": v.path} for v in _unique(visits)],
        "list_to_bare": _ratio(figures["list"], figures["bare"], 2),
        "list_to_static": _ratio(figures["list"], figures["static"], 3),
        "faults": injected,
        "recovered": recovered,
        "server_log": str(workdir),
    }


def _visits(zone, leader, log) -> list[Visit]:
    """Every kind of request of the mixed traffic: core's, then each module's (``registry.traffic_steps``)."""
    visits = core_visits(zone=zone, leader=leader)
    for name, step in sorted(registry.traffic_steps().items()):
        found = step(zone=zone, leader=leader)
        log(f"  {name}: {len(found)} 种请求")
        visits += found
    return visits


def _mixed_phase(visits, work, server, *, requests, concurrency, deadline, faults, injected, log):
    """The mixed traffic, with the faults injected after a third of it; each kind of request keeps its own
    figures and the phase sums them."""
    per_visit = {v.label: Phase(v.label) for v in visits}
    total = Phase("mixed")
    jobs = mixed_jobs(visits, requests)
    fault_at = len(jobs) // 3

    def mixed(visit, _phase, lock):
        work(visit, per_visit[visit.label], lock)

    def progress(index):
        if index == fault_at and faults and not injected:
            injected.update(inject(faults, server))
            log(f"  faults after {index} requests: {injected}")

    run_phase(total, jobs, mixed, concurrency=concurrency, deadline=deadline, on_progress=progress)
    for p in per_visit.values():
        p.seconds = total.seconds
        total.absorb(p)
    log(f"  mixed: {total.figures()}")
    return total, per_visit


def _ratio(phase: dict, to: dict, digits: int) -> float:
    return round(phase["per_second"] / to["per_second"], digits) if to["per_second"] else 0.0


def _unique(visits: list[Visit]) -> list[Visit]:
    seen, out = set(), []
    for v in visits:
        if v.label not in seen:
            seen.add(v.label)
            out.append(v)
    return out


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def table(report: dict) -> str:
    """The report as the Markdown rows of docs/benchmark.md."""
    lines = [
        f"{report['database']} {report['database_version']} — {report['machine']}, Python {report['python']}, "
        f"{report['date']}; gunicorn {report['workers']} sync workers, {report['concurrency']} clients; load "
        f"average {report['load_average'][0]:.2f} before, {report['load_average'][3]:.2f} after",
        "",
        "| phase / request | requests | ok | errors | per s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*report["phases"].values(), *({**v, "phase": "· " + v["phase"]} for v in report["visits"])]
    for f in rows:
        lines.append(
            f"| {f['phase']} | {f['requests']} | {f['ok']} | {f['errors']} | {f['per_second']} | "
            f"{f['p50_ms']} | {f['p99_ms']} |"
        )
    lines += [
        "",
        f"list page ÷ bare view: {report['list_to_bare']} (target ≥ 0.25); list page ÷ static file: "
        f"{report['list_to_static']}",
    ]
    if report["faults"]:
        lines.append(
            f"faults in the mixed phase: {report['faults']}; recovered afterwards: {report['recovered']}"
        )
    return "\n".join(lines)
