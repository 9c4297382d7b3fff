"""Load and benchmark of the city's views (``devzone loadgen --city-zones N``, ``devzone bench --oversight``): N
zones added to the bench zone's city, each with signed contracts, concluded approval files (the statistics'
buckets), 好差评 ratings, a plan with its year's tasks and a published assessment, written in bulk; then the
city dashboard, its Excel, a zone's drill-down and the reform bulletin (page, Word, PDF) timed as a city officer,
with their SQL query counts (which must not grow with the number of zones), the bulletin's page against a floor
(``bulletin_floor``)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import connection, transaction

from devzone.core import registry
from devzone.core.bench import REFERENCE_DAY, bench_account, count_queries, logged_in, time_call, time_page
from devzone.core.choices import Role
from devzone.core.loadgen import refresh_statistics
from devzone.core.models import Department, Enterprise, Project, Zone

PREFIX = "驾驶舱压测开发区"


def _zone_rows(rng, zone, n: int, year: int, scheme) -> None:
    """The city's view of one zone: 20 signed contracts, the approval statistics of a year, 30 rated agency
    projects, a plan with its targets and a published assessment (``rng`` drawn in that order)."""
    enterprise = Enterprise.objects.create(zone=zone, name=f"{zone.name}企业", industry_id="34")
    project = _project(zone, enterprise, f"{zone.name}项目", 50000)
    project.save()
    _signed_contracts(rng, zone, n, year, enterprise, project)
    _approval_buckets(rng, zone, year)
    _agency_ratings(rng, zone, year, enterprise)
    _plan_and_assessment(rng, zone, n, year, scheme)


def _project(zone, enterprise, name: str, total_investment: int) -> Project:
    """A project (not saved) signed on the reference day, in industry 34."""
    return Project(
        zone=zone,
        enterprise=enterprise,
        name=name,
        industry_id="34",
        signed_on=REFERENCE_DAY,
        total_investment=Decimal(total_investment),
    )


def _signed_contracts(rng, zone, n: int, year: int, enterprise, project) -> None:
    """A team's 20 leads, signed over the year, each with its contract on ``project``."""
    from devzone.investment.models import Contract, InvestmentTeam, Lead

    team = InvestmentTeam.objects.create(zone=zone, name="小分队", region="长三角", station_city="上海")
    leads, contracts = [], []
    for i in range(20):
        signed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(320))
        lead = Lead(
            zone=zone,
            company_name=f"驾驶舱压测企业{n:03d}{i:02d}有限公司",
            industry_id="34",
            source="door_to_door",
            team=team,
            created_on=signed - dt.timedelta(days=60),
            stage="signed",
            last_activity_on=signed,
        )
        lead.signed_on = signed
        lead.prepare()
        leads.append(lead)
    Lead.objects.bulk_create(leads)
    for lead in leads:
        amount = Decimal(rng.choice([3000, 8000, 12000, 50000, 150000]))
        contracts.append(
            Contract(
                zone=zone,
                lead=lead,
                enterprise=enterprise,
                project=project,
                team=team,
                project_name=lead.company_name,
                contract_investment=amount,
                signed_on=lead.signed_on,
                counts_as_project=True,
                counted_investment=amount,
            )
        )
    Contract.objects.bulk_create(contracts)


def _approval_buckets(rng, zone, year: int) -> None:
    """One approval item whose concluded files fill the statistics' buckets for eleven months."""
    from devzone.approvals.models import ApprovalItem, ElapsedBucket, SourceDepartment

    dept = SourceDepartment.objects.create(zone=zone, name="县住建委")
    item = ApprovalItem.objects.create(
        zone=zone,
        code="BENCH-1",
        name="施工许可",
        source_department=dept,
        legal_limit_days=20,
        promised_limit_days=5,
        result_type="施工许可证",
    )
    ElapsedBucket.objects.bulk_create(
        ElapsedBucket(
            zone=zone,
            item=item,
            month=dt.date(year, m, 1),
            elapsed_workdays=d,
            count=(c := rng.randint(1, 20)),
            on_time=c if d <= 5 else 0,
        )
        for m in range(1, 12)
        for d in (2, 4, 7)
    )


