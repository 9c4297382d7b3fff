"""Key-project API: the portfolio, a timetable and its milestones, the handover, the agent and the visit
cadence, the investment figures. The moves call the same ``run`` as the pages (``projects.actions``)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from devzone.core.access import require_right
from devzone.core.api_rows import named_row
from devzone.core.filters import api_rows
from devzone.core.models import Project
from devzone.core.schemas import Id, IndustryCode, Mapped, Month, Year, list_operation
from devzone.core.web import scoped_or_404
from devzone.core.workdays import get_calendar
from devzone.projects import filters, selectors
from devzone.projects import services as svc
from devzone.projects.actions import PROJECT_ACTIONS
from devzone.projects.api_common import (
    is_internal,
    keyproject_out,
    router,
    staff_only,
    tracking,
)
from devzone.projects.api_schemas import (
    AgentIn,
    CadenceIn,
    ColourCode,
    HandoverIn,
    InvestmentOut,
    InvestmentPlanIn,
    KeyProjectOut,
    MilestoneIn,
    MilestoneOut,
    MonthIn,
)
from devzone.projects.models import AnnualPlan, KeyProject, Milestone, MonthlyInvestment
from devzone.projects.status import lateness
from devzone.projects.wording import milestone_label


@list_operation(
    router, "/key-projects", KeyProjectOut, operation_id="keyproject_list", summary="Key projects in reach"
)
def keyproject_list(
    request,
    status: ColourCode | None = None,
    agent: Id | None = None,
    area: Id | None = None,
    industry: IndustryCode | None = None,
):
    require_right(request.auth, "view", KeyProject)
    qs = api_rows(filters.KeyProjectFilter, request, selectors.keyproject_list(user=request.auth))
    internal = is_internal(request)
    return Mapped(qs.order_by("project__name", "id"), lambda t: keyproject_out(t, internal))


@router.get(
    "/key-projects/{int:project_id}",
    response=KeyProjectOut,
    operation_id="keyproject_get",
    summary="One key project",
)
def keyproject_get(request, project_id: int):
    return keyproject_out(tracking(request, project_id), is_internal(request))


def _milestone_out(m: Milestone, today, between, internal: bool) -> dict:
    fields = ("id", "order", "code", "planned_on", "actual_on", "approval_item_code", "version")
    return {
        **{f: getattr(m, f) for f in fields},
        "name": milestone_label(m.name),
        "lateness_workdays": lateness(m.planned_on, m.actual_on, today, between),
        "notes": m.notes if internal else None,
    }


@router.get(
    "/key-projects/{int:project_id}/milestones",
    response=list[MilestoneOut],
    operation_id="milestone_list",
    summary="A key project's timetable (lateness in working days)",
)
def milestone_list(request, project_id: int):
    tracking(request, project_id)
    today, between, internal = timezone.localdate(), get_calendar().between, is_internal(request)
    return [
        _milestone_out(m, today, between, internal)
        for m in selectors.milestones_of(user=request.auth, project_id=project_id)
    ]


@router.post(
    "/milestones/{int:pk}/record",
    response=MilestoneOut,
    operation_id="milestone_record",
    summary="Record the day a milestone was reached (not before signing, not in the future)",
)
def milestone_record(request, pk: int, payload: MilestoneIn):
    ms = scoped_or_404(Milestone.objects, pk, user=request.auth)
    if not is_internal(request):
        raise PermissionDenied
    PROJECT_ACTIONS["milestone"].run(
        actor=request.auth, row=tracking(request, ms.project_id), milestone=ms.pk, **payload.dict()
    )
    ms.refresh_from_db()
    return _milestone_out(ms, timezone.localdate(), get_calendar().between, True)


@router.post(
    "/handover",
    response={201: KeyProjectOut},
    operation_id="keyproject_handover",
    summary="Make a signed project key: its timetable from the zone's template, its agent",
)
def keyproject_handover(request, payload: HandoverIn):
    project = named_row(request, Project, payload.project, "project", _("项目不存在或不在您的范围内"))
    t = svc.handover_to_build(
        actor=request.auth, project=project, agent=payload.agent, project_type=payload.project_type
    )
    return Status(201, keyproject_out(selectors.keyproject_list(user=request.auth).get(pk=t.pk), True))


def _move(request, project_id: int, name: str, **data) -> dict:
    """A move on a key project, as the page makes it; the key project as it is afterwards."""
    if not is_internal(request):
        raise PermissionDenied
    PROJECT_ACTIONS[name].run(actor=request.auth, row=tracking(request, project_id), **data)
    return keyproject_out(tracking(request, project_id), True)


def _move_operation(name: str, body, *, operation_id: str, summary: str) -> None:
    """``POST /key-projects/{project_id}/<name>``: the move ``name`` with the body ``body``, answering the key
    project (as ``core.api_people`` mounts its moves)."""

    def move(request, project_id: int, payload):
        return _move(request, project_id, name, **payload.dict())

    # ninja reads the body's type from the annotation: the class itself
    move.__annotations__["payload"] = body
    move.__name__ = operation_id
    router.post(
        f"/key-projects/{{int:project_id}}/{name}",
        response=KeyProjectOut,
        operation_id=operation_id,
        summary=summary,
    )(move)


_move_operation(
    "agent",
    AgentIn,
    operation_id="keyproject_assign_agent",
    summary="Assign the project's agent (history kept)",
)
_move_operation(
    "cadence",
    CadenceIn,
    operation_id="keyproject_set_cadence",
    summary="Set the visit cadence in working days",
)


@router.get(
    "/key-projects/{int:project_id}/investment",
    response=InvestmentOut,
    operation_id="investment_get",
    summary="Annual plans and monthly completed investment (万元)",
)
def investment_get(request, project_id: int):
    t = tracking(request, project_id)
    staff_only(request, AnnualPlan)
    plans = AnnualPlan.objects.for_user(request.auth).filter(project_id=t.project_id)
    months = MonthlyInvestment.objects.for_user(request.auth).filter(project_id=t.project_id)
    return {
        "plans": dict(plans.values_list("year", "planned_wan")),
        "months": {f"{y}-{m:02d}": v for y, m, v in months.values_list("year", "month", "completed_wan")},
        "version": t.version,
    }


def _figure(request, project_id: int, model, name: str, **data) -> dict:
    """An investment figure (a ``model`` row) written by the move ``name``, staff only; the figures afterwards."""
    tracking(request, project_id)
    staff_only(request, model)
    _move(request, project_id, name, **data)
    return investment_get(request, project_id)


@router.put(
    "/key-projects/{int:project_id}/plans/{int:year}",
    response=InvestmentOut,
    operation_id="investment_plan_set",
    summary="Set a year's planned investment (万元)",
)
def investment_plan_set(request, project_id: int, year: Year, payload: InvestmentPlanIn):
    return _figure(request, project_id, AnnualPlan, "plan", year=year, **payload.dict())


@router.put(
    "/key-projects/{int:project_id}/months/{int:year}/{int:month}",
    response=InvestmentOut,
    operation_id="investment_month_record",
    summary="Record a month's completed investment (万元)",
)
def investment_month_record(request, project_id: int, year: Year, month: Month, payload: MonthIn):
    return _figure(request, project_id, MonthlyInvestment, "month", year=year, month=month, **payload.dict())
