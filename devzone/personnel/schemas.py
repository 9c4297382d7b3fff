"""API shapes of the personnel module. Identity and phone numbers appear only masked."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, field_validator

from devzone.core.choices import Education, Rank
from devzone.core.schemas import (
    Date,
    Day,
    Flag,
    Id,
    LongText,
    Name,
    Percent,
    Text,
    Version,
    Versioned,
    Year,
    decimal,
    whole,
)
from devzone.personnel.choices import EmployerType, Political
from devzone.personnel.models.recruitment import exam_date_refusals

# A moment of the platform's time (a registration window): RFC 3339, with the seconds and the offset, as the
# published schema says (2027-03-01T09:00:00+08:00 is 09:00 Beijing time); years 2000–2100, as ``Day``. A number
# (pydantic alone would take it as seconds since 1970), a time without its offset or another writing is refused.
MOMENT_PATTERN = (
    r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)


def _moment_text(value):
    if isinstance(value, dt.datetime) or (isinstance(value, str) and re.fullmatch(MOMENT_PATTERN, value)):
        return value
    raise ValueError(_("时间应写作年-月-日T时:分:秒和时区，如北京时间2027-03-01T09:00:00+08:00"))


Moment = Annotated[
    dt.datetime,
    BeforeValidator(_moment_text),
    Field(json_schema_extra={"pattern": MOMENT_PATTERN}),
]


class CampaignOut(Schema):
    id: int
    title: str
    status: str
    registration_opens: dt.datetime
    registration_closes: dt.datetime
    written_exam_on: dt.date | None
    interview_on: dt.date | None
    exam_ratio: int
    written_weight: Decimal
    written_pass_line: Decimal
    publicity_days: int
    version: int


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
    precheck_ran: bool = Field(
        description="Whether the automatic pre-check ran: an empty precheck means 符合岗位要求 only when it did "
        "(a registration loaded around the services was never checked, 未预审)"
    )
    screening_note: str
    ticket: str
    written_score: Decimal | None
    interview_score: Decimal | None
    composite: Decimal | None
    extra_score: Decimal | None  # 加试, once two clerks agree (to the candidate as soon as it counts)
    # every round's agreed 加试 score, oldest first, the first round's (``extra_score``) included: 再次加试 adds one
    extra_rounds: list[Decimal] = Field(
        description="Every agreed 加试 score round by round, oldest first; the first is extra_score (第1轮)"
    )
    rank: int | None
    # staff: 并列 with another candidate still in the running (as the opening's pages show it); the candidate: as
    # published to them
    tied: bool
    hire_steps: list[HireStepOut]
    # 资料更正待复核: the candidate corrected a qualifying fact after screening; until the recruiting unit re-reviews
    # it, education and double_first_class are those the registration was reviewed on
    correction_pending: bool = False
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


class RecuseIn(Schema):
    """声明回避 (《事业单位公开招聘人员暂行规定》第二十七条): the relation to the candidate, kept and audited."""

    reason: Name(300)  # the form's and the service's limit


class ScoreIn(Schema):
    stage: Literal[
        "written", "interview", "extra"
    ]  # extra: 加试, for the candidates tied across the last seat
    score: Percent


class ScoreOut(Schema):
    outcome: Literal["waiting", "confirmed", "mismatch"]


class RatioIn(Versioned):
    note: Text = ""


class FinishIn(Versioned):
    """结束招聘: the reason is required when an opening is not concluded (``campaigns.undecided_openings``)."""

    reason: Text = ""


class HiresOut(Schema):
    hired: list[int]
    undecided: list[int]


# --- drafting: the campaign and its openings (the city's personnel office) ----------------------------------
# 笔试成绩权重 0.30–1.00 (a database constraint too), as a number or a text: 1, 1.0, 1.00 or 0.3–0.99.
WEIGHT_TEXT = r"^(1(\.00?)?|0\.[3-9][0-9]?)$"
Weight = decimal(whole=1, places=2, ge="0.30", le=1, pattern=WEIGHT_TEXT)
# 竞聘演讲权重 0–1 (the rest is the democratic evaluation).
SHARE_TEXT = r"^(1(\.00?)?|0(\.[0-9]{1,2})?)$"
Share = decimal(whole=1, places=2, le=1, pattern=SHARE_TEXT)
# 员额比例 0–100 %, one decimal.
RESERVE_TEXT = r"^(100(\.0)?|[0-9]{1,2}(\.[0-9])?)$"
ReservePercent = decimal(whole=3, places=1, le=100, pattern=RESERVE_TEXT)
EducationLevel = Literal[tuple(Education.values)]  # type: ignore[valid-type]
RankLevel = Literal[tuple(Rank.values)]  # type: ignore[valid-type]


class CampaignIn(Schema):
    """A draft campaign of the caller's city (市级管理人员). The window's times carry their offset (+08:00 for
    Beijing time); it must close after it opens (the database holds it too)."""

    title: Name(120)
    announcement: LongText = ""
    registration_opens: Moment
    registration_closes: Moment
    written_exam_on: Day | None = None
    interview_on: Day | None = None
    exam_ratio: whole(1, 10) = 3  # 开考比例 1:N
    written_weight: Weight = Decimal("0.50")
    written_pass_line: Percent = Decimal(60)
    # working days; the legal minimum is data with its source (``PublicityRule``), checked by the service
    publicity_days: whole(1, 30) = 7

    @field_validator("registration_closes")
    @classmethod
    def _closes_after_it_opens(cls, closes, info):
        opens = info.data.get("registration_opens")
        if opens is not None and closes <= opens:
            raise ValueError(_("报名截止时间须晚于报名开始时间"))
        return closes

    @field_validator("written_exam_on", "interview_on")
    @classmethod
    def _exams_after_the_window_in_order(cls, day, info):
        """The model's rule (``exam_date_refusals``), on the field it breaks: the written exam after the day
        registration closes, the interview after the written exam."""
        dates = {"written_exam_on": info.data.get("written_exam_on"), info.field_name: day}
        refusal = exam_date_refusals(
            info.data.get("registration_closes"), dates["written_exam_on"], dates.get("interview_on")
        ).get(info.field_name)
        if refusal:
            raise ValueError(str(refusal))
        return day


class OpeningIn(Schema):
    """An opening of a draft campaign, in one of the city's zones; its code is once in the campaign."""

    zone: Id
    code: Name(20)
    title: Name(80)
    headcount: whole(1, 999)
    education_min: EducationLevel
    majors: Text = ""  # 以顿号分隔；空为不限
    age_max: whole(18, 70) | None = None
    experience_years: whole(0, 50) = 0
    party_member_only: Flag = False
    leadership: Flag = False


