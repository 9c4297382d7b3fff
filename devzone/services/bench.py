"""Load and benchmark of 企业服务 (``devzone loadgen --service-requests N``, ``devzone bench --services``): N
requests over the year before the reference day, each answered, about 80 % rated (a few badly, with their
follow-ups), written in bulk; then the pages and jobs timed: the request queue, the rating list, the
statistics page and its Excel, ``department_satisfaction``, the enterprise file, the automatic-rating scan."""

from __future__ import annotations

import datetime as dt
import random
import time
from functools import partial

from django.db import connection, transaction

from devzone.core import registry
from devzone.core.bench import REFERENCE_DAY, bench_account, floor, logged_in, time_call, time_page
from devzone.core.choices import Role
from devzone.core.loadgen import refresh_statistics
from devzone.core.models import Department, Enterprise
from devzone.services import scoring
from devzone.services.choices import RequestCategory, RequestStatus, SubjectKind
from devzone.services.models import FollowUp, Rating, ServiceRequest

BATCH = 2000


def _staff(zone):
    dept = (
        Department.objects.filter(zone=zone, name="综合服务部").first()
        or Department.objects.filter(zone=zone).first()
    )
    users = [
        bench_account(f"bench_sv{i:02d}", Role.AGENT, zone, display_name=f"服务专员{i:02d}")
        for i in range(10)
    ]
    return dept, users


def _request(rng, *, zone, number: str, serial: int, start: dt.date, enterprises, dept, staff, submitter):
    """One answered request of the batch (submitted within the year, answered in 1–7 days)."""
    on = start + dt.timedelta(days=rng.randint(0, 360))
    answered = on + dt.timedelta(days=rng.randint(1, 7))
    who = rng.choice(staff)
    return ServiceRequest(
        zone=zone,
        number=number,
        enterprise_id=rng.choice(enterprises),
        category=rng.choice(RequestCategory.values),
        title=f"诉求{serial}",
        description="批量生成",
        department=dept,
        assignee=who,
        submitted_by=submitter,
        submitted_on=on,
        due_on=on + dt.timedelta(days=7),
        answered_on=answered,
        status=RequestStatus.ANSWERED,
    )


def _rating(rng, req, *, zone, dept, staff, end: dt.date) -> Rating:
    """The enterprise's rating of an answered request (mostly good, a few bad with a comment)."""
    level = rng.choices((5, 4, 3, 2, 1), weights=(45, 35, 14, 4, 2))[0]
    return Rating(
        zone=zone,
        kind=SubjectKind.REQUEST,
        request=req,
        enterprise_id=req.enterprise_id,
        item=f"诉求：{req.title}",
        department=dept,
        served_by=req.assignee,
        served_by_label=f"服务专员{staff.index(req.assignee):02d}",
        served_on=req.answered_on,
        level=level,
        comment="" if level > 2 else "批量差评",
        rated_on=min(end, req.answered_on + dt.timedelta(days=rng.randint(0, 6))),
    )


def _write_batch(rng, requests, *, zone, dept, staff, end: dt.date) -> list[Rating]:
    """Writes the requests, about 80 % of them rated (status RATED) and a closed follow-up per bad rating."""
    ratings = []
    with transaction.atomic():
        ServiceRequest.objects.bulk_create(requests, batch_size=500)
        for req in requests:
            if rng.random() < 0.8:
                ratings.append(_rating(rng, req, zone=zone, dept=dept, staff=staff, end=end))
                req.status = RequestStatus.RATED
        Rating.objects.bulk_create(ratings, batch_size=500)
        ServiceRequest.objects.filter(
            pk__in=[r.pk for r in requests if r.status == RequestStatus.RATED]
        ).update(status=RequestStatus.RATED)
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    zone=zone,
                    rating=r,
                    opened_on=r.rated_on,
                    due_on=r.rated_on + dt.timedelta(days=7),
                    status="closed",
                )
                for r in ratings
                if r.level <= 2
            ],
            batch_size=500,
        )
    return ratings


