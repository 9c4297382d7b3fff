"""Load and benchmark of 大招商: ``devzone loadgen --leads 200000`` fills a zone with leads across the funnel
(and contracts for the signed ones, on the zone's projects), ``devzone bench --investment`` times the funnel,
the leaderboard, the figures and the lead lists, and the follow-up scan."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.db import connection, transaction

from devzone.core import registry
from devzone.core.bench import bench_account, floor, logged_in, time_job, time_page
from devzone.core.choices import Role
from devzone.core.loadgen import refresh_statistics
from devzone.core.models import Profile, Project, Staff
from devzone.investment import counters
from devzone.investment.choices import STAGE_INDEX, Source, Stage
from devzone.investment.models import Contract, InvestmentTeam, Lead, TeamMember

END = dt.date(2026, 11, 27)
TEAMS = [("长三角", "上海"), ("珠三角", "深圳"), ("海西", "厦门"), ("京津冀", "天津"), ("济南", "高新区")]
STAGE_WEIGHTS = [35, 25, 16, 10, 7, 4, 2, 1]
SOURCES = list(Source.values)
DIVISIONS = ["13", "14", "15", "26", "29", "34", "35", "36", "38", "39", "59", "65", "70", "72"]


def _teams(zone) -> list[InvestmentTeam]:
    teams = []
    for i, (region, station) in enumerate(TEAMS):
        team, _created = InvestmentTeam.objects.get_or_create(
            zone=zone,
            name=f"{region}小分队",
            defaults={"region": region, "station_city": station, "order": i},
        )
        teams.append(team)
    if not TeamMember.objects.filter(team__in=teams).exists():
        staff = list(Staff.objects.filter(zone=zone).order_by("id")[:40])
        if not staff:
            raise RuntimeError("该开发区没有工作人员：请同时使用 --staff 生成")
        for k, person in enumerate(staff):
            TeamMember.objects.get_or_create(
                zone=zone, team=teams[k % len(teams)], staff=person, defaults={"capacity": 500}
            )
    return teams


def _fake_lead(rng: random.Random, *, zone, n: int, teams, members: dict, start: dt.date) -> Lead:
    """One lead somewhere in the funnel, with its stage dates, maybe lost, its fit judged as the services do."""
    from devzone.investment.fit import fits

    stages = Stage.values
    stage = rng.choices(stages, weights=STAGE_WEIGHTS)[0]
    k = STAGE_INDEX[stage]
    created = start + dt.timedelta(days=rng.randrange(700))
    team = teams[rng.randrange(len(teams))]
    owner = rng.choice(members[team.pk]) if members[team.pk] and rng.random() < 0.85 else None
    industry = rng.choice(DIVISIONS)
    lead = Lead(
        zone=zone,
        company_name=f"负载测试企业{n:07d}有限公司",
        industry_id=industry,
        intended_investment=Decimal(rng.choice([500, 2000, 8000, 15000, 60000, 200000])),
        source=rng.choice(SOURCES),
        referrer="推荐人" if rng.random() < 0.1 else "",
        team=team,
        owner_id=owner,
        owner_assigned_on=created if owner else None,
        created_on=created,
        stage=stage,
    )
    day = created
    for s in stages[: k + 1]:
        setattr(lead, f"{s}_on", min(day, END))
        day += dt.timedelta(days=rng.randint(3, 40))
    lead.last_activity_on = getattr(lead, f"{stage}_on")
    if k < STAGE_INDEX[Stage.SIGNED] and rng.random() < 0.15:
        lead.lost_on, lead.lost_reason = min(END, lead.last_activity_on + dt.timedelta(days=10)), "负载测试"
    if lead.source == Source.REFERRAL and not lead.referrer:
        lead.referrer = "推荐人"
    lead.prepare()
    lead.fits = fits(industry, lead.section, ["14", "34", "39"])
    lead.is_active = lead.compute_active()
    return lead


def _fake_contracts(rng: random.Random, *, zone, projects: list, batch: int) -> int:
    """A contract on one of the zone's projects for every signed lead without one."""
    signed = Lead.objects.filter(
        zone=zone, stage__in=[Stage.SIGNED, Stage.LANDED, Stage.KEPT], contracts__isnull=True
    ).values_list("pk", "team_id", "owner_id", "signed_on", "landed_on")
    rows = []
    for pk, team_id, owner_id, signed_on, landed_on in signed:
        project_id, enterprise_id = projects[rng.randrange(len(projects))]
        amount = Decimal(rng.choice([3000, 8000, 12000, 50000, 150000]))
        rows.append(
            Contract(
                zone=zone,
                lead_id=pk,
                enterprise_id=enterprise_id,
                project_id=project_id,
                team_id=team_id,
                owner_id=owner_id,
                project_name=f"负载测试项目{pk}",
                contract_investment=amount,
                signed_on=signed_on,
                groundbreaking_due=signed_on + dt.timedelta(days=90),
                groundbreaking_on=landed_on,
                counts_as_project=True,
                counted_investment=amount,
            )
        )
    Contract.objects.bulk_create(rows, batch_size=batch)
    return len(rows)


