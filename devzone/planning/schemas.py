from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from devzone.core.choices import ZoneLevel
from devzone.core.schemas import (
    BigCount,
    CreditCode,
    Date,
    Day,
    Id,
    IndustryCode,
    LongText,
    Money,
    Name,
    Percent,
    Quarter,
    Text,
    Text2000,
    Version,
    Year,
    whole,
)
from devzone.planning.choices import Metric, ParkKind, PartyRole, Source, StaffFunction

MetricCode = Literal[tuple(Metric.values)]  # type: ignore[valid-type]
SourceCode = Literal[tuple(Source.values)]  # type: ignore[valid-type]
ZoneLevelCode = Literal[tuple(ZoneLevel.values)]  # type: ignore[valid-type]
# An assessment's period: 0 the year, 1–4 a quarter (``services.zone_score``).
Period = whole(0, 4)
# A document number (决定文号, 设立文号), as ``institutions._doc`` takes it.
Document = Name(120)


class TargetIO(Schema):
    year: Year
    metric: MetricCode
    target: Money
    owner: Annotated[Text, Field(max_length=60)] = ""
    done: Money = Decimal(0)
    # read only: the cumulative completion at the end of each quarter (null: not reported); set by /progress
    quarters: list[Money | None] = []


class PlanningProgressIn(Schema):
    quarter: Quarter
    done: Money


class PlanningTargetOut(TargetIO):
    id: int


class IndustryPlanIn(Schema):
    zone: Id
    start_year: Year
    end_year: Year
    # 批复生效之日, within the period: the annual tasks' 序时进度 runs from it (null: 1 January of start_year)
    effective_on: Day | None = None
    # 2–3 leading industries, each once
    industries: list[IndustryCode] = Field(
        min_length=2, max_length=3, json_schema_extra={"uniqueItems": True}
    )
    chain_note: Text2000 = ""
    targets: list[TargetIO] = []
    # the plan's ``version`` as read: required to change the zone's plan starting ``start_year`` (none, or a
    # stale one: 409), as ``POST /schemes`` requires it of an existing scheme; a new plan needs none
    version: Version | None = None


class IndustryPlanOut(Schema):
    id: int
    zone: int
    zone_name: str
    start_year: int
    end_year: int
    effective_on: dt.date | None
    industries: list[str]
    chain_note: str
    targets: list[TargetIO]
    version: int


class OverlapOut(Schema):
    industry: str
    zones: list[int]


class MapOut(Schema):
    overlaps: list[OverlapOut]
    gaps: list[int]


class IndicatorIO(Schema):
    name: Annotated[Text, Field(max_length=60)]
    weight: Percent
    target: Money
    source: SourceCode


class AssessmentSchemeIn(Schema):
    year: Year
    category: ZoneLevelCode
    name: Annotated[Text, Field(max_length=80)]
    full_pool_fen: BigCount
    basis: Annotated[Text, Field(max_length=120)] = ""
    indicators: list[IndicatorIO] = Field(min_length=1)
    # the version of the year's and category's scheme as read (its ``version``): changing an existing scheme
    # without it, or with a stale one, is 409
    version: Version | None = None


class AssessmentSchemeOut(Schema):
    id: int
    year: int
    category: str
    name: str
    full_pool_fen: int
    basis: str
    indicators: list[IndicatorIO]
    version: int


class EnteredIn(Schema):
    indicator: Id
    value: Money  # IndicatorValue.value, NUMERIC(14, 2), not negative
    evidence: Text = ""  # required by the service for an entered indicator (200, its column)


class AssessmentScoreIn(Schema):
    zone: Id
    quarter: Period = 0
    entered: list[EnteredIn] = []


class ZoneExcludeIn(Schema):
    """A zone left out of a period's assessment by the city, with the written reason (kept in the audit trail);
    scoring the zone before publication takes it back in."""

    zone: Id
    quarter: Period = 0
    reason: Name(200)  # type: ignore[valid-type]


class PublishIn(Schema):
    quarter: Period = 0


