from __future__ import annotations

from decimal import Decimal

from ninja import Schema


class TargetIO(Schema):
    year: int
    metric: str
    target: Decimal
    owner: str = ""
    done: Decimal = Decimal(0)


class IndustryPlanIn(Schema):
    zone: int
    start_year: int
    end_year: int
    industries: list[str]
    chain_note: str = ""
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
    name: str
    weight: Decimal
    target: Decimal
    source: str


class AssessmentSchemeIn(Schema):
    year: int
    category: str
    name: str
    full_pool_fen: int
    basis: str = ""
    indicators: list[IndicatorIO]


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
