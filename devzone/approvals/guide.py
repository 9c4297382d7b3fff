"""情形引导 for the single window: the situations an applicant can be in (新建厂房、改扩建 …), each with the items
that apply, in the order the items are given (the process's stage order). The situations are the catalog's data
(``ApprovalItem.situations``), never code: a zone adds a situation by naming it on its items.

Plain Python, free of Django, tested directly."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

SEPARATORS = re.compile(r"[、,，;；/|\n]+")


def situation_names(text: str | None) -> list[str]:
    """The situations written on one item (``新建厂房、改扩建``): trimmed, without blanks or repeats."""
    names = (n.strip() for n in SEPARATORS.split(text or ""))
    return list(dict.fromkeys(n for n in names if n))


@dataclass
class Situation:
    name: str
    items: list[Any] = field(default_factory=list)

    @property
    def ids(self) -> str:
        """The items' ids, space-separated: the page's ``data-items``."""
        return " ".join(str(i.pk) for i in self.items)


def in_process_order(items: list[Any], requires: Callable[[Any], Iterable[int]]) -> list[Any]:
    """``items`` in the order given, except that an item comes after those of ``items`` it requires (its
    prerequisites): a stable topological order. A cycle (which the catalog's checks refuse) keeps the rest in
    the order given."""
    pks = {i.pk for i in items}
    needs = {i.pk: {p for p in requires(i) if p in pks and p != i.pk} for i in items}
    done: set[int] = set()
    out: list[Any] = []
    waiting = list(items)
    while waiting:
        ready = next((i for i in waiting if needs[i.pk] <= done), waiting[0])
        waiting.remove(ready)
        done.add(ready.pk)
        out.append(ready)
    return out


def depths(items: list[Any], requires: Callable[[Any], Iterable[int]]) -> dict[int, int]:
    """How many prerequisites deep each item sits (0: none among ``items``), the longest chain counted."""
    by_pk = {i.pk: i for i in items}
    memo: dict[int, int] = {}

    def depth(pk: int, seen: frozenset = frozenset()) -> int:
        if pk not in memo:
            below = [p for p in requires(by_pk[pk]) if p in by_pk and p not in seen]
            memo[pk] = 1 + max((depth(p, seen | {pk}) for p in below), default=-1)
        return memo[pk]

    return {i.pk: depth(i.pk) for i in items}


def situations(
    items: Iterable[Any],
    requires: Callable[[Any], Iterable[int]] = lambda _i: (),
    stage: Callable[[Any], Any] = lambda _i: 0,
) -> list[Situation]:
    """Every situation named on ``items`` with its items in the order of the process: by stage (in the order
    the stages come in ``items``), within a stage the items others wait for first (by prerequisite depth),
    then as given; and always after their own prerequisites. Situations in the order of the first item that
    names them."""
    items = list(items)
    stages: dict[Any, int] = {}
    for i in items:
        stages.setdefault(stage(i), len(stages))
    deep = depths(items, requires)
    index = {i.pk: n for n, i in enumerate(items)}
    found: dict[str, Situation] = {}
    for item in items:
        for name in situation_names(getattr(item, "situations", "")):
            found.setdefault(name, Situation(name)).items.append(item)
    for s in found.values():
        ranked = sorted(s.items, key=lambda i: (stages[stage(i)], deep[i.pk], index[i.pk]))
        s.items = in_process_order(ranked, requires)
    return list(found.values())
