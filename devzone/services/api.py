"""企业服务 API: requests and their moves, 好差评 ratings (with follow-ups and appeals), statistics, the
quarterly survey (results; the anonymous answer endpoint needs no login, only the one-use token) and the
enterprise file. Rows load through ``for_user``; moves go through the same services as the pages. No output
names the user who rated; the enterprise appears only where ``may_see_enterprise`` allows."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import ModelSchema, Router, Schema
from ninja.pagination import paginate

from devzone.core.access import can, reach_of
from devzone.core.api import Page
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.models import Enterprise
from devzone.services import selectors
from devzone.services.models import Appeal, FollowUp, Rating, ServiceRequest, Survey
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc
from devzone.services.services import surveys as survey_svc

router = Router(tags=["services"])


class Mapped:
    """A queryset seen through a function, for the paginator: only the page's rows are read and mapped."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def __getitem__(self, window: slice):
        return [self.fn(row) for row in self.qs[window]]

    def count(self) -> int:
        return self.qs.count()


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
    category: str
    title: str
    description: str
    contact_name: str = ""
    contact_phone: str = ""


class Versioned(Schema):
    version: int | None = None


class AssigneeIn(Versioned):
    assignee: int | None = None


class BodyIn(Versioned):
    body: str


class ReasonIn(Versioned):
    reason: str


class ExtendIn(ReasonIn):
    due_on: dt.date


class RatingOut(Schema):
    """A rating as zone staff and the enterprise read it: never the user who rated; the enterprise only for
    those who may see it (null otherwise)."""

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
    comment: str
    automatic: bool
    excluded: bool
    rated_on: dt.date
    enterprise: int | None
    enterprise_name: str | None


def rating_out(r: Rating, user) -> dict:
    show = selectors.may_see_enterprise(user, r)
    return {
        "id": r.pk,
        "kind": r.kind,
        "application": r.application_id,
        "request": r.request_id,
        "project": r.project_id,
        "item": r.item,
        "department": r.department_id,
        "department_name": r.department.name if r.department_id else None,
        "served_by": r.served_by_label,
        "served_on": r.served_on,
        "level": r.level,
        "level_label": r.get_level_display(),
        "efficiency": r.efficiency,
        "attitude": r.attitude,
        "convenience": r.convenience,
        "comment": r.comment,
        "automatic": r.automatic,
        "excluded": r.excluded,
        "rated_on": r.rated_on,
        "enterprise": r.enterprise_id if show else None,
        "enterprise_name": r.enterprise.name if show else None,
    }


class RateIn(Schema):
    kind: str
    subject_id: int
    level: int
    efficiency: int | None = None
    attitude: int | None = None
    convenience: int | None = None
    comment: str = ""


class FollowUpOut(Schema):
    id: int
    rating: int
    item: str
    status: str
    opened_on: dt.date
    due_on: dt.date | None
    handler: int | None
    rectification: str
    callback_on: dt.date | None
    callback_late: bool
    result_level: int | None
    result_comment: str
    version: int


def followup_out(f: FollowUp) -> dict:
    return {
        "id": f.pk,
        "rating": f.rating_id,
        "item": f.rating.item,
        "status": f.status,
        "opened_on": f.opened_on,
        "due_on": f.due_on,
        "handler": f.handler_id,
        "rectification": f.rectification,
        "callback_on": f.callback_on,
        "callback_late": f.callback_late,
        "result_level": f.result_level,
        "result_comment": f.result_comment,
        "version": f.version,
    }


class CallbackIn(Versioned):
    rectification: str
    callback_on: dt.date
    callback_contact: str
    callback_note: str


class ResultIn(Schema):
    level: int
    comment: str = ""


class AppealOut(Schema):
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


class AppealIn(Schema):
    reason: str


class DecideIn(Schema):
    upheld: bool
    decision: str


class StatRow(Schema):
    id: int | None
    name: str
    count: int
    good: int
    bad: int
    automatic: int
    good_share: Decimal
    points: Decimal


