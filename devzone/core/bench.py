"""Load generator and benchmark of the core pages (``devzone loadgen``, ``devzone bench``).

``loadgen`` writes synthetic rows with ``bulk_create``: it is a load tool, not a user action, so it goes past
the services and leaves no audit trail. ``bench`` measures the server time of the core list pages, the core
list API and the home dashboard through ``django.test.Client`` as a logged-in zone leader. Figures come from
here, never from timed unit tests (see docs/benchmark.md)."""

from __future__ import annotations

import datetime as dt
import math
import platform
import random
import statistics
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from devzone.core.choices import (
    AreaKind,
    DepartmentKind,
    Education,
    EmploymentType,
    Gender,
    ProjectPhase,
    Rank,
    Role,
    ZoneLevel,
)
from devzone.core.codes import (
    CREDIT_CHARSET,
    make_credit_code,
    make_project_code,
    parse_project_code,
    validate_credit_code,
)

DEFAULT_ZONE_NAME = "压力测试开发区"
BENCH_CITY_NAME = "压力测试市"
BENCH_USERNAME = "bench_leader"
BATCH = 2000
# Every date is drawn relative to this day, not to "today", so a seed always gives the same rows.
REFERENCE_DAY = dt.date(2026, 11, 27)
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
# fmt: on
LOADGEN_STAFF_PREFIX = "LG"


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


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