def _agency_ratings(rng, zone, year: int, enterprise) -> None:
    """One agency rating per key project (the 好差评 of 全程代办): 30 projects, rated over the year."""
    from devzone.services.models import Rating

    service = Department.objects.create(zone=zone, name="综合服务部")
    rated = Project.objects.bulk_create(
        _project(zone, enterprise, f"{zone.name}代办项目{i:02d}", 5000) for i in range(30)
    )
    Rating.objects.bulk_create(
        Rating(
            zone=zone,
            kind="agency",
            project=p,
            enterprise=enterprise,
            item="全程代办",
            department=service,
            level=rng.choices((5, 4, 3, 2, 1), weights=(45, 35, 14, 4, 2))[0],
            rated_on=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(320)),
        )
        for p in rated
    )


def _plan_and_assessment(rng, zone, n: int, year: int, scheme) -> None:
    """A plan with the year's five targets, and the zone's published assessment under ``scheme``."""
    from devzone.planning.models import Assessment, IndustryPlan, PlanTarget

    plan = IndustryPlan.objects.create(zone=zone, start_year=year, end_year=year + 2)
    PlanTarget.objects.bulk_create(
        PlanTarget(
            plan=plan, year=year, metric=metric, target=Decimal(100), done=Decimal(rng.randint(0, 120))
        )
        for metric in ("output", "investment", "tax", "firms", "land")
    )
    Assessment.objects.create(
        zone=zone, scheme=scheme, score=Decimal(rng.randint(50, 100)), rank=n + 1, status="published"
    )


@registry.load(
    "city_zones", "领导驾驶舱: zones to add to the bench zone's city, each with its rows (e.g. 200)"
)
def loadgen(*, zone, count: int, seed: int = 1, log=print) -> dict:
    from devzone.planning.models import Scheme

    rng = random.Random(seed)
    year = REFERENCE_DAY.year
    scheme, _created = Scheme.objects.get_or_create(
        city=zone.city,
        year=year,
        category="provincial",
        defaults={"name": "驾驶舱压测考核", "full_pool_fen": 0},
    )
    base = Zone.objects.filter(city=zone.city, name__startswith=PREFIX).count()
    t0 = time.perf_counter()
    for i in range(base, base + count):
        with transaction.atomic():
            z = Zone.objects.create(city=zone.city, name=f"{PREFIX}{i:03d}", short_name=f"压测{i:03d}")
            _zone_rows(rng, z, i, year, scheme)
        if (i - base + 1) % 20 == 0:
            log(f"  开发区 {i - base + 1}/{count}")
    refresh_statistics()
    return {"zones": count, "seconds": round(time.perf_counter() - t0, 1)}