@registry.load("leads", "大招商: leads to add (e.g. 200000)")
def loadgen_leads(*, zone, count: int, seed: int = 1, log=print, batch: int = 2000) -> dict:
    """Add ``count`` leads over the two years before END; signed ones get a contract on one of the zone's
    projects (run loadgen with --projects on an empty zone). Bulk insert, then the counters are recounted."""
    rng = random.Random(seed)
    teams = _teams(zone)
    members = {
        t.pk: list(TeamMember.objects.filter(team=t).values_list("staff_id", flat=True)) for t in teams
    }
    projects = list(Project.objects.filter(zone=zone).values_list("pk", "enterprise_id")[:20000])
    zone.leading_industries.set(["14", "34", "39"])
    start = END - dt.timedelta(days=730)
    base = Lead.objects.filter(zone=zone).count()
    t0 = time.perf_counter()
    made = contracts = 0
    while made < count:
        rows = [
            _fake_lead(rng, zone=zone, n=base + made + i, teams=teams, members=members, start=start)
            for i in range(min(batch, count - made))
        ]
        with transaction.atomic():
            Lead.objects.bulk_create(rows, batch_size=batch)
            if projects:
                contracts += _fake_contracts(rng, zone=zone, projects=projects, batch=batch)
        made += len(rows)
        log(f"  线索 {made:,}/{count:,}")
    cells = counters.rebuild(zone.pk)
    refresh_statistics(Lead, Contract, counters.FunnelCell)
    seconds = time.perf_counter() - t0
    return {"leads": made, "contracts": contracts, "funnel_cells": cells, "seconds": round(seconds, 1)}


def _officer(zone):
    """An investment officer of the zone's teams: a member's own account with that role, else the bench's
    account for a member who has none. A member's account of another role (an agent of the key-project load,
    which takes its staff from the same zone) is never used: it may not open the lead list (403)."""
    members = TeamMember.objects.filter(zone=zone).order_by("id")
    officer = (
        Profile.objects.filter(staff__in=members.values("staff"), role=Role.INVESTMENT_OFFICER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if officer is not None:
        return officer.user
    free = members.filter(staff__profile__isnull=True).select_related("staff").first()
    if free is None:
        return None
    return bench_account(
        "bench_investor", Role.INVESTMENT_OFFICER, zone, display_name="bench", staff=free.staff
    )


@registry.traffic("investment")
def traffic(*, zone, leader) -> list[registry.Visit]:
    """An officer's lead list and the leader's funnel (``devzone loadtest``)."""
    visits = [registry.Visit("招商漏斗（主任）", "/investment/funnel/", leader)]
    if officer := _officer(zone):
        visits.append(registry.Visit("线索列表（招商人员）", "/investment/leads/", officer, weight=2))
    return visits


def lead_floor(zone, page: int = 1) -> tuple[str, list]:
    """The floor of the leader's lead list (``views_leads.lead_list``, its default tab 在跟线索): the zone's leads
    followed and not merged into another, by the day of their last activity."""
    where = {"merged_into": None, "is_active": True}
    return floor(Lead, zone, page, where=where, ordering=["last_activity_on", "id"])


@registry.bench("investment", "大招商: the funnel, the leaderboard and the lead lists")
def run(*, zone, leader, repeat: int = 20, log=print) -> list[dict]:
    from devzone.investment.reminders import scan

    total = Lead.objects.filter(zone=zone).count()
    log(f"  线索 {total:,} 条，合同 {Contract.objects.filter(zone=zone).count():,} 份（{connection.vendor}）")
    officer = _officer(zone)
    on = END.isoformat()
    pages = [
        ("funnel (leader)", leader, "/investment/funnel/"),
        ("funnel by industry, 2026", leader, "/investment/funnel/?by=industry&year=2026"),
        ("leaderboard teams, year", leader, f"/investment/leaderboard/?period=year&on={on}"),
        (
            "leaderboard officers, quarter",
            leader,
            f"/investment/leaderboard/?by=officer&period=quarter&on={on}",
        ),
        ("figures, half year", leader, "/investment/figures/?start=2026-01-01&end=2026-06-30"),
        ("lead list p1 (leader)", leader, "/investment/leads/", lead_floor(zone)),
        ("lead list p100 (leader)", leader, "/investment/leads/?page=100", lead_floor(zone, 100)),
        ("api funnel", leader, "/api/v1/investment/funnel"),
        ("api leaderboard", leader, f"/api/v1/investment/leaderboard?on={on}"),
    ]
    if officer is not None:
        pages += [
            ("lead list p1 (officer)", officer, "/investment/leads/"),
            ("funnel (officer)", officer, "/investment/funnel/"),
        ]
    out = [
        time_page(logged_in(user), label, url, repeat, log=log, floor=rows[0] if rows else None)
        for label, user, url, *rows in pages
    ]
    out.append(time_job("follow-up scan", lambda: scan(END), log=log))
    return out
