"""The performance API's schemas (``<Entity>Out``/``In``), on the shared types of ``core.schemas``."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer

from devzone.core.choices import Rank
from devzone.core.schemas import (
    Flag,
    Id,
    Name,
    Percent,
    Quarter,
    Text,
    Version,
    Versioned,
    Year,
    decimal,
    whole,
)
from devzone.performance.choices import COMPONENTS, AdjustmentKind, CoefficientMode, Grade, PoolScope
from devzone.performance.schemes import GRADE_KEYS, GUARANTEED_SHARE, MIN_SCORERS

__all__ = ["Versioned"]


class VersionRequired(Schema):
    """The body of a move that must not happen twice (advance, close_pay): the version of the round the caller
    read, required — a retry of the same request is then refused as stale (409) instead of moving the round a
    second step."""

    version: Version


# a score as a client sends it: a JSON number or a string (checked by the services: 0–100, two decimals)
ScoreValue = Annotated[str | int | float, Field(union_mode="left_to_right")]
# A department coefficient of a scheme (``schemes.validate_scheme``): 0.1–3, two decimals (NUMERIC(3, 2)).
COEFFICIENT_TEXT = r"^(3(\.00?)?|[12](\.[0-9]{1,2})?|0\.[1-9][0-9]?)$"
Coefficient = decimal(whole=1, places=2, ge="0.1", le=3, pattern=COEFFICIENT_TEXT)
# A count a PositiveSmallIntegerField holds.
SMALL = 32767
# The guaranteed share a scheme may set (``schemes.GUARANTEED_SHARE``: 70–90 %, two decimals).
GUARANTEED_TEXT = r"^(90(\.0{1,2})?|[78][0-9](\.[0-9]{1,2})?)$"
GuaranteedPercent = decimal(
    whole=2, places=2, ge=int(GUARANTEED_SHARE.low), le=int(GUARANTEED_SHARE.high), pattern=GUARANTEED_TEXT
)
# The JSON parts of a scheme (``schemes.validate_scheme`` checks them; the sums of 100 % and a proportions row
# for each coefficient are rules across values, which no schema states). Decimals are kept as text, as the
# defaults hold them (``models.default_bands``, ``default_factors``).
AS_TEXT = PlainSerializer(str, return_type=str)
CoefficientText = Annotated[Coefficient, AS_TEXT]
BandLow = Annotated[Percent, AS_TEXT]
GRADE_FACTOR_TEXT = r"^(5(\.00?)?|[1-4](\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$"
GradeFactor = Annotated[decimal(whole=1, places=2, ge="0.01", le=5, pattern=GRADE_FACTOR_TEXT), AS_TEXT]
GradeKey = Literal[GRADE_KEYS]  # type: ignore[valid-type]
Share = whole(0, 100)  # a percentage of a department's people, or a component's weight
# both kinds of department, each with all three components
Weights = Annotated[
    dict[
        Literal["service", "other"],
        Annotated[dict[Literal[tuple(COMPONENTS)], Share], Field(min_length=len(COMPONENTS))],  # type: ignore[misc]
    ],
    Field(min_length=2),
]
Bands = Annotated[list[tuple[BandLow, CoefficientText]], Field(min_length=1)]
Proportions = dict[
    Annotated[str, Field(pattern=COEFFICIENT_TEXT)],
    dict[Literal[(*GRADE_KEYS, "min_improve")], Share],  # type: ignore[misc]
]
GradeFactors = Annotated[dict[GradeKey, GradeFactor], Field(min_length=len(GRADE_KEYS))]
# The payroll month of an adjustment, “2027-01” (``settlement.parse_month``: 2000–2100, the month's 0 optional).
PAYROLL_MONTH = r"^(20[0-9]{2}|2100)-(0?[1-9]|1[0-2])$"
# A person's grade as a department head or a leader sends it; "" leaves it as it is.
GradeOrBlank = Literal[("", *Grade.values)]  # type: ignore[valid-type]


# An alias is where a value is read (a foreign key's id, the scheme's version); the published name stays the
# field's (an answer is written by name).
class SchemeOut(Schema):
    id: int
    zone: int = Field(alias="zone_id")
    version: int
    note: str
    weights: dict
    coefficient_mode: str
    bands: list
    floor_coefficient: Decimal
    proportions: dict
    min_improve_size: int
    small_excellent_from: Decimal | None
    small_excellent_min_size: int
    grade_factors: dict
    guaranteed_percent: Decimal
    pool_scope: str
    delegates_per_department: int
    delegate_min_rank: str
    min_ballots: int
    trim_above: int
    trim_count: int
    reject_uniform: bool
    improve_streak: int


class SchemeIn(Schema):
    """A new scheme version: the fields given override the current version; an unknown field is refused."""

    model_config = ConfigDict(extra="forbid")

    zone: Id
    note: Text = ""
    weights: Weights | None = None
    coefficient_mode: Literal[tuple(CoefficientMode.values)] | None = None  # type: ignore[valid-type]
    bands: Bands | None = None
    floor_coefficient: Coefficient | None = None
    proportions: Proportions | None = None
    min_improve_size: whole(0, SMALL) | None = None
    small_excellent_from: Coefficient | None = None
    small_excellent_min_size: whole(1, 999) | None = None
    grade_factors: GradeFactors | None = None
    guaranteed_percent: GuaranteedPercent | None = None
    pool_scope: Literal[tuple(PoolScope.values)] | None = None  # type: ignore[valid-type]
    delegates_per_department: whole(1, SMALL) | None = None
    delegate_min_rank: Literal[tuple(Rank.values)] | None = None  # type: ignore[valid-type]
    min_ballots: whole(MIN_SCORERS, SMALL) | None = None
    trim_above: whole(0, SMALL) | None = None
    trim_count: whole(0, SMALL) | None = None
    reject_uniform: Flag | None = None
    improve_streak: whole(0, SMALL) | None = None


class RoundOut(Schema):
    id: int
    zone: int = Field(alias="zone_id")
    year: int
    quarter: int
    scheme: int = Field(alias="scheme_id")
    scheme_version: int = Field(alias="scheme.version")
    status: str
    codes_issued: int
    ballots_cast: int
    # null while voting is open: only the ballots received are told until the box is opened
    ballots_invalid: int | None
    # the valid ballots of the round (never per department), null while voting is open
    ballots_valid: int | None
    voting_closed: bool
    # the box was opened short of valid ballots: that vote is void, new codes and a new vote are needed
    revote_required: bool
    published_at: dt.datetime | None
    pay_closed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_ballots_invalid(obj):
        return obj.ballots_invalid if obj.voting_closed else None

    @staticmethod
    def resolve_ballots_valid(obj):
        return obj.ballots_cast - obj.ballots_invalid if obj.voting_closed else None


class RoundIn(Schema):
    zone: Id
    year: Year
    quarter: Quarter


class SatisfactionIn(Schema):
    department: Id
    value: ScoreValue


class ScoresIn(Schema):
    scores: dict[str, ScoreValue]


class NominateIn(Schema):
    staff: Id


class CalibrateIn(Schema):
    department: Id
    coefficient: Coefficient  # one of the scheme's bands (the service says which)
    reason: Name(300)  # DepartmentResult.calibration_reason


class RoundReasonIn(Schema):
    reason: Name(2000)  # as the page's form takes it


class AdjustmentIn(Schema):
    """补发/扣回 of a closed quarter: amounts in 元 as a string or number (kept in fen); the month “2027-01”."""

    model_config = ConfigDict(extra="forbid")

    staff: Id
    kind: Literal[tuple(AdjustmentKind.values)]  # type: ignore[valid-type]
    amount_yuan: str | Decimal
    reason: Name(500)
    payroll_month: Annotated[str, Field(pattern=PAYROLL_MONTH)]
    # the round's version the client read (``GET /rounds/{id}``): the same request sent twice is refused (409)
    version: Version


class AdjustmentOut(Schema):
    id: int
    round: int = Field(alias="round_id")
    staff: int = Field(alias="staff_id")
    employee_no: str = Field(alias="staff.employee_no")
    name: str = Field(alias="staff.name")
    kind: str
    amount_fen: int
    signed_fen: int
    reason: str
    payroll_month: str
    created_by: str = Field(alias="recorded_by")
    created_at: dt.datetime

    @staticmethod
    def resolve_payroll_month(obj):
        return obj.payroll_month.strftime("%Y-%m")


class CodeOut(Schema):
    department: str
    code: str


class BallotIn(Schema):
    code: Annotated[str, Field(max_length=40)]
    scores: dict[str, ScoreValue]


class BallotOut(Schema):
    valid: bool


class ResultOut(Schema):
    department: int
    department_name: str
    department_type: str
    headcount: int
    satisfaction: Decimal | None = None
    # no ballot count per department: it would tell whose delegate cast the invalid ballot (RoundOut holds
    # the round's totals)
    democratic: Decimal | None = None
    leader: Decimal | None = None
    composite: Decimal | None = None
    rank: int | None = None
    computed_coefficient: Decimal | None = None
    coefficient: Decimal | None = None
    calibration_reason: str | None = None
    quota: dict | None = None


class GradeOut(Schema):
    id: int
    round: int
    staff: int
    staff_name: str
    department: int
    grade: str
    # moves on with every change of the grade (0 before the first): send it back in ``GradesIn.versions``
    version: int


class GradesIn(Schema):
    department: Id
    grades: dict[str, GradeOrBlank]  # staff id -> grade
    # staff id -> the version of their grade the client read (``GradeOut.version``; 0: not graded yet). When
    # given for a person, their grade changed since (an appeal decision, another grader) refuses the whole request
    # (409); a person missing here is not checked
    versions: dict[str, int] | None = None


class GradeAppealOut(Schema):
    id: int
    round: int
    grade: int
    staff_name: str
    reason: str
    status: str
    original_grade: str
    new_grade: str
    decision: str
    decided_at: dt.datetime | None
    # who decides the appeal: "zone_leader" (a leader of the zone other than the appellant), or "city_officer"
    # (the city's, when 回避 leaves the zone no other leader)
    decider: str


class GradeAppealIn(Schema):
    grade: Id
    reason: Name(2000)


class GradeAppealDecideIn(Schema):
    new_grade: GradeOrBlank = ""
    decision: Name(2000)  # as the page's form takes it


class PayLineOut(Schema):
    employee_no: str
    name: str
    department: str
    grade: str
    post_coefficient: Decimal
    department_coefficient: Decimal
    grade_factor: Decimal
    weight: Decimal
    monthly_standard_fen: int
    standard_fen: int
    guaranteed_fen: int
    withheld_fen: int
    performance_fen: int
    total_fen: int
    versus_equal_fen: int
    special_pay_fen: int = 0  # 特岗特薪 for the quarter (personnel), paid beside the performance pay
    special_pay_ref: str = ""  # its decision's reference (文号)
    pay_total_fen: int = 0  # total_fen + special_pay_fen


class PaySheetOut(Schema):
    round: int
    ready: bool
    problems: list[str]
    guaranteed_percent: Decimal
    pool_scope: str
    pools_fen: dict[str, int]
    total_fen: int  # everything paid for the quarter, 特岗特薪 included
    special_pay_fen: int = 0
    lines: list[PayLineOut]


class AnnualOut(Schema):
    employee_no: str
    name: str
    department: str
    quarters: dict[int, str]
    points: Decimal
    grade: str
    improve_streak: int
    flagged_streak: bool
    flagged_incompetent: bool


class DelegateOut(Schema):
    id: int
    department: int
    staff: int
    name: str
    rank: str


class ReportOut(Schema):
    department: int
    name: str
    size: int


class PayProfileOut(Schema):
    staff: int
    employee_no: str
    name: str
    department: str
    post_coefficient: Decimal
    monthly_standard_fen: int | None = None


class PayProfileIn(Schema):
    monthly_yuan: ScoreValue
    note: Annotated[Text, Field(max_length=100)] = ""  # PayProfile.note
