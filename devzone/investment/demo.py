"""The demo of 大招商 (register_demo order 30): 济北's leading industries, the five stationed teams with their
members (the ``investor`` account on the 长三角 team) and targets; a lead and a contract for each of the
half-year's 23 signed projects (already core.Project rows), so that 23 projects / 708 亿元 / 18 over 1 亿 / 7 over
10 亿 are computed live from the contracts; a few hundred more leads across the funnel; visits, stationed days
and fairs. Deterministic: everything random comes from ``rng``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q

from devzone.core import models as m
from devzone.core import registry
from devzone.core.actors import system_actor
from devzone.core.demo import facts
from devzone.investment import counters, reminders
from devzone.investment.choices import STAGE_INDEX, ActivityKind, ContractKind, LogKind, Source, Stage
from devzone.investment.models import (
    Activity,
    Contract,
    InvestmentTeam,
    Lead,
    LeadLog,
    TeamMember,
    TeamTarget,
)
from devzone.investment.services import refit_zone, settings_for

TODAY = dt.date(2026, 11, 27)
LEADING = ["14", "34", "39"]  # 食品制造业、通用设备制造业、计算机通信和其他电子设备制造业
# Half-year projects outside the leading industries that the leaders kept on purpose.
EXCEPTIONS = "市级重点项目，管委会主任办公会同意作为产业例外跟进"
TARGETS = {  # 2026: contract investment (亿元), signed projects, over 1 亿, over 10 亿
    "长三角": (260, 7, 5, 2),
    "珠三角": (180, 6, 4, 2),
    "海西": (90, 4, 3, 1),
    "京津冀": (150, 5, 4, 1),
    "济南": (100, 6, 4, 1),
}
# Which team brought each of the half-year's projects (by index in facts.SIGNED_HALF_YEAR).
HALF_YEAR_TEAMS = [4, 0, 1, 0, 1, 3, 4, 1, 0, 0, 3, 4, 2, 1, 2, 4, 2, 0, 3, 2, 4, 2, 3]
FAIRS = [
    ("中国国际进口博览会（进博会）", "上海", 0, dt.date(2025, 11, 5), 6),
    ("中国国际高新技术成果交易会（高交会）", "深圳", 1, dt.date(2025, 11, 14), 5),
    ("中国国际投资贸易洽谈会（投洽会）", "厦门", 2, dt.date(2026, 9, 8), 4),
    ("中国（天津）国际装备制造业博览会", "天津", 3, dt.date(2026, 5, 20), 3),
    ("山东省重点项目推介会", "济南", 4, dt.date(2026, 3, 18), 1),
    ("长三角食品产业招商推介会", "上海", 0, dt.date(2026, 6, 12), 2),
    ("粤港澳大湾区电子信息产业对接会", "深圳", 1, dt.date(2026, 10, 22), 2),
]
WORDS = [
    "华瑞",
    "鼎盛",
    "恒通",
    "信达",
    "瑞丰",
    "嘉禾",
    "中科",
    "天元",
    "海川",
    "金鼎",
    "宏远",
    "博林",
    "汇智",
    "启明",
    "锦程",
    "众成",
    "永泰",
    "安泰",
    "德润",
    "新元",
    "卓越",
    "创新",
    "远航",
    "同创",
]
TRADES = {
    "13": "农产品",
    "14": "食品",
    "15": "饮品",
    "26": "化工",
    "29": "塑料",
    "30": "建材",
    "33": "金属制品",
    "34": "机械",
    "35": "装备",
    "36": "汽车部件",
    "38": "电气",
    "39": "电子",
    "59": "物流",
    "65": "软件",
    "70": "置业",
    "72": "商务",
    "74": "检测",
    "88": "文旅",
}
INDUSTRY_WEIGHTS = [
    ("14", 14),
    ("34", 12),
    ("39", 12),
    ("13", 6),
    ("15", 4),
    ("35", 6),
    ("36", 5),
    ("38", 5),
    ("26", 3),
    ("29", 3),
    ("30", 2),
    ("33", 3),
    ("59", 4),
    ("65", 4),
    ("70", 3),
    ("72", 3),
    ("74", 2),
    ("88", 2),
]
CITIES = ["上海", "苏州", "深圳", "东莞", "厦门", "泉州", "天津", "北京", "济南", "杭州", "宁波", "广州"]
LOST_REASONS = [
    "选址确定在其他地区",
    "企业投资计划暂缓",
    "用地条件不满足",
    "政策诉求无法满足",
    "企业经营出现困难",
]
SOURCE_WEIGHTS = [
    (Source.DOOR_TO_DOOR, 30),
    (Source.STATIONED, 25),
    (Source.FAIR, 20),
    (Source.REFERRAL, 12),
    (Source.ONLINE, 8),
    (Source.OTHER, 5),
]


def _pick(rng, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def _credit_code(n: int) -> str:
    from devzone.core.codes import make_credit_code

    return make_credit_code("91", "320500", f"MA{n % 1_000_000:06d}")


@transaction.atomic
@registry.demo(30, "investment")
def load(*, city, zones, zone, rng) -> None:
    settings_for(zone.pk)
    zone.leading_industries.set(LEADING)
    teams = _teams(zone, rng)
    leader = m.Profile.objects.filter(zone=zone, role="zone_leader").select_related("user").first()
    leader_user = leader.user if leader else None
    signed = _half_year(zone, teams, rng, leader_user)
    _others(zone, teams, rng)
    pipeline = _pipeline(zone, teams, rng)
    _activities(zone, teams, rng, signed + pipeline)
    _last_followed(zone)
    refit_zone(zone.pk, actor=system_actor())
    Lead.objects.filter(zone=zone, pk__in=[x.pk for x in signed if not x.fits]).update(
        exception_on=dt.date(2026, 1, 4), exception_by=leader_user, exception_reason=EXCEPTIONS
    )
    refit_zone(zone.pk, actor=system_actor())
    counters.rebuild(zone.pk)
    reminders.mark_stale(zone.pk, settings_for(zone.pk), TODAY, None)


def _teams(zone, rng) -> list[InvestmentTeam]:
    dept = m.Department.objects.filter(zone=zone, name="投资促进部", abolished_on__isnull=True).first()
    staff = list(m.Staff.objects.filter(department=dept).order_by("employee_no")) if dept else []
    teams = []
    for i, (region, station) in enumerate(facts.INVESTMENT_TEAMS):
        team = InvestmentTeam.objects.create(
            zone=zone, name=f"{region}小分队", region=region, station_city=station, order=i
        )
        teams.append(team)
        yi, n, over1, over10 = TARGETS[region]
        TeamTarget.objects.create(
            zone=zone,
            team=team,
            year=2026,
            contract_investment=Decimal(yi * 10000),
            signed_projects=n,
            over_1_yi=over1,
            over_10_yi=over10,
        )
    # The department's head and deputy lead the department; the others go to the teams, three each at most.
    for k, person in enumerate(staff[2:]):
        team = teams[k % len(teams)]
        TeamMember.objects.create(zone=zone, team=team, staff=person, is_captain=k < len(teams), capacity=30)
    investor = get_user_model().objects.filter(username="investor").first()
    if investor is not None:
        first = TeamMember.objects.filter(team=teams[0], is_captain=False).select_related("staff").first()
        if first is None:
            first = TeamMember.objects.filter(team=teams[0]).select_related("staff").first()
        if first is not None:
            m.Profile.objects.filter(user=investor).update(staff=first.staff)
    return teams


def _members(team) -> list[m.Staff]:
    return [tm.staff for tm in team.members.select_related("staff").order_by("id")]


def _stage_dates(rng, last: dt.date, upto: str, first_days: int) -> dict:
    """Dates for the stages up to ``upto``, ending at ``last`` and starting about ``first_days`` before."""
    k = STAGE_INDEX[upto]
    start = last - dt.timedelta(days=first_days)
    stages = Stage.values[: k + 1]
    out, day = {}, start
    for i, s in enumerate(stages):
        if i == len(stages) - 1:
            out[s] = last
        else:
            out[s] = day
            remaining = (last - day).days
            step = max(1, remaining // (len(stages) - i)) if remaining > 0 else 0
            day = min(last, day + dt.timedelta(days=rng.randint(max(1, step // 2), max(1, step))))
    return out


def _half_year(zone, teams, rng, leader) -> list[Lead]:
    """The half-year's signed projects of the reports: a signed (or, once building, landed) lead each, its
    contract and its log."""
    leads = []
    names = [p for p, *_rest in facts.SIGNED_HALF_YEAR]
    projects = {
        p.name: p for p in m.Project.objects.filter(zone=zone, name__in=names).select_related("enterprise")
    }
    for i, pname in enumerate(names):
        project = projects.get(pname)
        if project is None:
            continue
        team = teams[HALF_YEAR_TEAMS[i] % len(teams)]
        owners = _members(team)
        owner = owners[i % len(owners)] if owners else None
        lead, dates, groundbreaking = _signed_lead(zone, project, team, owner, rng, met_at_door=i <= 2)
        leads.append(lead)
        _half_year_contract(lead, project, groundbreaking, rng, leader)
        _logs(lead, dates, leader)
        if groundbreaking:
            LeadLog.objects.create(
                zone=zone,
                lead=lead,
                kind=LogKind.STAGE,
                on=groundbreaking,
                from_stage=Stage.SIGNED,
                to_stage=Stage.LANDED,
                text="项目开工，落地",
                actor_label="系统",
            )
    return leads


def _signed_lead(zone, project, team, owner, rng, *, met_at_door: bool):
    """The saved lead of a signed ``project``; landed when the project is being built. Returns the lead, its
    stage dates and the groundbreaking day (None when not landed)."""
    signed_on = project.signed_on
    dates = _stage_dates(rng, signed_on, Stage.SIGNED, rng.randint(90, 240))
    created = dates[Stage.UNAWARE]
    lead = Lead(
        zone=zone,
        enterprise=project.enterprise,
        company_name=project.enterprise.name,
        credit_code=project.enterprise.credit_code,
        industry_id=project.industry_id,
        intended_investment=project.total_investment,
        source=Source.DOOR_TO_DOOR if met_at_door else _pick(rng, SOURCE_WEIGHTS),
        team=team,
        owner=owner,
        owner_assigned_on=created,
        assessed_on=created + dt.timedelta(days=2),
        last_report_on=signed_on,
        created_on=created,
        stage=Stage.SIGNED,
        last_activity_on=signed_on,
    )
    if lead.source == Source.REFERRAL:
        lead.referrer = "在济投资企业负责人"
        lead.referrer_replied_on = created + dt.timedelta(days=3)
    for s, d in dates.items():
        setattr(lead, f"{s}_on", d)
    groundbreaking = None
    if project.phase == "constructing":
        groundbreaking = min(signed_on + dt.timedelta(days=rng.randint(30, 100)), TODAY)
        lead.stage, lead.landed_on, lead.last_activity_on = Stage.LANDED, groundbreaking, groundbreaking
    lead.prepare()
    lead.save()
    return lead, dates, groundbreaking


def _half_year_contract(lead, project, groundbreaking, rng, leader) -> None:
    """The new-project contract of a half-year lead: funds arrive once building has begun."""
    amount = project.total_investment
    Contract.objects.create(
        zone=lead.zone,
        lead=lead,
        enterprise=project.enterprise,
        project=project,
        team=lead.team,
        owner=lead.owner,
        kind=ContractKind.NEW,
        project_name=project.name,
        contract_investment=amount,
        land_mu=project.land_area_mu,
        expected_output=(amount * Decimal("1.6")).quantize(Decimal("1")),
        expected_tax=(amount * Decimal("0.08")).quantize(Decimal("1")),
        signed_on=project.signed_on,
        groundbreaking_due=project.signed_on + dt.timedelta(days=90),
        groundbreaking_on=groundbreaking,
        funds_arrived=(amount * Decimal(rng.choice(["0.2", "0.35", "0.5", "0.7"]))).quantize(Decimal("1"))
        if groundbreaking
        else Decimal(0),
        counts_as_project=True,
        counted_investment=amount,
        signed_by=leader,
    )


def _logs(lead, dates, actor) -> None:
    previous = ""
    rows = []
    for s, d in dates.items():
        rows.append(
            LeadLog(
                zone_id=lead.zone_id,
                lead=lead,
                kind=LogKind.CONTRACT if s == Stage.SIGNED else LogKind.STAGE,
                on=d,
                from_stage=previous,
                to_stage=s,
                text="登记线索" if not previous else ("签约" if s == Stage.SIGNED else ""),
                actor_label="招商专员",
            )
        )
        previous = s
    LeadLog.objects.bulk_create(rows)


def _others(zone, teams, rng) -> None:
    """The reports' earlier projects (凯莱东尼、康师傅、金晔食品 …), signed in 2025 by the 济南 team."""
    team = teams[-1]
    owners = _members(team)
    for pname, ename, _yi, industry, _foreign in facts.OTHER_NAMED:
        project = m.Project.objects.filter(zone=zone, name=pname).select_related("enterprise").first()
        if project is None or project.signed_on is None:
            continue
        producing = project.phase == "producing"
        dates = _stage_dates(rng, project.signed_on, Stage.SIGNED, rng.randint(60, 200))
        lead = Lead(
            zone=zone,
            enterprise=project.enterprise,
            company_name=ename,
            credit_code=project.enterprise.credit_code,
            industry_id=industry,
            intended_investment=project.total_investment,
            source=Source.REFERRAL,
            referrer="济阳区招商引资顾问",
            referrer_replied_on=dates[Stage.UNAWARE] + dt.timedelta(days=2),
            team=team,
            owner=owners[0] if owners else None,
            created_on=dates[Stage.UNAWARE],
            stage=Stage.LANDED,
            last_activity_on=project.signed_on,
        )
        for s, d in dates.items():
            setattr(lead, f"{s}_on", d)
        gb = project.signed_on + dt.timedelta(days=45)
        lead.landed_on = gb
        if producing:
            lead.stage, lead.kept_on = Stage.KEPT, gb + dt.timedelta(days=120)
        lead.last_activity_on = lead.kept_on or gb
        lead.prepare()
        lead.save()
        Contract.objects.create(
            zone=zone,
            lead=lead,
            enterprise=project.enterprise,
            project=project,
            team=team,
            owner=lead.owner,
            project_name=pname,
            contract_investment=project.total_investment,
            signed_on=project.signed_on,
            groundbreaking_due=project.signed_on + dt.timedelta(days=60),
            groundbreaking_on=gb,
            production_on=lead.kept_on,
            funds_arrived=project.total_investment * Decimal("0.6"),
            counts_as_project=True,
            counted_investment=project.total_investment,
        )
        _logs(lead, dates, None)
        # its landing and production, as the timeline of a lead moved on by its contract shows them
        after = [(Stage.SIGNED, Stage.LANDED, gb, "项目开工，落地")]
        if lead.kept_on:
            after.append((Stage.LANDED, Stage.KEPT, lead.kept_on, "项目投产，留住"))
        LeadLog.objects.bulk_create(
            LeadLog(
                zone=zone,
                lead=lead,
                kind=LogKind.STAGE,
                on=on,
                from_stage=a,
                to_stage=b,
                text=text,
                actor_label="系统",
            )
            for a, b, on, text in after
        )