def bulletin_floor(city) -> tuple[str, list]:
    """A floor of the reform bulletin (``selectors.bulletin``), written by hand: its two heaviest reads in one
    statement — the city's fastest land certificate (大服务: the ``land`` milestone's days from signing, the
    fastest project first) and the signed contracts per zone and half-year that 大招商's figures choose from
    (counted contracts, the investment of those and of increases, those of 1 亿 and 10 亿 and more). The other figures (a count
    or two per module) are left out: a lower floor, so a stricter target than the page's whole data would give.
    Rows of the shape (kind, zone or project id, days or year, half, signed, investment, ≥ 1 亿, ≥ 10 亿)."""
    from devzone.investment.choices import ContractKind
    from devzone.investment.models import Contract
    from devzone.investment.selectors import TEN_YI, YI
    from devzone.projects.bulletin import LAND
    from devzone.projects.models import Milestone

    qn = connection.ops.quote_name
    milestone, project = qn(Milestone._meta.db_table), qn(Project._meta.db_table)
    contract, zone = qn(Contract._meta.db_table), qn(Zone._meta.db_table)
    if connection.vendor == "postgresql":
        days = "m.actual_on - p.signed_on"
        year, month = "EXTRACT(YEAR FROM c.signed_on)::int", "EXTRACT(MONTH FROM c.signed_on)"
    else:
        days = "CAST(julianday(m.actual_on) - julianday(p.signed_on) AS INTEGER)"
        year, month = (
            "CAST(strftime('%%Y', c.signed_on) AS INTEGER)",
            "CAST(strftime('%%m', c.signed_on) AS INTEGER)",
        )
    half = f"CASE WHEN {month} <= 6 THEN 1 ELSE 2 END"
    none = "CAST(NULL AS INTEGER)"  # typed: PostgreSQL matches the branches' columns by type
    sql = (
        f"SELECT * FROM (SELECT 'land', m.project_id, {days}, {none}, {none}, CAST(NULL AS NUMERIC), {none}, {none} "  # noqa: S608
        f"FROM {milestone} m JOIN {project} p ON p.id = m.project_id JOIN {zone} z ON z.id = m.zone_id "
        f"WHERE z.city_id = %s AND m.code = %s AND m.actual_on IS NOT NULL AND p.signed_on IS NOT NULL "
        f"AND m.actual_on >= p.signed_on ORDER BY 3, 2 LIMIT 1) fastest "
        f"UNION ALL SELECT 'half', c.zone_id, {year}, {half}, "
        f"SUM(CASE WHEN c.counts_as_project THEN 1 ELSE 0 END), SUM(c.counted_investment), "
        f"SUM(CASE WHEN c.counts_as_project AND c.counted_investment >= %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.counts_as_project AND c.counted_investment >= %s THEN 1 ELSE 0 END) "
        f"FROM {contract} c JOIN {zone} z ON z.id = c.zone_id "
        f"WHERE z.city_id = %s AND (c.counts_as_project OR c.kind = %s) GROUP BY c.zone_id, {year}, {half}"
    )
    # the figures' rules (investment.selectors): counted signings and increases add their investment; a project
    # of 1 亿 / 10 亿 is judged at its counted signing by the counted amount
    return sql, [city.pk, LAND, YI, TEN_YI, city.pk, ContractKind.INCREASE]


@registry.bench(
    "oversight", "领导驾驶舱与改革简报: the city dashboard, its Excel, a drill-down, the bulletin"
)
def run(*, zone, leader, repeat: int = 20, log=print, **_kw) -> list[dict]:
    from django.contrib.auth import get_user_model

    officer = bench_account("bench_city", Role.CITY_OFFICER, None, city=zone.city, display_name="压测市级")
    officer = get_user_model().objects.get(pk=officer.pk)
    zones = Zone.objects.filter(city=zone.city, merged_into__isnull=True).count()
    year = REFERENCE_DAY.year
    log(f"  {zone.city.name}: {zones} 个开发区（{connection.vendor}）")
    client = logged_in(officer)  # past the second factor the city officer's role asks for (core.bench)
    pages = [
        ("city dashboard", f"/oversight/?year={year}"),
        ("city dashboard Excel", f"/oversight/export.xlsx?year={year}"),
        ("zone drill-down", f"/oversight/zones/{zone.pk}/?year={year}"),
        ("reform bulletin", "/oversight/bulletin/"),
        ("reform bulletin Word", "/oversight/bulletin.docx"),
        ("reform bulletin PDF", "/oversight/bulletin.pdf"),
    ]
    floors = {"reform bulletin": bulletin_floor(zone.city)}
    out = []
    for label, url in pages:
        row = time_page(client, label, url, repeat, log=log, width=24, floor=floors.get(label))
        status, queries = count_queries(client, url)
        row.update({"queries": queries, "zones": zones})
        log(f"    {queries} SQL queries")
        out.append(row)
    out.append({**_pdf_drawn_again(client, zone.city, repeat, log), "queries": queries, "zones": zones})
    return out


def _pdf_drawn_again(client, city, repeat: int, log) -> dict:
    """The PDF above is served as drawn while the figures stand (``reports.pdf_bytes``); this row is its first
    download after a figure changed: WeasyPrint draws it again."""
    from django.core.cache import caches

    from devzone.oversight import reports, selectors

    url = "/oversight/bulletin.pdf"

    def drawn_again():
        _context, key = reports.pdf_drawing(
            city=city, sections=selectors.bulletin(city), base_url="http://testserver"
        )
        # the drawing the page keeps is the one forgotten here (the same key), so each call draws it again
        assert caches[reports.PDF_CACHE].delete(key), "the bench forgets a drawing the page did not keep"
        assert client.get(url).status_code == 200

    return time_call("reform bulletin PDF, figures changed", drawn_again, repeat, log=log, width=24, url=url)
