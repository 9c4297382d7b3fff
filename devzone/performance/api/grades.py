"""Individual grades and appeals."""

from django.http import Http404
from ninja import Status

from devzone.core.access import require_right
from devzone.core.choices import Role
from devzone.core.filters import api_rows
from devzone.core.web import scoped_or_404
from devzone.performance import filters, selectors
from devzone.performance import services as svc
from devzone.performance.api.common import round_of, router
from devzone.performance.models import Appeal
from devzone.performance.schemas import GradeAppealDecideIn, GradeAppealIn, GradeAppealOut, GradeOut, GradesIn


def grade_out(g) -> dict:
    return {
        "id": g.pk,
        "round": g.round_id,
        "staff": g.staff_id,
        "staff_name": g.staff.name,
        "department": g.department_id,
        "grade": g.grade,
        "version": g.version,
    }


@router.get("/rounds/{pk}/grades", response=list[GradeOut], operation_id="performance_grade_list")
def grade_list(request, pk: int):
    return [grade_out(g) for g in selectors.grades_visible_to(request.user, round_of(request, pk))]


@router.post("/rounds/{pk}/grades", response=list[GradeOut], operation_id="performance_grades_set")
def grades_set(request, pk: int, payload: GradesIn):
    r = round_of(request, pk)
    svc.grades_set(
        actor=request.user,
        round=r,
        department_id=payload.department,
        grades=payload.grades,
        versions=payload.versions,
    )
    return [
        grade_out(g)
        for g in selectors.grades_visible_to(request.user, r).filter(department_id=payload.department)
    ]


@router.get("/my/grades", response=list[GradeOut], operation_id="performance_my_grades")
def my_grades(request):
    return [grade_out(g) for g in selectors.my_grades(user=request.user).select_related("staff")]


def appeal_out(a) -> dict:
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
        # who decides it: a leader of the zone, or the city officer when 回避 leaves the zone none
        "decider": Role.CITY_OFFICER if svc.appeal_to_city(a) else Role.ZONE_LEADER,
    }


@router.get("/appeals", response=list[GradeAppealOut], operation_id="performance_appeal_list")
def appeal_list(request, todo: bool = False):
    """The appeals in reach; ``todo=true``: the pending ones the user decides (the page's ``?todo=1``)."""
    require_right(request.user, "view", Appeal)
    return [
        appeal_out(a)
        for a in api_rows(filters.AppealFilter, request, selectors.appeal_list(user=request.user))
    ]


@router.post("/appeals", response={201: GradeAppealOut}, operation_id="performance_appeal_create")
def appeal_create(request, payload: GradeAppealIn):
    # the user's own grade (staff of any role appeal, not only those who read grades)
    g = selectors.my_grades(user=request.user).select_related("staff").filter(pk=payload.grade).first()
    if g is None:
        raise Http404
    return Status(201, appeal_out(svc.appeal_submit(actor=request.user, grade=g, reason=payload.reason)))


@router.post("/appeals/{pk}/decide", response=GradeAppealOut, operation_id="performance_appeal_decide")
def appeal_decide(request, pk: int, payload: GradeAppealDecideIn):
    a = scoped_or_404(selectors.appeal_list(user=request.user), pk, user=request.user)
    return appeal_out(
        svc.appeal_decide(
            actor=request.user, appeal=a, new_grade=payload.new_grade, decision=payload.decision
        )
    )
