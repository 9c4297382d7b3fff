"""The schemas of the module's API (``<Entity>Out/In``) and the functions that map a row to its output. The
bodies of the moves on a request and a follow-up are in ``services.schemas``, beside their action table."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext_lazy
from ninja import Field, ModelSchema, Schema

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.schemas import (
    Day,
    Flag,
    Id,
    LongText,
    Name,
    Quarter,
    Text,
    Text2000,
    Version,
    Versioned,
    Year,
    whole,
)
from devzone.services import selectors
from devzone.services.choices import MeasureStatus, RequestCategory, SubjectKind
from devzone.services.models import Appeal, FollowUp, Rating, ServiceRequest
from devzone.services.schemas import Level
from devzone.services.services.common import PHONE_PATTERN

# Days of a routing rule's deadline and of the zone's settings (``services.plans.settings_update``'s bounds).
UpTo60Days = whole(1, 60)
UpTo90Days = whole(1, 90)


# --- schemas -------------------------------------------------------------------------------------------
class RequestOut(ModelSchema):
    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "number",
            "enterprise",
            "category",
            "title",
            "description",
            "status",
            "department",
            "assignee",
            "submitted_on",
            "due_on",
            "answered_on",
            "closed_on",
            "refuse_reason",
            "version",
        ]

    # as the caller reads the row (``selectors.request_list`` marks it): a rated request whose rating's enterprise
    # they may not know reads as closed, at its version before the rating (``ServiceRequest.shown_status``)
    @staticmethod
    def resolve_status(obj) -> str:
        return obj.shown_status

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.shown_version


class ReplyOut(Schema):
    at: dt.datetime
    author: str
    from_enterprise: bool
    action: str
    body: str


class RequestDetailOut(RequestOut):
    replies: list[ReplyOut]

    @staticmethod
    def resolve_replies(obj):
        return [
            {
                "at": m.at,
                "author": m.author_label,
                "from_enterprise": m.from_enterprise,
                "action": m.action,
                "body": m.body,
            }
            for m in obj.replies.all()
        ]


class RequestIn(Schema):
    category: RequestCategory
    title: Name(100)
    description: Name(None)  # a TextField: must be written, no limit
    contact_name: Annotated[Text, Field(max_length=30)] = ""
    # published as a pattern; request_submit refuses anything else (services.common.phone_problem), and also takes
    # full-width digits and spaces, as the page does
    contact_phone: Annotated[
        Text, Field(max_length=20, json_schema_extra={"pattern": f"^({PHONE_PATTERN})?$"})
    ] = ""


class RatingOut(Schema):
    """A rating as zone staff and the enterprise read it: never the user who rated; the enterprise, the ids of
    the application, request or project rated (whose pages name the enterprise) and the enterprise's comment only
    for those who may know the enterprise behind it (null otherwise)."""

    id: int
    kind: str
    application: int | None
    request: int | None
    project: int | None
    item: str
    department: int | None
    department_name: str | None
    served_by: str
    served_on: dt.date | None
    level: int
    level_label: str
    efficiency: int | None
    attitude: int | None
    convenience: int | None
    comment: str | None = Field(
        description="the enterprise's own words; null for who may not know the enterprise (the person rated)"
    )
    automatic: bool
    excluded: bool
    rated_on: dt.date
    enterprise: int | None
    enterprise_name: str | None


def rating_out(r: Rating, user) -> dict:
    """``excluded`` is false for the enterprise: appeals and their outcome are internal (docs/services.md)."""
    show = selectors.may_see_enterprise(user, r)
    staff = reach_of(user).role != Role.ENTERPRISE_USER
    return {
        "id": r.pk,
        "kind": r.kind,
        # the file, the request and the project name the enterprise: their ids would lead to it
        "application": r.application_id if show else None,
        "request": r.request_id if show else None,
        "project": r.project_id if show else None,
        # the request's title and the project's name lead to the enterprise (the lists' searches): the kind alone
        # for who may not know it (``selectors.rating_item``)
        "item": selectors.rating_item(user, r, stored=True),
        "department": r.department_id,
        "department_name": r.department.name if r.department_id else None,
        "served_by": r.served_by_label,
        # the day the request was answered or the file concluded: the person rated finds it among their own
        # services, and so the enterprise (docs/services.md, Confidentiality)
        "served_on": r.served_on if show else None,
        "level": r.level,
        "level_label": r.get_level_display(),
        "efficiency": r.efficiency,
        "attitude": r.attitude,
        "convenience": r.convenience,
        # the automatic one in the reader's language, a typed one as typed; only for who may know the enterprise
        "comment": selectors.rating_comment(user, r),
        "automatic": r.automatic,
        "excluded": r.excluded and staff,
        "rated_on": r.rated_on,
        "enterprise": r.enterprise_id if show else None,
        "enterprise_name": r.enterprise.name if show else None,
    }


class RateIn(Schema):
    kind: SubjectKind
    subject_id: Id
    level: Level
    efficiency: Level | None = None
    attitude: Level | None = None
    convenience: Level | None = None
    comment: Text2000 = ""  # kept to its first 500 characters; required for a bad rating (level 1 or 2)


class FollowUpOut(Schema):
    id: int
    rating: int
    item: str
    status: str
    opened_on: dt.date
    due_on: dt.date | None
    handler: int | None
    rectification: str | None = Field(
        description="what the department did about the enterprise's case; null for who may not know the enterprise"
    )
    callback_on: dt.date | None
    callback_late: bool
    result_level: int | None
    result_comment: str | None = Field(
        description="the enterprise's own words on the rectification; null for who may not know the enterprise"
    )
    version: int


def followup_out(f: FollowUp, user=None) -> dict:
    """``user``: the reader (else the one ``api.ratings._follow`` read the follow-up for): the rated service as
    they may read it (``selectors.rating_item``); the rectification and the enterprise's words on it only for
    who may know the enterprise (``selectors.followup_words_shown``: never the person rated)."""
    reader = user or getattr(f, "reader", None)
    words = selectors.followup_words_shown(reader, f)
    return {
        "id": f.pk,
        "rating": f.rating_id,
        "item": selectors.rating_item(reader, f.rating, stored=True),
        "status": f.status,
        "opened_on": f.opened_on,
        "due_on": f.due_on,
        "handler": f.handler_id,
        "rectification": f.rectification if words else None,
        "callback_on": f.callback_on,
        "callback_late": f.callback_late,
        "result_level": f.result_level,
        "result_comment": f.result_comment if words else None,
        "version": f.version,
    }


class RatingAppealOut(Schema):
    id: int
    rating: int
    status: str
    filed_on: dt.date
    reason: str
    decided_on: dt.date | None
    decision: str


def appeal_out(a: Appeal) -> dict:
    return {
        "id": a.pk,
        "rating": a.rating_id,
        "status": a.status,
        "filed_on": a.filed_on,
        "reason": a.reason,
        "decided_on": a.decided_on,
        "decision": a.decision,
    }


class RatingAppealIn(Schema):
    reason: Name(None)  # a TextField


class RatingAppealDecideIn(Schema):
    upheld: Flag
    decision: Name(None)  # a TextField


class StatRow(Schema):
    id: int | None
    name: str
    count: int
    good: int
    bad: int
    satisfied: int
    automatic: int
    good_share: Decimal = Field(description="好评率: 基本满意 and above (国办发〔2019〕51号)")
    bad_share: Decimal
    satisfied_share: Decimal = Field(description="满意率: 满意 and above (the zone's stricter measure)")
    points: Decimal


class QuarterRow(Schema):
    quarter: int
    count: int
    good: int
    points: Decimal | None


class RatingStatisticsOut(Schema):
    year: int
    quarter: int | None
    total: int
    good_share: Decimal | None = Field(description="好评率: 基本满意 and above (国办发〔2019〕51号)")
    bad_share: Decimal | None
    satisfied_share: Decimal | None = Field(
        description="满意率: 满意 and above (the zone's stricter measure)"
    )
    rectified_share: Decimal | None = Field(description="差评整改率: 差评 whose follow-up is closed")
    levels: dict[int, int]
    by_department: list[StatRow]
    by_person: list[StatRow]
    by_quarter: list[QuarterRow]


class SatisfactionOut(Schema):
    department: int
    score: Decimal


class SurveyResultOut(Schema):
    """A department's figures of a closed survey; null below the minimum number of answers."""

    department_id: int
    name: str
    answers: int
    overall: Decimal | None = None
    efficiency: Decimal | None = None
    attitude: Decimal | None = None
    points: Decimal | None = None


