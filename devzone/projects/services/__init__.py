"""Every write of the key-project module (one transaction each, permission first, audit event)."""

from devzone.projects.services.agents import (
    agent_assign,
    cadence_set,
    visit_photo_add,
    visit_record,
    visit_reminder_scan,
)
from devzone.projects.services.problems import (
    escalation_scan,
    may_work_on,
    problem_note_add,
    problem_raise,
    problem_resolve,
)
from devzone.projects.services.timetable import (
    ensure_template,
    handover_to_build,
    investment_month_record,
    investment_plan_set,
    milestone_record,
    milestones_on_approval_granted,
    refresh_status,
    refresh_statuses,
    rules_update,
    template_step_update,
)

__all__ = [
    "agent_assign",
    "cadence_set",
    "ensure_template",
    "escalation_scan",
    "handover_to_build",
    "investment_month_record",
    "investment_plan_set",
    "milestone_record",
    "milestones_on_approval_granted",
    "may_work_on",
    "problem_note_add",
    "problem_raise",
    "problem_resolve",
    "refresh_status",
    "refresh_statuses",
    "rules_update",
    "template_step_update",
    "visit_photo_add",
    "visit_record",
    "visit_reminder_scan",
]
