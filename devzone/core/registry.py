"""The one place modules plug into core, filled by autodiscovery of each app's modules by name (as Django's
admin finds ``admin.py``), so that core never imports a module that depends on it:

| app module | imported | registers with |
|---|---|---|
| ``access.py`` | at start-up | ``core.access.register(role, action, *labels)`` — rights per role; ``registry.menu(key, *labels)`` — who sees the module in the menu |
| ``jobs.py`` | at start-up | ``registry.job(name, task_path, interval_seconds, at="00:05")`` — periodic jobs (``at``: optional Beijing-time anchor) |
| ``hooks.py`` | at start-up | another module's hooks (``projects.hooks``, ``projects.dispatch``); ``registry.pay_extra(key, fn)`` — amounts added to the performance pay sheet; ``registry.zone_pool(fn)`` — the zone's total pay pool (planning's assessment); ``registry.leading(fn)`` — the zone's leading industries (planning's plan); ``registry.bulletin(key, fn)`` — the module's figures in the city's reform bulletin; ``registry.login_name(fn)`` — the account a name typed at login stands for; ``registry.zone_merged(key, fn)`` — a module's rows that follow their enterprises when zones merge |
| ``demo.py`` | by ``devzone demo`` | ``@registry.demo(order, name)`` — the module's part of the demo city |
| ``bench.py`` | by ``devzone loadgen`` / ``devzone bench`` / ``devzone loadtest`` | ``@registry.load(option, help)``, ``@registry.bench(flag, help)``, ``@registry.traffic(name)`` — what the module's users request in the mixed load test |

    # projects/demo.py
    @registry.demo(10, "projects")
    def load(*, city, zones, zone, rng): ...

Demo and bench modules are imported only when those commands run (they pull in Faker and the load
generators, which a web process never needs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

AT_START = ("access", "jobs", "hooks")


@dataclass(frozen=True)
class DemoStep:
    order: int  # approvals 5, projects 10, services 20, investment 30, performance 40, personnel 50
    name: str
    load: Callable[..., None]  # load(*, city, zones: dict[name, Zone], zone: 济北 Zone, rng) -> None


@dataclass(frozen=True)
class LoadStep:
    option: str  # "applications": adds --applications N to devzone loadgen
    help: str
    load: Callable[..., dict]  # load(*, zone, count, seed, log) -> figures


@dataclass(frozen=True)
class BenchStep:
    flag: str  # "approvals": adds --approvals to devzone bench
    help: str
    run: Callable[..., list]  # run(*, zone, leader, repeat, log) -> measurements


@dataclass(frozen=True)
class Visit:
    """One kind of request in the mixed load test (``core.loadtest``): a GET of ``path`` by ``user`` (None:
    anonymous), ``weight`` times in each round of the mix."""

    label: str
    path: str
    user: object | None
    weight: int = 1


DEMOS: dict[str, DemoStep] = {}
LOADS: dict[str, LoadStep] = {}
BENCHES: dict[str, BenchStep] = {}
# module -> visits(*, zone, leader) -> [Visit]
TRAFFIC: dict[str, Callable[..., list[Visit]]] = {}
# name -> (task path, interval in seconds)
JOBS: dict[str, tuple[str, int]] = {}
# name -> the Beijing time of day its runs are anchored to (``registry.job(..., at="00:05")``): a daily job runs
# at that time every day, an hourly one at that minute of every hour; jobs without one run every interval from
# whenever the scheduler first saw them
JOB_AT: dict[str, dt.time] = {}
# module key of the navigation -> model labels; a user sees the module when they may view one of them
MENU: dict[str, tuple[str, ...]] = {}
# key -> open_work(user) -> list[(label, count, url)]: what a person still holds (their person page lists it
# when they leave, for reassignment); each module adds its own (from its ``hooks``)
OPEN_WORK: dict[str, Callable[..., list]] = {}
# key -> extras(zone_id, year, quarter, staff_ids) -> {staff_id: [PayExtra]}: amounts another module adds to a
# quarter's performance pay sheet (personnel's 特岗特薪), each shown as its own column with its reference
PAY_EXTRAS: dict[str, Callable[..., dict]] = {}
# the zone's total performance pay pool set by the city's assessment: fn(*, zone_id, year, quarter) -> ZonePool
# | None (planning); None, or no hook: the pool is what the zone withholds from its own staff
ZONE_POOL: list[Callable[..., ZonePool | None]] = []
# the zone's leading industries from its plan: fn(zone_id) -> list of GB/T 4754 codes | None (planning);
# None, or no hook: the zone's own field (core.Zone.leading_industries)
LEADING: list[Callable[[int], list[str] | None]] = []
# key -> figures(*, city) -> [Figure]: each module's figures of the city's reform bulletin (改革简报), computed
# from its own rows; the bulletin (a read-only city view) lists them by section
BULLETIN: dict[str, Callable[..., list]] = {}
# fn(typed) -> account name | None: what a person types at login as their user name, translated to the account's
# name by the module whose accounts are named otherwise (personnel: a candidate types their phone number; the
# account is named by its keyed digest, so that no table holds the number)
LOGIN_NAMES: list[Callable[[str], str | None]] = []
# key -> fn(*, source_ids, target, move) -> {kind: count}: a module's zone rows that follow their enterprises into
# the target when zones merge (core.services.zones.zone_merge); ``move(Model, rows)`` re-zones and audits them
ZONE_MERGED: dict[str, Callable[..., dict[str, int]]] = {}
_discovered: set[str] = set()


@dataclass(frozen=True)
class ZonePool:
    """A zone's total performance pay for a quarter in fen, and the decision it rests on."""

    fen: int
    reference: str


