"""Load and benchmark of the key-project module: ``devzone loadgen --key_projects N`` turns N of a zone's signed
projects into key projects with their timetables, a year's investment, visits and 10 problems each (bulk, a load
tool: no services, no audit), and ``devzone bench --projects`` times what the issue asks for: the portfolio page
(under 200 ms with 500 key projects) and the weekly dispatch, page and Word (under 3 s with 5,000 problems)."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from devzone.core import registry
from devzone.core.bench import REFERENCE_DAY, bench_account, floor, logged_in, time_job, time_page
from devzone.core.choices import Role
from devzone.core.loadgen import refresh_statistics
from devzone.core.models import Clock, Department, Profile, Project, Staff
from devzone.core.workdays import get_calendar
from devzone.projects.choices import DEFAULT_STEPS, Colour, ProblemCategory, ProblemStatus
from devzone.projects.models import (
    AnnualPlan,
    KeyProject,
    Milestone,
    MonthlyInvestment,
    Problem,
    SiteVisit,
    WeeklyDispatch,
)
from devzone.projects.services import refresh_statuses

PROBLEMS_PER_PROJECT = 10
AGENTS = 12


def _agents(zone) -> list[Staff]:
    """A dozen staff of the zone with 代办专员 accounts (bench_agentNN)."""
    staff = list(Staff.objects.filter(zone=zone, is_active=True).order_by("id")[:AGENTS])
    for i, s in enumerate(staff):
        if not Profile.objects.filter(staff=s).exists():
            bench_account(f"bench_agent{zone.pk}_{i:02d}", Role.AGENT, zone, staff=s, display_name=s.name)
    return staff


@dataclass
class _Zone:
    """What every key project of one loadgen run draws from: the zone's agents, departments with staff, the
    user who records visits and raises problems, and the working-day calendar (planned dates cached)."""

    zone: object
    on: dt.date
    rng: random.Random
    cal: object
    agents: list[Staff]
    depts: list[Department]
    staff_by_dept: dict[int, list[int]]
    raiser: int | None
    planned_cache: dict[tuple[dt.date, int], dt.date] = field(default_factory=dict)

    def row(self, model, pid: int, **fields):
        """A row of ``model`` for the key project ``pid`` in this zone."""
        return model(zone=self.zone, project_id=pid, **fields)

    def planned(self, signed: dt.date, offset: int) -> dt.date:
        k = (signed, offset)
        if k not in self.planned_cache:
            self.planned_cache[k] = self.cal.add_workdays(signed, offset)
        return self.planned_cache[k]


@dataclass
class _Rows:
    """The rows of one batch, saved together by ``_save``."""

    trackings: list[KeyProject] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    plans: list[AnnualPlan] = field(default_factory=list)
    months: list[MonthlyInvestment] = field(default_factory=list)
    visits: list[SiteVisit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)


def _candidates(zone, count: int, on: dt.date) -> list[tuple[int, dt.date]]:
    """(id, signed_on) of the ``count`` latest signed projects of the zone that are not key projects yet."""
    candidates = list(
        Project.objects.filter(zone=zone, signed_on__isnull=False, signed_on__lte=on, tracking__isnull=True)
        .order_by("-signed_on", "id")
        .values_list("id", "signed_on")[:count]
    )
    if len(candidates) < count:
        raise RuntimeError(f"只有 {len(candidates)} 个已签约项目可转为重点项目：先用 --projects 增加项目")
    return candidates


def _zone_context(zone, on: dt.date, rng: random.Random) -> _Zone:
    agents = _agents(zone)
    depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True))
    staff_by_dept: dict[int, list[int]] = {}
    for sid, did in Staff.objects.filter(zone=zone, is_active=True).values_list("id", "department_id"):
        staff_by_dept.setdefault(did, []).append(sid)
    leader = (
        Profile.objects.filter(zone=zone, role=Role.ZONE_LEADER).values_list("user_id", flat=True).first()
    )
    raiser = (
        leader or get_user_model().objects.filter(profile__zone=zone).values_list("id", flat=True).first()
    )
    return _Zone(
        zone=zone,
        on=on,
        rng=rng,
        cal=get_calendar(),
        agents=agents,
        depts=[d for d in depts if d.pk in staff_by_dept],
        staff_by_dept=staff_by_dept,
        raiser=raiser,
    )


def _add_tracking(z: _Zone, rows: _Rows, pid: int, signed: dt.date, agent) -> None:
    rng, on = z.rng, z.on
    rows.trackings.append(
        z.row(
            KeyProject,
            pid,
            agent=agent,
            handed_over_on=signed,
            last_visit_on=on - dt.timedelta(days=rng.randint(0, 30)),
            next_visit_due=on + dt.timedelta(days=rng.randint(-10, 14)),
        )
    )


def _add_milestones(z: _Zone, rows: _Rows, pid: int, signed: dt.date, lag: int) -> None:
    """The default timetable; the steps planned more than ``lag`` days ago are done (a few days late or early)."""
    for order, (code, name, offset, item) in enumerate(DEFAULT_STEPS, start=1):
        p = z.planned(signed, offset)
        actual = None
        if p <= z.on - dt.timedelta(days=lag):
            actual = min(z.on, p + dt.timedelta(days=z.rng.randint(-3, 10)))
            actual = max(actual, signed)
        rows.milestones.append(
            z.row(
                Milestone,
                pid,
                order=order,
                code=code,
                name=name,
                planned_on=p,
                actual_on=actual,
                approval_item_code=item,
            )
        )


def _add_investment(z: _Zone, rows: _Rows, pid: int) -> None:
    """The year's plan and the months done so far, at a pace between half and 110 % of the plan."""
    rng, on = z.rng, z.on
    plan = Decimal(rng.randint(500, 50000))
    rows.plans.append(z.row(AnnualPlan, pid, year=on.year, planned_wan=plan))
    pace = rng.choice([0.5, 0.8, 1.0, 1.0, 1.1])
    for month in range(1, on.month):
        rows.months.append(
            z.row(
                MonthlyInvestment,
                pid,
                year=on.year,
                month=month,
                completed_wan=(plan / 12 * Decimal(str(pace))).quantize(Decimal("0.01")),
            )
        )