class ValueResolveIn(Schema):
    """A computed indicator the platform has no data for, resolved for one zone's draft result: its value entered
    by hand with the value's source in ``evidence``, or ``exclude`` with the reason in ``evidence`` (the other
    indicators' weights re-normalised to 100)."""

    indicator: Id
    exclude: bool = False
    value: Money | None = None  # required unless ``exclude``
    evidence: Text = ""  # the value's source, or the reason for excluding: required
    version: Version | None = None  # the assessment's ``version`` as read (a stale one: 409)


class AssessmentValueOut(Schema):
    indicator: int
    name: str
    kind: str  # platform | entered | manual | excluded | missing (不可评估: no data, no value)
    value: Decimal | None
    evidence: str


class AssessmentOut(Schema):
    id: int
    scheme: int
    zone: int
    zone_name: str
    year: int
    quarter: int
    score: Decimal | None  # None while an indicator is 不可评估 (``values`` of kind ``missing``)
    rank: int | None
    pool_fen: int | None
    status: str
    excluded_reason: str  # why the city left the zone out of the period (``status`` ``excluded``)
    version: int
    values: list[AssessmentValueOut]


class PublishedOut(Schema):
    published: int


# --- 机构改革 and 管委会+公司 ---


class InternalBodyOut(Schema):
    id: int
    zone: int
    name: str
    department: int | None
    function: str
    staff: int
    established_on: dt.date
    established_doc: str
    end: str
    ended_on: dt.date | None
    ended_doc: str
    merged_into: int | None
    version: int


class InternalBodyIn(Schema):
    zone: Id
    name: Name(60)
    function: Literal[tuple(StaffFunction.values)] = StaffFunction.OTHER.value  # type: ignore[valid-type]
    staff: whole(0, 10000) = 0
    established_on: Date
    established_doc: Document
    department: Id | None = None


class BodyAbolishIn(Schema):
    on: Day
    document: Document
    version: Version | None = None


class BodyMergeIn(BodyAbolishIn):
    into: Id


class InstitutionReformIn(Schema):
    reform_on: Day
    document: Document


class ZoneInstitutionCountOut(Schema):
    zone: int
    zone_name: str
    reform_on: dt.date | None
    document: str
    before: int | None
    after: int | None
    change_percent: Decimal | None
    share_before: Decimal | None
    share_after: Decimal | None
    share_rise: Decimal | None


class InstitutionCountsOut(Schema):
    before: int | None
    after: int | None
    change_percent: Decimal | None
    # what the caller's city's reports printed ("" for a city whose reports printed none), and the document
    reported_change: str
    reported_source: str
    share_before: Decimal | None
    share_after: Decimal | None
    share_rise: Decimal | None
    reported_rise: str
    zones: list[ZoneInstitutionCountOut]


class ContractIO(Schema):
    contract_no: Annotated[Text, Field(max_length=60)] = ""
    starts_on: Date | None = None
    ends_on: Date | None = None
    responsibilities: Annotated[LongText, Field(max_length=4000)] = ""


class ZonePartyIn(ContractIO):
    zone: Id
    name: Name(100)
    role: Literal[tuple(PartyRole.values)]  # type: ignore[valid-type]
    credit_code: CreditCode = ""  # 统一社会信用代码 (GB 32100, check characters verified), or empty
    # the party's ``version`` as read: required to change a registered party (none: 409; a stale one: 409)
    version: Version | None = None


class ZonePartyOut(ZonePartyIn):
    id: int
    contract_file: str
    version: int


class ParkIn(ContractIO):
    zone: Id
    name: Name(60)
    kind: Literal[tuple(ParkKind.values)] = ParkKind.ZONE_PARK.value  # type: ignore[valid-type]
    parent: Id | None = None
    operator: Name(100)
    # the park's ``version`` as read: required to change a registered park (none: 409; a stale one: 409)
    version: Version | None = None


class ParkOut(ParkIn):
    id: int
    contract_file: str
    version: int