PIPELINE_STAGES = [
    (Stage.UNAWARE, 20),
    (Stage.AWARE, 30),
    (Stage.ATTENTIVE, 22),
    (Stage.INVITED, 14),
    (Stage.NEGOTIATING, 9),
]


def _pipeline(zone, teams, rng, count: int = 320) -> list[Lead]:
    """Leads across the funnel: most still early, some lost, some outside the leading industries."""
    rows, used = [], set(Lead.objects.filter(zone=zone).values_list("name_key", flat=True))
    serial = 40_000
    for _n in range(count):
        industry = _pick(rng, INDUSTRY_WEIGHTS)
        team = teams[rng.randrange(len(teams))]
        name = _pipeline_name(rng, industry, team, used)
        lead, serial = _pipeline_lead(zone, rng, team, industry, name, serial)
        rows.append(lead)
    Lead.objects.bulk_create(rows, batch_size=500)
    made = list(
        Lead.objects.filter(zone=zone, stage__in=[s for s, _w in PIPELINE_STAGES])
        .select_related("owner")
        .order_by("id")
    )
    _pipeline_logs(zone, made)
    return made


def _pipeline_name(rng, industry: str, team, used: set[str]) -> str:
    """A firm name not yet in the pipeline (real firms are not numbered), mostly from the team's city."""
    from devzone.investment.dedupe import name_key

    city = team.station_city if team.station_city != "高新区" else "济南"
    for _try in range(40):
        place = rng.choice(CITIES) if rng.random() < 0.3 else city
        word = rng.choice(WORDS) + (rng.choice(WORDS) if _try >= 10 else "")
        form = rng.choice(["科技", "实业", "集团", "股份", ""])
        name = f"{place}{word}{TRADES[industry]}{form}有限公司"
        if name_key(name) not in used:
            break
    used.add(name_key(name))
    return name