class QuarterRow(Schema):
    quarter: int
    count: int
    good: int
    points: Decimal | None


class StatisticsOut(Schema):
    year: int
    quarter: int | None
    total: int
    good_share: Decimal | None
    levels: dict[int, int]
    by_department: list[StatRow]
    by_person: list[StatRow]
    by_quarter: list[QuarterRow]


class SatisfactionOut(Schema):
    department: int
    score: Decimal


class SurveyResultOut(Schema):
    department_id: int
    name: str
    answers: int
    overall: Decimal
    efficiency: Decimal
    attitude: Decimal
    points: Decimal


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


class SurveyAnswerIn(Schema):
    token: str
    answers: dict[int, dict[str, int]]
    comment: str = ""


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


# --- requests ------------------------------------------------------------------------------------------
def _request(request, pk: int) -> ServiceRequest:
    return get_object_or_404(selectors.request_list(user=request.auth), pk=pk)


@router.get(
    "/requests", response=list[RequestOut], operation_id="service_request_list", summary="Requests in reach"
)
@paginate(Page)
def service_request_list(request, status: str | None = None, queue: bool = False):
    if not can(request.auth, "view", ServiceRequest):
        raise PermissionDenied
    qs = selectors.request_queue(user=request.auth) if queue else selectors.request_list(user=request.auth)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get(
    "/requests/{int:pk}",
    response=RequestDetailOut,
    operation_id="service_request_get",
    summary="One request with its thread",
)
def service_request_get(request, pk: int):
    return _request(request, pk)


@router.post(
    "/requests",
    response={201: RequestOut},
    operation_id="service_request_create",
    summary="An enterprise raises a request",
)
def service_request_create(request, payload: RequestIn):
    return 201, request_svc.request_submit(actor=request.auth, **payload.dict())


def _move(request, pk, fn, **kwargs):
    req = _request(request, pk)
    return fn(actor=request.auth, request=req, **kwargs)


@router.post(
    "/requests/{int:pk}/accept",
    response=RequestOut,
    operation_id="service_request_accept",
    summary="Accept (and assign)",
)
def service_request_accept(request, pk: int, payload: AssigneeIn):
    return _move(
        request,
        pk,
        request_svc.request_accept,
        assignee_id=payload.assignee,
        expected_version=payload.version,
    )


@router.post(
    "/requests/{int:pk}/assign",
    response=RequestOut,
    operation_id="service_request_assign",
    summary="Assign to a staff member",
)
def service_request_assign(request, pk: int, payload: AssigneeIn):
    return _move(
        request,
        pk,
        request_svc.request_assign,
        assignee_id=payload.assignee,
        expected_version=payload.version,
    )


@router.post(
    "/requests/{int:pk}/reply",
    response=RequestOut,
    operation_id="service_request_reply",
    summary="A message in the thread",
)
def service_request_reply(request, pk: int, payload: BodyIn):
    return _move(request, pk, request_svc.request_reply, body=payload.body, expected_version=payload.version)


@router.post(
    "/requests/{int:pk}/answer",
    response=RequestOut,
    operation_id="service_request_answer",
    summary="The department's answer",
)
def service_request_answer(request, pk: int, payload: BodyIn):
    return _move(request, pk, request_svc.request_answer, body=payload.body, expected_version=payload.version)


@router.post(
    "/requests/{int:pk}/refuse",
    response=RequestOut,
    operation_id="service_request_refuse",
    summary="Refuse with a reason",
)
def service_request_refuse(request, pk: int, payload: ReasonIn):
    return _move(
        request, pk, request_svc.request_refuse, reason=payload.reason, expected_version=payload.version
    )


@router.post(
    "/requests/{int:pk}/close",
    response=RequestOut,
    operation_id="service_request_close",
    summary="The enterprise confirms",
)
def service_request_close(request, pk: int, payload: Versioned):
    return _move(request, pk, request_svc.request_close, expected_version=payload.version)


