"""Load and benchmark of 大审批 at scale: a million applications (``devzone loadgen --applications``) and the
pages and jobs the issue times (``devzone bench --approvals``): the statistics page, a reviewer's queue, the
periodic deadline scan."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count

from devzone.approvals.demo_catalog import load_catalog
from devzone.approvals.history import generate_history
from devzone.approvals.models import Application, ApprovalItem, ElapsedBucket, Intake, SourceDepartment
from devzone.core import registry
from devzone.core.bench import (
    PAGE_SIZE,
    REFERENCE_DAY,
    bench_account,
    floor,
    logged_in,
    time_job,
    time_page,
)
from devzone.core.choices import Role
from devzone.core.loadgen import refresh_statistics
from devzone.core.models import Clock

REVIEWERS = 20


def _users(zone):
    users = {}
    for name, role in [("bench_clerk", Role.WINDOW_CLERK)] + [
        (f"bench_rev{i:02d}", Role.REVIEWER) for i in range(REVIEWERS)
    ]:
        users[name] = bench_account(name, role, zone, display_name=name)
    return users["bench_clerk"], [u for n, u in users.items() if n.startswith("bench_rev")]


@registry.load("applications", "大审批: applications to add (e.g. 1000000)")
def loadgen_applications(*, zone, count: int, end: dt.date = REFERENCE_DAY, seed: int = 1, log=print) -> dict:
    """Fill ``zone`` with ``count`` applications over the two years before ``end`` (the zone needs projects:
    run with --projects too on an empty zone); loads the demo catalog when the zone has none."""
    if not ApprovalItem.objects.filter(zone=zone).exists():
        load_catalog(zone)
        log("  事项目录：已载入演示目录（52项）")
    clerk, reviewers = _users(zone)
    figures = generate_history(
        zone=zone,
        count=count,
        start=end - dt.timedelta(days=730),
        end=end,
        submitter=clerk,
        reviewers=reviewers,
        seed=seed,
        log=log,
    )
    refresh_statistics(Application, Intake, Clock, ElapsedBucket)
    return figures


def _busiest_reviewer(zone):
    busiest = (
        Application.objects.filter(zone=zone, status="in_review", reviewer__isnull=False)
        .values("reviewer")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return get_user_model().objects.get(pk=busiest["reviewer"]) if busiest else None


def queue_floor(zone, reviewer, page: int = 1) -> tuple[str, list]:
    """The floor of a queue page (``selectors.application_queue``): a reviewer's own files in review and the
    zone's files without a reviewer (待分派), or, for the leader (``reviewer`` None), the zone's open files; the
    nearest due date of the two clocks first (a clock without one after every date, ``selectors.NO_DUE_DATE``),
    then by id. Written by hand: ``floor`` orders by columns, not by the nearer of two joined ones."""
    from devzone.approvals.choices import OPEN_STATUSES
    from devzone.approvals.selectors import NO_DUE_DATE, QUEUE_STATUSES

    qn = connection.ops.quote_name
    columns = ", ".join(f"t.{qn(f.column)}" for f in Application._meta.concrete_fields)
    statuses = sorted(QUEUE_STATUSES if reviewer is not None else OPEN_STATUSES)
    conditions = [f"t.{qn('zone_id')} = %s", f"t.{qn('status')} IN ({', '.join(['%s'] * len(statuses))})"]
    params: list = [zone.pk, *statuses]
    if reviewer is not None:
        conditions.append(f"(t.{qn('reviewer_id')} = %s OR t.{qn('reviewer_id')} IS NULL)")
        params.append(reviewer.pk)
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"  # SQLite's MIN of several arguments
    clock, due = qn(Clock._meta.db_table), qn("due_on")
    sql = (
        f"SELECT {columns}, COUNT(*) OVER () FROM {qn(Application._meta.db_table)} t "  # noqa: S608
        f"LEFT JOIN {clock} c ON c.{qn('id')} = t.{qn('clock_id')} "
        f"LEFT JOIN {clock} l ON l.{qn('id')} = t.{qn('legal_clock_id')} "
        f"WHERE {' AND '.join(conditions)} "
        f"ORDER BY {least}(COALESCE(c.{due}, %s), COALESCE(l.{due}, %s)), t.{qn('id')} LIMIT %s OFFSET %s"
    )
    return sql, [*params, NO_DUE_DATE, NO_DUE_DATE, PAGE_SIZE, (page - 1) * PAGE_SIZE]


@registry.traffic("approvals")
def traffic(*, zone, leader) -> list[registry.Visit]:
    """The leader's and the busiest reviewer's queue, an enterprise's applications and the public verification
    of a certificate (``devzone loadtest``)."""
    from devzone.approvals.models import Certificate
    from devzone.core.models import Enterprise

    visits = [registry.Visit("审批待办（主任）", "/approvals/queue/", leader)]
    reviewer = _busiest_reviewer(zone) or bench_account("bench_reviewer", Role.REVIEWER, zone)
    visits.append(registry.Visit("审批待办（审批人员）", "/approvals/queue/", reviewer, weight=2))
    if enterprise := Enterprise.objects.filter(zone=zone).order_by("pk").first():
        user = bench_account("bench_enterprise", Role.ENTERPRISE_USER, zone, enterprise=enterprise)
        visits.append(registry.Visit("我的申请（企业）", "/approvals/intakes/", user, weight=2))
    if cert := Certificate.objects.filter(zone=zone).order_by("pk").first():
        visits.append(registry.Visit("证照核验（公众）", f"/verify/{cert.verify_code}/", None))
    return visits


def statistics_floor(zone, start: dt.date, end: dt.date) -> tuple[str, list]:
    """The floor of the statistics page (``statistics.approval_statistics`` for one zone), written by hand: the
    files concluded from ``start`` to ``end`` (by month) counted per item and elapsed working days (files, on
    time, late by law, supplements), each with the item's code, name, stage, limits and former department, the
    three tables' inputs, in one statement."""
    qn = connection.ops.quote_name
    sql = (
        "SELECT b.item_id, b.elapsed_workdays, b.n, b.ok, b.late, b.sup, i.code, i.name, i.stage, "  # noqa: S608
        "i.legal_limit_days, i.promised_limit_days, d.name "
        f"FROM (SELECT item_id, elapsed_workdays, SUM({qn('count')}) AS n, SUM(on_time) AS ok, SUM(legal_late) AS late, "
        f"SUM(supplements) AS sup FROM {qn(ElapsedBucket._meta.db_table)} "
        "WHERE zone_id = %s AND month >= %s AND month <= %s GROUP BY item_id, elapsed_workdays) b "
        f"JOIN {qn(ApprovalItem._meta.db_table)} i ON i.id = b.item_id "
        f"LEFT JOIN {qn(SourceDepartment._meta.db_table)} d ON d.id = i.source_department_id"
    )
    return sql, [zone.pk, start.replace(day=1), end]