def _pipeline_lead(zone, rng, team, industry: str, name: str, serial: int) -> tuple[Lead, int]:
    """An unsaved lead at a drawn stage of the funnel (sometimes lost), and the next credit code serial."""
    stage = _pick(rng, PIPELINE_STAGES)
    last = TODAY - dt.timedelta(days=rng.randint(0, 75))
    dates = _stage_dates(rng, last, stage, rng.randint(10, 300) if stage != Stage.UNAWARE else 0)
    source = _pick(rng, SOURCE_WEIGHTS)
    owners = _members(team)
    owner = rng.choice(owners) if owners and rng.random() < 0.8 else None
    amount = Decimal(rng.choice([800, 1500, 3000, 5000, 8000, 12000, 20000, 35000, 60000, 150000]))
    serial += rng.randint(1, 50)
    lead = Lead(
        zone=zone,
        company_name=name,
        credit_code=_credit_code(serial) if rng.random() < 0.7 else "",
        industry_id=industry,
        intended_investment=amount,
        source=source,
        referrer="在济投资企业负责人" if source == Source.REFERRAL else "",
        referrer_replied_on=dates[Stage.UNAWARE] + dt.timedelta(days=3)
        if source == Source.REFERRAL and rng.random() < 0.7
        else None,
        contact_name=f"{rng.choice('王李张刘陈杨赵黄周吴')}经理",
        contact_phone=f"13{rng.randint(100000000, 999999999)}",
        is_local=rng.random() < 0.05,
        team=team,
        owner=owner,
        owner_assigned_on=dates[Stage.UNAWARE] if owner else None,
        assessed_on=dates[Stage.UNAWARE] + dt.timedelta(days=rng.randint(1, 6))
        if rng.random() < 0.6
        else None,
        last_report_on=last if rng.random() < 0.5 else None,
        created_on=dates[Stage.UNAWARE] if Stage.UNAWARE in dates else last,
        stage=stage,
        # Most leads were followed up in the last weeks (a visit, a call); some lie idle. A follow-up after
        # the last stage is written into the timeline (``_pipeline_logs``), so the date is one the page shows.
        last_activity_on=TODAY - dt.timedelta(days=int(rng.triangular(0, 90, 6))),
    )
    if lead.last_activity_on < last:
        lead.last_activity_on = last
    for s, d in dates.items():
        setattr(lead, f"{s}_on", d)
    if rng.random() < 0.12:
        lead.lost_on = min(TODAY, last + dt.timedelta(days=rng.randint(5, 40)))
        lead.lost_reason = rng.choice(LOST_REASONS)
    lead.prepare()
    return lead, serial