@router.post(
    "/requests/{int:pk}/extend",
    response=RequestOut,
    operation_id="service_request_extend",
    summary="A leader moves the deadline",
)
def service_request_extend(request, pk: int, payload: ExtendIn):
    return _move(
        request,
        pk,
        request_svc.request_extend,
        due_on=payload.due_on,
        reason=payload.reason,
        expected_version=payload.version,
    )


# --- ratings -------------------------------------------------------------------------------------------
@router.get(
    "/ratings", response=list[RatingOut], operation_id="rating_list", summary="Ratings in reach (no rater)"
)
@paginate(Page)
def rating_list(request, kind: str | None = None, level: int | None = None):
    if not can(request.auth, "view", Rating):
        raise PermissionDenied
    qs = selectors.rating_list(user=request.auth).select_related("follow_up")
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    return Mapped(qs, lambda r: rating_out(r, request.auth))


@router.get("/ratings/{int:pk}", response=RatingOut, operation_id="rating_get", summary="One rating")
def rating_get(request, pk: int):
    return rating_out(get_object_or_404(selectors.rating_list(user=request.auth), pk=pk), request.auth)


@router.post(
    "/ratings",
    response={201: RatingOut},
    operation_id="rating_create",
    summary="The enterprise rates a service it received (好差评)",
)
def rating_create(request, payload: RateIn):
    rating = rating_svc.rate(
        actor=request.auth,
        kind=payload.kind,
        pk=payload.subject_id,
        level=payload.level,
        efficiency=payload.efficiency,
        attitude=payload.attitude,
        convenience=payload.convenience,
        comment=payload.comment,
    )
    return 201, rating_out(rating, request.auth)


@router.get(
    "/followups",
    response=list[FollowUpOut],
    operation_id="followup_list",
    summary="Follow-ups (整改) in reach",
)
@paginate(Page)
def followup_list(request, status: str | None = None):
    if not can(request.auth, "view", FollowUp):
        raise PermissionDenied
    qs = selectors.followup_list(user=request.auth)
    if status:
        qs = qs.filter(status=status)
    return Mapped(qs, followup_out)


def _follow(request, pk) -> FollowUp:
    return get_object_or_404(selectors.followup_list(user=request.auth), pk=pk)


@router.get("/followups/{int:pk}", response=FollowUpOut, operation_id="followup_get", summary="One follow-up")
def followup_get(request, pk: int):
    return followup_out(_follow(request, pk))


@router.post(
    "/followups/{int:pk}/callback",
    response=FollowUpOut,
    operation_id="followup_callback",
    summary="Rectified and called back",
)
def followup_callback(request, pk: int, payload: CallbackIn):
    f = follow_svc.followup_callback(
        actor=request.auth,
        follow_up=_follow(request, pk),
        rectification=payload.rectification,
        callback_on=payload.callback_on,
        contact=payload.callback_contact,
        note=payload.callback_note,
        expected_version=payload.version,
    )
    return followup_out(f)


@router.post(
    "/followups/{int:pk}/rating",
    response=FollowUpOut,
    operation_id="followup_rate",
    summary="The enterprise rates the rectification",
)
def followup_rate(request, pk: int, payload: ResultIn):
    return followup_out(
        follow_svc.followup_rate(
            actor=request.auth, follow_up=_follow(request, pk), level=payload.level, comment=payload.comment
        )
    )


@router.get("/appeals", response=list[AppealOut], operation_id="appeal_list", summary="Appeals in reach")
@paginate(Page)
def appeal_list(request):
    if not can(request.auth, "view", Appeal):
        raise PermissionDenied
    return Mapped(selectors.appeal_list(user=request.auth), appeal_out)


@router.get("/appeals/{int:pk}", response=AppealOut, operation_id="appeal_get", summary="One appeal")
def appeal_get(request, pk: int):
    return appeal_out(get_object_or_404(selectors.appeal_list(user=request.auth), pk=pk))


