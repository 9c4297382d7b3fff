"""我的工作台: each role's home starts with its own work, each item counted and linked to the filtered list.

Every module contributes its items from its own ``desk.py`` (found by autodiscovery, as ``access.py`` is), so
core imports no feature module:

    # approvals/desk.py
    @desk.item(10, Role.REVIEWER)
    def my_queue(request) -> desk.Entry | None: ...

An item is a selector: it reads through ``for_user`` (narrowed to the switcher's zone for city users), counts
with one query and, when it lists rows (the nearest deadlines), reads only those few rows. It returns ``None``
when it does not apply (no round under way, no staff record)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from devzone.core import registry
from devzone.core.access import can, reach_of
from devzone.core.zones import narrow

NEAREST = 5  # rows listed under an item's count


@dataclass(frozen=True)
class Row:
    """One line under an item: a file, a project, a lead; ``note`` says its date or deadline."""

    label: str
    url: str
    note: str = ""
    tone: str = ""  # "red" | "yellow" | "green" | "" (a deadline's colour)


@dataclass(frozen=True)
class Entry:
    key: str  # stable: "approvals.queue" (the browser tests and the template's data-desk use it)
    label: str
    count: int
    url: str  # the list behind the count, filtered to exactly these rows
    tone: str = "blue"  # the count's colour when it is not zero: "red" | "yellow" | "blue"
    rows: tuple[Row, ...] = ()
    hint: str = ""  # a line under the label ("按承诺时限排序"; "第3步：民主测评")
    figure: str = ""  # shown instead of the count when the number is not a count ("4/7": a round's step)
    template: str = "core/desk/_item.html"  # the include that draws it

    @property
    def shown_tone(self) -> str:
        return self.tone if self.count else "secondary"


@dataclass(frozen=True)
class Contribution:
    order: int
    roles: frozenset[str]
    build: Callable[..., Entry | None]
    name: str = field(default="")


ITEMS: list[Contribution] = []


def item(order: int, *roles: str):
    """Register a desk item for ``roles``; ``order`` places it (approvals 10–19, projects 20–29, investment
    30–39, services 40–49, performance 50–59)."""

    def decorator(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"
        ITEMS[:] = [c for c in ITEMS if c.name != name]  # imported twice: registered once
        ITEMS.append(Contribution(order, frozenset(roles), fn, name))
        ITEMS.sort(key=lambda c: (c.order, c.name))
        return fn

    return decorator


def desk_for(request) -> list[Entry]:
    """The items of the user's role, in order; those that do not apply now are left out."""
    registry.discover("desk")
    role = reach_of(request.user).role
    out = []
    for c in ITEMS:
        if role in c.roles:
            entry = c.build(request)
            if entry is not None:
                out.append(entry)
    return out


def listing(qs, row: Callable[..., Row], **entry) -> Entry:
    """An item that counts ``qs`` and lists its first ``NEAREST`` rows in ``qs``'s order, each drawn by
    ``row(obj)`` (two queries: the count and those few rows)."""
    return Entry(count=qs.count(), rows=tuple(row(obj) for obj in qs[:NEAREST]), **entry)


def reading(model, rows: Callable | None = None):
    """An item that does not apply to a person who may not view ``model``; it is handed ``rows(user=…)``
    (by default ``model.objects.for_user(user)``) narrowed to the switcher's zone, as its second argument."""

    def decorate(fn):
        @functools.wraps(fn)
        def build(request):
            if not can(request.user, "view", model):
                return None
            qs = rows(user=request.user) if rows is not None else model.objects.for_user(request.user)
            return fn(request, narrow(qs, request))

        return build

    return decorate


def counting(key: str, label, url: str, tone: str = "blue"):
    """An item that only counts the rows its function returns (one query), linked to the list that shows exactly
    those rows: ``url`` is the list's URL name and its query (``"projects:problem_list?status=overdue"``);
    ``label`` is lazy (``gettext_lazy``), read in the request's language.

        @desk.item(20, *LEADERS)
        @desk.reading(KeyProject)
        @desk.counting("projects.red", gettext_lazy("严重滞后的重点项目"), "projects:portfolio?status=red", tone="red")
        def red_projects(request, qs):
            return qs.filter(status=Colour.RED)
    """
    name, _, query = url.partition("?")

    def decorate(fn):
        @functools.wraps(fn)
        def build(request, *args):
            rows = fn(request, *args)
            link = reverse(name) + (f"?{query}" if query else "")
            return Entry(key=key, label=str(label), count=rows.count(), url=link, tone=tone)

        return build

    return decorate


def own_work(fn):
    """An item about the person's own work: it does not apply without a staff record, and is handed the
    record's id as ``staff_id``."""

    @functools.wraps(fn)
    def build(request):
        staff_id = reach_of(request.user).staff_id
        return None if staff_id is None else fn(request, staff_id)

    return build
