"""The bodies and answers of the key-project API (shared types from ``devzone.core.schemas``)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from devzone.core.schemas import Day, Id, Name, Text, Text2000, Version, Versioned, Wan, decimal, whole
from devzone.projects.choices import Colour, ProblemCategory, ProblemStatus, ProjectType
from devzone.projects.services.problems import MAX_DEADLINE_WORKDAYS
from devzone.projects.wording import REASON_CODES

# Percentage points of the status rules (NUMERIC(5, 1), 0–100).
POINTS_TEXT = r"^(100(\.0)?|[0-9]{1,2}(\.[0-9])?)$"
Points = decimal(whole=3, places=1, le=100, pattern=POINTS_TEXT)
ProjectTypeCode = Literal[tuple(ProjectType.values)]  # type: ignore[valid-type]
ColourCode = Literal[tuple(Colour.values)]  # type: ignore[valid-type]
# The problem list's status filter (``filters.ProblemFilter``): a state, or overdue / escalated.
ProblemStatusFilter = Literal[(*ProblemStatus.values, "overdue", "escalated")]  # type: ignore[valid-type]
ProblemCategoryCode = Literal[tuple(ProblemCategory.values)]  # type: ignore[valid-type]
ReasonCode = Literal[REASON_CODES]  # type: ignore[valid-type]
# Working days of a visit cadence (the model's 1–120).
CadenceWorkdays = whole(1, 120)
# The version a change of a key project sends back.
KeyVersion = Annotated[
    Version,
    Field(
        description="The key project's version as read (KeyProjectOut.version, InvestmentOut.version): 409, "
        "nothing changed, when what the operation changes (the agent, the cadence, that year's plan, that month's "
        "figure) was changed after it; another of these changes meanwhile is no conflict"
    ),
]


class StatusReasonOut(Schema):
    code: ReasonCode = Field(
        description="late_start: the start is overdue (months); behind: behind the year's 序时进度 (points); "
        "recovering: caught up after red, yellow during the observation period; other: words the status "
        "computation did not write (text as stored)"
    )
    months: int | None = None  # late_start: months past the planned start
    points: Decimal | None = None  # behind: percentage points behind 序时进度
    text: str = Field(description="The part in the request's language")


class KeyProjectOut(Schema):
    project: int
    name: str
    enterprise: str
    status: str
    status_since: dt.date | None
    next_milestone: str = Field(
        description="The next open milestone's name in the request's language (a default step's translated, a "
        "zone's own step as named); empty when none is open"
    )
    next_milestone_code: str = Field(
        description="Its stable code (Milestone.code: signing, land, filing, eia, planning_permit, "
        "construction_permit, groundbreaking, statistics, structure_done, acceptance, production, efficacy, or a "
        "zone's own step code); empty when none is open"
    )
    next_milestone_on: dt.date | None
    # Internal (None for an enterprise user):
    status_reason: str | None = Field(
        None, description="Why the project has its colour, in the request's language (parts joined by ；/; )"
    )
    status_reasons: list[StatusReasonOut] | None = Field(
        None, description="The same reason as its parts, each with its stable code"
    )
    total_investment: Decimal | None = None
    area: str | None = None
    industry: str | None = None
    agent: int | None = None
    agent_name: str | None = None
    visit_cadence_workdays: int | None = None
    last_visit_on: dt.date | None = None
    next_visit_due: dt.date | None = None
    behind_points: Decimal | None = None
    version: int | None = Field(
        None,
        description="The key project's version: sent back with a change of its agent, cadence or investment",
    )


class MilestoneOut(Schema):
    id: int
    order: int
    code: str
    name: str = Field(
        description="In the request's language (a default step's translated, a zone's own as named)"
    )
    planned_on: dt.date
    actual_on: dt.date | None
    lateness_workdays: int
    approval_item_code: str
    version: int
    notes: str | None = None  # internal


class MilestoneIn(Versioned):
    actual_on: Day
    notes: Annotated[Text2000, Field(max_length=500)] = ""


class HandoverIn(Schema):
    project: Id
    agent: Id | None = None
    project_type: ProjectTypeCode = ProjectType.INDUSTRIAL.value


class AgentIn(Schema):
    agent: Id
    note: Text = ""
    version: KeyVersion


class CadenceIn(Schema):
    visit_cadence_workdays: CadenceWorkdays
    version: KeyVersion


class InvestmentPlanIn(Schema):
    planned_wan: Wan
    version: KeyVersion


class MonthIn(Schema):
    completed_wan: Wan
    version: KeyVersion


class InvestmentOut(Schema):
    plans: dict[int, Decimal]
    months: dict[str, Decimal]
    version: int = Field(description="The key project's version (to send back with the next change)")


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
    people_met: Name(200)
    findings: Name(2000)


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
    category: ProblemCategoryCode
    title: Name(120)
    description: Text2000 = ""
    department: Id | None = None
    owner: Id | None = None
    deadline_workdays: whole(1, MAX_DEADLINE_WORKDAYS) | None = None
    due_on: Day | None = Field(
        None,
        description=(
            f"办结期限: not before today (Beijing time), at most {MAX_DEADLINE_WORKDAYS} working days away; a "
            "date on a rest day (a weekend or a public holiday) moves to the next working day, never back. When "
            "given, deadline_workdays is not used"
        ),
    )
    visit: Id | None = None


class TextIn(Versioned):
    text: Name(2000)


class ResolveIn(Versioned):
    resolution: Name(2000)


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
    """Each field within the model's bounds (``ProjectRules``)."""

    start_yellow_months: whole(1, 24) | None = None
    start_red_months: whole(1, 36) | None = None
    behind_yellow_points: Points | None = None
    behind_red_points: Points | None = None
    recovery_months: whole(0, 12) | None = None
    visit_cadence_workdays: CadenceWorkdays | None = None
    problem_deadline_workdays: whole(1, 120) | None = None
    dispatch_weekday: whole(0, 6) | None = None
    dispatch_hour: whole(0, 23) | None = None
    version: Version | None = None


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