def _add_visits(z: _Zone, rows: _Rows, pid: int, agent) -> None:
    for k in range(3):
        rows.visits.append(
            z.row(
                SiteVisit,
                pid,
                visited_on=z.on - dt.timedelta(days=10 * k + z.rng.randint(0, 5)),
                agent=agent,
                recorded_by_id=z.raiser,
                people_met="项目经理",
                findings="现场推进正常。",
            )
        )


def _add_problems(z: _Zone, rows: _Rows, pid: int) -> None:
    """``PROBLEMS_PER_PROJECT`` problems of the last half year, 70 % solved, each with its clock."""
    rng, on = z.rng, z.on
    for _k in range(PROBLEMS_PER_PROJECT):
        dept = rng.choice(z.depts)
        raised = on - dt.timedelta(days=rng.randint(0, 180))
        budget = rng.choice([3, 5, 10, 15])
        due = z.cal.add_workdays(raised, budget)
        solved = rng.random() < 0.7 and raised + dt.timedelta(days=3) <= on
        rows.clocks.append(
            Clock(
                zone=z.zone,
                purpose="问题办理",
                started_on=raised,
                budget_workdays=budget,
                due_on=due,
                status="stopped" if solved else "running",
                stopped_on=raised + dt.timedelta(days=3) if solved else None,
            )
        )
        rows.problems.append(
            z.row(
                Problem,
                pid,
                source="officer",
                category=rng.choice(ProblemCategory.values),
                title=f"压测问题{rng.randint(1, 10**6)}",
                department=dept,
                owner_id=rng.choice(z.staff_by_dept[dept.pk]),
                raised_by_id=z.raiser,
                raised_on=raised,
                due_on=due,
                status="resolved" if solved else "open",
                resolution="已解决" if solved else "",
                resolved_on=raised + dt.timedelta(days=3) if solved else None,
            )
        )