def _pipeline_logs(zone, made: list[Lead]) -> None:
    """Each pipeline lead's log: a step per stage it passed, and its loss."""
    LeadLog.objects.bulk_create(
        [
            LeadLog(
                zone=zone,
                lead=lead,
                kind=LogKind.STAGE,
                on=getattr(lead, f"{stage}_on"),
                from_stage=Stage.values[i - 1] if i else "",
                to_stage=stage,
                text="登记线索" if i == 0 else "",
                actor_label=lead.owner.name if lead.owner_id else "招商专员",
            )
            for lead in made
            for i, stage in enumerate(Stage.values[: STAGE_INDEX[lead.stage] + 1])
            if getattr(lead, f"{stage}_on")
        ]
        + [
            LeadLog(
                zone=zone,
                lead=lead,
                kind=LogKind.LOST,
                on=lead.lost_on,
                text=lead.lost_reason,
                actor_label="招商专员",
            )
            for lead in made
            if lead.lost_on
        ]
        + [
            LeadLog(
                zone=zone,
                lead=lead,
                kind=LogKind.NOTE,
                on=lead.last_activity_on,
                text=FOLLOW_UPS[lead.pk % len(FOLLOW_UPS)],
                actor_label=lead.owner.name if lead.owner_id else "招商专员",
            )
            for lead in made
            if _followed_after(lead)
        ],
        batch_size=500,
    )


