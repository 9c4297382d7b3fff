"""The demo city: 济南市 with its zones, 济北经济开发区 in full, other zones lighter. Deterministic: the
same seed gives the same rows. Built from ``facts.py``."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from faker import Faker

from devzone.core import audit, registry
from devzone.core import models as m
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, Education, EmploymentType, Rank, Role
from devzone.core.codes import make_credit_code, make_project_code
from devzone.core.demo import facts

DEMO_PASSWORD = "DevZone-2026"
REGION_JIBEI = "370115"  # 济阳区

# (username, role, display name, zone short name or None, extra)
ACCOUNTS = [
    ("leader", Role.ZONE_LEADER, "济北管委会主任", "济北经济开发区"),
    ("depthead", Role.DEPARTMENT_HEAD, "综合服务部部长", "济北经济开发区"),
    ("investor", Role.INVESTMENT_OFFICER, "招商专员（长三角小分队）", "济北经济开发区"),
    ("clerk", Role.WINDOW_CLERK, "审批窗口受理员", "济北经济开发区"),
    ("reviewer", Role.REVIEWER, "审批人员", "济北经济开发区"),
    ("agent", Role.AGENT, "代办专员", "济北经济开发区"),
    ("tally", Role.TALLY_STAFF, "计分人员", "济北经济开发区"),
    ("hr", Role.PERSONNEL_OFFICER, "组织人事部人事专员", "济北经济开发区"),
    ("city", Role.CITY_OFFICER, "市投资促进局工作人员", None),
    ("enterprise", Role.ENTERPRISE_USER, "旺旺食品办事员", None),
    ("candidate", Role.CANDIDATE, "应聘人员", None),
    ("admin", Role.SYSADMIN, "系统管理员", None),
    ("linggang", Role.ZONE_LEADER, "临港管委会主任", "临港经开区"),
]

# name, rank, value coefficient. 主管 is 副科级: each department sends three delegates of that rank or above.
POSTS = [
    ("部长", Rank.SECTION_CHIEF, "1.50"),
    ("副部长", Rank.DEPUTY_SECTION, "1.30"),
    ("主管", Rank.DEPUTY_SECTION, "1.10"),
    ("专员", Rank.STAFF, "1.00"),
]


class DemoBuilder:
    def __init__(self, seed: int = 2019, steps=None):
        self.steps = None if steps is None else set(steps)  # names of the modules' demo steps; None: all
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.org_serial = 10_000_000
        self.project_serial = 10_000
        # Enterprise names are unique in the demo city (Faker repeats itself now and then): a repeated name would
        # make every list ordered by name ambiguous, and PostgreSQL returns ties in whatever order it finds them.
        self.enterprise_names = {e[1] for e in facts.SIGNED_HALF_YEAR} | {e[1] for e in facts.OTHER_NAMED}

    def company(self) -> str:
        name = self.fake.company()
        while name in self.enterprise_names:
            name = self.fake.company()
        self.enterprise_names.add(name)
        return name

    # --- identifiers ---------------------------------------------------------------------------
    def credit_code(self, region: str = REGION_JIBEI) -> str:
        self.org_serial += self.rng.randint(1, 997)
        body = f"MA{self.org_serial % 1_000_000:06d}"  # 8 characters, 统一代码 style (MA…)
        return make_credit_code("91", region, body)

    def project_code(self, signed: dt.date, region: str = REGION_JIBEI) -> str:
        self.project_serial += self.rng.randint(1, 97)
        yymm = f"{signed.year % 100:02d}{signed.month:02d}"
        return make_project_code(yymm, region, "04", "01", f"{self.project_serial:05d}"[-5:])

    # --- build -----------------------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> dict:
        city = m.City.objects.create(**facts.CITY)
        reform = dt.date.fromisoformat(facts.REFORM_DATE)
        zones = {}
        for name, short, level, pilot, operator, company, before, after in facts.ZONES:
            zone = m.Zone.objects.create(
                city=city,
                name=name,
                short_name=short,
                level=level,
                is_pilot=pilot,
                operator=operator,
                operating_company=company,
                established_on=dt.date(2006, 1, 1) if level == "provincial" else dt.date(1991, 3, 1),
            )
            zones[short] = zone
            self.institutions(zone, before, after, reform)
        laiwu = zones["莱芜高新区"]
        for old in facts.LAIWU_MERGED:
            m.Zone.objects.create(
                city=city,
                name=old,
                level="provincial",
                merged_into=laiwu,
                merged_on=dt.date.fromisoformat(facts.LAIWU_MERGED_ON),
            )
        jibei = zones["济北经济开发区"]
        self.jibei(jibei)
        for number, zone in enumerate(zones.values(), start=1):
            if zone is not jibei:
                self.light_zone(zone, number)
        self.accounts(city, zones)
        # 大审批, 大服务, 大招商, 绩效考核 …: each module's own part, from its ``demo.py`` (``core.registry``).
        for step in registry.demo_steps():
            if self.steps is not None and step.name not in self.steps:
                continue
            step.load(city=city, zones=zones, zone=jibei, rng=self.rng)
        audit.record(actor=system_actor(), action=AuditAction.IMPORT, obj=city, note="演示数据已加载")
        return {"city": city, "zones": zones}

    def institutions(self, zone, before: int, after: int, reform: dt.date) -> None:
        """Internal bodies before the reform (abolished on the reform date) and after it."""
        old_names = self.rng.sample(facts.OLD_BODY_NAMES, before)
        m.Department.objects.bulk_create(
            [
                m.Department(
                    zone=zone, name=n, established_on=dt.date(2008, 1, 1), abolished_on=reform, order=90 + i
                )
                for i, n in enumerate(old_names)
            ]
        )
        if zone.short_name == "济北经济开发区":
            specs = facts.JIBEI_DEPARTMENTS
        else:
            pool = [
                "党政办公室",
                "组织人事部",
                "综合服务部",
                "经济发展部",
                "投资促进部",
                "行政审批部",
                "规划建设部",
                "财政金融部",
                "安全环保部",
                "社会事务部",
                "科技创新部",
                "产业发展部",
            ]
            kinds = {"综合服务部": "service", "经济发展部": "service", "投资促进部": "investment"}
            specs = [(n, kinds.get(n, "general"), self.rng.randint(3, 8)) for n in pool[:after]]
        assert len(specs) == after
        m.Department.objects.bulk_create(
            [
                m.Department(zone=zone, name=n, kind=k, headcount_quota=q, established_on=reform, order=i)
                for i, (n, k, q) in enumerate(specs)
            ]
        )

    def staff_member(self, zone, dept, post, no: str, etype: str, rank: str) -> m.Staff:
        gender = self.rng.choice(["male", "female"])
        name = self.fake.name_male() if gender == "male" else self.fake.name_female()
        birth = dt.date(self.rng.randint(1966, 1999), self.rng.randint(1, 12), self.rng.randint(1, 28))
        edu = self.rng.choices(
            [Education.DOCTORATE, Education.MASTER, Education.BACHELOR, Education.COLLEGE],
            weights=[3, 31, 58, 8],
        )[0]
        hired = (
            max(birth.replace(year=birth.year + 22), dt.date(2019, 6, 1))
            if etype != EmploymentType.ESTABLISHMENT
            else birth.replace(year=birth.year + 23)
        )
        return m.Staff(
            zone=zone,
            department=dept,
            post=post,
            employee_no=no,
            name=name,
            gender=gender,
            birth_date=birth,
            education=edu,
            employment_type=etype,
            rank=rank,
            hired_on=hired,
            phone=f"1{self.rng.choice('3589')}{self.rng.randint(100000000, 999999999)}",
        )

    def jibei(self, zone) -> None:
        for name, kind in facts.JIBEI_AREAS:
            m.Area.objects.create(zone=zone, name=name, kind=kind)
        areas = list(m.Area.objects.filter(zone=zone))
        depts = list(m.Department.objects.filter(zone=zone, abolished_on__isnull=True))
        staff, n = [], 0
        for dept in depts:
            posts = [
                m.Post.objects.create(
                    zone=zone,
                    department=dept,
                    name=p,
                    rank=r,
                    value_coefficient=Decimal(c),
                    headcount=1 if p in ("部长", "副部长") else 4,
                )
                for p, r, c in POSTS
            ]
            if dept.name == "投资促进部":
                posts += [
                    m.Post.objects.create(
                        zone=zone,
                        department=dept,
                        name=f"{region}招商小分队队员",
                        rank=Rank.STAFF,
                        value_coefficient=Decimal("1.20"),
                        headcount=3,
                    )
                    for region, _station in facts.INVESTMENT_TEAMS
                ]
            if dept.name == "综合服务部":
                posts.append(
                    m.Post.objects.create(
                        zone=zone,
                        department=dept,
                        name="代办专员",
                        rank=Rank.STAFF,
                        value_coefficient=Decimal("1.15"),
                        headcount=8,
                    )
                )
            size = max(3, dept.headcount_quota - self.rng.randint(0, 2))
            for i in range(size):
                post = posts[i] if i < 3 else self.rng.choice(posts[2:])  # 部长, 副部长, 主管 first
                rank = post.rank
                etype = (
                    EmploymentType.ESTABLISHMENT
                    if i < 2
                    else self.rng.choices(
                        [EmploymentType.ESTABLISHMENT, EmploymentType.CONTRACT, EmploymentType.SPECIAL_HIRE],
                        weights=[40, 50, 10],
                    )[0]
                )
                n += 1
                staff.append(self.staff_member(zone, dept, post, f"JB{n:04d}", etype, rank))
        m.Staff.objects.bulk_create(staff)
        self.enterprises_and_projects(zone, areas)

    def enterprises_and_projects(self, zone, areas) -> None:
        by_area = {a.name: a for a in areas}
        signed_from = dt.date(2026, 1, 5)
        for i, (pname, ename, yi, industry) in enumerate(facts.SIGNED_HALF_YEAR):
            ent = m.Enterprise.objects.create(
                zone=zone,
                name=ename,
                credit_code=self.credit_code(),
                industry_id=industry,
                registered_capital=Decimal(str(max(yi * 1000, 100))),
                address=f"济南市济阳区{self.fake.street_name()}",
                contact_name=self.fake.name(),
                contact_phone=f"0531-8{self.rng.randint(1000000, 9999999)}",
            )
            signed = signed_from + dt.timedelta(days=i * 7 + self.rng.randint(0, 4))
            area = by_area["智造新城"] if pname == "济北智造小镇" else self.rng.choice(areas)
            m.Project.objects.create(
                zone=zone,
                enterprise=ent,
                area=area,
                name=pname,
                industry_id=industry,
                project_code=self.project_code(signed) if i % 5 != 4 else "",
                total_investment=Decimal(str(yi)) * 10000,
                is_key=yi >= 1,
                land_area_mu=Decimal(str(round(max(yi * 12, 15), 1)))
                if industry != "88"
                else Decimal("1400"),
                phase="signed" if i > 10 else self.rng.choice(["approving", "constructing"]),
                signed_on=signed,
            )
        for pname, ename, yi, industry, foreign in facts.OTHER_NAMED:
            ent = m.Enterprise.objects.create(
                zone=zone,
                name=ename,
                credit_code=self.credit_code(),
                industry_id=industry,
                foreign_invested=foreign,
                registered_capital=Decimal(str(yi * 2000)),
                address=f"济南市济阳区{self.fake.street_name()}",
            )
            signed = dt.date(2025, self.rng.randint(3, 10), self.rng.randint(1, 28))
            m.Project.objects.create(
                zone=zone,
                enterprise=ent,
                area=by_area["食品产业园"] if industry in ("13", "14", "15") else areas[0],
                name=pname,
                industry_id=industry,
                project_code=self.project_code(signed),
                total_investment=Decimal(str(yi)) * 10000,
                is_key=True,
                phase="producing" if "金晔" in pname else "constructing",
                signed_on=signed,
            )
        industries = ["13", "14", "26", "29", "33", "34", "35", "38", "39", "59", "65", "72"]
        for _ in range(24):
            m.Enterprise.objects.create(
                zone=zone,
                name=self.company(),
                credit_code=self.credit_code(),
                industry_id=self.rng.choice(industries),
                foreign_invested=self.rng.random() < 0.15,
                registered_capital=Decimal(self.rng.randint(50, 20000)),
                address=f"济南市济阳区{self.fake.street_name()}",
            )

    def light_zone(self, zone, number: int) -> None:
        """``number``: the zone's place in ``facts.ZONES``, not its primary key (sequences are not rolled back:
        the same seed would give other 工号 in another load)."""
        m.Area.objects.create(zone=zone, name=f"{zone.short_name}核心区", kind="district")
        depts = list(m.Department.objects.filter(zone=zone, abolished_on__isnull=True)[:4])
        prefix = "Z" + str(number).zfill(2)
        staff = []
        for i, dept in enumerate(depts):
            post = m.Post.objects.create(
                zone=zone,
                department=dept,
                name="部长",
                rank=Rank.SECTION_CHIEF,
                value_coefficient=Decimal("1.50"),
            )
            for j in range(2):
                staff.append(
                    self.staff_member(
                        zone,
                        dept,
                        post if j == 0 else None,
                        f"{prefix}{i}{j}",
                        EmploymentType.ESTABLISHMENT if j == 0 else EmploymentType.CONTRACT,
                        Rank.SECTION_CHIEF if j == 0 else Rank.STAFF,
                    )
                )
        m.Staff.objects.bulk_create(staff)
        for k in range(4):
            ent = m.Enterprise.objects.create(
                zone=zone, name=self.company(), credit_code=self.credit_code("370100"), industry_id="34"
            )
            signed = dt.date(2026, self.rng.randint(1, 10), self.rng.randint(1, 28))
            m.Project.objects.create(
                zone=zone,
                enterprise=ent,
                name=f"{ent.name[:12]}建设项目",
                industry_id="34",
                total_investment=Decimal(self.rng.randint(2000, 200000)),
                is_key=k == 0,
                signed_on=signed,
                project_code=self.project_code(signed, "370100"),
            )

    def accounts(self, city, zones) -> None:
        User = get_user_model()
        wangwang = m.Enterprise.objects.get(name="山东旺旺食品有限公司")
        service_head = m.Staff.objects.filter(
            zone=zones["济北经济开发区"], department__name="综合服务部", post__name="部长"
        ).first()
        # A zone's staff account belongs to a staff record (人员与账号 asks for its 工号): its holder sees their own
        # grade, appraisal and work. The department a role works in; a leader is no department's member.
        works_in = {
            Role.WINDOW_CLERK: "行政审批部",
            Role.REVIEWER: "行政审批部",
            Role.PERSONNEL_OFFICER: "组织人事部",
            Role.TALLY_STAFF: "组织人事部",
        }
        taken: set[int] = {service_head.pk} if service_head else set()
        for username, role, display, zone_short in ACCOUNTS:
            user = User(username=username, is_staff=role == Role.SYSADMIN, is_superuser=role == Role.SYSADMIN)
            user.set_password(DEMO_PASSWORD)
            user.save()
            profile = m.Profile(user=user, role=role, display_name=display)
            if zone_short:
                profile.zone = zones[zone_short]
            if role in (Role.CITY_OFFICER, Role.SYSADMIN, Role.CANDIDATE):
                profile.city = city
            if role == Role.ENTERPRISE_USER:
                profile.enterprise = wangwang
                profile.zone = wangwang.zone
            if role == Role.DEPARTMENT_HEAD:
                profile.staff = service_head
            if role in works_in and zone_short:
                profile.staff = (
                    m.Staff.objects.filter(
                        zone=profile.zone, department__name=works_in[role], post__name="专员", is_active=True
                    )
                    .exclude(pk__in=taken)
                    .order_by("pk")
                    .first()
                )
                if profile.staff:
                    taken.add(profile.staff.pk)
            profile.full_clean()
            profile.save()


def load(seed: int = 2019, steps=None) -> dict:
    """Build the demo city. ``steps`` names the modules whose part to add (``registry.demo_steps()``), all of
    them when None; ``steps=()`` builds core alone (the city, zones, staff, enterprises, projects, accounts)."""
    return DemoBuilder(seed, steps).build()


def is_loaded() -> bool:
    return m.City.objects.filter(name=facts.CITY["name"]).exists()