@router.post(
    "/ratings/{int:pk}/appeal",
    response={201: AppealOut},
    operation_id="appeal_create",
    summary="Appeal a bad rating",
)
def appeal_create(request, pk: int, payload: AppealIn):
    rating = get_object_or_404(selectors.rating_list(user=request.auth), pk=pk)
    return 201, appeal_out(follow_svc.appeal_file(actor=request.auth, rating=rating, reason=payload.reason))


@router.post(
    "/appeals/{int:pk}/decide",
    response=AppealOut,
    operation_id="appeal_decide",
    summary="A leader decides an appeal",
)
def appeal_decide(request, pk: int, payload: DecideIn):
    appeal = get_object_or_404(selectors.appeal_list(user=request.auth), pk=pk)
    return appeal_out(
        follow_svc.appeal_decide(
            actor=request.auth, appeal=appeal, upheld=payload.upheld, decision=payload.decision
        )
    )


# --- statistics and surveys ----------------------------------------------------------------------------
def _zone_id(request) -> int:
    r = reach_of(request.auth)
    if r.kind != "zone" or not can(request.auth, "view", Rating):
        raise PermissionDenied
    return r.zone_id


def _quarter(quarter):
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise DomainError("季度应为1–4", {"quarter": ["季度应为1–4"]})


@router.get(
    "/statistics",
    response=StatisticsOut,
    operation_id="rating_statistics",
    summary="好差评 per department, person and quarter",
)
def rating_statistics(request, year: int, quarter: int | None = None):
    _quarter(quarter)
    stats = selectors.rating_statistics(zone_ids=[_zone_id(request)], year=year, quarter=quarter)
    return {"year": year, "quarter": quarter, **stats}


@router.get(
    "/satisfaction",
    response=list[SatisfactionOut],
    operation_id="department_satisfaction",
    summary="Departments' 0–100 satisfaction of a quarter",
)
def department_satisfaction(request, year: int, quarter: int):
    _quarter(quarter)
    from devzone.core.models import Zone

    zone = Zone.objects.get(pk=_zone_id(request))
    scores = selectors.department_satisfaction(zone=zone, year=year, quarter=quarter)
    return [{"department": d, "score": v} for d, v in sorted(scores.items())]


def _survey_out(s: Survey) -> dict:
    return {
        "id": s.pk,
        "year": s.year,
        "quarter": s.quarter,
        "status": s.status,
        "opened_on": s.opened_on,
        "closes_on": s.closes_on,
        "departments": [d.pk for d in s.departments.all()],
        "issued": s.links.count(),
        "used": s.links.filter(used=True).count(),
        "results": selectors.survey_results(survey=s),
    }


@router.get(
    "/surveys", response=list[SurveyOut], operation_id="survey_list", summary="Quarterly surveys with results"
)
def survey_list(request):
    if reach_of(request.auth).role == Role.ENTERPRISE_USER or not can(request.auth, "view", Survey):
        raise PermissionDenied
    return [_survey_out(s) for s in Survey.objects.for_user(request.auth).prefetch_related("departments")]


@router.get(
    "/surveys/{int:pk}",
    response=SurveyOut,
    operation_id="survey_get",
    summary="One survey's results (anonymous)",
)
def survey_get(request, pk: int):
    if reach_of(request.auth).role == Role.ENTERPRISE_USER:
        raise PermissionDenied
    return _survey_out(get_object_or_404(Survey.objects.for_user(request.auth), pk=pk))


@router.post(
    "/surveys/answer",
    response={201: dict},
    auth=None,
    operation_id="survey_answer",
    summary="Answer through a one-use link (no login)",
)
def survey_answer(request, payload: SurveyAnswerIn):
    n = survey_svc.survey_answer(token=payload.token, answers=payload.answers, comment=payload.comment)
    return 201, {"answers": n}