@registry.load("service_requests", "企业服务: requests and ratings to add (e.g. 100000)")
def loadgen(*, zone, count: int, end: dt.date = REFERENCE_DAY, seed: int = 1, log=print) -> dict:
    rng = random.Random(seed)
    dept, staff = _staff(zone)
    enterprises = list(Enterprise.objects.filter(zone=zone).values_list("pk", flat=True))
    if not enterprises or dept is None:
        raise SystemExit("该开发区没有企业或部门：先载入演示数据或 --enterprises")
    start = end - dt.timedelta(days=365)
    prefix = f"BQ{seed:02d}{zone.pk:03d}"
    done = ServiceRequest.objects.filter(number__startswith=prefix).count()
    made = rated = bad = 0
    t0 = time.perf_counter()
    while made < count:
        n = min(BATCH, count - made)
        requests = [
            _request(
                rng,
                zone=zone,
                number=f"{prefix}{serial:08d}",
                serial=serial,
                start=start,
                enterprises=enterprises,
                dept=dept,
                staff=staff,
                submitter=staff[0],
            )
            for serial in range(done + made, done + made + n)
        ]
        ratings = _write_batch(rng, requests, zone=zone, dept=dept, staff=staff, end=end)
        made += n
        rated += len(ratings)
        bad += sum(1 for r in ratings if r.level <= 2)
        log(f"  诉求 {made:,}/{count:,}（{time.perf_counter() - t0:.1f} s）")
    refresh_statistics(ServiceRequest, Rating, FollowUp)
    return {
        "requests": made,
        "ratings": rated,
        "follow_ups": bad,
        "seconds": round(time.perf_counter() - t0, 1),
    }


@registry.traffic("services")
def traffic(*, zone, leader) -> list[registry.Visit]:
    """The leader's service requests (``devzone loadtest``)."""
    return [registry.Visit("服务诉求（主任）", "/services/requests/", leader)]


def _file_tables() -> dict[str, str]:
    """The enterprise file's tables by a short name, quoted for this database."""
    from devzone.approvals.models import Application, ApprovalItem
    from devzone.core.models import Department, Profile, Project, Staff
    from devzone.projects.models import KeyProject, Milestone, Problem, SiteVisit
    from devzone.services.models import SupportMeasure, SupportPlan

    qn = connection.ops.quote_name
    return {
        name: qn(model._meta.db_table)
        for name, model in (
            ("project", Project),
            ("key", KeyProject),
            ("milestone", Milestone),
            ("visit", SiteVisit),
            ("problem", Problem),
            ("application", Application),
            ("item", ApprovalItem),
            ("request", ServiceRequest),
            ("rating", Rating),
            ("plan", SupportPlan),
            ("measure", SupportMeasure),
            ("department", Department),
            ("staff", Staff),
            ("profile", Profile),
        )
    }


def _file_sections(t: dict[str, str], z: int, e: int) -> list[tuple[str, list]]:
    """Each section of the enterprise file ``e`` of zone ``z`` as a statement of the shape (section, id, name,
    detail, day, status, n, m) and its parameters."""
    text, day, number = "CAST(NULL AS VARCHAR(200))", "CAST(NULL AS DATE)", "CAST(NULL AS INTEGER)"
    projects = f"SELECT id FROM {t['project']} WHERE zone_id = %s AND enterprise_id = %s"  # noqa: S608
    return [
        (
            f"SELECT 'project', id, name, phase, signed_on, {text}, {number}, {number} FROM {t['project']} "  # noqa: S608
            f"WHERE zone_id = %s AND enterprise_id = %s ORDER BY signed_on DESC, id DESC",
            [z, e],
        ),
        (
            f"SELECT 'key', k.id, k.next_milestone, s.name, k.next_milestone_on, k.status, k.project_id, "  # noqa: S608
            f"{number} FROM {t['key']} k LEFT JOIN {t['staff']} s ON s.id = k.agent_id "
            f"WHERE k.zone_id = %s AND k.project_id IN ({projects}) ORDER BY k.id",
            [z, z, e],
        ),
        (
            f"SELECT 'milestones', project_id, {text}, {text}, {day}, {text}, COUNT(*), COUNT(actual_on) "  # noqa: S608
            f"FROM {t['milestone']} WHERE zone_id = %s AND project_id IN ({projects}) "
            f"GROUP BY project_id ORDER BY project_id",
            [z, z, e],
        ),
        (
            f"SELECT 'visit', v.id, p.name, s.name, v.visited_on, {text}, {number}, {number} "  # noqa: S608
            f"FROM {t['visit']} v JOIN {t['project']} p ON p.id = v.project_id "
            f"LEFT JOIN {t['staff']} s ON s.id = v.agent_id "
            f"WHERE v.zone_id = %s AND p.enterprise_id = %s ORDER BY v.visited_on DESC, v.id DESC LIMIT 20",
            [z, e],
        ),
        (
            f"SELECT 'problem', x.id, x.title, d.name, x.raised_on, x.status, {number}, {number} "  # noqa: S608
            f"FROM {t['problem']} x JOIN {t['project']} p ON p.id = x.project_id "
            f"LEFT JOIN {t['department']} d ON d.id = x.department_id "
            f"WHERE x.zone_id = %s AND p.enterprise_id = %s ORDER BY x.raised_on DESC, x.id DESC LIMIT 30",
            [z, e],
        ),
        (
            f"SELECT 'application', a.id, i.name, p.name, a.concluded_on, a.status, {number}, {number} "  # noqa: S608
            f"FROM {t['application']} a JOIN {t['item']} i ON i.id = a.item_id "
            f"LEFT JOIN {t['project']} p ON p.id = a.project_id WHERE a.zone_id = %s "
            f"AND a.enterprise_id = %s ORDER BY a.submitted_on DESC, a.id DESC LIMIT 30",
            [z, e],
        ),
        (
            f"SELECT 'request', r.id, r.title, d.name, r.submitted_on, r.status, {number}, {number} "  # noqa: S608
            f"FROM {t['request']} r LEFT JOIN {t['department']} d ON d.id = r.department_id "
            f"WHERE r.zone_id = %s AND r.enterprise_id = %s ORDER BY r.submitted_on DESC, r.id DESC LIMIT 30",
            [z, e],
        ),
        (
            f"SELECT 'rating', r.id, r.item, d.name, r.rated_on, CAST(r.level AS VARCHAR(20)), {number}, {number} "  # noqa: S608
            f"FROM {t['rating']} r LEFT JOIN {t['department']} d ON d.id = r.department_id "
            f"WHERE r.zone_id = %s AND r.enterprise_id = %s ORDER BY r.rated_on DESC, r.id DESC LIMIT 30",
            [z, e],
        ),
        (
            f"SELECT 'plan', m.id, m.title, o.display_name, m.due_on, m.status, pl.id, {number} "  # noqa: S608
            f"FROM {t['plan']} pl LEFT JOIN {t['measure']} m ON m.plan_id = pl.id "
            f"LEFT JOIN {t['profile']} o ON o.user_id = m.owner_id "
            f"WHERE pl.zone_id = %s AND pl.enterprise_id = %s ORDER BY m.id",
            [z, e],
        ),
    ]


