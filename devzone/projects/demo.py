"""Demo data of the key-project module (济北经济开发区), built through the services from reform_facts.yaml:
the half-year's big signed projects and the named ones (凯莱东尼, 康师傅, 金晔食品, 旺旺) become key projects with
timetables and realistic progress (济北智造小镇: land certificate in 3 days, ground broken on day 57; 金晔食品 in
production), agents of 综合服务部 (the ``agent`` account among them), site visits every ~10 working days, more than
a hundred problems solved in half a year (20 projects' 1,400 mu of land inventoried in 16 days among them), and
the last weeks' issued dispatches. Deterministic for a given day (``rng``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from devzone.core import registry
from devzone.core.models import Department, Profile, Project, Staff
from devzone.core.workdays import get_calendar
from devzone.projects import services as svc
from devzone.projects.choices import ProblemCategory, ProjectType
from devzone.projects.models import Milestone, Problem

PROBLEMS = {
    ProblemCategory.PROCEDURES: [
        "施工许可材料需补充",
        "立项备案信息变更",
        "消防设计审查排期",
        "规划方案需调整",
    ],
    ProblemCategory.POWER: ["施工临时用电未接入", "10千伏专线报装", "变压器增容"],
    ProblemCategory.GAS: ["天然气管道接入", "用气指标协调"],
    ProblemCategory.WATER: ["施工用水接入", "污水管网接驳"],
    ProblemCategory.LAND: ["地上附着物清点", "土地组卷报批", "临时用地审批"],
    ProblemCategory.FINANCE: ["项目贷款对接", "设备融资租赁"],
    ProblemCategory.LABOUR: ["技术工人招聘", "员工公寓协调"],
    ProblemCategory.RAW_MATERIALS: ["鲜奶收购渠道", "原材料运输受阻"],
    ProblemCategory.POLICY: ["招商政策兑现", "研发费用加计扣除辅导"],
    ProblemCategory.OTHER: ["进场道路硬化", "周边群众协调"],
}
OWNER_DEPT = {
    ProblemCategory.PROCEDURES: "行政审批部",
    ProblemCategory.POWER: "经济发展部",
    ProblemCategory.GAS: "经济发展部",
    ProblemCategory.WATER: "规划建设部",
    ProblemCategory.LAND: "规划建设部",
    ProblemCategory.FINANCE: "财政金融部",
    ProblemCategory.LABOUR: "组织人事部",
    ProblemCategory.RAW_MATERIALS: "经济发展部",
    ProblemCategory.POLICY: "综合服务部",
    ProblemCategory.OTHER: "综合服务部",
}


@registry.demo(10, "projects")
def load(*, city, zones, zone, rng) -> None:
    today = timezone.localdate()
    cal = get_calendar()
    User = get_user_model()
    leader = User.objects.get(username="leader")
    agent_user = User.objects.get(username="agent")
    service = Department.objects.get(zone=zone, name="综合服务部", abolished_on__isnull=True)
    agents = list(
        Staff.objects.filter(zone=zone, department=service, post__name="代办专员").order_by("employee_no")
    )
    agents = agents or list(Staff.objects.filter(zone=zone, department=service).order_by("employee_no"))[2:]
    agents = agents[:5]
    # The agent account is the first 代办专员 (its staff record makes visits and problems its own).
    profile = Profile.objects.get(user=agent_user)
    if profile.staff_id is None:
        profile.staff = agents[0]
        profile.save(update_fields=["staff"])

    projects = list(
        Project.objects.filter(zone=zone, is_key=True, signed_on__isnull=False).order_by("signed_on", "name")
    )
    trackings = []
    for i, project in enumerate(projects):
        kind = (
            ProjectType.SERVICE
            if project.industry_id in ("72", "88", "59", "65", "74")
            else ProjectType.INDUSTRIAL
        )
        t = svc.handover_to_build(
            actor=leader,
            project=project,
            agent=agents[i % len(agents)],
            project_type=kind,
            on=project.signed_on,
        )
        trackings.append(t)
        _progress(project, leader, rng, today, cal)
        _investment(project, leader, rng, today)
    _visits(trackings, agent_user, leader, rng, today, cal)
    _problems(zone, projects, leader, rng, today, cal)
    _history_and_dispatches(zone, today)
    # One project was red at the daily check ten days ago and has caught up since: yellow for a month.
    from devzone.projects.models import KeyProject

    KeyProject.objects.filter(project__name="新能源汽车零部件项目", zone=zone).update(
        last_red_on=today - dt.timedelta(days=10), status="red", turned_red_on=today - dt.timedelta(days=40)
    )
    svc.refresh_statuses(on=today)
    if Problem.objects.filter(zone=zone).count() < 100:  # pragma: no cover - a guard on the facts
        raise AssertionError("the demo must hold more than a hundred problems")


def _progress(project: Project, actor, rng, today, cal) -> None:
    """Reach the milestones whose planned date has passed, most on time, some late, a few lagging projects stuck
    before groundbreaking."""
    stuck = rng.random() < 0.2 and "智造小镇" not in project.name and "金晔" not in project.name
    for ms in Milestone.objects.filter(project=project).exclude(code="signing").order_by("order"):
        day = None
        if "智造小镇" in project.name and ms.code == "land":
            day = project.signed_on + dt.timedelta(days=3)  # 3天拿到土地证
        elif "智造小镇" in project.name and ms.code == "groundbreaking":
            day = project.signed_on + dt.timedelta(days=57)  # 57天实现破土动工
        elif "金晔" in project.name and ms.code in ("production",):
            day = min(today, ms.planned_on)
        elif ms.planned_on <= today:
            if stuck and ms.order >= 5:
                break
            day = ms.planned_on + dt.timedelta(days=rng.choice([-5, -2, 0, 0, 1, 3, 8, 15]))
        if day is None:
            if "金晔" in project.name and ms.code in ("statistics", "structure_done", "acceptance"):
                day = min(today, ms.planned_on)
            else:
                continue
        day = max(project.signed_on, min(day, today))
        note = "代办专员全程帮办" if ms.approval_item_code else ""
        if "金晔" in project.name and ms.code == "production":
            note = "24小时力促投产：协调电力、原料与证照"
        svc.milestone_record(actor=actor, milestone=ms, actual_on=day, notes=note, on=today)


def _investment(project: Project, actor, rng, today) -> None:
    year = today.year
    planned = (project.total_investment * Decimal(str(rng.choice([0.15, 0.2, 0.25, 0.3])))).quantize(
        Decimal("1")
    )
    first = project.signed_on.month if project.signed_on.year == year else 1
    pace = rng.choice([0.6, 0.8, 0.85, 1.0, 1.0, 1.05, 1.1])
    if not Milestone.objects.filter(project=project, code="groundbreaking", actual_on__isnull=False).exists():
        pace = rng.choice([0.1, 0.15, 0.2])  # not broken ground: land and design fees only
    months = list(range(first, today.month))
    # Together the months complete what 序时进度 expects, at the project's own pace.
    expected = planned * Decimal(today.month - 1) / 12
    for month in months:
        share = Decimal(str(pace * rng.uniform(0.85, 1.15))) / len(months)
        svc.investment_month_record(
            actor=actor,
            project=project,
            year=year,
            month=month,
            completed_wan=(expected * share).quantize(Decimal("0.01")),
            on=today,
        )
    svc.investment_plan_set(actor=actor, project=project, year=year, planned_wan=planned, on=today)


def _visits(trackings, agent_user, leader, rng, today, cal) -> None:
    building = [
        "施工现场有序推进，企业反映手续办理顺畅。",
        "主体结构施工中，现场人员约{n}人。",
        "设备进场调试，企业希望尽快接通正式用电。",
        "与企业负责人沟通年度投资计划，进度符合预期。",
    ]
    waiting = [
        "场地平整完成，等待施工许可。",
        "施工图审查意见已反馈，企业正在修改。",
        "与企业负责人沟通开工准备，督促尽快补齐施工许可材料。",
    ]
    for t in trackings:
        started = (
            Milestone.objects.filter(project=t.project, code="groundbreaking")
            .values_list("actual_on", flat=True)
            .first()
        )
        start = max(t.handed_over_on, today - dt.timedelta(days=180))
        day = cal.add_workdays(start, rng.randint(3, 8))
        gap = 10 if rng.random() < 0.8 else 25  # a few projects are visited too rarely
        while day <= today - dt.timedelta(days=rng.randint(0, 10)):
            actor = agent_user if t.agent_id == agent_user.profile.staff_id else leader
            svc.visit_record(
                actor=actor,
                project=t.project,
                visited_on=day,
                people_met=rng.choice(["项目经理", "企业负责人", "施工单位负责人", "财务负责人"]),
                findings=rng.choice(building if started and day >= started else waiting).format(
                    n=rng.randint(30, 300)
                ),
                on=today,
            )
            day = cal.add_workdays(day, gap + rng.randint(-2, 2))


def _problems(zone, projects, leader, rng, today, cal) -> None:
    depts = {d.name: d for d in Department.objects.filter(zone=zone, abolished_on__isnull=True)}
    staff_by_dept: dict[int, list[Staff]] = {}
    for s in Staff.objects.filter(zone=zone, is_active=True).order_by("employee_no"):
        staff_by_dept.setdefault(s.department_id, []).append(s)
    half_year = today - dt.timedelta(days=182)
    # 16天完成20个项目1400余亩土地清点
    land = depts["规划建设部"]
    raised = cal.next_workday(half_year + dt.timedelta(days=14))
    p = svc.problem_raise(
        actor=leader,
        project=projects[0],
        category=ProblemCategory.LAND,
        title="20个项目1400余亩土地清点",
        description="集中清点20个签约项目用地的地上附着物和权属，为供地做准备。",
        department=land,
        owner=staff_by_dept[land.pk][0],
        deadline_workdays=12,
        on=raised,
    )
    svc.problem_resolve(
        actor=leader,
        problem=p,
        resolution="16天完成20个项目1400余亩土地清点。",
        on=raised + dt.timedelta(days=16),
    )
    categories = list(PROBLEMS)
    weights = [30, 18, 8, 8, 14, 6, 5, 5, 4, 2]
    for _n in range(140):
        category = rng.choices(categories, weights=weights)[0]
        dept = depts[OWNER_DEPT[category]]
        on = half_year + dt.timedelta(days=rng.randint(0, 175))
        on = cal.next_workday(on)
        if on > today:
            continue
        project = rng.choice(projects)
        if project.signed_on > on:
            continue
        problem = svc.problem_raise(
            actor=leader,
            project=project,
            category=category,
            title=rng.choice(PROBLEMS[category]),
            department=dept,
            owner=rng.choice(staff_by_dept[dept.pk]),
            deadline_workdays=rng.choice([3, 5, 5, 10, 10, 15]),
            on=on,
        )
        if rng.random() < 0.3:
            svc.problem_note_add(
                actor=leader, problem=problem, text="已与企业和相关单位对接，正在协调。", on=on
            )
        age = (today - on).days
        if age > 5 and rng.random() < 0.9:
            done = min(today, on + dt.timedelta(days=rng.randint(1, 20)))
            svc.problem_resolve(actor=leader, problem=problem, resolution="已协调解决，企业确认。", on=done)


def _history_and_dispatches(zone, today) -> None:
    """The daily status job run back over the last two months (weekly, so projects turned red on the day they
    did, not all today), and the Monday meetings' dispatches issued by the job at 19:00 on the last three
    Mondays and this week's when its hour has passed."""
    from devzone.core.actors import system_actor
    from devzone.projects.models import KeyProject
    from devzone.projects.services.dispatching import issue, scheduled_at, week_of

    # Forget the colours the data entry above passed through (all computed "today"): history starts clean.
    KeyProject.objects.filter(zone=zone).update(
        status="green", status_since=None, last_red_on=None, turned_red_on=None
    )
    monday, _end = week_of(today)
    for weeks in range(8, -1, -1):
        day = monday - dt.timedelta(weeks=weeks)
        if day > today:
            continue
        svc.refresh_statuses(on=day, zone_id=zone.pk)
        at = scheduled_at(zone.pk, day)
        if weeks <= 3 and at <= timezone.now():
            issue(zone=zone, on=day, actor=system_actor(), automatic=True, now=at)
