"""The problem list in the API: list (the page's filters), statistics, one problem, raise, progress, resolve.
The moves call the same ``run`` as the page (``projects.actions``)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from devzone.core.access import reach_of, require_right
from devzone.core.api_rows import named_row
from devzone.core.errors import require
from devzone.core.filters import api_rows
from devzone.core.models import Department, Project, Staff
from devzone.core.schemas import Day, Id, Mapped, Search, list_operation
from devzone.core.web import scoped_or_404
from devzone.projects import filters, selectors
from devzone.projects import services as svc
from devzone.projects.actions import PROBLEM_ACTIONS
from devzone.projects.api_common import is_internal, problem_out, router, staff_only
from devzone.projects.api_schemas import (
    ProblemCategoryCode,
    ProblemIn,
    ProblemOut,
    ProblemStatusFilter,
    ResolveIn,
    StatsOut,
    TextIn,
)
from devzone.projects.models import Problem, SiteVisit


@list_operation(router, "/problems", ProblemOut, operation_id="problem_list", summary="Problems in reach")
def problem_list(
    request,
    status: ProblemStatusFilter | None = None,
    category: ProblemCategoryCode | None = None,
    owner: Search | None = None,
    project: Id | None = None,
):
    require_right(request.auth, "view", Problem)
    today = timezone.localdate()
    qs = api_rows(filters.ProblemFilter, request, selectors.problem_list(user=request.auth))
    internal = is_internal(request)
    return Mapped(qs.order_by("-raised_on", "-id"), lambda p: problem_out(p, today, internal))


@router.get(
    "/problems/statistics",
    response=StatsOut,
    operation_id="problem_statistics",
    summary="Problems solved in a period by category and month",
)
def problem_statistics(request, start: Day | None = None, end: Day | None = None):
    staff_only(request, Problem)
    end = end or timezone.localdate()
    start = start or end - dt.timedelta(days=182)
    require(end >= start, _("结束日期不能早于开始日期"), "end")
    r = reach_of(request.auth)
    return selectors.problem_stats(
        user=request.auth, zone_id=r.zone_id if r.kind == "zone" else None, start=start, end=end
    )


def _problem(request, pk: int) -> Problem:
    return scoped_or_404(selectors.problem_list(user=request.auth), pk, user=request.auth)


@router.get("/problems/{int:pk}", response=ProblemOut, operation_id="problem_get", summary="One problem")
def problem_get(request, pk: int):
    return problem_out(_problem(request, pk), timezone.localdate(), is_internal(request), notes=True)


@router.post(
    "/problems", response={201: ProblemOut}, operation_id="problem_create", summary="Raise a problem"
)
def problem_create(request, payload: ProblemIn):
    require_right(request.auth, "create", Problem)  # 403 as the page is (a city officer only reads problems)
    project = named_row(request, Project, payload.project, "project", _("项目不存在或不在您的范围内"))
    internal = is_internal(request)
    department = owner = visit = None
    if internal:
        department = named_row(
            request, Department, payload.department, "department", _("责任部门须为本开发区的部门")
        )
        owner = named_row(request, Staff, payload.owner, "owner", _("责任人须为本开发区在岗工作人员"))
        visit = named_row(request, SiteVisit, payload.visit, "visit", _("走访记录不存在"))
    p = svc.problem_raise(
        actor=request.auth,
        project=project,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        department=department,
        owner=owner,
        deadline_workdays=payload.deadline_workdays if internal else None,
        due_on=payload.due_on if internal else None,
        visit=visit,
    )
    return Status(201, problem_out(p, timezone.localdate(), internal))


def _move(request, pk: int, name: str, payload) -> dict:
    p = scoped_or_404(Problem.objects, pk, user=request.auth)
    staff_only(request, Problem)
    PROBLEM_ACTIONS[name].run(actor=request.auth, row=p, **payload.dict())
    return problem_get(request, pk)


@router.post(
    "/problems/{int:pk}/notes", response=ProblemOut, operation_id="problem_note", summary="Add progress"
)
def problem_note(request, pk: int, payload: TextIn):
    return _move(request, pk, "note", payload)


@router.post(
    "/problems/{int:pk}/resolve", response=ProblemOut, operation_id="problem_resolve", summary="Resolve"
)
def problem_resolve(request, pk: int, payload: ResolveIn):
    return _move(request, pk, "resolve", payload)
