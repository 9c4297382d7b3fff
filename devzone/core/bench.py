"""Benchmark of the core pages (``devzone bench``) and the figures every module's bench shares.

``bench`` measures the server time of the core list pages, the core list API and the home dashboard through
``django.test.Client`` as a logged-in zone leader, over the rows ``core.loadgen`` wrote. Figures come from
here, never from timed unit tests (see docs/benchmark.md)."""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
import statistics
import time
from dataclasses import asdict, dataclass

from django.db import connection

from devzone.core.choices import Role

DEFAULT_ZONE_NAME = "压力测试开发区"
# The fixed cost of a logged-in request (session, user with its profile, every middleware), measured on the
# request that does nothing else: "who am I" (issue 17's target: at most 4 ms, through the test client).
FIXED_COST_URL = "/api/v1/core/me"
FIXED_COST_TARGET_MS = 4.0
BENCH_CITY_NAME = "压力测试市"
BENCH_USERNAME = "bench_leader"
# Every date a load generator draws is relative to this day, not to "today", so a seed always gives the same
# rows.
REFERENCE_DAY = dt.date(2026, 11, 27)


def write_figures(path: str | None, report) -> None:
    """The figures as JSON to ``path`` (the commands' ``--json``), when one is given."""
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2, default=str)


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
    floor_ms: float | None = None  # its rows fetched by one hand-written query (``floor``)
    target_ms: float | None = None  # a fixed target instead of the floor's (the fixed cost of a request)

    @property
    def within_target(self) -> bool | None:
        """The issue's target for a page: at most 3 × its floor + 20 ms; for the fixed cost, ``target_ms``."""
        if self.target_ms is not None:
            return self.median_ms <= self.target_ms
        return None if self.floor_ms is None else self.median_ms <= 3 * self.floor_ms + 20


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


def time_call(label: str, fn, repeat: int, *, log=print, width: int = 30, **extra) -> dict:
    """Time ``repeat`` calls of ``fn``: the row a module's bench reports (name, any ``extra`` such as the url,
    median, 95th percentile and fastest, in ms), logged on one line."""
    median, slow, best = measure(fn, repeat)
    log(f"  {label:<{width}} {median:8.1f} ms  p95 {slow:8.1f} ms")
    return {
        "name": label,
        **extra,
        "median_ms": round(median, 1),
        "p95_ms": round(slow, 1),
        "min_ms": round(best, 1),
    }


def time_page(
    client, label: str, url: str, repeat: int, *, log=print, width: int = 30, floor: tuple | None = None
) -> dict:
    """Warm ``url`` up once, then time ``repeat`` GETs of it by ``client`` (each must answer 200): the row a
    module's bench reports (name, url, median, 95th percentile and fastest, in ms), logged on one line. With
    ``floor`` (``floor(...)``'s query for the rows the page lists), the row also has ``floor_ms`` and whether the
    page is within the target, at most 3 × floor + 20 ms (``within_target``)."""
    from django.db import close_old_connections

    def get():
        resp = client.get(url)
        close_old_connections()
        assert resp.status_code == 200, (url, resp.status_code)

    get()
    row = time_call(label, get, repeat, log=log, width=width, url=url)
    if floor is not None:
        row["floor_ms"] = time_floor(*floor, repeat)
        row["within_target"] = row["median_ms"] <= 3 * row["floor_ms"] + 20
        log(f"  {'':<{width}} floor {row['floor_ms']:6.1f} ms  {'✓' if row['within_target'] else '✗'}")
    return row


def time_job(label: str, fn, *, log=print) -> dict:
    """Run a job once (``fn`` returns its counts): its row (name, seconds, the counts), logged on one line."""
    t0 = time.perf_counter()
    counts = fn()
    seconds = time.perf_counter() - t0
    log(f"  {label}: {seconds:6.2f} s  {counts}")
    return {"name": label, "seconds": round(seconds, 2), **counts}


def logged_in(user):
    """A test client logged in as ``user`` (force-logged: bench users have no password), past the second factor
    for a role that needs one, as ``django_otp.login`` leaves the session."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    if device := bench_device(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def bench_device(user):
    """The bench account's authenticator when its role needs a second factor (made once), else None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from devzone.core.otp import needs_second_factor

    if not needs_second_factor(user):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )


