"""The API's shapes of 大招商: rows out (explicit fields), bodies in, the funnel and the leaderboard."""

import datetime as dt
from decimal import Decimal

from ninja import ModelSchema, Schema

from devzone.core.schemas import Day
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead, LeadLog


class TeamOut(ModelSchema):
    class Meta:
        model = InvestmentTeam
        fields = ["id", "zone", "name", "region", "station_city", "is_active"]


class LeadOut(ModelSchema):
    class Meta:
        model = Lead
        fields = [
            "id",
            "zone",
            "enterprise",
            "company_name",
            "credit_code",
            "industry",
            "intended_investment",
            "source",
            "referrer",
            "team",
            "owner",
            "stage",
            "unaware_on",
            "aware_on",
            "attentive_on",
            "invited_on",
            "negotiating_on",
            "signed_on",
            "landed_on",
            "kept_on",
            "created_on",
            "fits",
            "exception_on",
            "lost_on",
            "lost_reason",
            "is_local",
            "is_stale",
            "is_active",
            "last_activity_on",
            "version",
        ]


class LeadIn(Schema):
    company_name: str
    industry: str
    source: str
    team: int
    credit_code: str = ""
    intended_investment: Decimal | None = None
    referrer: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_local: bool = False
    owner: int | None = None
    stage: str = "unaware"
    on: Day | None = None
    note: str = ""
    activity: int | None = None


class DuplicateOut(Schema):
    status: int
    title: str
    existing: int
    by: str


class MoveIn(Schema):
    target: str
    on: Day
    skipped_dates: dict[str, Day] = {}
    reason: str = ""
    note: str = ""
    version: int | None = None


class LeadReasonIn(Schema):
    reason: str
    version: int | None = None


class AssignIn(Schema):
    owner: int | None = None
    version: int | None = None


class RecordIn(Schema):
    kind: str
    text: str
    on: Day | None = None


class LogOut(ModelSchema):
    class Meta:
        model = LeadLog
        fields = ["id", "kind", "on", "from_stage", "to_stage", "text", "actor_label"]


class ActivityOut(ModelSchema):
    leads: list[int]

    class Meta:
        model = Activity
        fields = ["id", "zone", "team", "kind", "title", "on", "end_on", "place", "content"]

    @staticmethod
    def resolve_leads(obj):
        return [x.pk for x in obj.leads.all()]


class ActivityIn(Schema):
    team: int
    kind: str
    title: str
    on: Day
    end_on: Day | None = None
    place: str = ""
    content: str = ""
    leads: list[int] = []


class ContractOut(ModelSchema):
    intensity: Decimal | None = None

    class Meta:
        model = Contract
        fields = [
            "id",
            "zone",
            "lead",
            "enterprise",
            "project",
            "team",
            "owner",
            "kind",
            "project_name",
            "contract_investment",
            "land_mu",
            "expected_output",
            "expected_tax",
            "signed_on",
            "groundbreaking_due",
            "groundbreaking_on",
            "production_on",
            "funds_arrived",
            "counts_as_project",
            "counted_investment",
            "excluded_reason",
        ]

    @staticmethod
    def resolve_intensity(obj):
        return obj.intensity


class ContractIn(Schema):
    lead: int
    project_name: str
    contract_investment: Decimal
    signed_on: Day
    kind: str = "new"
    project: int | None = None
    land_mu: Decimal | None = None
    expected_output: Decimal | None = None
    expected_tax: Decimal | None = None
    groundbreaking_due: Day | None = None
    credit_code: str = ""
    reason: str = ""


class FundsIn(Schema):
    funds_arrived: Decimal


class StageRowOut(Schema):
    stage: str
    reached: int
    conversion: float | None
    overall: float | None
    avg_days: float | None


class FunnelGroupOut(Schema):
    key: str
    label: str
    leads: int
    rows: list[StageRowOut]


class FunnelOut(Schema):
    zone: int
    leads: int
    lost: int
    rows: list[StageRowOut]
    groups: list[FunnelGroupOut]


class BoardRowOut(Schema):
    rank: int
    key: int | None
    label: str
    total: Decimal
    values: dict[str, Decimal]
    scores: dict[str, Decimal]


class BoardOut(Schema):
    zone: int
    period: str
    start: dt.date
    end: dt.date
    label: str
    rows: list[BoardRowOut]


class FiguresOut(Schema):
    zone: int
    start: dt.date
    end: dt.date
    signed: int
    investment: Decimal
    over_1_yi: int
    over_10_yi: int
    big: list[str]