def _add_project(z: _Zone, rows: _Rows, pid: int, signed: dt.date) -> None:
    """Everything of one key project, drawing from the random sequence in a fixed order (same seed, same rows)."""
    agent = z.rng.choice(z.agents) if z.agents else None
    lag = z.rng.choice([0, 0, 0, 5, 20, 60])
    _add_tracking(z, rows, pid, signed, agent)
    _add_milestones(z, rows, pid, signed, lag)
    _add_investment(z, rows, pid)
    _add_visits(z, rows, pid, agent)
    _add_problems(z, rows, pid)


def _save(rows: _Rows) -> None:
    KeyProject.objects.bulk_create(rows.trackings)
    Milestone.objects.bulk_create(rows.milestones, batch_size=1000)
    AnnualPlan.objects.bulk_create(rows.plans)
    MonthlyInvestment.objects.bulk_create(rows.months, batch_size=1000)
    SiteVisit.objects.bulk_create(rows.visits, batch_size=1000)
    Clock.objects.bulk_create(rows.clocks, batch_size=1000)
    if connection.features.can_return_rows_from_bulk_insert:
        for p, c in zip(rows.problems, rows.clocks, strict=True):
            p.clock = c
    Problem.objects.bulk_create(rows.problems, batch_size=1000)


@registry.load(
    "key_projects", "重点项目: key projects to add, with milestones and 10 problems each (e.g. 500)"
)
def loadgen(*, zone, count: int, on: dt.date = REFERENCE_DAY, seed: int, log) -> dict:
    rng = random.Random(seed)
    candidates = _candidates(zone, count, on)
    z = _zone_context(zone, on, rng)
    t0 = time.perf_counter()
    created = {"key_projects": 0, "milestones": 0, "problems": 0, "visits": 0}
    for start in range(0, len(candidates), 100):
        batch = candidates[start : start + 100]
        rows = _Rows()
        with transaction.atomic():
            Project.objects.filter(pk__in=[pid for pid, _s in batch]).update(is_key=True)
            for pid, signed in batch:
                _add_project(z, rows, pid, signed)
            _save(rows)
        created["key_projects"] += len(batch)
        created["milestones"] += len(rows.milestones)
        created["problems"] += len(rows.problems)
        created["visits"] += len(rows.visits)
        log(f"  {created['key_projects']:,} / {len(candidates):,} 重点项目")
    counts = refresh_statuses(on=on, zone_id=zone.pk)
    # fresh planner statistics: left stale, PostgreSQL took the zone's 5,000 problems for 7 rows and joined
    # each to its project and owner before sorting (the problem list 57 ms; 0.4 ms for its query after)
    refresh_statistics(
        KeyProject, Milestone, AnnualPlan, MonthlyInvestment, SiteVisit, Clock, Problem, Project
    )
    created["seconds"] = round(time.perf_counter() - t0, 1)
    created["statuses_changed"] = counts["changed"]
    return created


def problem_floor(zone, page: int = 1) -> tuple[str, list]:
    """The floor of the problem list (``views_problems.problem_list``): the zone's problems, open first, by due
    date."""
    return floor(Problem, zone, page, ordering=["status", "due_on", "-id"])


def overdue_floor(zone, page: int = 1) -> tuple[str, list]:
    """The floor of the problem list's 已超期 tab (``?status=overdue``): the zone's open problems past their due
    date (today's, as the page reads it), in the list's order."""
    return floor(
        Problem,
        zone,
        page,
        where={"status": ProblemStatus.OPEN, "due_on__lt": timezone.localdate()},
        ordering=["status", "due_on", "-id"],
    )


PORTFOLIO_PAGE = 50