def bench_account(username: str, role: str, zone, **profile):
    """The benchmark's account ``username`` with ``role`` in ``zone`` (and the ``profile`` fields given), made
    or updated, without a password: it can only be force-logged in. In a zone other than the bench zone the
    name carries the zone's id (``bench_clerk.z17``): each zone of a province load has accounts of its own, never
    one account moved from zone to zone under the rows it wrote."""
    if zone is not None and zone.name != DEFAULT_ZONE_NAME:
        username = f"{username}.z{zone.pk}"
    from django.contrib.auth import get_user_model

    from devzone.core.models import Profile

    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_active": True})
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Profile.objects.update_or_create(user=user, defaults={"role": role, "zone": zone, **profile})
    return user


def bench_user(zone):
    """A zone leader of ``zone`` for the benchmark (``bench_account``)."""
    from django.contrib.auth import get_user_model

    user = bench_account(
        BENCH_USERNAME,
        Role.ZONE_LEADER,
        zone,
        display_name="压力测试",
        city=None,
        enterprise=None,
        staff=None,
    )
    return get_user_model().objects.get(pk=user.pk)


def _search_term(qs, field: str = "name", start: int = 0, length: int = 2) -> str:
    """A fragment a user would type: ``length`` characters of ``field`` of the middle row."""
    n = qs.count()
    if not n:
        return ""
    value = qs.values_list(field, flat=True)[n // 2] or ""
    return value[start : start + length]


PAGE_SIZE = 25


def floor(
    model, zone, page: int = 1, *, where: dict | None = None, ordering=None, size: int = PAGE_SIZE
) -> tuple[str, list]:
    """A list page's floor: the rows it shows, fetched by one hand-written query — the table's own columns for
    the page's slice in the list's order, with the total the pager prints (a window count) — and nothing else:
    no ORM, no join but what the order needs, no template, no middleware. (sql, params).

    A module's page that lists some of the zone's rows gives them as ``where`` (a field of the model and its
    value: a list for IN, None for IS NULL; ``field__lt`` for a field before the value), its own ``ordering``
    when it is not the model's and its page ``size`` when it is not 25."""
    from devzone.core.models import Zone

    qn = connection.ops.quote_name
    table = model._meta.db_table
    columns = ", ".join(f"t.{qn(f.column)}" for f in model._meta.concrete_fields)
    joins, order = [], []
    for item in [*(ordering or model._meta.ordering), "pk"]:
        name = item.lstrip("-")
        direction = " DESC" if item.startswith("-") else ""
        head, _sep, rest = name.partition("__")
        if head in ("zone", "zone_id", "city") or rest == "zone_id":
            continue  # the same for every row of one zone
        if name == "pk":
            order.append(f"t.{qn(model._meta.pk.column)}")
            continue
        field = model._meta.get_field(head)
        if rest:  # one step along a foreign key: joined for its column
            alias = f"j{len(joins)}"
            joins.append(
                f"LEFT JOIN {qn(field.related_model._meta.db_table)} {alias} "
                f"ON {alias}.{qn(field.target_field.column)} = t.{qn(field.column)}"
            )
            column = field.related_model._meta.get_field(rest).column
            order.append(f"{alias}.{qn(column)}{direction}")
        else:
            order.append(f"t.{qn(field.column)}{direction}")
    conditions = [f"t.{qn('id')} = %s" if model is Zone else f"t.{qn('zone_id')} = %s"]
    params: list = [zone.pk]
    for name, value in (where or {}).items():
        name, less = name.removesuffix("__lt"), name.endswith("__lt")
        column = f"t.{qn(model._meta.get_field(name).column)}"
        if less:
            conditions.append(f"{column} < %s")
            params.append(value)
        elif value is None:
            conditions.append(f"{column} IS NULL")
        elif isinstance(value, list | tuple | set | frozenset):
            conditions.append(f"{column} IN ({', '.join(['%s'] * len(value))})")
            params += sorted(value)
        else:
            conditions.append(f"{column} = %s")
            params.append(value)
    sql = (
        f"SELECT {columns}, COUNT(*) OVER () FROM {qn(table)} t {' '.join(joins)} "  # noqa: S608
        f"WHERE {' AND '.join(conditions)} ORDER BY {', '.join(order)} LIMIT %s OFFSET %s"
    )
    return sql, [*params, size, (page - 1) * size]


def home_floor(zone) -> tuple[str, list]:
    """The floor of home's figures (``dashboard.selectors.totals``) for one zone, written by hand: its active staff
    per employment type, its projects per phase with their investment, and the counts of its cards (the zone,
    its departments still in place, enterprises, key projects), in one statement of the shape (figure, key, n,
    sum). The desk's items, counted by each module's own tables, are left out: a lower floor, so a stricter
    target than the page's whole data would give."""
    from devzone.core.models import Department, Enterprise, Project, Staff, Zone

    qn = connection.ops.quote_name
    staff, project = qn(Staff._meta.db_table), qn(Project._meta.db_table)
    sql = (
        f"SELECT 'staff', employment_type, COUNT(*), NULL FROM {staff} "  # noqa: S608
        f"WHERE zone_id = %s AND is_active GROUP BY employment_type "
        f"UNION ALL SELECT 'phase', phase, COUNT(*), SUM(total_investment) FROM {project} "
        f"WHERE zone_id = %s GROUP BY phase "
        f"UNION ALL SELECT 'zones', NULL, COUNT(*), NULL FROM {qn(Zone._meta.db_table)} "
        f"WHERE id = %s AND merged_into_id IS NULL "
        f"UNION ALL SELECT 'departments', NULL, COUNT(*), NULL FROM {qn(Department._meta.db_table)} "
        f"WHERE zone_id = %s AND abolished_on IS NULL "
        f"UNION ALL SELECT 'enterprises', NULL, COUNT(*), NULL FROM {qn(Enterprise._meta.db_table)} "
        f"WHERE zone_id = %s "
        f"UNION ALL SELECT 'key_projects', NULL, COUNT(*), NULL FROM {project} WHERE zone_id = %s AND is_key"
    )
    return sql, [zone.pk] * 6


def floor_rows(sql: str, params: list) -> list[tuple]:
    """The floor's rows, as a page's test compares them with the page's own (the id first, the total last)."""
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def time_floor(sql: str, params: list, repeat: int) -> float:
    """The median of ``repeat`` runs of the floor's query, its rows fetched, through a bare cursor (ms)."""
    samples = []
    with connection.cursor() as cur:
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 2)