class SurveyOut(Schema):
    id: int
    year: int
    quarter: int
    status: str
    opened_on: dt.date
    closes_on: dt.date
    departments: list[int]
    issued: int
    used: int
    results: list[SurveyResultOut]


class SurveyLevelsIn(Schema):
    """One department's answer: a 好差评 level (1–5) for each question (``answer_box.QUESTIONS``)."""

    overall: Level
    efficiency: Level
    attitude: Level


class SurveyAnswerIn(Schema):
    token: Text
    # department id -> its levels; every department of the survey must be answered (the service says which not)
    answers: Annotated[
        dict[Annotated[str, Field(pattern=r"^[1-9][0-9]{0,17}$")], SurveyLevelsIn],
        Field(json_schema_extra={"additionalProperties": False}),
    ]
    comment: LongText = ""  # kept to its first 500 characters


class ProjectProgressOut(Schema):
    id: int
    name: str
    phase: str
    signed_on: dt.date | None
    status: str | None
    milestones_reached: int
    milestones_total: int
    next_milestone: str | None
    next_milestone_on: dt.date | None


class MeasureOut(Schema):
    title: str
    status: str
    due_on: dt.date | None
    done_on: dt.date | None


class EnterpriseFileOut(Schema):
    """Everything the zone did for one enterprise. The file names the enterprise, so ``ratings`` holds only the
    ratings whose enterprise the caller may know (the enterprise itself, zone leaders, a follow-up's handler and
    the rated department's head; never the person rated); the others are neither listed nor counted (a count
    beside the enterprise's name would tell the person rated which enterprise's file holds their rating)."""

    enterprise: int
    name: str
    projects: list[ProjectProgressOut]
    applications: list[dict]
    requests: list[RequestOut]
    ratings: list[RatingOut]
    problems: list[dict]
    visits: int
    plan_summary: str | None
    measures: list[MeasureOut]


