"""Load generator of the core rows (``devzone loadgen``): synthetic staff, enterprises and projects.

``loadgen`` writes synthetic rows with ``bulk_create``: it is a load tool, not a user action, so it goes past
the services and leaves no audit trail. The benchmark that reads them is ``core.bench`` (see
docs/benchmark.md)."""

from __future__ import annotations

import datetime as dt
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from devzone.core.bench import BENCH_CITY_NAME, DEFAULT_ZONE_NAME, REFERENCE_DAY
from devzone.core.choices import (
    AreaKind,
    DepartmentKind,
    Education,
    EmploymentType,
    Gender,
    ProjectPhase,
    Rank,
    ZoneLevel,
)
from devzone.core.codes import (
    CREDIT_CHARSET,
    make_credit_code,
    make_project_code,
    parse_project_code,
    validate_credit_code,
)

BATCH = 2000
REGION = "370100"  # 济南市

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国文辉鹏宇浩凯婷欣晨雪琳晶颖倩博然泽"
    "瑞阳帆睿轩嘉怡子思梓一诗雨佳俊志海峰斌玉兰萍红燕鑫丹飞波宁林春"
)
ENT_PREFIX = (
    "泉城 齐鲁 济南 历下 槐荫 章丘 华山 舜耕 鲁信 海右 明湖 千佛 趵突 泰山 黄河 山东 天桥 长清 莱芜 平阴"
).split()
ENT_CORE = (
    "华信 恒通 瑞丰 鼎盛 宏达 金泰 博远 正信 中科 鲁能 汇川 天元 新元 东岳 海纳 昌盛 永信 德润 华宇 力源 "
    "嘉禾 锦程 众诚 安泰 同创 启明 远航 兴业 立信 广联 协力 凯瑞 晟通 九州 万方 优创 宏图 睿达 瀚海 国泰"
).split()
ENT_TRADE = (
    "精密机械 生物医药 新材料 电子科技 软件 智能装备 食品 物流 环保科技 新能源 汽车零部件 化工 建材 "
    "信息技术 医疗器械 光电 数据科技 检测技术 纺织 包装 半导体 重工 电气 农业科技 文化传媒"
).split()
ENT_SUFFIX = ["有限公司", "股份有限公司", "有限责任公司"]
PRODUCTS = (
    "新材料 智能装备 锂电池 光伏组件 生物制药 医疗器械 集成电路 汽车零部件 精密铸件 数据中心 高端食品 "
    "环保设备 工业机器人 新能源汽车 氢能装备 软件服务"
).split()
PROJECT_FORMS = [
    "年产{n}万件{p}项目",
    "{p}生产基地建设项目",
    "{p}技术改造项目",
    "{p}研发中心项目",
    "{p}产业园（{k}期）项目",
    "{p}扩建项目",
]
G, S, INV = DepartmentKind.GENERAL, DepartmentKind.SERVICE, DepartmentKind.INVESTMENT
# fmt: off
DEPARTMENTS = [
    ("党政办公室", G), ("组织人事部", G), ("财政金融部", G), ("经济发展部", G), ("规划建设部", S),
    ("行政审批部", S), ("企业服务部", S), ("安全环保部", S), ("科技创新部", S), ("社会事务部", S),
    ("招商一部", INV), ("招商二部", INV), ("招商三部", INV), ("产业促进部", INV), ("外资外贸部", INV),
    ("审计监督部", G), ("国资运营部", G), ("综合执法部", S), ("项目推进部", S), ("政策研究室", G),
]
POSTS = [
    ("部长", Rank.SECTION_CHIEF, "2.40"), ("副部长", Rank.DEPUTY_SECTION, "2.00"),
    ("主管", Rank.STAFF, "1.60"), ("业务主办", Rank.STAFF, "1.30"), ("专员", Rank.STAFF, "1.10"),
    ("科员", Rank.STAFF, "1.00"), ("助理", Rank.STAFF, "0.80"), ("辅助岗", Rank.STAFF, "0.60"),
]
AREAS = [
    ("东城", AreaKind.CITY), ("西城", AreaKind.CITY), ("高新区", AreaKind.DISTRICT),
    ("综保区", AreaKind.DISTRICT), ("临港区", AreaKind.DISTRICT), ("生物医药园", AreaKind.PARK),
    ("智能制造园", AreaKind.PARK), ("软件园", AreaKind.PARK), ("新材料园", AreaKind.PARK),
]
EDUCATION_WEIGHTS = [
    (Education.DOCTORATE, 3), (Education.MASTER, 25), (Education.BACHELOR, 55), (Education.COLLEGE, 12),
    (Education.SECONDARY, 5),
]
EMPLOYMENT_WEIGHTS = [
    (EmploymentType.ESTABLISHMENT, 30), (EmploymentType.CONTRACT, 62), (EmploymentType.SPECIAL_HIRE, 8),
]
RANK_WEIGHTS = [(Rank.DIVISION, 2), (Rank.SECTION_CHIEF, 8), (Rank.DEPUTY_SECTION, 15), (Rank.STAFF, 75)]
PHASE_WEIGHTS = [
    (ProjectPhase.SIGNED, 25), (ProjectPhase.APPROVING, 20), (ProjectPhase.CONSTRUCTING, 30),
    (ProjectPhase.PRODUCING, 20), (ProjectPhase.SUSPENDED, 5),
]
# fmt: on
LOADGEN_STAFF_PREFIX = "LG"
NO_FIRMS = "该开发区没有企业，无法生成项目：请同时指定 --enterprises"


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def _org_body(index: int, mult: int, shift: int) -> str:
    """The ``index``-th 8-character organization code body: ``MA`` and 6 characters of an affine permutation
    of 0..31**6-1 (a bijection because ``mult`` is not a multiple of the prime 31), so bodies never repeat."""
    space = 31**6
    n = (mult * index + shift) % space
    chars = []
    for _ in range(6):
        n, r = divmod(n, 31)
        chars.append(CREDIT_CHARSET[r])
    return "MA" + "".join(reversed(chars))


