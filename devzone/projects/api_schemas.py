"""The bodies and answers of the key-project API (shared types from ``devzone.core.schemas``)."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from devzone.core.schemas import Day, Id, Versioned
from devzone.projects.choices import ProjectType


class KeyProjectOut(Schema):
    project: int
    name: str
    enterprise: str
    status: str
    status_since: dt.date | None
    next_milestone: str
    next_milestone_on: dt.date | None
    # Internal (None for an enterprise user):
    status_reason: str | None = None
    total_investment: Decimal | None = None
    area: str | None = None
    industry: str | None = None
    agent: int | None = None
    agent_name: str | None = None
    visit_cadence_workdays: int | None = None
    last_visit_on: dt.date | None = None
    next_visit_due: dt.date | None = None
    behind_points: Decimal | None = None


class MilestoneOut(Schema):
    id: int
    order: int
    code: str
    name: str
    planned_on: dt.date
    actual_on: dt.date | None
    lateness_workdays: int
    approval_item_code: str
    version: int
    notes: str | None = None  # internal


class MilestoneIn(Versioned):
    actual_on: Day
    notes: str = ""


class HandoverIn(Schema):
    project: Id
    agent: Id | None = None
    project_type: str = ProjectType.INDUSTRIAL


class AgentIn(Schema):
    agent: Id
    note: str = ""


class CadenceIn(Schema):
    visit_cadence_workdays: int


class InvestmentPlanIn(Schema):
    planned_wan: Decimal


class MonthIn(Schema):
    completed_wan: Decimal


class InvestmentOut(Schema):
    plans: dict[int, Decimal]
    months: dict[str, Decimal]


class WorkloadOut(Schema):
    staff: int
    name: str
    department: str
    total: int
    red: int
    yellow: int
    visits_overdue: int
    problems_open: int
    problems_overdue: int


class VisitOut(Schema):
    id: int
    project: int
    visited_on: dt.date
    agent: int | None
    people_met: str
    findings: str
    photos: list[str]


class VisitIn(Schema):
    project: Id
    visited_on: Day
    people_met: str
    findings: str


class NoteOut(Schema):
    on: dt.date
    author: str
    text: str


class ProblemOut(Schema):
    id: int
    project: int
    project_name: str
    source: str
    category: str
    title: str
    description: str
    department: str
    owner: str
    raised_on: dt.date
    due_on: dt.date
    overdue: bool
    status: str
    resolution: str
    resolved_on: dt.date | None
    version: int
    escalated_on: dt.date | None = None  # internal
    notes: list[NoteOut] | None = None  # internal, on one problem


class ProblemIn(Schema):
    project: Id
    category: str
    title: str
    description: str = ""
    department: Id | None = None
    owner: Id | None = None
    deadline_workdays: int | None = None
    due_on: Day | None = None
    visit: Id | None = None


class TextIn(Versioned):
    text: str


class ResolveIn(Versioned):
    resolution: str


class CategoryCount(Schema):
    code: str
    label: str
    solved: int
    open: int


class MonthCount(Schema):
    month: str
    solved: int


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    solved: int
    open: int
    categories: list[CategoryCount]
    months: list[MonthCount]


class DispatchOut(Schema):
    id: int
    zone: int
    week_start: dt.date
    number: int
    title: str
    issued_at: dt.datetime
    automatic: bool
    docx_url: str


class DispatchDetailOut(DispatchOut):
    content: dict


class RulesOut(Schema):
    start_yellow_months: int
    start_red_months: int
    behind_yellow_points: Decimal
    behind_red_points: Decimal
    recovery_months: int
    visit_cadence_workdays: int
    problem_deadline_workdays: int
    dispatch_weekday: int
    dispatch_hour: int
    version: int


class RulesIn(Schema):
    start_yellow_months: int | None = None
    start_red_months: int | None = None
    behind_yellow_points: Decimal | None = None
    behind_red_points: Decimal | None = None
    recovery_months: int | None = None
    visit_cadence_workdays: int | None = None
    problem_deadline_workdays: int | None = None
    dispatch_weekday: int | None = None
    dispatch_hour: int | None = None
    version: int | None = None


class StepOut(Schema):
    order: int
    code: str
    name: str
    offset_workdays: int
    approval_item_code: str


class TemplateOut(Schema):
    project_type: str
    name: str
    steps: list[StepOut]
