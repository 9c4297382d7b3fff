"""``devzone loadtest`` runs end to end on a tiny load, in a database of its own (its gunicorn workers cannot see
the test database): every phase is answered, every module's visits are in the mix, and the report holds the
ratios the benchmark quotes. No timing is asserted: the figures are the benchmark's (docs/benchmark.md)."""

from __future__ import annotations

import json
import os

import pytest

from devzone.testing.commands import run_devzone


def test_mixed_traffic_is_answered_and_reported_per_phase_and_visit(bench_var_dir, tmp_path):
    made = run_devzone(
        ["loadgen", "--staff", "20", "--enterprises", "20", "--projects", "30", "--applications", "60"]
        + ["--leads", "40", "--service_requests", "20"],
        var=bench_var_dir,
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "load.json"
    args = ["loadtest", "--requests", "24", "--workers", "2", "--concurrency", "4", "--json", str(out)]
    args += ["--fault", "kill-worker"]  # a third of the way through the mix; a cut request is sent again
    done = run_devzone(args, var=bench_var_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    for name in ("static", "bare", "list", "mixed"):
        phase = report["phases"][name]
        assert phase["errors"] == 0, (name, phase["statuses"])
    assert report["phases"]["list"]["ok"] == 24
    assert report["phases"]["mixed"]["ok"] == 48 == sum(v["requests"] for v in report["visits"])
    labels = {v["phase"] for v in report["visits"]}
    # core's own, and one from each module that registers traffic (anonymous, staff and enterprise users)
    assert {"登录页（匿名）", "项目列表（主任）", "审批待办（审批人员）", "我的申请（企业）"} <= labels
    assert {"线索列表（招商人员）", "服务诉求（主任）"} <= labels
    assert 0 < report["list_to_bare"]
    assert report["faults"]["kill-worker"] and report["recovered"]
    assert "list page ÷ bare view" in done.stdout


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL only: the embedded SQLite has no connections to drop",
)
def test_dropped_connections_and_a_killed_worker_under_load_give_503_or_a_retry_never_500(tmp_path):
    """Every database connection is ended (as a failover would) and a web worker killed while the mix runs: the
    requests that were using a connection answer 503 "try again", the cut one is sent again, none answers 500,
    and afterwards every kind of request is answered."""
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"devzone_fault_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {"DATABASE_URL": f"{base}/{name}", "DEVZONE_VAR_DIR": str(tmp_path / "var")}
    try:
        assert run_devzone(["migrate", "-v0"], env=env).returncode == 0
        made = run_devzone(["loadgen", "--staff", "20", "--enterprises", "20", "--projects", "30"], env=env)
        assert made.returncode == 0, made.stderr
        out = tmp_path / "load.json"
        args = ["loadtest", "--requests", "60", "--workers", "2", "--concurrency", "6", "--json", str(out)]
        done = run_devzone([*args, "--fault", "drop-connections", "--fault", "kill-worker"], env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        report = json.loads(out.read_text())
        assert report["faults"]["drop-connections"] >= 1 and report["faults"]["kill-worker"]
        statuses = {int(k) for k in report["phases"]["mixed"]["statuses"]}
        assert statuses <= {200, 503}, report["phases"]["mixed"]["statuses"]
        assert report["recovered"]
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