@dataclass
class LoadResult:
    zone_id: int
    zone_name: str
    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _bulk(model, rows: list, batch: int) -> int:
    for i in range(0, len(rows), batch):
        with transaction.atomic():
            model.objects.bulk_create(rows[i : i + batch], batch_size=batch)
    return len(rows)


def ensure_zone(zone_name: str | None, city_name: str = BENCH_CITY_NAME):
    """The zone to fill: an existing zone of that name, else a new zone (in the city ``city_name``, made when
    missing) with its departments, posts and areas. Returns (zone, created: dict)."""
    from devzone.core.models import Area, City, Department, Post, Zone

    created = {"city": 0, "zone": 0, "department": 0, "post": 0, "area": 0}
    name = zone_name or DEFAULT_ZONE_NAME
    zone = Zone.objects.filter(name=name).order_by("pk").first()
    if zone is None:
        city = City.objects.filter(name=city_name).first()
        if city is None:
            used = set(City.objects.values_list("code", flat=True))
            code = next(str(c) for c in range(990100, 999999, 100) if str(c) not in used)
            city = City.objects.create(name=city_name, code=code, lead_agency=f"{city_name}商务局")
            created["city"] = 1
        zone = Zone.objects.create(
            city=city,
            name=name,
            short_name=name[:30],
            level=ZoneLevel.PROVINCIAL,
            established_on=dt.date(2006, 3, 1),
        )
        created["zone"] = 1
    depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True))
    if not depts:
        with transaction.atomic():
            depts = Department.objects.bulk_create(
                [
                    Department(
                        zone=zone,
                        name=n,
                        kind=k,
                        headcount_quota=40,
                        order=i + 1,
                        established_on=dt.date(2021, 1, 1),
                    )
                    for i, (n, k) in enumerate(DEPARTMENTS)
                ]
            )
        depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True))
        created["department"] = len(depts)
    if not Post.objects.filter(zone=zone).exists():
        with transaction.atomic():
            Post.objects.bulk_create(
                [
                    Post(zone=zone, department=d, name=n, rank=r, value_coefficient=Decimal(c), headcount=5)
                    for d in depts
                    for n, r, c in POSTS
                ]
            )
        created["post"] = len(depts) * len(POSTS)
    if not Area.objects.filter(zone=zone).exists():
        with transaction.atomic():
            Area.objects.bulk_create(
                [Area(zone=zone, name=n, kind=k, area_km2=Decimal("12.50")) for n, k in AREAS]
            )
        created["area"] = len(AREAS)
    return zone, created


