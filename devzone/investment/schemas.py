"""The API's shapes of 大招商: rows out (explicit fields), bodies in, the funnel and the leaderboard."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import ModelSchema, Schema
from pydantic import Field

from devzone.core.schemas import Day, Flag, Id, Name, Text, Text2000, Version, Wan, decimal
from devzone.investment.choices import ActivityKind, ContractKind, Source, Stage
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead, LeadLog
from devzone.investment.services.leads import FOLLOW_KINDS, INITIAL_STAGES

# A GB/T 4754 division (大类), two digits.
IndustryDivision = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
# A contract's amount: more than zero (``Contract.contract_investment``), at most ``MAX_AMOUNT_WAN``.
POSITIVE_WAN_TEXT = r"^(100000000(\.00?)?|[1-9][0-9]{0,7}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$"
PositiveWan = decimal(whole=9, places=2, ge="0.01", le=100000000, pattern=POSITIVE_WAN_TEXT)
# Planned land (亩): NUMERIC(10, 2), 0–100,000.
MU_TEXT = r"^(100000(\.00?)?|[0-9]{1,5}(\.[0-9]{1,2})?)$"
LandMu = decimal(whole=6, places=2, le=100000, pattern=MU_TEXT)
StageCode = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
InitialStage = Literal[tuple(str(s) for s in INITIAL_STAGES)]  # type: ignore[valid-type]
SourceCode = Literal[tuple(Source.values)]  # type: ignore[valid-type]


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
    company_name: Name(100)
    industry: IndustryDivision
    source: SourceCode
    team: Id
    credit_code: Annotated[Text, Field(max_length=18)] = ""
    intended_investment: Wan | None = None
    referrer: Annotated[Text, Field(max_length=60)] = ""
    contact_name: Annotated[Text, Field(max_length=30)] = ""
    contact_phone: Annotated[Text, Field(max_length=20)] = ""
    is_local: Flag = False
    owner: Id | None = None
    stage: InitialStage = Stage.UNAWARE.value
    on: Day | None = None
    note: Text2000 = ""
    activity: Id | None = None


class DuplicateOut(Schema):
    status: int
    title: str
    existing: int
    by: str


class MoveIn(Schema):
    target: StageCode
    on: Day
    skipped_dates: dict[StageCode, Day] = {}
    reason: Text = ""
    note: Text2000 = ""
    version: Version | None = None


class LeadReasonIn(Schema):
    reason: Name(200)
    version: Version | None = None


class AssignIn(Schema):
    owner: Id | None = None
    version: Version | None = None


class RecordIn(Schema):
    kind: Literal[tuple(str(k) for k in FOLLOW_KINDS)]  # type: ignore[valid-type]
    text: Name(2000)
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
    team: Id
    kind: Literal[tuple(ActivityKind.values)]  # type: ignore[valid-type]
    title: Name(100)
    on: Day
    end_on: Day | None = None
    place: Annotated[Text, Field(max_length=100)] = ""
    content: Text2000 = ""
    leads: list[Id] = []


class ContractOut(ModelSchema):
    intensity: Decimal | None = None
    # ``excluded_reason`` as stored (the counting rules' own text, in Chinese); this, in the reader's language
    excluded_reason_label: str = ""

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

    @staticmethod
    def resolve_excluded_reason_label(obj):
        return obj.shown_reason


class ContractIn(Schema):
    lead: Id
    # the lead's ``version`` as the client read it: the same signing sent twice is refused (409), not signed twice
    version: Version
    project_name: Name(100)
    contract_investment: PositiveWan
    signed_on: Day
    kind: Literal[tuple(ContractKind.values)] = ContractKind.NEW.value  # type: ignore[valid-type]
    project: Id | None = None
    land_mu: LandMu | None = None
    expected_output: Wan | None = None
    expected_tax: Wan | None = None
    groundbreaking_due: Day | None = None
    credit_code: Annotated[Text, Field(max_length=18)] = ""
    reason: Text = ""


class FundsIn(Schema):
    funds_arrived: Wan
    # the contract's funds_arrived as read: another figure recorded meanwhile is 409, nothing changed
    seen_funds_arrived: Wan | None = Field(
        None,
        description="The contract's funds_arrived as read (ContractOut.funds_arrived): when the contract records "
        "other funds now, 409 and nothing changed; omitted: not checked",
    )


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
