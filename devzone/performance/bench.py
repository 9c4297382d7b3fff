"""Benchmark of 绩效考核: a city of N zones × 300 staff, each with a round ready to tally (satisfaction, 30
delegates' ballots, leader scores) and graded staff with pay profiles; the measurement computes every zone's
coefficients, quotas and pay — reads included — as ``devzone bench --performance`` reports.

``devzone loadgen --performance 20`` builds the city (once); ``devzone bench --performance`` times it."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from devzone.core import registry
from devzone.core.actors import system_actor
from devzone.core.choices import DepartmentKind, Rank
from devzone.core.models import Department, Post, Staff, Zone
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import (
    DepartmentResult,
    LeaderScore,
    PayProfile,
    Round,
    ScoreCount,
    StaffGrade,
)

DEPTS = 10
PER_DEPT = 30
BENCH_YEAR, BENCH_QUARTER = 2026, 3
PREFIX = "绩效基准区"


@transaction.atomic
def loadgen(*, zone, zones: int, seed: int = 1, log=print) -> dict:
    """``zones`` zones of 300 staff (10 departments × 30) in the city of ``zone``, each with a round at the
    leader step and every staff member graded (grades stand in for the heads' work)."""
    rng = random.Random(seed)
    made = 0
    for n in range(zones):
        name = f"{PREFIX}{n + 1:02d}"
        z, created = Zone.objects.get_or_create(city=zone.city, name=name, defaults={"short_name": name})
        if not created and Round.objects.filter(zone=z, year=BENCH_YEAR, quarter=BENCH_QUARTER).exists():
            continue
        _zone(z, rng, n)
        made += 1
    log(f"  绩效考核: {made} 个开发区新建，每区 {DEPTS * PER_DEPT} 人")
    return {"zones": zones, "created": made, "staff_per_zone": DEPTS * PER_DEPT}


# (post, rank, value coefficient): each department's head, two deputies, the rest staff
POSTS = (
    ("部长", Rank.SECTION_CHIEF, "1.50"),
    ("副部长", Rank.DEPUTY_SECTION, "1.30"),
    ("专员", Rank.STAFF, "1.00"),
)
# grades: a plausible spread (the quota check belongs to the heads' page, not to the load)
GRADES = ["excellent"] * 6 + ["good"] * 12 + ["pass"] * 11 + ["improve"]


def _zone(z, rng, n) -> None:
    """One bench zone: its departments and staff with pay profiles, and a round at the leader step with
    satisfaction, ballots, leader scores and every staff member graded (the order of random draws is fixed)."""
    depts = _departments(z)
    staff = _staff(z, depts, n)
    PayProfile.objects.bulk_create(
        [PayProfile(zone=z, staff=s, monthly_standard_fen=rng.randint(550, 1200) * 1000) for s in staff],
        batch_size=500,
    )
    r = _round(z, depts, rng)
    _ballots(r, depts, rng)
    leader = _leader_scores(r, depts, rng)
    StaffGrade.objects.bulk_create(
        [
            StaffGrade(
                round=r, staff=s, department_id=s.department_id, grade=GRADES[k % PER_DEPT], graded_by=leader
            )
            for k, s in enumerate(staff)
        ],
        batch_size=500,
    )


def _departments(z) -> list[Department]:
    """``DEPTS`` departments, the first two of them service departments (rated by satisfaction)."""
    return [
        Department.objects.create(
            zone=z,
            name=f"部门{i + 1:02d}",
            kind=DepartmentKind.SERVICE if i < 2 else DepartmentKind.GENERAL,
            order=i,
            headcount_quota=PER_DEPT,
        )
        for i in range(DEPTS)
    ]


def _staff(z, depts: list[Department], n: int) -> list[Staff]:
    """``PER_DEPT`` staff in each department on its ``POSTS``, as saved (with their ids)."""
    staff = []
    for i, d in enumerate(depts):
        posts = [
            Post.objects.create(zone=z, department=d, name=p, rank=r, value_coefficient=Decimal(c))
            for p, r, c in POSTS
        ]
        for j in range(PER_DEPT):
            post = posts[0] if j == 0 else posts[1] if j < 3 else posts[2]
            staff.append(
                Staff(
                    zone=z,
                    department=d,
                    post=post,
                    employee_no=f"B{n:02d}{i:02d}{j:03d}",
                    name=f"职员{i}-{j}",
                    gender="male",
                    birth_date=dt.date(1985, 1, 1),
                    education="bachelor",
                    employment_type="contract",
                    rank=post.rank,
                    hired_on=dt.date(2015, 1, 1),
                )
            )
    Staff.objects.bulk_create(staff, batch_size=500)
    return list(Staff.objects.filter(zone=z))


def _round(z, depts: list[Department], rng) -> Round:
    """The bench quarter's round at the leader step, voting closed, with the service departments' satisfaction."""
    r = Round.objects.create(
        zone=z,
        year=BENCH_YEAR,
        quarter=BENCH_QUARTER,
        scheme=svc.ensure_scheme(z, actor=system_actor()),
        status=RoundStatus.LEADER,
        ballots_cast=DEPTS * 3,
        codes_issued=DEPTS * 3,
        voting_closed=True,
    )
    DepartmentResult.objects.bulk_create(
        [
            DepartmentResult(
                round=r,
                department=d,
                department_type="service" if d.kind == "service" else "other",
                headcount=PER_DEPT,
                satisfaction=Decimal(rng.randint(8000, 9800)) / 100 if d.kind == "service" else None,
            )
            for d in depts
        ]
    )
    return r


def _ballots(r: Round, depts: list[Department], rng) -> None:
    """Three delegates of each department score every other department (kept as counts per score, as a
    closed ballot box keeps them)."""
    counts = Counter(
        (d.pk, rng.randint(70, 99)) for own in depts for _ in range(3) for d in depts if d != own
    )
    ScoreCount.objects.bulk_create(
        [ScoreCount(round=r, department_id=d, score=s, count=n) for (d, s), n in counts.items()],
        batch_size=1000,
    )


def _leader_scores(r: Round, depts: list[Department], rng):
    """The bench leader's score of every department; returns the leader (who also grades the staff)."""
    leader, _ = get_user_model().objects.get_or_create(username="bench-performance-leader")
    LeaderScore.objects.bulk_create(
        [LeaderScore(round=r, department=d, leader=leader, score=rng.randint(75, 99)) for d in depts]
    )
    return leader


def compute_city(rounds) -> dict:
    """Every round's coefficients and quotas (``compute_results``) and pay (``pay_sheet``), nothing saved."""
    staff = depts = fen = 0
    for r in rounds:
        results = svc.compute_results(r)
        depts += len(results)
        # pay with the computed coefficients, as after publication
        r.status = RoundStatus.PUBLISHED
        sheet = selectors.pay_sheet(r, results=results)
        staff += len(sheet.rows)
        fen += sheet.total_fen
    return {"departments": depts, "staff": staff, "total_fen": fen}


def run(*, zone, repeat: int = 3, log=print) -> list[dict]:
    rounds = list(
        Round.objects.filter(
            zone__name__startswith=PREFIX, year=BENCH_YEAR, quarter=BENCH_QUARTER
        ).select_related("scheme", "zone")
    )
    if not rounds:
        log("  绩效考核: 没有基准数据，先运行 devzone loadgen --performance 20")
        return []
    times, figures = [], {}
    for _ in range(max(1, repeat)):
        fresh = list(Round.objects.filter(pk__in=[r.pk for r in rounds]).select_related("scheme", "zone"))
        t0 = time.perf_counter()
        figures = compute_city(fresh)
        times.append(time.perf_counter() - t0)
    best, worst = min(times), max(times)
    log(
        f"  绩效考核: {len(rounds)} 个开发区、{figures['staff']} 人：系数、名额与绩效工资 "
        f"{best:.2f} s（最慢 {worst:.2f} s，{len(times)} 次）"
    )
    return [
        {
            "name": "performance: coefficients, quotas and pay of every zone",
            "zones": len(rounds),
            **figures,
            "best_s": round(best, 3),
            "worst_s": round(worst, 3),
        }
    ]


@registry.load("performance", "绩效考核: a city of N zones × 300 staff with a tallied round each (e.g. 20)")
def _load(*, zone, count, seed, log):
    return loadgen(zone=zone, zones=count, seed=seed, log=log)


@registry.bench("performance", "绩效考核: coefficients, quotas and pay of every zone's round")
def _bench(*, zone, leader, repeat, log):
    return run(zone=zone, repeat=repeat, log=log)
