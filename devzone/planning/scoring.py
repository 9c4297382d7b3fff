"""The zone assessment's arithmetic, free of the database: each indicator scores its weight × attainment
(actual ÷ target, capped at 1), the zone's score is their sum (0–100), zones rank by score (ties share the
better rank), and the pay pool is the full pool × score ÷ 100, to the fen (rounded down)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Weighted:
    key: object
    weight: Decimal  # percent
    target: Decimal


def weights_ok(weights: Sequence[Decimal]) -> bool:
    """Weights are each above zero and sum to exactly 100."""
    return (
        bool(weights) and all(Decimal(w) > 0 for w in weights) and sum(Decimal(w) for w in weights) == HUNDRED
    )


def attainment(actual: Decimal, target: Decimal) -> Decimal:
    """actual ÷ target within [0, 1]; a target of zero is met by any non-negative value."""
    actual, target = Decimal(actual), Decimal(target)
    if target <= 0:
        return Decimal(1) if actual >= 0 else Decimal(0)
    return min(Decimal(1), max(Decimal(0), actual / target))


def score(
    indicators: Sequence[Weighted], values: Mapping[object, Decimal], excluded: Collection = ()
) -> Decimal:
    """Σ weight × attainment, to 0.01. The indicators ``excluded`` for the zone (no data, and the city decided
    not to score them) are left out and the others' weights re-normalised to 100: Σ w × a × 100 ÷ Σ w. The
    services never score a zone with a value missing (不可评估); here a key absent from ``values`` scores 0."""
    counted = [i for i in indicators if i.key not in excluded]
    weights = sum((Decimal(i.weight) for i in counted), Decimal(0))
    if weights <= 0:
        raise ValueError("no indicator left to score")
    total = sum(
        (Decimal(i.weight) * attainment(values[i.key], i.target) for i in counted if i.key in values),
        Decimal(0),
    )
    if weights != HUNDRED:  # re-normalised (with nothing excluded the weights are 100: the sum as it is)
        total = total * HUNDRED / weights
    return min(HUNDRED, total.quantize(CENT, rounding=ROUND_HALF_UP))


def renormalised(indicators: Sequence[Weighted], excluded: Collection = ()) -> dict[object, Decimal]:
    """The weights the score counts once ``excluded`` are left out: each weight × 100 ÷ the weights left, to
    0.01 (shown beside the result; ``score`` computes from the exact fractions)."""
    counted = [i for i in indicators if i.key not in excluded]
    weights = sum((Decimal(i.weight) for i in counted), Decimal(0))
    return {
        i.key: (Decimal(i.weight) * HUNDRED / weights).quantize(CENT, rounding=ROUND_HALF_UP) for i in counted
    }


def ranks(scores: Mapping[object, Decimal]) -> dict[object, int]:
    """Competition ranking (1, 2, 2, 4): a higher score is a better (smaller) rank."""
    ordered = sorted(scores.values(), reverse=True)
    return {k: ordered.index(v) + 1 for k, v in scores.items()}


def pool(full_pool_fen: int, score_value: Decimal) -> int:
    """The zone's pay pool for a score: full pool × score ÷ 100, rounded down to the fen."""
    if full_pool_fen < 0:
        raise ValueError("negative pool")
    s = min(HUNDRED, max(Decimal(0), Decimal(score_value)))
    return int((Decimal(full_pool_fen) * s / HUNDRED).to_integral_value(ROUND_DOWN))
