"""``devzone loadgen --candidates`` and ``devzone personnel_surge`` run end to end on a tiny N, in a database of
their own (a fresh SQLite file: the surge's gunicorn workers cannot see the test database). No timing is
asserted: the figures are the benchmark's (docs/benchmark.md); this checks the commands work and that the rows
match the answers, a worker killed mid-run included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(args, env, timeout=300):
    return subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_loadgen_and_the_surge_run_on_a_tiny_n(bench_var_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEVZONE_VAR_DIR=str(bench_var_dir), PYTHONPATH=str(ROOT))
    made = run(
        ["loadgen", "--staff", "0", "--enterprises", "0", "--projects", "0", "--candidates", "40"], env
    )
    assert made.returncode == 0, made.stderr
    assert "'registrations': 40" in made.stdout
    out = tmp_path / "surge.json"
    surge = run(
        [
            "personnel_surge",
            "--applicants",
            "30",
            "--accounts",
            "2",
            "--workers",
            "2",
            "--concurrency",
            "4",
            "--kill-at",
            "0.5",
            "--json",
            str(out),
        ],
        env,
    )
    assert surge.returncode == 0, surge.stdout + surge.stderr
    report = json.loads(out.read_text())
    check = report["verify"]
    assert (check["lost"], check["duplicates"]) == (0, 0)
    assert check["rows"] == check["accepted"] + check["committed_without_answer"] == 30
    assert report["accounts"]["ok"] == 2
    assert report["bare"]["ok"] == report["bare"]["rows"] == 30
    assert report["killed_worker"]["pid"]
