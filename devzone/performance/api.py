"""Performance API: schemes, rounds and their steps, the anonymous ballot, results, grades, appeals, pay and the
year. Rows load through ``for_user``; changes go through the same services as the pages; the results hide the
scores exactly as the pages do (``selectors.totals_visible``)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Form, Path, Router, Schema, UploadedFile
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from devzone.core.access import can
from devzone.core.errors import DomainError
from devzone.core.models import Staff, Zone
from devzone.performance import reports, selectors
from devzone.performance import services as svc
from devzone.performance.models import Appeal, Round, WorkReport
from devzone.performance.ratelimit import vote_attempt_refused

router = Router(tags=["performance"])
# a row id in a body: a positive 32-bit integer (a larger number is a 422, never a database overflow)
Pk = Annotated[int, Field(gt=0, le=2**31 - 1)]
# a score as a client sends it: a JSON number or a string (checked by the services: 0–100, two decimals)
ScoreValue = Annotated[str | int | float, Field(union_mode="left_to_right")]


class SchemeOut(Schema):
    id: int
    zone: int
    version: int
    note: str
    weights: dict
    coefficient_mode: str
    bands: list
    floor_coefficient: Decimal
    proportions: dict
    min_improve_size: int
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

    @staticmethod
    def resolve_zone(obj):
        return obj.zone_id


class SchemeIn(Schema):
    """A new scheme version: the fields given override the current version; an unknown field is refused."""

    model_config = ConfigDict(extra="forbid")

    zone: Pk
    note: str = ""
    weights: dict | None = None
    coefficient_mode: str | None = None
    bands: list | None = None
    floor_coefficient: Decimal | None = None
    proportions: dict | None = None
    min_improve_size: int | None = None
    grade_factors: dict | None = None
    guaranteed_percent: Decimal | None = None
    pool_scope: str | None = None
    delegates_per_department: int | None = None
    delegate_min_rank: str | None = None
    min_ballots: int | None = None
    trim_above: int | None = None
    trim_count: int | None = None
    reject_uniform: bool | None = None
    improve_streak: int | None = None


class RoundOut(Schema):
    id: int
    zone: int
    year: int
    quarter: int
    scheme: int
    scheme_version: int
    status: str
    codes_issued: int
    ballots_cast: int
    ballots_invalid: int
    voting_closed: bool
    published_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_zone(obj):
        return obj.zone_id

    @staticmethod
    def resolve_scheme(obj):
        return obj.scheme_id

    @staticmethod
    def resolve_scheme_version(obj):
        return obj.scheme.version


class RoundIn(Schema):
    zone: Pk
    year: int
    quarter: int


class Versioned(Schema):
    version: int | None = None


class SatisfactionIn(Schema):
    department: Pk
    value: ScoreValue


class ScoresIn(Schema):
    scores: dict[str, ScoreValue]


class NominateIn(Schema):
    staff: Pk


class CalibrateIn(Schema):
    department: Pk
    coefficient: str
    reason: str


class ReasonIn(Schema):
    reason: str


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
    democratic: Decimal | None = None
    democratic_ballots: int | None = None
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


class GradesIn(Schema):
    department: Pk
    grades: dict[str, str]


class AppealOut(Schema):
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


class AppealIn(Schema):
    grade: Pk
    reason: str


class DecideIn(Schema):
    new_grade: str = ""
    decision: str


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


class PaySheetOut(Schema):
    round: int
    ready: bool
    problems: list[str]
    guaranteed_percent: Decimal
    pool_scope: str
    pools_fen: dict[str, int]
    total_fen: int
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


def _round(request, pk) -> Round:
    return get_object_or_404(selectors.round_list(user=request.user), pk=pk)


def _zone(request, pk) -> Zone:
    return get_object_or_404(Zone.objects.for_user(request.user), pk=pk)


# --- schemes ---------------------------------------------------------------------------------------------
@router.get("/schemes", response=list[SchemeOut], operation_id="performance_scheme_list")
def scheme_list(request):
    return list(selectors.scheme_list(user=request.user))


@router.get("/schemes/{pk}", response=SchemeOut, operation_id="performance_scheme_get")
def scheme_get(request, pk: int):
    return get_object_or_404(selectors.scheme_list(user=request.user), pk=pk)


@router.post("/schemes", response={201: SchemeOut}, operation_id="performance_scheme_create")
def scheme_create(request, payload: SchemeIn):
    data = payload.dict(exclude_none=True)
    zone = _zone(request, data.pop("zone"))
    return 201, svc.scheme_create(actor=request.user, zone=zone, **data)


# --- rounds ----------------------------------------------------------------------------------------------
@router.get("/rounds", response=list[RoundOut], operation_id="performance_round_list")
def round_list(request):
    return list(selectors.round_list(user=request.user))


@router.get("/rounds/{pk}", response=RoundOut, operation_id="performance_round_get")
def round_get(request, pk: int):
    return _round(request, pk)


@router.post("/rounds", response={201: RoundOut}, operation_id="performance_round_open")
def round_open(request, payload: RoundIn):
    zone = _zone(request, payload.zone)
    return 201, svc.round_open(actor=request.user, zone=zone, year=payload.year, quarter=payload.quarter)


@router.post("/rounds/{pk}/advance", response=RoundOut, operation_id="performance_round_advance")
def round_advance(request, pk: int, payload: Versioned):
    return svc.round_advance(actor=request.user, round=_round(request, pk), expected_version=payload.version)


@router.post("/rounds/{pk}/satisfaction", response=RoundOut, operation_id="performance_round_satisfaction")
def round_satisfaction(request, pk: int, payload: SatisfactionIn):
    r = _round(request, pk)
    svc.satisfaction_enter(actor=request.user, round=r, department_id=payload.department, value=payload.value)
    return _round(request, pk)


@router.post("/rounds/{pk}/delegates", response={201: dict}, operation_id="performance_round_nominate")
def round_nominate(request, pk: int, payload: NominateIn):
    r = _round(request, pk)
    staff = get_object_or_404(Staff.objects.for_user(request.user), pk=payload.staff)
    d = svc.delegate_nominate(actor=request.user, round=r, staff=staff)
    return 201, {"id": d.pk, "department": d.department_id, "staff": d.staff_id}


@router.post(
    "/rounds/{pk}/satisfaction/pull", response=RoundOut, operation_id="performance_round_satisfaction_pull"
)
def round_satisfaction_pull(request, pk: int):
    """Fill the service departments' satisfaction from 企业服务 (survey and 好差评)."""
    svc.satisfaction_pull(actor=request.user, round=_round(request, pk))
    return _round(request, pk)