def portfolio_floor(zone, page: int = 1, *, status: str | None = None) -> tuple[str, list]:
    """The floor of the portfolio (``views.portfolio`` through ``selectors.worst_first``), written by hand: its
    order is not a column's. The zone's key projects (of one colour with ``status``): red, yellow, then green,
    the biggest total investment first, then by the project's name; 50 a page, with the total."""
    qn = connection.ops.quote_name
    columns = ", ".join(f"t.{qn(f.column)}" for f in KeyProject._meta.concrete_fields)
    conditions, params = [f"t.{qn('zone_id')} = %s"], [zone.pk]
    if status:
        conditions.append(f"t.{qn('status')} = %s")
        params.append(status)
    sql = (
        f"SELECT {columns}, COUNT(*) OVER () FROM {qn(KeyProject._meta.db_table)} t "  # noqa: S608
        f"JOIN {qn(Project._meta.db_table)} p ON p.{qn('id')} = t.{qn('project_id')} "
        f"WHERE {' AND '.join(conditions)} "
        f"ORDER BY CASE t.{qn('status')} WHEN %s THEN 0 WHEN %s THEN 1 ELSE 2 END, "
        f"p.{qn('total_investment')} DESC NULLS LAST, p.{qn('name')}, t.{qn('id')} LIMIT %s OFFSET %s"
    )
    return sql, [*params, Colour.RED, Colour.YELLOW, PORTFOLIO_PAGE, (page - 1) * PORTFOLIO_PAGE]


@registry.bench("projects", "重点项目: the portfolio page and the weekly dispatch (page and Word)")
def run(*, zone, leader, on: dt.date = REFERENCE_DAY, repeat: int = 20, log=print) -> list[dict]:
    """Time the portfolio (all, filtered, page 5), the problem list, the key-project API list, the dispatch's
    issuing (content + Word), its page and its download, and the daily status job."""
    from devzone.core.actors import system_actor
    from devzone.projects.services.dispatching import issue

    system = system_actor()

    total = KeyProject.objects.filter(zone=zone).count()
    problems = Problem.objects.filter(zone=zone).count()
    log(f"  重点项目 {total:,} 个，问题 {problems:,} 个（{connection.vendor}）")
    out = []
    issue_ms = []
    dispatch = None
    for _ in range(max(3, repeat // 4)):
        t0 = time.perf_counter()
        with transaction.atomic():
            dispatch = issue(zone=zone, on=on, actor=system, automatic=False)
        issue_ms.append((time.perf_counter() - t0) * 1000)
    out.append(
        {
            "name": "dispatch: issue (content + Word)",
            "median_ms": round(statistics.median(issue_ms), 1),
            "max_ms": round(max(issue_ms), 1),
        }
    )
    log(
        f"  {'dispatch: issue (content + Word)':<34} {statistics.median(issue_ms):8.1f} ms  max {max(issue_ms):8.1f} ms"
    )
    pages = [
        ("portfolio (leader)", "/projects/portfolio/", portfolio_floor(zone)),
        ("portfolio red", "/projects/portfolio/?status=red", portfolio_floor(zone, status=Colour.RED)),
        ("portfolio p5", "/projects/portfolio/?page=5", portfolio_floor(zone, 5)),
        ("problems (leader)", "/projects/problems/", problem_floor(zone)),
        ("problems overdue", "/projects/problems/?status=overdue", overdue_floor(zone)),
        ("agents workload", "/projects/agents/"),
        ("problem statistics", "/projects/problems/statistics/"),
        (
            "api key-projects p1",
            "/api/v1/projects/key-projects?page=1",
            floor(KeyProject, zone, ordering=["project__name", "id"]),
        ),
        ("dispatch page", f"/projects/dispatches/{dispatch.pk}/"),
        ("dispatch Word download", f"/projects/dispatches/{dispatch.pk}/download/"),
    ]
    client = logged_in(leader)
    out += [
        time_page(client, label, url, repeat, log=log, width=34, floor=rows[0] if rows else None)
        for label, url, *rows in pages
    ]
    out.append(time_job("daily status job", lambda: refresh_statuses(on=on, zone_id=zone.pk), log=log))
    WeeklyDispatch.objects.filter(zone=zone, automatic=False, issued_by=system).delete()
    return out
