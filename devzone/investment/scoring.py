"""The internal competition's scores: the efficacy coefficient method (功效系数法). Plain Python.

For each indicator, a team's (or officer's) value x scores 60 + 40 × (x − min) / (max − min) over the
competitors; when everybody has the same value, everybody scores 100 (nobody is behind). The total is the
weighted mean of the indicator scores; ranks are competition ranks (1, 2, 2, 4) by total."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


def efficacy(values: Sequence[Decimal]) -> list[Decimal]:
    vals = [Decimal(v) for v in values]
    if not vals:
        return []
    lo, hi = min(vals), max(vals)
    if hi == lo:
        return [Decimal(100) for _ in vals]
    return [Decimal(60) + Decimal(40) * (v - lo) / (hi - lo) for v in vals]


@dataclass(frozen=True)
class Scored:
    key: object
    scores: dict[str, Decimal]
    total: Decimal
    rank: int


def score(rows: Mapping[object, Mapping[str, Decimal]], weights: Mapping[str, Decimal | int]) -> list[Scored]:
    """``rows``: competitor -> indicator -> value. Indicators with no positive weight are left out."""
    keys = list(rows)
    used = [k for k, w in weights.items() if Decimal(w) > 0]
    per: dict[object, dict[str, Decimal]] = {k: {} for k in keys}
    for ind in used:
        for key, s in zip(keys, efficacy([Decimal(rows[k].get(ind, 0) or 0) for k in keys]), strict=True):
            per[key][ind] = s
    wsum = sum((Decimal(weights[i]) for i in used), Decimal(0))
    totals = {
        k: (sum((per[k][i] * Decimal(weights[i]) for i in used), Decimal(0)) / wsum if wsum else Decimal(0))
        for k in keys
    }
    ordered = sorted(keys, key=lambda k: -totals[k])
    out, rank, previous = [], 0, None
    for n, k in enumerate(ordered, start=1):
        t = totals[k].quantize(TWO, ROUND_HALF_UP)
        if t != previous:
            rank, previous = n, t
        out.append(
            Scored(
                key=k,
                scores={i: v.quantize(TWO, ROUND_HALF_UP) for i, v in per[k].items()},
                total=t,
                rank=rank,
            )
        )
    return out