class DelegateOut(Schema):
    id: int
    department: int
    staff: int
    name: str
    rank: str


@router.get("/rounds/{pk}/delegates", response=list[DelegateOut], operation_id="performance_round_delegates")
def round_delegates(request, pk: int):
    """The delegates to the meeting, by name (which ballot each cast is known to no one)."""
    r = _round(request, pk)
    return [
        {
            "id": d.pk,
            "department": d.department_id,
            "staff": d.staff_id,
            "name": d.staff.name,
            "rank": d.staff.rank,
        }
        for d in r.delegates.select_related("staff")
    ]


@router.delete(
    "/rounds/{pk}/delegates/{delegate}", response={204: None}, operation_id="performance_round_unnominate"
)
def round_unnominate(request, pk: int, delegate: int):
    r = _round(request, pk)
    d = get_object_or_404(r.delegates.select_related("staff"), pk=delegate)
    svc.delegate_remove(actor=request.user, delegate=d)
    return 204, None


class ReportOut(Schema):
    department: int
    name: str
    size: int


@router.post(
    "/rounds/{pk}/reports", response={201: ReportOut}, operation_id="performance_round_report_upload"
)
def round_report_upload(request, pk: int, department: Form[Pk], file: File[UploadedFile]):
    """A department's work report (述职报告): PDF, .docx, PNG or JPEG up to 20 MB (multipart)."""
    r = _round(request, pk)
    if file.size > 20 * 1024 * 1024:
        raise DomainError(f"{file.name} 超过20MB", {"file": ["超过20MB"]})
    rep = svc.report_upload(
        actor=request.user, round=r, department_id=department, name=file.name, data=file.read()
    )
    return 201, {"department": rep.department_id, "name": rep.original_name, "size": rep.size}


@router.get("/rounds/{pk}/reports", response=list[ReportOut], operation_id="performance_round_reports")
def round_reports(request, pk: int):
    r = _round(request, pk)
    return [
        {"department": w.department_id, "name": w.original_name, "size": w.size}
        for w in WorkReport.objects.for_user(request.user).filter(round=r)
    ]


@router.post("/rounds/{pk}/codes", response=list[CodeOut], operation_id="performance_round_codes")
def round_codes(request, pk: int):
    """The one-time ballot codes, returned once (only their digests are stored)."""
    pairs = svc.codes_generate(actor=request.user, round=_round(request, pk))
    return [{"department": d, "code": svc.format_code(c)} for d, c in pairs]


@router.post("/rounds/{pk}/leader-scores", response=RoundOut, operation_id="performance_round_leader_scores")
def round_leader_scores(request, pk: int, payload: ScoresIn):
    r = _round(request, pk)
    svc.leader_scores_set(actor=request.user, round=r, scores=payload.scores)
    return _round(request, pk)


