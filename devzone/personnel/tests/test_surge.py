"""``devzone loadgen --candidates`` and ``devzone personnel_surge`` run end to end on a tiny N, in a database of
their own (a fresh SQLite file: the surge's gunicorn workers cannot see the test database). No timing is
asserted: the figures are the benchmark's (docs/benchmark.md); this checks the commands work and that the rows
match the answers, a worker killed mid-run included."""

from __future__ import annotations

import json

from devzone.testing.commands import run_devzone


def test_loadgen_and_the_surge_run_on_a_tiny_n(bench_var_dir, tmp_path):
    made = run_devzone(
        ["loadgen", "--staff", "0", "--enterprises", "0", "--projects", "0", "--candidates", "40"],
        var=bench_var_dir,
    )
    assert made.returncode == 0, made.stderr
    assert "'registrations': 40" in made.stdout
    out = tmp_path / "surge.json"
    surge = run_devzone(
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
        var=bench_var_dir,
    )
    assert surge.returncode == 0, surge.stdout + surge.stderr
    report = json.loads(out.read_text())
    check = report["verify"]
    assert (check["lost"], check["duplicates"]) == (0, 0)
    assert check["rows"] == check["accepted"] + check["committed_without_answer"] == 30
    assert report["accounts"]["ok"] == 2
    assert report["bare"]["ok"] == report["bare"]["rows"] == 30
    assert report["killed_worker"]["pid"]
