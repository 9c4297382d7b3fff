"""Every write of 大招商: one transaction each, the permission and state checked first, the audit event and the
funnel counters in the same transaction, a Chinese message on bad input. By concept: ``leads`` (registration,
edits, owner, records, exceptions, merges), ``stages`` (the funnel's moves), ``activities``, ``contracts``,
``rules`` (the zone's leading industries), ``teams``; ``common`` holds what they share."""

from devzone.investment.services.activities import activity_create
from devzone.investment.services.common import (
    DuplicateLead,
    find_duplicate,
    leading_codes,
    settings_for,
)
from devzone.investment.services.contracts import contract_record_funds, contract_sign, funds_note
from devzone.investment.services.leads import (
    EDITABLE,
    INITIAL_STAGES,
    lead_absorb,
    lead_approve_exception,
    lead_assign,
    lead_create,
    lead_merge,
    lead_record,
    lead_request_exception,
    lead_update,
)
from devzone.investment.services.rules import refit_if_changed, refit_zone, zone_set_leading_industries
from devzone.investment.services.stages import (
    LEAD_MOVES,
    MANUAL_TARGETS,
    lead_lose,
    lead_move,
    lead_reopen,
    on_milestone_reached,
)
from devzone.investment.services.teams import settings_save, team_add, team_save

__all__ = [
    "EDITABLE",
    "INITIAL_STAGES",
    "LEAD_MOVES",
    "MANUAL_TARGETS",
    "DuplicateLead",
    "activity_create",
    "contract_record_funds",
    "contract_sign",
    "funds_note",
    "find_duplicate",
    "lead_absorb",
    "lead_approve_exception",
    "lead_assign",
    "lead_create",
    "lead_lose",
    "lead_merge",
    "lead_move",
    "lead_record",
    "lead_reopen",
    "lead_request_exception",
    "lead_update",
    "leading_codes",
    "on_milestone_reached",
    "refit_if_changed",
    "refit_zone",
    "settings_for",
    "settings_save",
    "team_add",
    "team_save",
    "zone_set_leading_industries",
]