def enterprise_file_floor(enterprise) -> tuple[str, list]:
    """The floor of the enterprise file (``services.enterprise_file`` for zone staff), written by hand: each
    section's rows with the columns the page shows and the relations it names (agent, project, item,
    department, owner), in the page's order and within its limits; the milestones reached of all counted per
    project; the support plan with its measures. One statement: each section a sub-select, all of them joined
    by UNION ALL into one shape, (section, id, name, detail, day, status, n, m)."""
    sections = _file_sections(_file_tables(), enterprise.zone_id, enterprise.pk)
    # each section keeps its own order and limit inside its sub-select; the outer columns take the first's names
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({statement}) s{i}"  # noqa: S608
        for i, (statement, _) in enumerate(sections)
    )
    return sql, [value for _, params in sections for value in params]


@registry.bench("services", "企业服务: request queue, rating statistics, satisfaction, enterprise file")
def run(*, zone, leader, on: dt.date = REFERENCE_DAY, repeat: int = 20, log=print) -> list[dict]:
    from devzone.services.selectors import department_satisfaction
    from devzone.services.services.ratings import auto_rate_scan

    total = ServiceRequest.objects.filter(zone=zone).count()
    ratings = Rating.objects.filter(zone=zone).count()
    log(f"  诉求 {total:,} 件，评价 {ratings:,} 条（{connection.vendor}）")
    enterprise = Enterprise.objects.filter(zone=zone).order_by("id").first()
    year, quarter = scoring.quarter_of(on)
    pages = [
        ("services home (leader)", "/services/", None),
        ("request list p1", "/services/requests/", floor(ServiceRequest, zone)),
        ("request list p20", "/services/requests/?page=20", floor(ServiceRequest, zone, 20)),
        ("rating list p1", "/services/ratings/", floor(Rating, zone)),
        ("statistics, year", f"/services/statistics/?year={year}", None),
        ("statistics, quarter", f"/services/statistics/?year={year}&quarter={quarter}", None),
        ("statistics export", f"/services/statistics/export.xlsx?year={year}", None),
        ("api ratings p1", "/api/v1/services/ratings?page=1", floor(Rating, zone)),
        ("enterprise file", f"/services/enterprises/{enterprise.pk}/", enterprise_file_floor(enterprise)),
    ]
    client = logged_in(leader)
    out = [time_page(client, label, url, repeat, log=log, width=26, floor=rows) for label, url, rows in pages]
    satisfaction = partial(department_satisfaction, zone=zone, year=year, quarter=quarter)
    out.append(time_call("department_satisfaction", satisfaction, repeat, log=log, width=26))
    t0 = time.perf_counter()
    with transaction.atomic():
        made = auto_rate_scan(on)
        transaction.set_rollback(True)  # measured, not kept
    seconds = time.perf_counter() - t0
    out.append({"name": "auto-rating scan", "seconds": round(seconds, 2), "rated": made})
    log(f"  auto-rating scan: {seconds:6.2f} s  ({made} rated, rolled back)")
    return out