@router.post("/rounds/{pk}/calibrate", response=ResultOut, operation_id="performance_round_calibrate")
def round_calibrate(request, pk: int, payload: CalibrateIn):
    r = _round(request, pk)
    res = get_object_or_404(r.results.select_related("department"), department_id=payload.department)
    res = svc.result_calibrate(
        actor=request.user, result=res, coefficient=payload.coefficient, reason=payload.reason
    )
    return _result(res, True, True)


@router.post("/rounds/{pk}/reopen", response=RoundOut, operation_id="performance_round_reopen")
def round_reopen(request, pk: int, payload: ReasonIn):
    return svc.round_reopen(actor=request.user, round=_round(request, pk), reason=payload.reason)


def _result(res, totals: bool, coefficients: bool) -> dict:
    out = {
        "department": res.department_id,
        "department_name": res.department.name,
        "department_type": res.department_type,
        "headcount": res.headcount,
    }
    if totals:
        out.update(
            satisfaction=res.satisfaction,
            democratic=res.democratic,
            democratic_ballots=res.democratic_ballots,
            leader=res.leader,
            composite=res.composite,
            rank=res.rank,
        )
    if coefficients:
        out.update(
            computed_coefficient=res.computed_coefficient,
            coefficient=res.coefficient,
            calibration_reason=res.calibration_reason,
            quota=res.quota,
        )
    return out


@router.get("/rounds/{pk}/results", response=list[ResultOut], operation_id="performance_round_results")
def round_results(request, pk: int):
    """Departments of the round; scores only for those who may see them (the tally staff once the minimum
    ballots are in, everyone after publication), coefficients after the tally for tally staff and leaders."""
    r = _round(request, pk)
    totals = selectors.totals_visible(request.user, r)
    coefs = selectors.coefficients_visible(request.user, r)
    return [_result(x, totals, coefs) for x in selectors.results(r)]


# --- the ballot (no login) -------------------------------------------------------------------------------
@router.post("/ballots", response={201: BallotOut}, auth=None, operation_id="performance_ballot_cast")
def ballot_cast(request, payload: BallotIn):
    """Cast a secret ballot with a one-time code (no login; rate-limited per address)."""
    if vote_attempt_refused(request):
        raise HttpError(429, "尝试次数过多，请10分钟后再试")
    return 201, {"valid": svc.ballot_cast(code=payload.code, scores=payload.scores)}


# --- grades and appeals ----------------------------------------------------------------------------------
def _grade_out(g) -> dict:
    return {
        "id": g.pk,
        "round": g.round_id,
        "staff": g.staff_id,
        "staff_name": g.staff.name,
        "department": g.department_id,
        "grade": g.grade,
    }


@router.get("/rounds/{pk}/grades", response=list[GradeOut], operation_id="performance_grade_list")
def grade_list(request, pk: int):
    r = _round(request, pk)
    return [_grade_out(g) for g in selectors.grades_visible_to(request.user, r)]


@router.post("/rounds/{pk}/grades", response=list[GradeOut], operation_id="performance_grades_set")
def grades_set(request, pk: int, payload: GradesIn):
    r = _round(request, pk)
    svc.grades_set(actor=request.user, round=r, department_id=payload.department, grades=payload.grades)
    return [
        _grade_out(g)
        for g in selectors.grades_visible_to(request.user, r).filter(department_id=payload.department)
    ]


@router.get("/my/grades", response=list[GradeOut], operation_id="performance_my_grades")
def my_grades(request):
    return [_grade_out(g) for g in selectors.my_grades(user=request.user).select_related("staff")]


def _appeal_out(a) -> dict:
    return {
        "id": a.pk,
        "round": a.round_id,
        "grade": a.grade_id,
        "staff_name": a.grade.staff.name,
        "reason": a.reason,
        "status": a.status,
        "original_grade": a.original_grade,
        "new_grade": a.new_grade,
        "decision": a.decision,
        "decided_at": a.decided_at,
    }


@router.get("/appeals", response=list[AppealOut], operation_id="performance_appeal_list")
def appeal_list(request):
    if not can(request.user, "view", Appeal):
        raise PermissionDenied
    return [_appeal_out(a) for a in selectors.appeal_list(user=request.user)]


@router.post("/appeals", response={201: AppealOut}, operation_id="performance_appeal_create")
def appeal_create(request, payload: AppealIn):
    g = get_object_or_404(selectors.my_grades(user=request.user).select_related("staff"), pk=payload.grade)
    return 201, _appeal_out(svc.appeal_submit(actor=request.user, grade=g, reason=payload.reason))


@router.post("/appeals/{pk}/decide", response=AppealOut, operation_id="performance_appeal_decide")
def appeal_decide(request, pk: int, payload: DecideIn):
    a = get_object_or_404(selectors.appeal_list(user=request.user), pk=pk)
    return _appeal_out(
        svc.appeal_decide(
            actor=request.user, appeal=a, new_grade=payload.new_grade, decision=payload.decision
        )
    )