def ensure_zone(zone_name: str | None):
    """The zone to fill: an existing zone of that name, else a new zone (in the bench city) with its
    departments, posts and areas. Returns (zone, created: dict)."""
    from devzone.core.models import Area, City, Department, Post, Zone

    created = {"city": 0, "zone": 0, "department": 0, "post": 0, "area": 0}
    name = zone_name or DEFAULT_ZONE_NAME
    zone = Zone.objects.filter(name=name).order_by("pk").first()
    if zone is None:
        city = City.objects.filter(name=BENCH_CITY_NAME).first()
        if city is None:
            used = set(City.objects.values_list("code", flat=True))
            code = next(str(c) for c in range(990100, 999999, 100) if str(c) not in used)
            city = City.objects.create(name=BENCH_CITY_NAME, code=code, lead_agency="压力测试市商务局")
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
    seed: int = 1,
    batch: int = BATCH,
    log=print,
) -> LoadResult:
    """Fill one zone with synthetic, valid rows. The same seed on the same database gives the same rows;
    running it again adds more rows (new numbers and codes, never a duplicate)."""
    from devzone.core.models import Area, City, Department, Enterprise, Industry, Post, Project, Staff, Zone

    started = time.perf_counter()
    rng = random.Random(seed)
    divisions = list(
        Industry.objects.filter(parent__isnull=False).order_by("code").values_list("code", flat=True)
    )
    if not divisions:
        raise RuntimeError("行业表为空：请先运行 devzone migrate")
    if projects and not enterprises:
        if not Enterprise.objects.filter(zone__name=zone_name or DEFAULT_ZONE_NAME).exists():
            raise RuntimeError("该开发区没有企业，无法生成项目：请同时指定 --enterprises")
    with transaction.atomic():
        zone, created = ensure_zone(zone_name)
    result = LoadResult(zone_id=zone.pk, zone_name=zone.name, created=created)

    # --- staff --------------------------------------------------------------------------------------
    depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True).order_by("order", "pk"))
    posts_by_dept: dict[int, list[int]] = {}
    for post_id, dept_id in Post.objects.filter(zone=zone).order_by("pk").values_list("pk", "department_id"):
        posts_by_dept.setdefault(dept_id, []).append(post_id)
    taken = set(Staff.objects.filter(zone=zone).values_list("employee_no", flat=True))
    seq = sum(1 for no in taken if no.startswith(LOADGEN_STAFF_PREFIX))
    rows = []
    for _ in range(staff):
        seq += 1
        no = f"{LOADGEN_STAFF_PREFIX}{seq:07d}"
        while no in taken:
            seq += 1
            no = f"{LOADGEN_STAFF_PREFIX}{seq:07d}"
        taken.add(no)
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
                education=_pick(
                    rng,
                    [
                        (Education.DOCTORATE, 3),
                        (Education.MASTER, 25),
                        (Education.BACHELOR, 55),
                        (Education.COLLEGE, 12),
                        (Education.SECONDARY, 5),
                    ],
                ),
                employment_type=_pick(
                    rng,
                    [
                        (EmploymentType.ESTABLISHMENT, 30),
                        (EmploymentType.CONTRACT, 62),
                        (EmploymentType.SPECIAL_HIRE, 8),
                    ],
                ),
                rank=_pick(
                    rng,
                    [
                        (Rank.DIVISION, 2),
                        (Rank.SECTION_CHIEF, 8),
                        (Rank.DEPUTY_SECTION, 15),
                        (Rank.STAFF, 75),
                    ],
                ),
                hired_on=hired,
                phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                is_active=rng.random() < 0.97,
            )
        )
    result.created["staff"] = _bulk(Staff, rows, batch)
    log(f"  工作人员 {len(rows)}")

    # --- enterprises --------------------------------------------------------------------------------
    existing_codes = set(Enterprise.objects.values_list("credit_code", flat=True))
    used_names = set(Enterprise.objects.filter(zone=zone).values_list("name", flat=True))
    mult, shift = rng.randrange(1, 31**6), rng.randrange(31**6)
    while mult % 31 == 0:
        mult = rng.randrange(1, 31**6)
    index = Enterprise.objects.filter(zone=zone).count()
    rows = []
    for _ in range(enterprises):
        while True:
            code = make_credit_code("91", REGION, _org_body(index, mult, shift))
            index += 1
            if code not in existing_codes:
                break
        validate_credit_code(code)
        existing_codes.add(code)
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
                contact_phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            )
        )
    result.created["enterprise"] = _bulk(Enterprise, rows, batch)
    log(f"  企业 {len(rows)}")

    # --- projects -----------------------------------------------------------------------------------
    firms = list(Enterprise.objects.filter(zone=zone).order_by("pk").values_list("pk", "industry_id", "name"))
    if projects and not firms:
        raise RuntimeError("该开发区没有企业，无法生成项目：请同时指定 --enterprises")
    areas = list(Area.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))
    used_codes = set(Project.objects.exclude(project_code="").values_list("project_code", flat=True))
    serials: dict[str, int] = {}
    rows = []
    for _ in range(projects):
        firm_id, firm_industry, firm_name = rng.choice(firms)
        signed = _date_between(rng, dt.date(2016, 1, 1), REFERENCE_DAY) if rng.random() < 0.95 else None
        industry = firm_industry if rng.random() < 0.7 else rng.choice(divisions)
        code = ""
        if signed is not None and rng.random() < 0.9:
            tt = rng.choice(("01", "02", "03"))
            while True:
                key = f"{signed:%Y%m}"
                serials[key] = serials.get(key, 0) + 1
                n = serials[key]
                if (signed.year, signed.month) >= (2020, 11):
                    code = make_project_code(
                        f"{signed:%y%m}", REGION, industry[:2].rjust(2, "0"), tt, f"{n % 100000:05d}"
                    )
                else:  # the legacy format, with no check digit
                    code = f"{signed.year}-{REGION}-{industry[:2].rjust(2, '0')}-{tt}-{n % 1000000:06d}"
                if code not in used_codes:
                    break
            parse_project_code(code)
            used_codes.add(code)
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
                phase=_pick(
                    rng,
                    [
                        (ProjectPhase.SIGNED, 25),
                        (ProjectPhase.APPROVING, 20),
                        (ProjectPhase.CONSTRUCTING, 30),
                        (ProjectPhase.PRODUCING, 20),
                        (ProjectPhase.SUSPENDED, 5),
                    ],
                ),
                signed_on=signed,
                description=f"{firm_name}投资建设的{product}项目（压力测试数据）",
            )
        )
    result.created["project"] = _bulk(Project, rows, batch)
    log(f"  项目 {len(rows)}")

    result.totals = {
        "staff": Staff.objects.filter(zone=zone).count(),
        "enterprise": Enterprise.objects.filter(zone=zone).count(),
        "project": Project.objects.filter(zone=zone).count(),
    }
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Planner statistics for every table written, and the visibility map that lets a count use an
        # index-only scan: what autovacuum does a little later for the big tables (it never analyzes a table
        # of 20 departments: below its 50-row threshold, see docs/benchmark.md).
        with connection.cursor() as cur:
            for model in (City, Zone, Department, Post, Area, Staff, Enterprise, Project):
                cur.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
    elif connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    result.seconds = time.perf_counter() - started
    return result


# --- the benchmark ------------------------------------------------------------------------------------
@dataclass
class Measure:
    name: str
    url: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    min_ms: float
    rows: int | None = None


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(fn, repeat: int) -> tuple[float, float, float]:
    """Call ``fn`` ``repeat`` times: (median, 95th percentile, fastest) in milliseconds. Every module's bench
    times its work with this one function."""
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), p95(samples), min(samples)