def loadgen(
    *,
    staff: int,
    enterprises: int,
    projects: int,
    zone_name: str | None = None,
    city_name: str = BENCH_CITY_NAME,
    seed: int = 1,
    batch: int = BATCH,
    log=print,
) -> LoadResult:
    """Fill one zone with synthetic, valid rows. The same seed on the same database gives the same rows;
    running it again adds more rows (new numbers and codes, never a duplicate)."""
    from devzone.core.models import Enterprise, Project, Staff

    started = time.perf_counter()
    rng = random.Random(seed)
    divisions = _industry_divisions()
    if projects and not enterprises:
        if not Enterprise.objects.filter(zone__name=zone_name or DEFAULT_ZONE_NAME).exists():
            raise RuntimeError(NO_FIRMS)
    with transaction.atomic():
        zone, created = ensure_zone(zone_name, city_name)
    result = LoadResult(zone_id=zone.pk, zone_name=zone.name, created=created)
    for key, model, label, rows in (
        ("staff", Staff, "工作人员", lambda: _staff_rows(rng, zone, staff)),
        ("enterprise", Enterprise, "企业", lambda: _enterprise_rows(rng, zone, enterprises, divisions)),
        ("project", Project, "项目", lambda: _project_rows(rng, zone, projects, divisions)),
    ):
        made = rows()
        result.created[key] = _bulk(model, made, batch)
        log(f"  {label} {len(made)}")
    result.totals = {
        "staff": Staff.objects.filter(zone=zone).count(),
        "enterprise": Enterprise.objects.filter(zone=zone).count(),
        "project": Project.objects.filter(zone=zone).count(),
    }
    from devzone.core.models import Area, City, Department, Post, Zone

    refresh_statistics(City, Zone, Department, Post, Area, Staff, Enterprise, Project)
    result.seconds = time.perf_counter() - started
    return result


def _industry_divisions() -> list[str]:
    """The codes of the industry divisions (the rows under a section), which every firm and project uses."""
    from devzone.core.models import Industry

    divisions = list(
        Industry.objects.filter(parent__isnull=False).order_by("code").values_list("code", flat=True)
    )
    if not divisions:
        raise RuntimeError("行业表为空：请先运行 devzone migrate")
    return divisions


def _staff_rows(rng: random.Random, zone, count: int) -> list:
    """``count`` new staff of ``zone``, spread over its departments and their posts."""
    from devzone.core.models import Department, Post, Staff

    depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True).order_by("order", "pk"))
    posts_by_dept: dict[int, list[int]] = {}
    for post_id, dept_id in Post.objects.filter(zone=zone).order_by("pk").values_list("pk", "department_id"):
        posts_by_dept.setdefault(dept_id, []).append(post_id)
    numbers = _staff_numbers(set(Staff.objects.filter(zone=zone).values_list("employee_no", flat=True)))
    rows = []
    for _ in range(count):
        no = next(numbers)
        dept = rng.choice(depts)
        birth = _date_between(rng, dt.date(1964, 1, 1), dt.date(2003, 12, 31))
        hired = _date_between(
            rng, max(birth + dt.timedelta(days=22 * 366), dt.date(1990, 1, 1)), REFERENCE_DAY
        )
        posts = posts_by_dept.get(dept.pk)
        rows.append(
            Staff(
                zone=zone,
                department=dept,
                post_id=rng.choice(posts) if posts and rng.random() < 0.9 else None,
                employee_no=no,
                name=_person_name(rng),
                gender=rng.choice(Gender.values),
                birth_date=birth,
                education=_pick(rng, EDUCATION_WEIGHTS),
                employment_type=_pick(rng, EMPLOYMENT_WEIGHTS),
                rank=_pick(rng, RANK_WEIGHTS),
                hired_on=hired,
                phone=_phone(rng),
                is_active=rng.random() < 0.97,
            )
        )
    return rows