# --- 竞聘上岗 -------------------------------------------------------------------------------------------------
class CompetitionPostIn(Schema):
    post: Id  # a post of the caller's zone
    seats: whole(1, 99) = 1
    # the lowest rank that may apply: at most one rank below the post's (逐级晋升, ``PromotionRule``) unless 破格
    min_rank: RankLevel = Rank.STAFF


class CompetitionIn(Schema):
    """A competition of the caller's zone (管委会主任 or 人事专员): its posts, each once."""

    title: Name(100)
    posts: Annotated[list[CompetitionPostIn], Field(min_length=1, max_length=50)]
    min_years: whole(0, 40) = 2  # full years in the current rank (``Staff.rank_since``, else since hired)
    speech_weight: Share = Decimal("0.60")  # the rest: the democratic evaluation
    # working days, at least the rule's in force (``CompetitionPublicityRule``: 400 naming its basis)
    publicity_days: whole(1, 30) = 5
    exceptional: Flag = False  # 破格（越级）: posts opened further below their rank than the rule admits
    exceptional_basis: Name(300) | None = None  # the written approval (批准文号), required when exceptional

    @field_validator("posts")
    @classmethod
    def _each_post_once(cls, posts):
        if len({p.post for p in posts}) != len(posts):
            raise ValueError(_("同一岗位只能列入一次"))
        return posts


class CompetitionPostOut(Schema):
    post: int
    post_name: str
    seats: int
    min_rank: str


class CompetitionOut(Schema):
    id: int
    zone: int
    title: str
    status: str
    min_years: int
    speech_weight: Decimal
    publicity_days: int
    publicity_from: dt.date | None
    publicity_until: dt.date | None
    exceptional: bool
    exceptional_basis: str
    posts: list[CompetitionPostOut]
    version: int