def bench_user(zone):
    """A zone leader of ``zone`` for the benchmark, without a password: it can only be force-logged in."""
    from django.contrib.auth import get_user_model

    from devzone.core.models import Profile

    User = get_user_model()
    user, _ = User.objects.get_or_create(username=BENCH_USERNAME, defaults={"is_active": True})
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "role": Role.ZONE_LEADER,
            "zone": zone,
            "display_name": "压力测试",
            "city": None,
            "enterprise": None,
            "staff": None,
        },
    )
    return User.objects.get(pk=user.pk)


def _search_term(qs, field: str = "name", start: int = 0, length: int = 2) -> str:
    """A fragment a user would type: ``length`` characters of ``field`` of the middle row."""
    n = qs.count()
    if not n:
        return ""
    value = qs.values_list(field, flat=True)[n // 2] or ""
    return value[start : start + length]


def plan(zone, user, deep_page: int = 100) -> list[tuple[str, str, int | None]]:
    """(label, url, rows listed) of every page to measure."""
    from urllib.parse import urlencode

    from devzone.core.api import ENTITIES
    from devzone.core.views import SPECS

    page_size = 25
    out: list[tuple[str, str, int | None]] = []
    for spec in SPECS:
        qs = spec.model.objects.for_user(user, "view")
        n = qs.count()
        base = f"/core/{spec.name}/"
        out.append((f"{spec.name} p1", base, n))
        pages = max(1, math.ceil(n / page_size))
        if pages > 1:
            deep = min(deep_page, pages)
            out.append((f"{spec.name} p{deep}", f"{base}?page={deep}", n))
        ordered = qs.order_by(*spec.model._meta.ordering)
        term = _search_term(ordered)
        if term:
            out.append((f"{spec.name} q={term}", f"{base}?{urlencode({'q': term})}", None))
        for code_field in getattr(spec.filterset, "code_fields", ()):  # a search by a piece of a code
            term = _search_term(ordered, code_field, start=10, length=4)
            if term:
                out.append((f"{spec.name} q={term}", f"{base}?{urlencode({'q': term})}", None))
    for path, model, *_rest in ENTITIES:
        out.append(
            (f"api {path} p1", f"/api/v1/core/{path}?page=1", model.objects.for_user(user, "view").count())
        )
    out.append(("home /", "/", None))
    return out


def count_queries(client, url: str) -> tuple[int, int]:
    """One request, counted: its status and its number of SQL queries (the debug cursor's small overhead
    stays out of the timed requests)."""
    from django.db import close_old_connections
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    close_old_connections()
    return resp.status_code, len(ctx.captured_queries)


def timed_get(client, url: str) -> tuple[int, float]:
    from django.db import close_old_connections

    t0 = time.perf_counter()
    resp = client.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    # What a server does after each request: a connection past CONN_MAX_AGE closes (SQLite: after every
    # request, so the next one opens it again), a persistent one is health-checked on its next use.
    close_old_connections()
    return resp.status_code, elapsed


def run_bench(*, zone, repeat: int = 20, deep_page: int = 100, log=print) -> dict:
    """Warm up and count every page once, then time ``repeat`` rounds over all pages (round-robin, so a
    burst of load on the machine spreads over every page instead of spoiling one)."""
    import os

    from django.test import Client

    user = bench_user(zone)
    client = Client()
    client.force_login(user)
    pages = plan(zone, user, deep_page)
    load_before = os.getloadavg()
    counted = {url: count_queries(client, url) for _label, url, _rows in pages}
    samples: dict[str, list[float]] = {url: [] for _label, url, _rows in pages}
    statuses = {url: status for url, (status, _q) in counted.items()}
    for _ in range(repeat):
        for _label, url, _rows in pages:
            status, ms = timed_get(client, url)
            samples[url].append(ms)
            if status != 200:
                statuses[url] = status
    load_after = os.getloadavg()
    results: list[Measure] = []
    for label, url, rows in pages:
        s = samples[url]
        m = Measure(
            label,
            url,
            statuses[url],
            counted[url][1],
            round(statistics.median(s), 2),
            round(p95(s), 2),
            round(min(s), 2),
            rows,
        )
        results.append(m)
        log(
            f"  {label:<28} {m.median_ms:8.1f} ms  p95 {m.p95_ms:8.1f} ms  {m.queries:3d} queries  [{m.status}]"
        )
    return {
        "date": dt.date.today().isoformat(),
        "database": connection.vendor,
        "database_version": _db_version(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {_cpu_count()} cores",
        "load_average": [round(x, 2) for x in (*load_before, *load_after)],
        "zone": zone.name,
        "repeat": repeat,
        "results": [asdict(r) for r in results],
    }


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _db_version() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        return cur.fetchone()[0].split(" on ")[0]
