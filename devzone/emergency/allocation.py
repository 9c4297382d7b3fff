"""The allocation rule of 应急保障, as pure functions: scarce stock is shared among the enterprises' needs by
priority class, highest class first; inside the class that runs short, in proportion to each need, rounded to
whole units by the largest-remainder (Hamilton) method so that the shares add up exactly to the stock.

Guarantees (property-tested in tests/test_allocation.py):

- the shares add up to ``min(stock, total need)``;
- no share exceeds its need, none is negative;
- a class gets anything only when every higher class is fully served;
- ties are decided deterministically: among equal remainders, the larger need first, then the smaller key
  (the need's id, i.e. the earlier submission).

Known limit (kept on purpose, tested as an example): the method is not house-monotone (the Alabama paradox).
Offering one more unit can take a unit from a firm — needs 1, 3, 3: three units give 1, 1, 1, four give 0, 2, 2 —
and one run of n + 1 units can differ from a run of n and one of 1. Each share stays within one unit of its exact
proportional share, so one more unit offered never takes more than one unit from a firm.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE = (
    "按优先级从高到低依次满足；库存不足的那一级按需求量比例分配，取整采用最大余额法"
    "（余数相同时需求量大者优先，再按提交先后），分配量不超过需求量，合计等于min(库存, 需求总量)"
)


@dataclass(frozen=True)
class Claim:
    key: int  # the need's id
    rank: int  # the priority class: 0 is served first
    need: int  # units still wanted (> 0)


def share(stock: int, needs: list[tuple[int, int]]) -> dict[int, int]:
    """One class: ``needs`` as (key, need); ``stock`` < total need. Largest remainder, ties as documented."""
    total = sum(n for _, n in needs)
    if total <= stock:
        return {k: n for k, n in needs}
    out = {k: stock * n // total for k, n in needs}
    left = stock - sum(out.values())
    order = sorted(needs, key=lambda kn: (-(stock * kn[1] % total), -kn[1], kn[0]))
    for k, _n in order[:left]:
        out[k] += 1
    return out


def allocate(stock: int, claims: list[Claim]) -> dict[int, int]:
    """Every claim's units (0 included) from ``stock`` units, by the rule above."""
    if stock < 0:
        raise ValueError("stock must not be negative")
    if any(c.need <= 0 for c in claims):
        raise ValueError("every need must be positive")
    if len({c.key for c in claims}) != len(claims):
        raise ValueError("keys must be unique")
    out = {c.key: 0 for c in claims}
    left = stock
    for rank in sorted({c.rank for c in claims}):
        if left <= 0:
            break
        got = share(left, [(c.key, c.need) for c in claims if c.rank == rank])
        out.update(got)
        left -= sum(got.values())
    return out
