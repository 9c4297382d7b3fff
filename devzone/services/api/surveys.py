"""好差评 statistics, the departments' satisfaction, and the quarterly survey (results, opening and closing it,
and the anonymous answer through a one-use link)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.clientip import address
from devzone.core.errors import DomainError, require, require_role
from devzone.core.models import Zone
from devzone.core.ratelimit import count, refused
from devzone.core.schemas import Quarter, Year
from devzone.services import selectors
from devzone.services.api.common import in_reach, router
from devzone.services.api.schemas import (
    RatingStatisticsOut,
    SatisfactionOut,
    SurveyAnswerIn,
    SurveyDeliveryOut,
    SurveyOpenIn,
    SurveyOpenOut,
    SurveyOut,
    delivery_out,
)
from devzone.services.models import Rating, Survey
from devzone.services.ratelimit import WRONG_LINKS
from devzone.services.services import surveys as survey_svc
from devzone.services.services.common import service_arguments


def _not_enterprise(request) -> None:
    if reach_of(request.auth).role == Role.ENTERPRISE_USER:
        raise PermissionDenied


def _zone_id(request) -> int:
    r = reach_of(request.auth)
    if r.kind != "zone" or not can(request.auth, "view", Rating):
        raise PermissionDenied
    return r.zone_id


def _quarter(quarter):
    require(quarter is None or quarter in (1, 2, 3, 4), _("季度应为1–4"), "quarter")


@router.get(
    "/statistics",
    response=RatingStatisticsOut,
    operation_id="rating_statistics",
    summary="好差评 per department, person and quarter",
)
def rating_statistics(request, year: Year, quarter: Quarter | None = None):
    _quarter(quarter)
    stats = selectors.rating_statistics(zone_ids=[_zone_id(request)], year=year, quarter=quarter)
    return {"year": year, "quarter": quarter, **stats}


@router.get(
    "/satisfaction",
    response=list[SatisfactionOut],
    operation_id="department_satisfaction",
    summary="Departments' 0–100 satisfaction of a quarter",
)
def department_satisfaction(request, year: Year, quarter: Quarter):
    _quarter(quarter)
    zone = in_reach(request, Zone.objects, _zone_id(request))
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
        "issued": selectors.survey_links(survey=s).count(),
        "used": selectors.survey_links(survey=s).filter(used=True).count(),
        "results": selectors.survey_results(survey=s),
    }


@router.get(
    "/surveys", response=list[SurveyOut], operation_id="survey_list", summary="Quarterly surveys with results"
)
def survey_list(request):
    _not_enterprise(request)
    require_right(request.auth, "view", Survey)
    return [_survey_out(s) for s in Survey.objects.for_user(request.auth).prefetch_related("departments")]


@router.get(
    "/surveys/{int:pk}",
    response=SurveyOut,
    operation_id="survey_get",
    summary="One survey's results (anonymous)",
)
def survey_get(request, pk: int):
    _not_enterprise(request)
    return _survey_out(in_reach(request, Survey.objects, pk))


@router.post(
    "/surveys/answer",
    response={201: dict},
    auth=None,
    operation_id="survey_answer",
    url_name="services_survey_answer",
    summary="Answer through a one-use link (no login)",
)
def survey_answer(request, payload: SurveyAnswerIn):
    if refused(WRONG_LINKS, request):
        raise HttpError(429, str(_("尝试次数过多，请10分钟后再试")))
    try:
        survey_svc.link_for(payload.token)
    except DomainError:
        count(WRONG_LINKS, request)
        raise
    n = survey_svc.survey_answer(
        token=payload.token,
        answers={int(k): v.dict() for k, v in payload.answers.items()},
        comment=payload.comment,
        address=address(request),
    )
    return Status(201, {"answers": n})


@router.post(
    "/surveys",
    response={201: SurveyOpenOut},
    operation_id="survey_open",
    summary="Open the quarter's survey: each served enterprise's accounts are told (no link is returned)",
)
def survey_open(request, payload: SurveyOpenIn):
    survey, _told = survey_svc.survey_open(
        actor=request.auth, **service_arguments(payload.dict(), departments="department_ids")
    )
    delivery = selectors.survey_delivery(survey=survey)
    return Status(201, {"survey": survey.pk, "delivery": [delivery_out(row) for row in delivery]})


@router.get(
    "/surveys/{int:pk}/delivery",
    response=list[SurveyDeliveryOut],
    operation_id="survey_delivery",
    summary="A survey's send-out list: to whom each enterprise's survey was delivered, answered or not (leaders)",
)
def survey_delivery(request, pk: int):
    survey = in_reach(request, Survey.objects, pk)
    require_role(request.auth, Role.ZONE_LEADER, doing=_("查看发放清单"))
    return [delivery_out(row) for row in selectors.survey_delivery(survey=survey)]


@router.post(
    "/surveys/{int:pk}/close", response=SurveyOut, operation_id="survey_close", summary="Close a survey"
)
def survey_close(request, pk: int):
    survey = in_reach(request, Survey.objects, pk)
    return _survey_out(survey_svc.survey_close(actor=request.auth, survey=survey))
