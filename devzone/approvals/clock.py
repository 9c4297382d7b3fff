"""How an application's clock reads: plain Python, free of Django.

Green while more than the warning share of the limit remains; yellow when at most that share remains
(20 % by default); red when overdue, and also when the current step overran its own limit although the total
has not."""

from __future__ import annotations

import math
from dataclasses import dataclass

GREEN, YELLOW, RED = "green", "yellow", "red"


PROMISED, LEGAL, SPECIAL = "promised", "legal", "special"


@dataclass(frozen=True)
class Reading:
    colour: str
    remaining: int
    overdue: bool
    step_overrun: bool
    # which clock this reads (promised: the zone's commitment; legal: the statutory limit; special: a 特别程序's
    # own limit) and what a page shows with it
    which: str = PROMISED
    due_on: object = None
    provisional: bool = False
    paused: bool = False
    stopped: bool = False


def nearer(*readings: Reading | None) -> Reading | None:
    """The reading a list shows: the clock with fewer working days left (the statutory one on a tie)."""
    present = [r for r in readings if r is not None]
    if not present:
        return None
    return min(present, key=lambda r: (r.remaining, r.which != LEGAL))


def read(
    *,
    budget: int,
    elapsed: int,
    step_limit: int | None = None,
    step_elapsed: int | None = None,
    warn_fraction: float = 0.2,
) -> Reading:
    remaining = budget - elapsed
    overdue = remaining < 0
    step_overrun = step_limit is not None and step_elapsed is not None and step_elapsed > step_limit
    if overdue or step_overrun:
        colour = RED
    elif remaining <= math.floor(budget * warn_fraction + 1e-9):
        colour = YELLOW
    else:
        colour = GREEN
    return Reading(colour, remaining, overdue, step_overrun)