def _staff_numbers(taken: set[str]):
    """Employee numbers ``LG0000001``… after the ones the load generator already gave, skipping any taken."""
    seq = sum(1 for no in taken if no.startswith(LOADGEN_STAFF_PREFIX))
    while True:
        seq += 1
        no = f"{LOADGEN_STAFF_PREFIX}{seq:07d}"
        if no not in taken:
            taken.add(no)
            yield no


def _enterprise_rows(rng: random.Random, zone, count: int, divisions: list[str]) -> list:
    """``count`` new enterprises of ``zone``, each with a fresh valid credit code and a name new in the zone."""
    from devzone.core.models import Enterprise

    codes = _credit_codes(rng, zone)
    used_names = set(Enterprise.objects.filter(zone=zone).values_list("name", flat=True))
    rows = []
    for _ in range(count):
        code = next(codes)
        name = _enterprise_name(rng, used_names)
        rows.append(
            Enterprise(
                zone=zone,
                name=name,
                credit_code=code,
                industry_id=rng.choice(divisions),
                foreign_invested=rng.random() < 0.08,
                registered_capital=Decimal(rng.randrange(10_000, 5_000_000)) / 100,
                address=f"{zone.name}{rng.choice(AREAS)[0]}{rng.randrange(1, 999)}号",
                contact_name=_person_name(rng),
                contact_phone=_phone(rng),
            )
        )
    return rows


def _credit_codes(rng: random.Random, zone):
    """Valid unified social credit codes no enterprise has yet, from an affine walk over the code bodies."""
    from devzone.core.models import Enterprise

    existing_codes = set(Enterprise.objects.values_list("credit_code", flat=True))
    mult, shift = rng.randrange(1, 31**6), rng.randrange(31**6)
    while mult % 31 == 0:
        mult = rng.randrange(1, 31**6)
    index = Enterprise.objects.filter(zone=zone).count()

    def fresh():  # the walk is drawn above, before the first code is asked for (the random sequence)
        nonlocal index
        while True:
            code = make_credit_code("91", REGION, _org_body(index, mult, shift))
            index += 1
            if code in existing_codes:
                continue
            validate_credit_code(code)
            existing_codes.add(code)
            yield code

    return fresh()


def _enterprise_name(rng: random.Random, used_names: set[str]) -> str:
    name = rng.choice(ENT_PREFIX) + rng.choice(ENT_CORE) + rng.choice(ENT_TRADE) + rng.choice(ENT_SUFFIX)
    if name in used_names:
        name = (
            rng.choice(ENT_PREFIX)
            + rng.choice(ENT_CORE)
            + rng.choice(ENT_CORE)
            + rng.choice(ENT_TRADE)
            + rng.choice(ENT_SUFFIX)
        )
    while name in used_names:
        name = name.replace("公司", f"{rng.choice(ENT_CORE)}分公司", 1)
    used_names.add(name)
    return name