# --- the enterprise file -------------------------------------------------------------------------------
@router.get(
    "/enterprises/{int:pk}/file",
    response=EnterpriseFileOut,
    operation_id="enterprise_file",
    summary="Everything the zone did for one enterprise",
)
def enterprise_file(request, pk: int):
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.auth), pk=pk)
    data = selectors.enterprise_file(user=request.auth, enterprise=enterprise)
    plan = data["plan"]
    return {
        "enterprise": enterprise.pk,
        "name": enterprise.name,
        "projects": [
            {
                "id": row["project"].pk,
                "name": row["project"].name,
                "phase": row["project"].phase,
                "signed_on": row["project"].signed_on,
                "status": row["tracking"].status if row["tracking"] else None,
                "milestones_reached": row["reached"],
                "milestones_total": row["total"],
                "next_milestone": row["tracking"].next_milestone if row["tracking"] else None,
                "next_milestone_on": row["tracking"].next_milestone_on if row["tracking"] else None,
            }
            for row in data["projects"]
        ],
        "applications": [
            {
                "id": a.pk,
                "item": a.item.name,
                "project": a.project.name,
                "status": a.status,
                "concluded_on": a.concluded_on,
            }
            for a in data["applications"]
        ],
        "requests": data["requests"],
        "ratings": [rating_out(r, request.auth) for r in data["ratings"]],
        "problems": [{"id": p.pk, "title": p.title, "status": p.status} for p in data["problems"]],
        "visits": len(data["visits"]),
        "plan_summary": plan.summary if plan else None,
        "measures": data["measures"],
    }


# --- 一企一策, surveys, routing and settings (writes) ---------------------------------------------------
class PlanIn(Versioned):
    summary: str = ""
    owner: int | None = None


class PlanOut(Schema):
    id: int
    enterprise: int
    summary: str
    owner: int | None
    version: int
    measures: list[dict]


def _plan_out(plan) -> dict:
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
    title: str
    detail: str = ""
    department: int | None = None
    owner: int | None = None
    due_on: dt.date | None = None


class MeasureStatusIn(Schema):
    status: str
    done_on: dt.date | None = None


class SurveyOpenIn(Schema):
    year: int
    quarter: int
    closes_on: dt.date
    departments: list[int] = []


class SurveyOpenOut(Schema):
    survey: int
    links: list[dict]


class RoutingIn(Schema):
    category: str
    department: int
    deadline_days: int


class RoutingOut(Schema):
    category: str
    department: int
    deadline_days: int


class SettingsIO(Schema):
    followup_days: int
    auto_rate_enabled: bool
    auto_rate_days: int
    request_default_days: int
    survey_departments: list[int]


@router.put(
    "/enterprises/{int:pk}/plan",
    response=PlanOut,
    operation_id="support_plan_save",
    summary="Create or edit an enterprise's 一企一策",
)
def support_plan_save(request, pk: int, payload: PlanIn):
    from devzone.services.services import plans as plan_svc

    enterprise = get_object_or_404(Enterprise.objects.for_user(request.auth), pk=pk)
    plan = plan_svc.plan_save(
        actor=request.auth,
        enterprise=enterprise,
        summary=payload.summary,
        owner_id=payload.owner,
        expected_version=payload.version,
    )
    return _plan_out(plan)


@router.post(
    "/enterprises/{int:pk}/measures",
    response={201: PlanOut},
    operation_id="support_measure_add",
    summary="Add a measure to the plan",
)
def support_measure_add(request, pk: int, payload: MeasureIn):
    from devzone.services.models import SupportPlan
    from devzone.services.services import plans as plan_svc

    plan = get_object_or_404(SupportPlan.objects.for_user(request.auth), enterprise_id=pk)
    plan_svc.measure_add(
        actor=request.auth,
        plan=plan,
        title=payload.title,
        detail=payload.detail,
        department_id=payload.department,
        owner_id=payload.owner,
        due_on=payload.due_on,
    )
    plan.refresh_from_db()
    return 201, _plan_out(plan)