class SupportPlanIn(Versioned):
    summary: LongText = ""
    owner: Id | None = None


class PlanOut(Schema):
    id: int
    enterprise: int
    summary: str
    owner: int | None
    version: int
    measures: list[dict]


def plan_out(plan) -> dict:
    return {
        "id": plan.pk,
        "enterprise": plan.enterprise_id,
        "summary": plan.summary,
        "owner": plan.owner_id,
        "version": plan.version,
        "measures": [
            {
                "id": m.pk,
                "title": m.title,
                "department": m.department_id,
                "owner": m.owner_id,
                "status": m.status,
                "due_on": m.due_on,
                "done_on": m.done_on,
            }
            for m in plan.measures.all()
        ],
    }


class MeasureIn(Schema):
    title: Name(120)
    detail: LongText = ""
    department: Id | None = None
    owner: Id | None = None
    due_on: Day | None = None


class MeasureStatusIn(Versioned):
    """``version``: the plan's version the caller saw (409 when stale; absent: not checked)."""

    status: MeasureStatus
    done_on: Day | None = None


class SurveyOpenIn(Schema):
    year: Year
    quarter: Quarter
    closes_on: Day
    departments: list[Id] = []


class SurveyDeliveryOut(Schema):
    """One line of a survey's send-out list: to whom the enterprise's survey was delivered (its accounts, through
    their messages) and whether it answered. No link: staff never hold one (they could answer in the enterprise's
    name); the enterprise opens its own from its portal."""

    enterprise: int
    name: str
    credit_code: str
    delivered: bool = Field(description="false: the enterprise had no account to tell (无法送达)")
    delivered_to: list[str] = Field(description="the accounts told (display name, else user name)")
    answered: bool
    action: str = Field(description="what to do when it was not delivered; empty otherwise")


def delivery_out(row: selectors.Delivery) -> dict:
    return {
        "enterprise": row.enterprise_id,
        "name": row.name,
        "credit_code": row.credit_code,
        "delivered": row.delivered,
        "delivered_to": list(row.delivered_to),
        "answered": row.answered,
        "action": "" if row.delivered else str(UNDELIVERED_ACTION),
    }


# what the leader does for an enterprise the survey could not reach (the survey page says the same)
UNDELIVERED_ACTION = gettext_lazy(
    "该企业在发放时没有企业账号。请系统管理员为其开通企业账号，再点“作废并通知企业”；企业登录后在平台首页填写。"
)


class SurveyOpenOut(Schema):
    survey: int
    delivery: list[SurveyDeliveryOut]


class RoutingIn(Schema):
    category: RequestCategory
    department: Id
    deadline_days: UpTo60Days


class RoutingOut(Schema):
    category: str
    department: int
    deadline_days: int


class SettingsIO(Schema):
    followup_days: UpTo60Days
    auto_rate_enabled: Flag
    auto_rate_days: UpTo90Days
    request_default_days: UpTo60Days
    survey_departments: list[Id]
    # the version read (GET gives it): a PUT naming an older one is 409; absent: not checked
    version: Version | None = None