def zone_pool(fn: Callable[..., ZonePool | None]) -> Callable[..., ZonePool | None]:
    """Register ``fn(*, zone_id, year, quarter) -> ZonePool | None`` (from a ``hooks.py``)."""
    if fn not in ZONE_POOL:
        ZONE_POOL.append(fn)
    return fn


def zone_pool_for(*, zone_id: int, year: int, quarter: int) -> ZonePool | None:
    """The first registered module's pool for the zone and quarter, or None (then: the withheld parts)."""
    discover(*AT_START)
    for fn in ZONE_POOL:
        found = fn(zone_id=zone_id, year=year, quarter=quarter)
        if found is not None:
            return found
    return None


def leading(fn: Callable[[int], list[str] | None]) -> Callable[[int], list[str] | None]:
    """Register ``fn(zone_id) -> [code] | None`` (from a ``hooks.py``)."""
    if fn not in LEADING:
        LEADING.append(fn)
    return fn


def leading_for(zone_id: int) -> list[str] | None:
    """The zone's leading industries from a registered plan, or None when no module has one."""
    discover(*AT_START)
    for fn in LEADING:
        found = fn(zone_id)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class PayExtra:
    """One amount added to a person's quarterly pay by another module: its column label, fen, and the decision
    it rests on (文号)."""

    key: str
    label: str
    fen: int
    reference: str


def pay_extra(key: str, fn: Callable[..., dict]) -> Callable[..., dict]:
    """Register ``fn(*, zone_id, year, quarter, staff_ids) -> {staff_id: [PayExtra]}`` (from a ``hooks.py``)."""
    PAY_EXTRAS[key] = fn
    return fn


def pay_extras(*, zone_id: int, year: int, quarter: int, staff_ids) -> dict[int, list[PayExtra]]:
    """Every registered module's extras for these people and quarter, merged by person."""
    discover(*AT_START)
    out: dict[int, list[PayExtra]] = {}
    for fn in PAY_EXTRAS.values():
        for staff_id, extras in fn(zone_id=zone_id, year=year, quarter=quarter, staff_ids=staff_ids).items():
            out.setdefault(staff_id, []).extend(extras)
    return out


@dataclass(frozen=True)
class Figure:
    """One figure the reform reports quote, as the platform computes it from rows.

    ``value`` is None when the rows behind it are missing (the bulletin then says so: never a constant);
    ``period`` and ``rule`` say what was counted and how; ``url`` opens the rows; ``reported`` is what the
    report printed, shown beside the computed value when they differ (109 → 64 is 41.3 %, printed as 42 %)."""

    section: str
    key: str
    label: str
    value: object  # int | Decimal | None
    unit: str = ""
    period: str = ""
    rule: str = ""
    url: str = ""
    reported: str = ""


