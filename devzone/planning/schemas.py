from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from devzone.core.choices import ZoneLevel
from devzone.core.schemas import BigCount, Date, Day, Id, IndustryCode, Money, Percent, Text, Text2000, Year
from devzone.planning.choices import Metric, Source

MetricCode = Literal[tuple(Metric.values)]  # type: ignore[valid-type]
SourceCode = Literal[tuple(Source.values)]  # type: ignore[valid-type]
ZoneLevelCode = Literal[tuple(ZoneLevel.values)]  # type: ignore[valid-type]


class TargetIO(Schema):
    year: Year
    metric: MetricCode
    target: Money
    owner: Annotated[Text, Field(max_length=60)] = ""
    done: Money = Decimal(0)
    # read only: the cumulative completion at the end of each quarter (null: not reported); set by /progress
    quarters: list[Money | None] = []


class PlanningProgressIn(Schema):
    quarter: int = Field(ge=1, le=4)
    done: Money


class PlanningTargetOut(TargetIO):
    id: int


class IndustryPlanIn(Schema):
    zone: Id
    start_year: Year
    end_year: Year
    # 2–3 leading industries, each once
    industries: list[IndustryCode] = Field(
        min_length=2, max_length=3, json_schema_extra={"uniqueItems": True}
    )
    chain_note: Text2000 = ""
    targets: list[TargetIO] = []
    version: int | None = None


class IndustryPlanOut(Schema):
    id: int
    zone: int
    zone_name: str
    start_year: int
    end_year: int
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


class AssessmentSchemeOut(Schema):
    id: int
    year: int
    category: str
    name: str
    full_pool_fen: int
    basis: str
    indicators: list[IndicatorIO]


class EnteredIn(Schema):
    indicator: int
    value: str
    evidence: str = ""


class AssessmentScoreIn(Schema):
    zone: int
    quarter: int = 0
    entered: list[EnteredIn] = []


class PublishIn(Schema):
    quarter: int = 0


class AssessmentOut(Schema):
    id: int
    scheme: int
    zone: int
    zone_name: str
    year: int
    quarter: int
    score: Decimal | None
    rank: int | None
    pool_fen: int | None
    status: str


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
    zone: int
    name: str
    function: str = "other"
    staff: int = 0
    established_on: Date
    established_doc: str
    department: int | None = None


class BodyAbolishIn(Schema):
    on: Day
    document: str
    version: int | None = None


class BodyMergeIn(BodyAbolishIn):
    into: int


class InstitutionReformIn(Schema):
    reform_on: Day
    document: str


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
    reported_change: str
    share_before: Decimal | None
    share_after: Decimal | None
    share_rise: Decimal | None
    reported_rise: str
    zones: list[ZoneInstitutionCountOut]


class ContractIO(Schema):
    contract_no: str = ""
    starts_on: Date | None = None
    ends_on: Date | None = None
    responsibilities: str = ""


class ZonePartyIn(ContractIO):
    zone: int
    name: str
    role: str
    credit_code: str = ""


class ZonePartyOut(ZonePartyIn):
    id: int
    contract_file: str


class ParkIn(ContractIO):
    zone: int
    name: str
    kind: str = "zone_park"
    parent: int | None = None
    operator: str


class ParkOut(ParkIn):
    id: int
    contract_file: str