class ExceptionalIn(Versioned):
    """破格 recorded afterwards (``competition_exceptional``): the written approval (批准文号 or the decision it rests
    on), while the competition is 报名中 or 评分中; ``version`` as read (409 when stale)."""

    basis: Name(300)  # the service's limit, as ``CompetitionIn.exceptional_basis``


class EntryIn(Schema):
    """A staff member of the competition's zone applies for one of its posts (entered by the personnel office or a
    leader): the eligibility check decides whether the entry is scored."""

    staff: Id
    post: Id


class EntryOut(Schema):
    id: int
    competition: int
    post: int
    staff: int
    staff_name: str
    status: (
        str  # applied, ineligible, scored, appointed, not_appointed, withdrawn (本人撤回: kept, not scored)
    )
    eligibility: list[str]
    withdrawn_at: dt.datetime | None = None


# --- 聘期目标 ------------------------------------------------------------------------------------------------
class TermTargetIn(Schema):
    staff: Id  # a staff member of the caller's zone
    term_end: Day  # 聘期届满
    target: Name(300)


class TermTargetAssessIn(Versioned):
    met: Flag
    assessment: Name(300)  # 考核意见


class TermTargetOut(Schema):
    id: int
    staff: int
    staff_name: str
    term_end: dt.date
    target: str
    met: bool | None
    assessment: str
    version: int


# --- 员额比例 ------------------------------------------------------------------------------------------------
class ReserveIn(Schema):
    """The share of the caller's zone's quota reserved for 市场化选聘 in a year (管委会主任)."""

    year: Year
    percent: ReservePercent


class ReserveOut(Schema):
    zone: int
    year: int
    reserved_percent: Decimal


# --- 考生更正个人信息 (the candidate's own profile) ---------------------------------------------------------------
PoliticalStatus = Literal[tuple(Political.values)]  # type: ignore[valid-type]
EmployerKind = Literal[tuple(EmployerType.values)]  # type: ignore[valid-type]


class CandidateProfileOut(Schema):
    """The candidate's own profile: the verified identity (name, masked numbers, birth date) and the fields a
    registration reads. ``held`` names the registrations screened (or being screened) on these facts: a
    correction of a qualifying field leaves them on the facts they were reviewed on until the recruiting unit
    re-reviews it (null: none). ``locked`` is always null: a correction is no longer refused."""

    name: str
    id_masked: str
    phone_masked: str
    birth_date: dt.date
    education: str
    school: str
    double_first_class: bool
    major: str
    graduated_on: dt.date
    experience_years: int
    political: str
    province: str
    employer_type: str
    version: int
    locked: str | None
    held: str | None


class CandidateProfileIn(Versioned):
    """What a candidate may correct: every field a registration reads, never the verified name or identity number
    (not accepted here: an unknown field is refused)."""

    model_config = ConfigDict(extra="forbid")

    education: EducationLevel
    school: Name(80)
    major: Name(60)
    graduated_on: Date
    experience_years: whole(0, 50) = 0
    political: PoliticalStatus
    province: Name(20)
    employer_type: EmployerKind


# --- 修改草稿 (the city's personnel office) -------------------------------------------------------------------
class CampaignUpdateIn(CampaignIn):
    """A draft campaign as 新建 takes it, at the version the caller saw (409 when stale); a published one 400."""

    version: Version | None = None


class OpeningUpdateIn(OpeningIn):
    """An opening of a draft campaign as added, at the version the caller saw."""

    version: Version | None = None


# --- 本人报名竞聘 (a staff member's own applications) --------------------------------------------------------------
class SelfEntryIn(Schema):
    """The caller's own application: one post of an open competition of their zone."""

    competition: Id
    post: Id


class EligibilityCheckOut(Schema):
    label: str
    required: str
    actual: str
    ok: bool


class OwnPostOut(Schema):
    """A post of an open competition of the caller's zone, with the eligibility check for the caller."""

    competition: int
    competition_title: str
    post: int
    post_name: str
    seats: int
    min_rank: str
    eligible: bool
    checks: list[EligibilityCheckOut]
    entered: bool  # the caller's entry in this competition is for this post