# --- pay and the year ------------------------------------------------------------------------------------
@router.get("/rounds/{pk}/pay", response=PaySheetOut, operation_id="performance_pay_sheet")
def pay_sheet(request, pk: int):
    r = _round(request, pk)
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    sheet = selectors.pay_sheet(r)
    return {
        "round": r.pk,
        "ready": sheet.ready,
        "problems": sheet.problems,
        "guaranteed_percent": sheet.guaranteed_percent,
        "pool_scope": sheet.pool_scope,
        "pools_fen": {str(k): v for k, v in sheet.pools.items()},
        "total_fen": sheet.total_fen,
        "lines": [_line(x) for x in sheet.rows],
    }


def _line(x) -> dict:
    return {
        "employee_no": x.staff.employee_no,
        "name": x.staff.name,
        "department": x.department_name,
        "grade": x.grade,
        "post_coefficient": x.post_coefficient,
        "department_coefficient": x.department_coefficient,
        "grade_factor": x.grade_factor,
        "weight": x.line.weight,
        "monthly_standard_fen": x.monthly_fen,
        "standard_fen": x.line.standard_fen,
        "guaranteed_fen": x.line.guaranteed_fen,
        "withheld_fen": x.line.withheld_fen,
        "performance_fen": x.line.performance_fen,
        "total_fen": x.line.total_fen,
        "versus_equal_fen": x.line.versus_equal_fen,
    }


@router.get(
    "/zones/{zone}/annual/{year}", response=list[AnnualOut], operation_id="performance_annual_results"
)
def annual_results(request, zone: int, year: int = Path(..., ge=2000, le=2100)):
    z = _zone(request, zone)
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    return [
        {
            "employee_no": x.employee_no,
            "name": x.name,
            "department": x.department,
            "quarters": x.quarters,
            "points": x.result.points,
            "grade": x.result.grade,
            "improve_streak": x.result.improve_streak,
            "flagged_streak": x.result.flagged_streak,
            "flagged_incompetent": x.result.flagged_incompetent,
        }
        for x in selectors.annual_results(z, year)
    ]


class PayProfileOut(Schema):
    staff: int
    employee_no: str
    name: str
    department: str
    post_coefficient: Decimal
    monthly_standard_fen: int | None = None


class PayProfileIn(Schema):
    monthly_yuan: ScoreValue
    note: str = ""


def _profile_out(s) -> dict:
    p = getattr(s, "pay_profile", None)
    return {
        "staff": s.pk,
        "employee_no": s.employee_no,
        "name": s.name,
        "department": s.department.name if s.department_id else "",
        "post_coefficient": s.post.value_coefficient if s.post_id else Decimal("1.00"),
        "monthly_standard_fen": p.monthly_standard_fen if p else None,
    }


@router.get("/pay-profiles", response=list[PayProfileOut], operation_id="performance_payprofile_list")
def payprofile_list(request):
    """Every active staff member in reach with their standard monthly pay (fen; null when none yet)."""
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    staff = (
        Staff.objects.for_user(request.user)
        .filter(is_active=True)
        .select_related("department", "post", "pay_profile")
        .order_by("employee_no")
    )
    return [_profile_out(s) for s in staff]


@router.put("/pay-profiles/{staff}", response=PayProfileOut, operation_id="performance_payprofile_set")
def payprofile_set(request, staff: int, payload: PayProfileIn):
    s = get_object_or_404(Staff.objects.for_user(request.user), pk=staff)
    svc.payprofile_set(actor=request.user, staff=s, monthly_yuan=payload.monthly_yuan, note=payload.note)
    return _profile_out(Staff.objects.select_related("department", "post", "pay_profile").get(pk=s.pk))


@router.get("/my/pay", response=list[PayLineOut], operation_id="performance_my_pay")
def my_pay(request):
    """My pay line of each published quarter whose pay sheet is complete."""
    out = []
    for g in selectors.my_grades(user=request.user):
        sheet = selectors.pay_sheet(g.round, staff_ids={g.staff_id})
        if sheet.ready and sheet.rows:
            out.append(_line(sheet.rows[0]))
    return out


@router.get("/zones/{zone}/reports/{year}", response=dict, operation_id="performance_reports")
def zone_reports(request, zone: int, year: int = Path(..., ge=2000, le=2100)):
    """The year's published figures: coefficients by department and quarter, grade distribution, pay spread."""
    z = _zone(request, zone)
    if not can(request.user, "view", Round):
        raise PermissionDenied
    data = reports.build(z, year, request.user)
    return {
        "quarters": [str(q) for q in data["quarters"]],
        "coefficients": [{"department": d, "values": v} for d, v in data["coefficients"]],
        "grades": data["grade_rows"],
        "pay_spread_yuan": data["spread_rows"],
    }
