"""大招商: stationed teams, the lead funnel, activities, contracts, the zone's rules, and the funnel counters
that keep the analytics fast at 200,000 leads. By concept: ``teams`` (teams, members, targets, rules and the
team scoping), ``leads`` (leads, their timeline, the funnel counters), ``work`` (activities, contracts)."""

from devzone.investment.models.leads import FunnelCell, Lead, LeadLog, LeadQuerySet, section_of
from devzone.investment.models.teams import (
    InvestmentSettings,
    InvestmentTeam,
    TeamMember,
    TeamScopedQuerySet,
    TeamTarget,
    default_excluded,
    default_stale_limits,
    default_weights,
)
from devzone.investment.models.work import Activity, ActivityQuerySet, Contract, ContractQuerySet

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "Contract",
    "ContractQuerySet",
    "FunnelCell",
    "InvestmentSettings",
    "InvestmentTeam",
    "Lead",
    "LeadLog",
    "LeadQuerySet",
    "TeamMember",
    "TeamScopedQuerySet",
    "TeamTarget",
    "default_excluded",
    "default_stale_limits",
    "default_weights",
    "section_of",
]