def plan(zone, user, deep_page: int = 100) -> list[tuple[str, str, int | None, tuple | None]]:
    """(label, url, rows listed, floor query or None) of every page to measure."""
    from urllib.parse import urlencode

    from devzone.core.api import ENTITIES
    from devzone.core.views import SPECS

    out: list[tuple[str, str, int | None, tuple | None]] = []
    for spec in SPECS:
        qs = spec.model.objects.for_user(user, "view")
        n = qs.count()
        base = f"/core/{spec.name}/"
        out.append((f"{spec.name} p1", base, n, floor(spec.model, zone)))
        pages = max(1, math.ceil(n / PAGE_SIZE))
        if pages > 1:
            deep = min(deep_page, pages)
            out.append((f"{spec.name} p{deep}", f"{base}?page={deep}", n, floor(spec.model, zone, deep)))
        ordered = qs.order_by(*spec.model._meta.ordering)
        term = _search_term(ordered)
        if term:
            out.append((f"{spec.name} q={term}", f"{base}?{urlencode({'q': term})}", None, None))
        for code_field in getattr(spec.filterset, "code_fields", ()):  # a search by a piece of a code
            term = _search_term(ordered, code_field, start=10, length=4)
            if term:
                out.append((f"{spec.name} q={term}", f"{base}?{urlencode({'q': term})}", None, None))
    for path, model, *_rest in ENTITIES:
        n = model.objects.for_user(user, "view").count()
        out.append((f"api {path} p1", f"/api/v1/core/{path}?page=1", n, floor(model, zone)))
    out.append(("home /", "/", None, home_floor(zone)))
    out.append(("fixed cost: who am I", FIXED_COST_URL, None, None))
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

    user = bench_user(zone)
    client = logged_in(user)
    pages = plan(zone, user, deep_page)
    load_before = os.getloadavg()
    counted = {url: count_queries(client, url) for _label, url, _rows, _floor in pages}
    samples: dict[str, list[float]] = {url: [] for _label, url, _rows, _floor in pages}
    statuses = {url: status for url, (status, _q) in counted.items()}
    floors = {url: time_floor(*query, repeat) for _label, url, _rows, query in pages if query}
    for _ in range(repeat):
        for _label, url, _rows, _floor in pages:
            status, ms = timed_get(client, url)
            samples[url].append(ms)
            if status != 200:
                statuses[url] = status
    load_after = os.getloadavg()
    results: list[Measure] = []
    for label, url, rows, _floor in pages:
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
            floors.get(url),
            FIXED_COST_TARGET_MS if url == FIXED_COST_URL else None,
        )
        results.append(m)
        log(
            f"  {label:<28} {m.median_ms:8.1f} ms  p95 {m.p95_ms:8.1f} ms  {m.queries:3d} queries  [{m.status}]"
            + ("" if m.floor_ms is None else f"  floor {m.floor_ms:.1f} ms")
            + ("" if m.target_ms is None else f"  target ≤ {m.target_ms:.0f} ms")
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
        "results": [{**asdict(r), "within_target": r.within_target} for r in results],
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