@router.post(
    "/measures/{int:pk}",
    response=PlanOut,
    operation_id="support_measure_update",
    summary="Move a measure's status",
)
def support_measure_update(request, pk: int, payload: MeasureStatusIn):
    from devzone.services.models import SupportMeasure, SupportPlan
    from devzone.services.services import plans as plan_svc

    plans = SupportPlan.objects.for_user(request.auth)
    measure = get_object_or_404(SupportMeasure.objects.filter(plan__in=plans), pk=pk)
    plan_svc.measure_update(
        actor=request.auth, measure=measure, status=payload.status, done_on=payload.done_on
    )
    return _plan_out(SupportPlan.objects.get(pk=measure.plan_id))


@router.post(
    "/surveys",
    response={201: SurveyOpenOut},
    operation_id="survey_open",
    summary="Open the quarter's survey; the one-use links are returned once",
)
def survey_open(request, payload: SurveyOpenIn):
    survey, issued = survey_svc.survey_open(
        actor=request.auth,
        year=payload.year,
        quarter=payload.quarter,
        closes_on=payload.closes_on,
        department_ids=payload.departments or None,
    )
    from django.urls import reverse

    return 201, {
        "survey": survey.pk,
        "links": [
            {
                "enterprise": ent.pk,
                "name": ent.name,
                "url": request.build_absolute_uri(reverse("services:survey_answer", args=[token])),
            }
            for ent, token in issued
        ],
    }


@router.post(
    "/surveys/{int:pk}/close", response=SurveyOut, operation_id="survey_close", summary="Close a survey"
)
def survey_close(request, pk: int):
    survey = get_object_or_404(Survey.objects.for_user(request.auth), pk=pk)
    return _survey_out(survey_svc.survey_close(actor=request.auth, survey=survey))


@router.get(
    "/routing", response=list[RoutingOut], operation_id="routing_list", summary="The zone's routing table"
)
def routing_list(request):
    from devzone.services.models import RoutingRule

    if reach_of(request.auth).kind != "zone" or not can(request.auth, "view", RoutingRule):
        raise PermissionDenied
    return [
        {"category": r.category, "department": r.department_id, "deadline_days": r.deadline_days}
        for r in RoutingRule.objects.for_user(request.auth)
    ]


@router.put("/routing", response=RoutingOut, operation_id="routing_set", summary="A leader routes a category")
def routing_set(request, payload: RoutingIn):
    from devzone.services.services import plans as plan_svc

    rule = plan_svc.routing_set(
        actor=request.auth,
        category=payload.category,
        department_id=payload.department,
        deadline_days=payload.deadline_days,
    )
    return {"category": rule.category, "department": rule.department_id, "deadline_days": rule.deadline_days}


def _settings_out(conf) -> dict:
    return {
        "followup_days": conf.followup_days,
        "auto_rate_enabled": conf.auto_rate_enabled,
        "auto_rate_days": conf.auto_rate_days,
        "request_default_days": conf.request_default_days,
        "survey_departments": sorted(d.pk for d in conf.survey_departments.all()),
    }


@router.get(
    "/settings",
    response=SettingsIO,
    operation_id="service_settings_get",
    summary="The zone's service settings",
)
def service_settings_get(request):
    from devzone.core.models import Zone
    from devzone.services.models import ServiceSettings

    r = reach_of(request.auth)
    if r.kind != "zone" or not can(request.auth, "view", ServiceSettings):
        raise PermissionDenied
    return _settings_out(selectors.settings_for(Zone.objects.get(pk=r.zone_id)))


@router.put(
    "/settings",
    response=SettingsIO,
    operation_id="service_settings_update",
    summary="A leader changes the settings",
)
def service_settings_update(request, payload: SettingsIO):
    from devzone.services.services import plans as plan_svc

    conf = plan_svc.settings_update(
        actor=request.auth,
        followup_days=payload.followup_days,
        auto_rate_enabled=payload.auto_rate_enabled,
        auto_rate_days=payload.auto_rate_days,
        request_default_days=payload.request_default_days,
        survey_department_ids=payload.survey_departments,
    )
    return _settings_out(conf)