FOLLOW_UPS = [
    "电话沟通，了解企业投资计划进展",
    "微信联系企业负责人，发送园区要素保障资料",
    "与企业投资部门视频会商，对接用地需求",
    "回访企业，跟进项目决策进度",
]


def _followed_after(lead: Lead) -> bool:
    """Whether the lead's drawn follow-up comes after its last stage (and before it was lost): a follow-up
    record of its own, not a stage's date."""
    stages = [d for s in Stage.values if (d := getattr(lead, f"{s}_on"))]
    after = not stages or lead.last_activity_on > max(stages)
    return after and (lead.lost_on is None or lead.last_activity_on <= lead.lost_on)


def _last_followed(zone) -> None:
    """Each lead's 最近跟进 is the date of its newest timeline entry or of the newest activity that met it (not
    a planned one), as the services keep it (``services.common.touch``, ``activity_create``): the date the
    desk and the lead list show is one the lead's page shows."""
    newest = (
        Lead.objects.filter(zone=zone)
        .annotate(
            log=Max("logs__on"),
            met=Max("activities__on", filter=Q(activities__on__lte=TODAY)),
        )
        .only("pk", "last_activity_on")
    )
    changed = []
    for lead in newest:
        on = max((d for d in (lead.log, lead.met) if d is not None), default=None)
        if on is not None and on != lead.last_activity_on:
            lead.last_activity_on = on
            changed.append(lead)
    Lead.objects.bulk_update(changed, ["last_activity_on"], batch_size=500)