def _project_rows(rng: random.Random, zone, count: int, divisions: list[str]) -> list:
    """``count`` new projects of the zone's enterprises; most signed ones carry a project code."""
    from devzone.core.models import Area, Enterprise, Project

    firms = list(Enterprise.objects.filter(zone=zone).order_by("pk").values_list("pk", "industry_id", "name"))
    if count and not firms:
        raise RuntimeError(NO_FIRMS)
    areas = list(Area.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))
    codes = _ProjectCodes()
    rows = []
    for _ in range(count):
        firm_id, firm_industry, firm_name = rng.choice(firms)
        signed = _date_between(rng, dt.date(2016, 1, 1), REFERENCE_DAY) if rng.random() < 0.95 else None
        industry = firm_industry if rng.random() < 0.7 else rng.choice(divisions)
        code = codes.next(rng, signed, industry) if signed is not None and rng.random() < 0.9 else ""
        product = rng.choice(PRODUCTS)
        form = rng.choice(PROJECT_FORMS)
        rows.append(
            Project(
                zone=zone,
                enterprise_id=firm_id,
                area_id=rng.choice(areas) if areas and rng.random() < 0.8 else None,
                name=form.format(n=rng.randrange(1, 500), p=product, k="一二三"[rng.randrange(3)]),
                industry_id=industry,
                project_code=code,
                total_investment=Decimal(rng.randrange(10_000, 50_000_000)) / 100,
                land_area_mu=Decimal(rng.randrange(500, 100_000)) / 100 if rng.random() < 0.7 else None,
                is_key=rng.random() < 0.1,
                phase=_pick(rng, PHASE_WEIGHTS),
                signed_on=signed,
                description=f"{firm_name}投资建设的{product}项目（压力测试数据）",
            )
        )
    return rows


class _ProjectCodes:
    """Project codes no project has yet, numbered per month of signing: the current format from November 2020,
    the legacy one (no check digit) before."""

    def __init__(self):
        from devzone.core.models import Project

        self.used = set(Project.objects.exclude(project_code="").values_list("project_code", flat=True))
        self.serials: dict[str, int] = {}

    def next(self, rng: random.Random, signed: dt.date, industry: str) -> str:
        tt = rng.choice(("01", "02", "03"))
        division = industry[:2].rjust(2, "0")
        if signed.year < 2017 and division == "97":  # 国际组织: division 96 of GB/T 4754-2011, 97 from 2017
            division = "96"
        while True:
            key = f"{signed:%Y%m}"
            self.serials[key] = self.serials.get(key, 0) + 1
            n = self.serials[key]
            if (signed.year, signed.month) >= (2020, 11):
                code = make_project_code(f"{signed:%y%m}", REGION, division, tt, f"{n % 100000:05d}")
            else:
                code = f"{signed.year}-{REGION}-{division}-{tt}-{n % 1000000:06d}"
            if code not in self.used:
                break
        parse_project_code(code)
        self.used.add(code)
        return code


_STATISTICS_DEFERRED = [False]


@contextmanager
def statistics_deferred():
    """Inside: ``refresh_statistics`` does nothing (a province's load refreshes once, at its end)."""
    _STATISTICS_DEFERRED[0] = True
    try:
        yield
    finally:
        _STATISTICS_DEFERRED[0] = False


def refresh_statistics(*models) -> None:
    """Fresh planner statistics after a bulk load, which leaves the planner blind (docs/benchmark.md): on
    PostgreSQL ``VACUUM ANALYZE`` of the models' tables (of every table when none is named: it also sets the
    visibility map that lets a count use an index-only scan, what autovacuum does a little later, and never for a
    table of 20 rows); ``ANALYZE`` on SQLite."""
    if _STATISTICS_DEFERRED[0] or connection.in_atomic_block:
        return
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for table in [m._meta.db_table for m in models] or [None]:
                cur.execute(f'VACUUM ANALYZE "{table}"' if table else "VACUUM ANALYZE")
        elif connection.vendor == "sqlite":
            cur.execute("ANALYZE")