def bulletin(key: str, fn: Callable[..., list]) -> Callable[..., list]:
    """Register ``fn(*, city) -> [Figure]`` (from a ``hooks.py``)."""
    BULLETIN[key] = fn
    return fn


def bulletin_figures(*, city) -> list[Figure]:
    """Every registered module's bulletin figures for the city, in registration order."""
    discover(*AT_START)
    out: list[Figure] = []
    for fn in BULLETIN.values():
        out.extend(fn(city=city))
    return out


def login_name(fn: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """Register ``fn(typed) -> account name | None`` (from a ``hooks.py``)."""
    if fn not in LOGIN_NAMES:
        LOGIN_NAMES.append(fn)
    return fn


def account_name(typed: str) -> str:
    """The name of the account a person means by ``typed`` at login: the first registered module's translation,
    else ``typed`` itself (every staff and enterprise account is named what its owner types)."""
    discover(*AT_START)
    for fn in LOGIN_NAMES:
        found = fn(typed)
        if found:
            return found
    return typed


def zone_merged(key: str, fn: Callable[..., dict[str, int]]) -> Callable[..., dict[str, int]]:
    """Register ``fn(*, source_ids, target, move) -> {kind: count}`` (from a ``hooks.py``)."""
    ZONE_MERGED[key] = fn
    return fn


def zone_merge_moves(*, source_ids: set[int], target, move: Callable) -> dict[str, int]:
    """Every registered module's rows of the merged zones moved to ``target``, counted by kind."""
    discover(*AT_START)
    moved: dict[str, int] = {}
    for fn in ZONE_MERGED.values():
        moved.update(fn(source_ids=source_ids, target=target, move=move))
    return moved


def discover(*names: str) -> None:
    """Import ``<app>.<name>`` of every installed app that has one (once per name and process)."""
    for name in names:
        if name not in _discovered:
            autodiscover_modules(name)
            _discovered.add(name)


def job(name: str, task_path: str, interval_seconds: int, *, at: str | None = None) -> None:
    """Register a periodic job: ``task_path`` (a django-tasks task) every ``interval_seconds``; with ``at``
    ("HH:MM", Beijing time) its runs fall on that time of day (daily jobs: once after each Beijing midnight at
    that time, whenever the scheduler was installed or restarted)."""
    JOBS[name] = (task_path, interval_seconds)
    if at is None:
        JOB_AT.pop(name, None)
    else:
        JOB_AT[name] = dt.time.fromisoformat(at)  # a typo fails at start-up, not at 00:05


def menu(key: str, *labels: str) -> None:
    """The module ``key`` of the main navigation is shown to a user who may view one of ``labels`` (its front
    door's rows), and to nobody else: a menu never offers a page that answers 403. Modules sharing an entry
    (大服务: key projects and enterprise services) each add their labels."""
    MENU[key] = (*MENU.get(key, ()), *labels)  # several modules may open the same menu entry


def open_work(key: str, fn: Callable[..., list]) -> Callable[..., list]:
    """Register ``fn(user) -> [(label, count, url)]``: the open work a person holds in a module."""
    OPEN_WORK[key] = fn
    return fn


def _registers(table: dict, key: str, entry: Callable = lambda fn: fn):
    """A decorator that files ``entry(fn)`` in ``table`` under ``key`` and leaves ``fn`` as it is."""

    def decorator(fn):
        table[key] = entry(fn)
        return fn

    return decorator


def demo(order: int, name: str):
    return _registers(DEMOS, name, lambda fn: DemoStep(order, name, fn))


def load(option: str, help: str):
    return _registers(LOADS, option, lambda fn: LoadStep(option, help, fn))


def bench(flag: str, help: str):
    return _registers(BENCHES, flag, lambda fn: BenchStep(flag, help, fn))


def traffic(name: str):
    return _registers(TRAFFIC, name)


def demo_steps() -> list[DemoStep]:
    discover("demo")
    return sorted(DEMOS.values(), key=lambda s: s.order)


def load_steps() -> list[LoadStep]:
    discover("bench")
    return list(LOADS.values())


def bench_steps() -> list[BenchStep]:
    discover("bench")
    return list(BENCHES.values())


def traffic_steps() -> dict[str, Callable[..., list[Visit]]]:
    discover("bench")
    return dict(TRAFFIC)
