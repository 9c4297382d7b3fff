"""The counting rules of the internal competition: what a signed contract adds to the leaderboard. Plain
Python; the zone configures the rules (``InvestmentSettings``), the defaults are those documented in
docs/investment.md.

- A project counts once, at its first signing: a later contract of the same project adds no project.
- A capital increase counts only the increment (the contract's amount is the increment).
- Local investors and excluded kinds (by industry section or division, e.g. real estate) count nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rules:
    count_first_signing_only: bool = True
    increase_counts_increment: bool = True
    exclude_local: bool = True
    excluded_industries: tuple[str, ...] = ("K", "70")


@dataclass(frozen=True)
class Counted:
    counts_as_project: bool
    counted_investment: Decimal
    excluded_reason: str


def count(
    *,
    amount: Decimal,
    kind: str,
    project_signed_before: bool,
    project_investment_before: Decimal,
    is_local: bool,
    division: str,
    section: str,
    rules: Rules,
) -> Counted:
    """What one contract counts. ``amount`` is the contract's investment; for a capital increase it is the
    increment over the project's earlier investment (``project_investment_before``) unless the rules say to
    count the whole new total."""
    if rules.exclude_local and is_local:
        return Counted(False, Decimal(0), "本地投资者")
    excluded = set(rules.excluded_industries)
    if division in excluded or section in excluded:
        return Counted(False, Decimal(0), "不计入的行业")
    if kind == "increase":
        counted = amount if rules.increase_counts_increment else amount + project_investment_before
        return Counted(not project_signed_before, counted, "")
    if project_signed_before and rules.count_first_signing_only:
        return Counted(False, Decimal(0), "项目已签约计数（重复签约）")
    return Counted(True, amount, "")
