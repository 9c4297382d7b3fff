"""``devzone loadgen --province`` (issue 17): a province's rows shared over its zones by size, every zone with
its own accounts, the same plan for the same seed."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import given
from hypothesis import strategies as st

from devzone.core.loadgen import (
    PROVINCE_FLOOR,
    PROVINCE_ROWS,
    PROVINCE_STEPS,
    apportion,
    province_plan,
)
from devzone.testing.commands import run_devzone

weights = st.lists(st.floats(min_value=0.01, max_value=100), min_size=1, max_size=60)


@given(total=st.integers(min_value=0, max_value=10**7), weights=weights, floor=st.integers(0, 5))
def test_shares_add_up_respect_the_floor_and_follow_the_weights(total, weights, floor):
    counts = apportion(total, weights, floor)
    assert sum(counts) == max(total, floor * len(weights))
    assert min(counts) >= floor
    rest = max(0, total - floor * len(weights))
    for w, c in zip(weights, counts, strict=True):  # within one unit of the exact share
        assert abs((c - floor) - rest * w / sum(weights)) < 1
    ranked = sorted(zip(weights, counts, strict=True), key=lambda wc: -wc[0])
    for (w1, c1), (w2, c2) in zip(ranked, ranked[1:], strict=False):
        assert c1 >= c2 or w1 == w2  # a bigger zone never gets fewer rows


def test_the_province_plan_is_the_issues_province_the_same_for_a_seed_and_uneven():
    plan = province_plan(seed=1)
    assert len(plan) == 200 and len({p.city for p in plan}) == 16 and len({p.name for p in plan}) == 200
    for key, total in {**PROVINCE_ROWS, **PROVINCE_STEPS}.items():
        assert sum(p.rows[key] for p in plan) == total
        assert min(p.rows[key] for p in plan) >= PROVINCE_FLOOR.get(key, 0)
    assert province_plan(seed=1) == plan and province_plan(seed=2) != plan
    biggest, smallest = plan[0].rows["applications"], plan[-1].rows["applications"]
    assert biggest > 10 * smallest  # a few big zones, many small ones


def test_the_command_fills_every_zone_of_a_small_province_with_its_own_accounts(bench_var_dir):
    done = run_devzone(["loadgen", "--province", "--zones", "3", "--scale", "0.001"], var=bench_var_dir)
    assert done.returncode == 0, done.stderr
    plan = province_plan(seed=1, scale=0.001, zones=3)
    with closing(sqlite3.connect(bench_var_dir / "devzone.sqlite3")) as db:
        for p in plan:
            zone_id, city = db.execute(
                "SELECT z.id, c.name FROM core_zone z JOIN core_city c ON c.id = z.city_id WHERE z.name = ?",
                [p.name],
            ).fetchone()
            assert city == p.city
            for table, key in (
                ("core_staff", "staff"),
                ("core_enterprise", "enterprises"),
                ("approvals_application", "applications"),
                ("investment_lead", "leads"),
                ("services_servicerequest", "service_requests"),
            ):
                count = db.execute(f"SELECT COUNT(*) FROM {table} WHERE zone_id = ?", [zone_id]).fetchone()[0]  # noqa: S608
                assert count == p.rows[key], (p.name, table)
            # every application's reviewer is a reviewer of the application's own zone
            strays = db.execute(
                "SELECT COUNT(*) FROM approvals_application a JOIN core_profile pr ON pr.user_id = a.reviewer_id "
                "WHERE a.zone_id = ? AND pr.zone_id <> a.zone_id",
                [zone_id],
            ).fetchone()[0]
            assert strays == 0
    assert "province: {'zones': 3" in done.stdout