# --- a province (issue 17): 200 zones in 16 cities ---------------------------------------------------------------
PROVINCE_ZONES = 200
PROVINCE_CITIES = 16
PROVINCE_PREFIX = "省级压测开发区"
# the rows of a province at scale 1, and the least every zone gets (a zone's projects need its enterprises)
PROVINCE_ROWS = {"staff": 60_000, "enterprises": 20_000, "projects": 50_000}
PROVINCE_STEPS = {"applications": 1_000_000, "leads": 200_000, "service_requests": 100_000}
PROVINCE_FLOOR = {"staff": 5, "enterprises": 2, "projects": 2}


@dataclass(frozen=True)
class ZonePlan:
    index: int
    name: str
    city: str
    rows: dict[str, int]  # staff, enterprises, projects and each module step's count


def apportion(total: int, weights: list[float], floor: int = 0) -> list[int]:
    """``total`` shared in proportion to ``weights``, each at least ``floor``, in whole units that add up to
    ``max(total, floor × len(weights))``: the floors first, the rest by the largest remainders (ties to the
    earlier weight)."""
    rest = max(0, total - floor * len(weights))
    whole = sum(weights)
    exact = [rest * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: rest - sum(counts)]:
        counts[i] += 1
    return [floor + c for c in counts]


def province_plan(*, seed: int = 1, scale: float = 1.0, zones: int = PROVINCE_ZONES) -> list[ZonePlan]:
    """Each zone's share of a province's rows. Zone sizes are drawn from a log-normal law (a few national
    zones hold much of the work, most zones little): the same ``seed`` gives the same plan."""
    rng = random.Random(seed)
    weights = sorted((rng.lognormvariate(0, 0.9) for _ in range(zones)), reverse=True)
    shares = {
        key: apportion(round(total * scale), weights, PROVINCE_FLOOR.get(key, 0))
        for key, total in {**PROVINCE_ROWS, **PROVINCE_STEPS}.items()
    }
    return [
        ZonePlan(
            index=i,
            name=f"{PROVINCE_PREFIX}{i + 1:03d}",
            city=f"{BENCH_CITY_NAME}{i % PROVINCE_CITIES + 1:02d}",
            rows={key: counts[i] for key, counts in shares.items()},
        )
        for i in range(zones)
    ]


def load_province(
    *, seed: int = 1, scale: float = 1.0, zones: int = PROVINCE_ZONES, batch: int = BATCH, log=print
):
    """Every zone of ``province_plan`` filled by the core loadgen and the modules' load steps (applications,
    leads, service requests), each zone with a seed of its own; the planner statistics refreshed once at the end.
    Returns the totals per kind of row and the seconds."""
    from devzone.core import registry
    from devzone.core.models import Zone

    steps = {ext.option: ext for ext in registry.load_steps() if ext.option in PROVINCE_STEPS}
    totals: dict[str, int] = {}
    started = time.perf_counter()
    with statistics_deferred():
        for plan in province_plan(seed=seed, scale=scale, zones=zones):
            zone_seed = seed * 1000 + plan.index
            result = loadgen(
                staff=plan.rows["staff"],
                enterprises=plan.rows["enterprises"],
                projects=plan.rows["projects"],
                zone_name=plan.name,
                city_name=plan.city,
                seed=zone_seed,
                batch=batch,
                log=lambda _line: None,
            )
            zone = Zone.objects.get(pk=result.zone_id)
            for option, ext in steps.items():
                if plan.rows[option]:
                    ext.load(zone=zone, count=plan.rows[option], seed=zone_seed, log=lambda _line: None)
            for key, count in plan.rows.items():
                totals[key] = totals.get(key, 0) + count
            log(
                f"  {plan.name}（{plan.city}）: "
                + ", ".join(f"{k} {v:,}" for k, v in plan.rows.items())
                + f"（{time.perf_counter() - started:.0f} s）"
            )
    log("  规划器统计：刷新全部表")
    refresh_statistics()
    return {"zones": zones, **totals, "seconds": round(time.perf_counter() - started, 1)}
