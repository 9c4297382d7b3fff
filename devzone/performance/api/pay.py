"""Pay sheets, pay profiles, the year's results and report."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Path, Status

from devzone.core.access import require_right
from devzone.core.filters import api_rows
from devzone.core.models import Staff
from devzone.core.web import scoped_or_404
from devzone.performance import filters, reports, selectors
from devzone.performance import services as svc
from devzone.performance.actions import ROUND_ACTIONS
from devzone.performance.api.common import round_of, router, zone_of
from devzone.performance.models import Round
from devzone.performance.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    AnnualOut,
    PayLineOut,
    PayProfileIn,
    PayProfileOut,
    PaySheetOut,
)


def _pay_reader(request) -> None:
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied


@router.get("/rounds/{pk}/pay", response=PaySheetOut, operation_id="performance_pay_sheet")
def pay_sheet(request, pk: int):
    r = round_of(request, pk)
    _pay_reader(request)
    sheet = selectors.pay_sheet(r)
    return {
        "round": r.pk,
        "ready": sheet.ready,
        "problems": sheet.problems,
        "guaranteed_percent": sheet.guaranteed_percent,
        "pool_scope": sheet.pool_scope,
        "pools_fen": {str(k): v for k, v in sheet.pools.items()},
        "total_fen": sheet.total_fen,
        "special_pay_fen": sheet.extra_fen,
        "lines": [line_out(x) for x in sheet.rows],
    }


def line_out(x) -> dict:
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
        "special_pay_fen": x.extra_fen,
        "special_pay_ref": x.extra_refs,
        "pay_total_fen": x.total_fen,
    }


@router.get(
    "/zones/{zone}/annual/{year}", response=list[AnnualOut], operation_id="performance_annual_results"
)
def annual_results(request, zone: int, year: int = Path(..., ge=2000, le=2100)):
    z = zone_of(request, zone)
    _pay_reader(request)
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


def profile_out(s) -> dict:
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
    """Every active staff member in reach with their standard monthly pay (fen; null when none yet); the
    page's filters apply (``q``: name or 工号, ``department``)."""
    _pay_reader(request)
    qs = selectors.pay_staff(user=request.user)
    return [profile_out(s) for s in api_rows(filters.PayStaffFilter, request, qs)]


@router.put("/pay-profiles/{staff}", response=PayProfileOut, operation_id="performance_payprofile_set")
def payprofile_set(request, staff: int, payload: PayProfileIn):
    s = scoped_or_404(Staff.objects, staff, user=request.user)
    svc.payprofile_set(actor=request.user, staff=s, monthly_yuan=payload.monthly_yuan, note=payload.note)
    return profile_out(selectors.pay_staff(user=request.user).get(pk=s.pk))


@router.get("/my/pay", response=list[PayLineOut], operation_id="performance_my_pay")
def my_pay(request):
    """My pay line of each published quarter whose pay sheet is complete."""
    out = []
    for g in selectors.my_grades(user=request.user):
        sheet = selectors.pay_sheet(g.round, staff_ids={g.staff_id})
        if sheet.ready and sheet.rows:
            out.append(line_out(sheet.rows[0]))
    return out


@router.get("/zones/{zone}/reports/{year}", response=dict, operation_id="performance_reports")
def zone_reports(request, zone: int, year: int = Path(..., ge=2000, le=2100)):
    """The year's published figures: coefficients by department and quarter, grade distribution, and the pay
    spread per quarter (lowest, mean, highest in 元, highest/lowest) — null for those who may not read pay."""
    z = zone_of(request, zone)
    require_right(request.user, "view", Round)
    data = reports.build(z, year, request.user)
    return {
        "quarters": [str(q) for q in data["quarters"]],
        "coefficients": [{"department": d, "values": v} for d, v in data["coefficients"]],
        "grades": data["grade_rows"],
        "pay_spread_yuan": data["spread_rows"],
    }


@router.get(
    "/rounds/{pk}/adjustments", response=list[AdjustmentOut], operation_id="performance_adjustment_list"
)
def adjustment_list(request, pk: int):
    """The 补发/扣回 recorded on a closed quarter (amounts in fen; ``signed_fen`` negative for 扣回)."""
    r = round_of(request, pk)
    _pay_reader(request)
    return list(selectors.adjustments(user=request.user, round=r))


@router.post(
    "/rounds/{pk}/adjustments", response={201: AdjustmentOut}, operation_id="performance_adjustment_create"
)
def adjustment_create(request, pk: int, payload: AdjustmentIn):
    """补发/扣回 on a closed quarter (the page's action ``adjust``): the tally staff, a person of the quarter's
    pay sheet, an amount in 元, the reason and a payroll month after the closing."""
    r = round_of(request, pk)
    a = ROUND_ACTIONS["adjust"].run(actor=request.user, row=r, **payload.dict())
    return Status(201, selectors.adjustments(user=request.user).get(pk=a.pk))


@router.get("/adjustments/{pk}", response=AdjustmentOut, operation_id="performance_adjustment_get")
def adjustment_get(request, pk: int):
    row = scoped_or_404(selectors.adjustments(user=request.user), pk, user=request.user)
    _pay_reader(request)
    return row
