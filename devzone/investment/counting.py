"""The counting rules of the internal competition: what a signed contract adds to the leaderboard. Plain
Python; the zone configures the rules (``InvestmentSettings``), the defaults are those documented in
docs/investment.md.

- A project counts once, in the period of its first signing: a later contract of the same project (the formal
  contract after a framework agreement) adds no project, and its binding amount replaces the amount counted at
  the first signing (``restates_first``), in the first signing's period.
- A capital increase counts only the increment (the contract's amount is the increment), never as a signing or
  a new project — also when the project had no earlier contract.
- Local investors and excluded kinds (by industry section or division, e.g. real estate) count nothing: no
  project, no investment, no funds arrived."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The reasons are stored on the contract (``excluded_reason``) with the decision, and the figures read them back:
# a contract stored with one of ``COUNTS_NOTHING`` adds nothing at all, not even the funds that arrived on it
# (``selectors.FUNDS_COUNTED``). Changing a text here needs a data migration of the stored contracts.
LOCAL = "本地投资者"
EXCLUDED_KIND = "不计入的行业"
COUNTS_NOTHING = (LOCAL, EXCLUDED_KIND)
RESTATED = "同一项目再次签约：首次签约已计数，金额以本合同为准"


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
    restates_first: bool = False  # the first signing's counted amount becomes this contract's amount


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
        return Counted(False, Decimal(0), LOCAL)
    excluded = set(rules.excluded_industries)
    if division in excluded or section in excluded:
        return Counted(False, Decimal(0), EXCLUDED_KIND)
    if kind == "increase":
        counted = amount if rules.increase_counts_increment else amount + project_investment_before
        return Counted(False, counted, "")
    if project_signed_before and rules.count_first_signing_only:
        return Counted(False, Decimal(0), RESTATED, restates_first=True)
    return Counted(True, amount, "")
