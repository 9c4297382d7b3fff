"""Rounds and the work of their steps: opening, the moves (the same ``ActionTable`` as the page), delegates,
work reports, ballot codes, leader scores, calibration and the results (scores hidden exactly as on the page,
``selectors.totals_visible``)."""

from django.utils.translation import gettext as _
from ninja import File, Form, Status, UploadedFile

from devzone.core.errors import DomainError, NotFoundError
from devzone.core.files import too_large
from devzone.core.idempotency import answer_holds_secret
from devzone.performance import selectors
from devzone.performance import services as svc
from devzone.performance.actions import API_MOVES
from devzone.performance.api.common import round_of, router, zone_of
from devzone.performance.models import WorkReport
from devzone.performance.schemas import (
    CalibrateIn,
    CodeOut,
    DelegateOut,
    Id,
    NominateIn,
    ReportOut,
    ResultOut,
    RoundIn,
    RoundOut,
    ScoresIn,
)


@router.get("/rounds", response=list[RoundOut], operation_id="performance_round_list")
def round_list(request):
    return list(selectors.round_list(user=request.user))


@router.get("/rounds/{pk}", response=RoundOut, operation_id="performance_round_get")
def round_get(request, pk: int):
    return round_of(request, pk)


@router.post("/rounds", response={201: RoundOut}, operation_id="performance_round_open")
def round_open(request, payload: RoundIn):
    zone = zone_of(request, payload.zone)
    return Status(
        201, svc.round_open(actor=request.user, zone=zone, year=payload.year, quarter=payload.quarter)
    )


# POST /rounds/{pk}/<move> for the moves the page shares (operation ids performance_round_<move>), answering
# the round.
API_MOVES.mount(router, path="/rounds/{pk}", load=round_of, response=RoundOut, prefix="performance_round")


@router.post(
    "/rounds/{pk}/satisfaction/pull", response=RoundOut, operation_id="performance_round_satisfaction_pull"
)
def round_satisfaction_pull(request, pk: int):
    """Fill the service departments' satisfaction from 企业服务 (survey and 好差评)."""
    svc.satisfaction_pull(actor=request.user, round=round_of(request, pk))
    return round_of(request, pk)


@router.post("/rounds/{pk}/delegates", response={201: dict}, operation_id="performance_round_nominate")
def round_nominate(request, pk: int, payload: NominateIn):
    d = svc.delegate_nominate(actor=request.user, round=round_of(request, pk), staff=payload.staff)
    return Status(201, {"id": d.pk, "department": d.department_id, "staff": d.staff_id})


@router.get("/rounds/{pk}/delegates", response=list[DelegateOut], operation_id="performance_round_delegates")
def round_delegates(request, pk: int):
    """The delegates to the meeting, by name (which ballot each cast is known to no one)."""
    return [
        {
            "id": d.pk,
            "department": d.department_id,
            "staff": d.staff_id,
            "name": d.staff.name,
            "rank": d.staff.rank,
        }
        for d in round_of(request, pk).delegates.select_related("staff")
    ]


@router.delete(
    "/rounds/{pk}/delegates/{delegate}", response={204: None}, operation_id="performance_round_unnominate"
)
def round_unnominate(request, pk: int, delegate: int):
    d = round_of(request, pk).delegates.select_related("staff").filter(pk=delegate).first()
    if d is None:
        raise NotFoundError(_("%(w)s不存在") % {"w": _("测评代表")})
    svc.delegate_remove(actor=request.user, delegate=d)
    return Status(204, None)


@router.post(
    "/rounds/{pk}/reports", response={201: ReportOut}, operation_id="performance_round_report_upload"
)
def round_report_upload(request, pk: int, department: Form[Id], file: File[UploadedFile]):
    """A department's work report (述职报告): PDF, .docx, PNG or JPEG within the upload limit (multipart)."""
    r = round_of(request, pk)
    if problem := too_large(file.size):
        raise DomainError.on("file", f"{file.name} {problem}")
    rep = svc.report_upload(
        actor=request.user, round=r, department_id=department, name=file.name, data=file.read()
    )
    return Status(201, {"department": rep.department_id, "name": rep.original_name, "size": rep.size})


@router.get("/rounds/{pk}/reports", response=list[ReportOut], operation_id="performance_round_reports")
def round_reports(request, pk: int):
    r = round_of(request, pk)
    return [
        {"department": w.department_id, "name": w.original_name, "size": w.size}
        for w in WorkReport.objects.for_user(request.user).filter(round=r)
    ]


@router.post("/rounds/{pk}/codes", response=list[CodeOut], operation_id="performance_round_codes")
def round_codes(request, pk: int):
    """The one-time ballot codes, returned once (only their digests are stored)."""
    pairs = svc.codes_generate(actor=request.user, round=round_of(request, pk))
    answer_holds_secret(request)  # shown once: never kept for an Idempotency-Key retry (core.idempotency)
    return [{"department": d, "code": svc.format_code(c)} for d, c in pairs]


@router.post("/rounds/{pk}/leader-scores", response=RoundOut, operation_id="performance_round_leader_scores")
def round_leader_scores(request, pk: int, payload: ScoresIn):
    svc.leader_scores_set(actor=request.user, round=round_of(request, pk), scores=payload.scores)
    return round_of(request, pk)


@router.post("/rounds/{pk}/calibrate", response=ResultOut, operation_id="performance_round_calibrate")
def round_calibrate(request, pk: int, payload: CalibrateIn):
    r = round_of(request, pk)
    res = r.results.select_related("department").filter(department_id=payload.department).first()
    if res is None:
        raise NotFoundError(_("部门不在本轮考核中"))
    res = svc.result_calibrate(
        actor=request.user, result=res, coefficient=payload.coefficient, reason=payload.reason
    )
    return result_out(res, True, True)


# A department's figures, shown to those who may see scores / coefficients (``round_results``).
TOTALS = ("satisfaction", "democratic", "leader", "composite", "rank")
COEFFICIENTS = ("computed_coefficient", "coefficient", "calibration_reason", "quota")


def result_out(res, totals: bool, coefficients: bool) -> dict:
    out = {
        "department": res.department_id,
        "department_name": res.department.name,
        "department_type": res.department_type,
        "headcount": res.headcount,
    }
    shown = (TOTALS if totals else ()) + (COEFFICIENTS if coefficients else ())
    out.update({f: getattr(res, f) for f in shown})
    return out


@router.get("/rounds/{pk}/results", response=list[ResultOut], operation_id="performance_round_results")
def round_results(request, pk: int):
    """Departments of the round; scores only for those who may see them (the tally staff once the minimum
    ballots are in, everyone after publication), coefficients after the tally for tally staff and leaders."""
    r = round_of(request, pk)
    totals = selectors.totals_visible(request.user, r)
    coefs = selectors.coefficients_visible(request.user, r)
    return [result_out(x, totals, coefs) for x in selectors.results(r)]
