"""Demo data of 企业服务 for 济北经济开发区 (register_demo order 20, after the projects module): the routing
table, half a year of requests with replies, ratings (mostly good, a few bad with follow-ups, one appeal
waiting for the leader, some automatic), a closed survey for the third quarter with results for 综合服务部 and
经济发展部, and 一企一策 plans, the first for 山东旺旺食品 (the ``enterprise`` account), from
../shared/data/reform_facts.yaml (协调原材料供应、税收贡献与鲜奶收购扶持；财务共享服务中心落户). Deterministic
(``rng``); everything through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from devzone.approvals.models import Application
from devzone.core import registry
from devzone.core.choices import Role
from devzone.core.models import Department, Enterprise, Profile, Project
from devzone.core.workdays import get_calendar
from devzone.services.models import Rating
from devzone.services.services import followups as follow_svc
from devzone.services.services import plans as plan_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc
from devzone.services.services import surveys as survey_svc
from devzone.services.services.ratings import RATEABLE_APPLICATION

ROUTING = [  # category, department, working days
    ("procedures", "综合服务部", 3),
    ("land", "规划建设部", 5),
    ("utilities", "综合服务部", 5),
    ("finance", "财政金融部", 5),
    ("labour", "经济发展部", 5),
    ("materials", "经济发展部", 5),
    ("policy", "经济发展部", 5),
    ("other", "综合服务部", 5),
]

REQUESTS = [  # category, title, description, answer, level (None: leave unrated), comment
    (
        "utilities",
        "新厂房用电增容",
        "二期厂房投产需由800千伏安增容至2000千伏安，请协调供电公司。",
        "已协调国网济阳供电公司，增容工程已排期，10个工作日内完工。",
        5,
        "协调及时",
    ),
    (
        "materials",
        "鲜奶收购渠道",
        "夏季原奶供应紧张，希望开发区帮助对接周边奶牛养殖合作社。",
        "已组织与济阳区3家养殖合作社对接，签订了保供意向书。",
        5,
        "帮了大忙",
    ),
    (
        "procedures",
        "消防验收预约",
        "主体完工，需办理消防验收，请告知材料清单。",
        "已提供材料清单并代为预约现场检查。",
        4,
        "",
    ),
    (
        "labour",
        "季节性用工",
        "中秋旺季需临时招聘普工200人。",
        "已联合人社部门举办专场招聘会。",
        4,
        "招聘会效果不错",
    ),
    (
        "policy",
        "技改补贴兑现",
        "去年技改项目补贴尚未到位。",
        "补贴已列入本批次拨付计划，预计月底到账。",
        2,
        "拖了半年才答复，流程不透明",
    ),
    (
        "utilities",
        "天然气开口",
        "新建锅炉房需接入天然气管网。",
        "已协调燃气公司完成开口，现场已通气。",
        5,
        "",
    ),
    (
        "land",
        "土地证办理进度",
        "二期用地已摘牌，土地证何时可以办理？",
        "不动产登记已受理，3个工作日内可领证。",
        4,
        "",
    ),
    (
        "finance",
        "流动资金贷款",
        "原材料采购需流动资金3000万元。",
        "已推荐至区财金集团与两家银行对接。",
        3,
        "",
    ),
    (
        "procedures",
        "排污许可延续",
        "排污许可证明年到期，请协助办理延续。",
        "已告知网上申报流程，代办专员全程跟进。",
        1,
        "答复只给了链接，没有人跟进",
    ),
    (
        "other",
        "厂区门前道路照明",
        "厂区门前道路夜间无照明，员工下班不安全。",
        "已报送区住建部门，路灯纳入本年度改造计划。",
        5,
        "",
    ),
    ("labour", "人才公寓申请", "新引进的研发人员需要人才公寓。", "已分配人才公寓6套。", 5, "非常满意"),
    ("materials", "包装材料物流", "包装材料供应商物流受阻。", "已协调物流园区开通绿色通道。", 4, ""),
]

PLANS = {  # enterprise -> (summary, [(measure, department, status, due in days or None)])
    "山东旺旺食品有限公司": (
        "娘家人服务：协调原材料供应，支持鲜奶收购，稳定税收贡献，推动财务共享服务中心落户济北。",
        [
            ("协调原材料（鲜奶、包装材料）供应", "经济发展部", "done", None),
            ("鲜奶收购扶持：对接周边养殖合作社", "经济发展部", "in_progress", 30),
            ("财务共享服务中心落户：选址与手续代办", "综合服务部", "in_progress", 60),
            ("税收贡献稳定：政策兑现一站式办理", "财政金融部", "planned", 90),
        ],
    ),
    "金晔": (
        "24小时力促投产后的持续服务：产能爬坡期的用工、用电保障。",
        [("用电增容保障", "综合服务部", "done", None), ("季节性用工招聘", "经济发展部", "planned", 45)],
    ),
    "顶津": (  # 康师傅饮品项目
        "项目手续全程代办，投产后的物流与用工保障。",
        [
            ("立项、环评、规划许可全程代办", "综合服务部", "done", None),
            ("物流园区绿色通道", "经济发展部", "in_progress", 30),
        ],
    ),
}


def _enterprise_user(enterprise: Enterprise):
    """The enterprise's own user (旺旺 has the ``enterprise`` account; others get an account without a
    usable password, as if they had registered on the portal)."""
    profile = (
        Profile.objects.filter(enterprise=enterprise, role=Role.ENTERPRISE_USER)
        .select_related("user")
        .first()
    )
    if profile is not None:
        return profile.user
    User = get_user_model()
    user = User(username=f"ent{enterprise.credit_code.lower()}")  # not the pk: same seed, same accounts
    user.set_unusable_password()
    user.save()
    Profile.objects.create(
        user=user,
        role=Role.ENTERPRISE_USER,
        enterprise=enterprise,
        zone=enterprise.zone,
        display_name=f"{enterprise.name[:20]}经办人",
    )
    return user


def _workday(cal, day: dt.date) -> dt.date:
    return cal.next_workday(day)


@dataclass
class _Scene:
    """Who and when the demo of one zone works with."""

    zone: object
    cal: object
    today: dt.date
    leader: object
    head: object
    agent: object
    depts: dict
    answerers: dict = field(default_factory=dict)
    wangwang: object = None


def _route(s: _Scene) -> None:
    # 诉求分派 and the settings (综合服务部 and 经济发展部 are the survey's departments by default).
    for category, dept, days in ROUTING:
        if dept in s.depts:
            plan_svc.routing_set(
                actor=s.leader, category=category, department_id=s.depts[dept].pk, deadline_days=days
            )


def _answerers(s: _Scene) -> dict:
    User = get_user_model()
    # Staff who answer for their department: the heads of the other departments (accounts without passwords).
    answerers = {"综合服务部": s.head}
    for name in ("经济发展部", "规划建设部", "财政金融部"):
        staff = s.zone.staff.filter(department__name=name).order_by("post__value_coefficient", "id").last()
        if staff is None:
            continue
        profile = Profile.objects.filter(staff=staff).select_related("user").first()
        if profile is None:
            user = User(username=f"staff{staff.employee_no.lower()}")
            user.set_unusable_password()
            user.save()
            profile = Profile.objects.create(
                user=user, role=Role.DEPARTMENT_HEAD, zone=s.zone, staff=staff, display_name=staff.name
            )
        answerers[name] = profile.user
    return answerers


def _clients(s: _Scene, rng) -> list:
    """旺旺 twice, then ten other enterprises of the zone in a random order."""
    s.wangwang = Enterprise.objects.get(zone=s.zone, name="山东旺旺食品有限公司")
    others = list(Enterprise.objects.filter(zone=s.zone).exclude(pk=s.wangwang.pk).order_by("id"))
    rng.shuffle(others)
    return [s.wangwang, s.wangwang, *others[:10]]


def _half_year_requests(s: _Scene, rng, clients: list) -> None:
    cal, today, leader, head, agent, answerers = s.cal, s.today, s.leader, s.head, s.agent, s.answerers
    # Requests across the half-year, answered by the routed department; the enterprise rates most of them.
    start = dt.date(today.year, 6, 1) if today.month >= 7 else today - dt.timedelta(days=180)
    span = (today - start).days - 10
    for n, (category, title, description, answer, level, comment) in enumerate(REQUESTS):
        enterprise = clients[n % len(clients)]
        actor = _enterprise_user(enterprise)
        on = _workday(cal, start + dt.timedelta(days=int(span * n / len(REQUESTS)) + rng.randint(0, 5)))
        req = request_svc.request_submit(
            actor=actor, category=category, title=title, description=description, on=on
        )
        handler = answerers.get(req.department.name, head)
        req = request_svc.request_accept(
            actor=leader if handler is None else handler,
            request=req,
            assignee_id=agent.pk if req.department.name == "综合服务部" and n % 2 else None,
        )
        if n % 3 == 0:
            req = request_svc.request_reply(
                actor=req.assignee, request=req, body="已收到，正在与相关单位沟通。"
            )
        answered = cal.add_workdays(on, rng.randint(1, 4))
        req = request_svc.request_answer(actor=req.assignee, request=req, body=answer, on=answered)
        if level is not None:
            rating_svc.rate(
                actor=actor,
                kind="request",
                pk=req.pk,
                level=level,
                efficiency=max(1, min(5, level + rng.choice((-1, 0, 0, 1)))),
                attitude=max(1, min(5, level + rng.choice((0, 0, 1)))),
                comment=comment,
                on=min(today, answered + dt.timedelta(days=rng.randint(0, 3))),
            )


def _open_requests(s: _Scene) -> None:
    cal, today, head, agent, answerers = s.cal, s.today, s.head, s.agent, s.answerers
    # Two open requests of 旺旺 for the queue, and one answered yesterday for it to rate.
    ww = _enterprise_user(s.wangwang)
    request_svc.request_submit(
        actor=ww,
        category="policy",
        title="财务共享服务中心落户政策咨询",
        description="拟在济北设立财务共享服务中心，咨询办公用房与人才政策。",
    )
    pending = request_svc.request_submit(
        actor=ww, category="utilities", title="冷库用电专线", description="新建冷库需要双回路供电。"
    )
    request_svc.request_accept(actor=head, request=pending, assignee_id=agent.pk)
    fresh = request_svc.request_submit(
        actor=ww,
        category="labour",
        title="技术工人培训补贴",
        description="新招聘的技术工人岗前培训能否享受补贴？",
        on=today - dt.timedelta(days=10),
    )
    fresh = request_svc.request_accept(actor=answerers.get("经济发展部", head), request=fresh)
    request_svc.request_answer(
        actor=fresh.assignee,
        request=fresh,
        body="可以，按每人1500元标准申报，材料清单见附件说明。",
        on=min(today, cal.next_workday(today - dt.timedelta(days=4))),
    )


def _rate_applications(s: _Scene, rng) -> None:
    today = s.today
    # Approvals: the enterprises rate most concluded applications (旺旺 keeps its newest to rate itself).
    concluded = list(
        Application.objects.filter(zone=s.zone, status__in=RATEABLE_APPLICATION, rating__isnull=True)
        .select_related("enterprise")
        .order_by("concluded_on", "id")
    )
    for n, app in enumerate(concluded[:-1]):
        if n % 9 == 8:
            continue  # left unrated: the 7-day job rates it 基本满意
        level = rng.choice((5, 5, 5, 4, 4, 4, 3)) if n != 2 else 2
        rating_svc.rate(
            actor=_enterprise_user(app.enterprise),
            kind="application",
            pk=app.pk,
            level=level,
            efficiency=level,
            convenience=max(1, level - rng.choice((0, 1))),
            comment="材料一次告知，办得快" if level >= 4 else ("等待时间较长" if level == 2 else ""),
            on=min(today, (app.concluded_on or today) + dt.timedelta(days=rng.randint(0, 3))),
        )


def _rate_agency(s: _Scene, rng) -> None:
    today = s.today
    # The agency service of key projects (when the projects module gave them agents).
    for project in Project.objects.filter(zone=s.zone, is_key=True).order_by("id")[:6]:
        if rating_svc.key_project_agent(project) is None or project.enterprise_id == s.wangwang.pk:
            continue
        rating_svc.rate(
            actor=_enterprise_user(project.enterprise),
            kind="agency",
            pk=project.pk,
            level=rng.choice((5, 5, 4)),
            comment="代办专员全程跟进",
            on=today - dt.timedelta(days=rng.randint(5, 60)),
        )


def _follow_ups(s: _Scene) -> None:
    cal, today, leader = s.cal, s.today, s.leader
    # Follow-ups: the older ones were called back and rated; the newest stays open for the department.
    follow_ups = list(
        Rating.objects.filter(zone=s.zone, level__lte=2).select_related("follow_up").order_by("rated_on")
    )
    for n, rating in enumerate(follow_ups):
        follow = rating.follow_up
        if n == len(follow_ups) - 1:
            break
        callback_on = min(today, cal.add_workdays(follow.opened_on, 3))
        follow = follow_svc.followup_callback(
            actor=follow.handler or leader,
            follow_up=follow,
            rectification="约谈承办人员，明确专人跟进并限时办结；流程节点向企业公开。",
            callback_on=callback_on,
            contact=rating.enterprise.contact_name or "企业联系人",
            note="企业认可整改措施",
        )
        follow_svc.followup_rate(
            actor=_enterprise_user(rating.enterprise),
            follow_up=follow,
            level=4,
            comment="整改到位",
            on=callback_on,
        )


def _appeal(s: _Scene) -> None:
    # One appeal waits for the leader: the 非常不满意 on the discharge-permit renewal.
    appealed = Rating.objects.filter(zone=s.zone, level=1).first()
    if appealed is not None and appealed.served_by_id:
        follow_svc.appeal_file(
            actor=appealed.served_by
            if Profile.objects.filter(user=appealed.served_by, zone=s.zone).exists()
            else s.head,
            rating=appealed,
            reason="已电话告知办理流程并于次日陪同企业网上申报，企业评价时误以为无人跟进，请求核实。",
            on=min(s.today, appealed.rated_on + dt.timedelta(days=2)),
        )


def _third_quarter_survey(s: _Scene, rng) -> None:
    today, leader = s.today, s.leader
    # The third quarter's survey: opened after the quarter, answered, closed.
    year = today.year if today.month > 9 else today.year - 1
    opened_on = dt.date(year, 10, 9)
    if opened_on <= today:
        survey, _told = survey_svc.survey_open(
            actor=leader, year=year, quarter=3, closes_on=dt.date(year, 10, 23), on=opened_on
        )
        for n, link in enumerate(survey.links.order_by("enterprise_id")):
            if n % 5 == 4:
                continue  # not every enterprise answers
            token = survey_svc._new_token(
                link
            )  # as the enterprise's user opens it from the portal (link_take)
            answers = {
                d.pk: {
                    "overall": rng.choice((5, 5, 4, 4, 3)),
                    "efficiency": rng.choice((5, 4, 4, 3)),
                    "attitude": rng.choice((5, 5, 4)),
                }
                for d in survey.departments.all()
            }
            survey_svc.survey_answer(
                token=token,
                answers=answers,
                comment=rng.choice(("", "", "希望审批再提速", "代办专员很负责")),
                on=dt.date(year, 10, 15),
            )
        survey_svc.survey_close(actor=leader, survey=survey, on=dt.date(year, 10, 24))


def _plans(s: _Scene) -> None:
    today, head, depts, answerers = s.today, s.head, s.depts, s.answerers
    # 一企一策.
    for name, (summary, measures) in PLANS.items():
        enterprise = Enterprise.objects.filter(zone=s.zone, name__contains=name).first()
        if enterprise is None:
            continue
        plan = plan_svc.plan_save(actor=head, enterprise=enterprise, summary=summary, owner_id=head.pk)
        for title, dept, status, due in measures:
            measure = plan_svc.measure_add(
                actor=head,
                plan=plan,
                title=title,
                department_id=depts[dept].pk if dept in depts else None,
                owner_id=answerers.get(dept, head).pk,
                due_on=today + dt.timedelta(days=due) if due else None,
            )
            if status != "planned":
                plan_svc.measure_update(actor=head, measure=measure, status=status)


@registry.demo(20, "services")
def load(*, city, zones, zone, rng) -> None:
    User = get_user_model()
    s = _Scene(
        zone=zone,
        cal=get_calendar(),
        today=timezone.localdate(),
        leader=User.objects.get(username="leader"),
        head=User.objects.get(username="depthead"),
        agent=User.objects.get(username="agent"),
        depts={d.name: d for d in Department.objects.filter(zone=zone, abolished_on__isnull=True)},
    )
    _route(s)
    s.answerers = _answerers(s)
    clients = _clients(s, rng)
    _half_year_requests(s, rng, clients)
    _open_requests(s)
    _rate_applications(s, rng)
    _rate_agency(s, rng)
    _follow_ups(s)
    _appeal(s)
    _third_quarter_survey(s, rng)
    _plans(s)
    # What the daily job would have done: services left unrated for 7 days are rated 基本满意.
    rating_svc.auto_rate_scan(s.today)