def _activities(zone, teams, rng, leads) -> None:
    by_team: dict[int, list[Lead]] = {}
    for lead in leads:
        by_team.setdefault(lead.team_id, []).append(lead)
    for title, place, t, on, days in FAIRS:
        team = teams[t]
        a = Activity.objects.create(
            zone=zone,
            team=team,
            kind=ActivityKind.FAIR,
            title=title,
            on=on,
            end_on=on + dt.timedelta(days=days - 1),
            place=place,
            content="设立济北经济开发区展位，推介主导产业园区。",
        )
        pool = [x for x in by_team.get(team.pk, []) if x.source == Source.FAIR] or by_team.get(team.pk, [])
        a.leads.set(rng.sample(pool, min(len(pool), rng.randint(3, 8))))
    for team in teams:
        pool = by_team.get(team.pk, [])
        day = dt.date(2026, 9, 1)
        while day <= TODAY:
            if day.weekday() < 5 and rng.random() < 0.35:
                if rng.random() < 0.55 and pool:
                    met = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
                    kind, title = ActivityKind.VISIT, f"拜访{met[0].company_name[:12]}"
                    content = "介绍园区产业定位与要素保障，了解企业投资计划。"
                else:
                    met, kind, title = [], ActivityKind.STATIONED, f"{team.station_city}驻点工作日志"
                    content = "走访商协会，收集企业投资意向信息。"
                a = Activity.objects.create(
                    zone=zone,
                    team=team,
                    kind=kind,
                    title=title,
                    on=day,
                    place=team.station_city,
                    content=content,
                )
                a.leads.set(met)
            day += dt.timedelta(days=1)
