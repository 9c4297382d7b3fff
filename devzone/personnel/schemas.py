"""API shapes of the personnel module. Identity and phone numbers appear only masked."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Schema

from devzone.core.schemas import Day, Id, Percent, Text, Versioned


class CampaignOut(Schema):
    id: int
    title: str
    status: str
    registration_opens: dt.datetime
    registration_closes: dt.datetime
    exam_ratio: int
    written_weight: Decimal
    publicity_days: int


class OpeningOut(Schema):
    id: int
    campaign: int
    zone: int
    code: str
    title: str
    headcount: int
    final_headcount: int | None
    status: str
    applicants: int
    qualified: int


class HireStepIn(Schema):
    """The next step of a proposed hire: 体检 / 考察 (passed or failed), 公示 (pending when it starts, then passed
    or failed at its end); a failure needs the note."""

    kind: Literal["medical", "inspection", "publicity"]
    outcome: Literal["pending", "passed", "failed"]
    on: Day
    note: Text = ""


class HireStepOut(Schema):
    kind: str
    outcome: str
    on: dt.date
    publicity_until: dt.date | None  # 公示: the last day of its period (working days from its start)
    concluded_on: dt.date | None
    note: str


class RegistrationOut(Schema):
    id: int
    campaign: int
    opening: int
    candidate_name: str
    id_masked: str
    education: str
    double_first_class: bool
    status: str
    precheck: list[str]
    screening_note: str
    ticket: str
    written_score: Decimal | None
    interview_score: Decimal | None
    composite: Decimal | None
    rank: int | None
    tied: bool
    hire_steps: list[HireStepOut]
    version: int


class RecruitmentStatisticsOut(Schema):
    openings: int
    seats: int
    applicants: int
    average_ratio: Decimal | None
    max_ratio: Decimal | None
    postgraduate_share: Decimal | None
    double_first_class_share: Decimal | None
    leadership_seats: int
    leadership_applicants: int


class ApplyIn(Schema):
    opening: Id


class ScreenIn(Versioned):
    decision: Literal["qualify", "reject", "return"]
    note: Text = ""


class ScoreIn(Schema):
    stage: Literal["written", "interview"]
    score: Percent


class ScoreOut(Schema):
    outcome: Literal["waiting", "confirmed", "mismatch"]


class RatioIn(Versioned):
    note: Text = ""


class HiresOut(Schema):
    hired: list[int]
    undecided: list[int]
