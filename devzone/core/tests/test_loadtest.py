"""``devzone loadtest`` runs end to end on a tiny load, in a database of its own (its gunicorn workers cannot see
the test database): every phase is answered, every module's visits are in the mix, and the report holds the
ratios the benchmark quotes. No timing is asserted: the figures are the benchmark's (docs/benchmark.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(args, var, timeout=300):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEVZONE_VAR_DIR=str(var), PYTHONPATH=str(ROOT))
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_mixed_traffic_is_answered_and_reported_per_phase_and_visit(bench_var_dir, tmp_path):
    made = run(
        ["loadgen", "--staff", "20", "--enterprises", "20", "--projects", "30", "--applications", "60"]
        + ["--leads", "40", "--service_requests", "20"],
        bench_var_dir,
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "load.json"
    args = ["loadtest", "--requests", "24", "--workers", "2", "--concurrency", "4", "--json", str(out)]
    done = run(args, bench_var_dir)
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
    assert "list page ÷ bare view" in done.stdout