@registry.bench("approvals", "大审批: statistics, review queues and the deadline scan")
def run(*, zone, leader, on: dt.date = REFERENCE_DAY, repeat: int = 20, log=print) -> list[dict]:
    """Time the statistics page, the busiest reviewer's queue (pages 1 and 5), the leader's queue, the
    approvals API list and the deadline scan over every open application."""
    from devzone.approvals.jobs import scan_deadlines

    reviewer = _busiest_reviewer(zone)
    total = Application.objects.filter(zone=zone).count()
    open_files = Application.objects.filter(zone=zone, status="in_review").count()
    log(f"  办件 {total:,} 件，其中审查中 {open_files:,} 件（{connection.vendor}）")
    pages = [
        (
            "statistics (leader)",
            leader,
            f"/approvals/statistics/?start={on.year}-01-01&end={on:%Y-%m-%d}",
            statistics_floor(zone, on.replace(month=1, day=1), on),
        ),
        (
            "statistics, two years",
            leader,
            f"/approvals/statistics/?start={on.year - 1}-01-01&end={on:%Y-%m-%d}",
            statistics_floor(zone, on.replace(year=on.year - 1, month=1, day=1), on),
        ),
        ("queue (leader) p1", leader, "/approvals/queue/", queue_floor(zone, None)),
        ("api applications p1", leader, "/api/v1/approvals/applications?page=1", floor(Application, zone)),
    ]
    if reviewer is not None:
        pages += [
            ("queue (reviewer) p1", reviewer, "/approvals/queue/", queue_floor(zone, reviewer)),
            ("queue (reviewer) p5", reviewer, "/approvals/queue/?page=5", queue_floor(zone, reviewer, 5)),
        ]
    out = [
        time_page(logged_in(user), label, url, repeat, log=log, width=26, floor=rows)
        for label, user, url, rows in pages
    ]
    for run_no in (1, 2):
        out.append(time_job(f"deadline scan, run {run_no}", lambda: scan_deadlines(on), log=log))
    return out
