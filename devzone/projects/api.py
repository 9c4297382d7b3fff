"""Key-project API: the portfolio, timetables, investment, agents, visits, problems, weekly dispatches and the
zone's rules. Rows load through ``for_user``; writes go through the same services as the pages. An enterprise
user sees only its own projects' public progress (status and milestones), never internal notes or visits."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from devzone.core.access import can, reach_of
from devzone.core.api import Page
from devzone.core.errors import DomainError, check_id
from devzone.core.models import Department, Project, Staff, Zone
from devzone.core.workdays import get_calendar
from devzone.projects import selectors
from devzone.projects import services as svc
from devzone.projects.choices import ProjectType
from devzone.projects.models import (
    AnnualPlan,
    KeyProject,
    Milestone,
    MilestoneTemplate,
    MonthlyInvestment,
    Problem,
    ProjectRules,
    SiteVisit,
    WeeklyDispatch,
)
from devzone.projects.services.common import rules_for
from devzone.projects.services.dispatching import dispatch_issue
from devzone.projects.status import lateness

router = Router(tags=["projects"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- schemas -----------------------------------------------------------------------------------------------
class KeyProjectOut(Schema):
    project: int
    name: str
    enterprise: str
    status: str
    status_since: dt.date | None
    next_milestone: str
    next_milestone_on: dt.date | None
    # Internal (None for an enterprise user):
    status_reason: str | None = None
    total_investment: Decimal | None = None
    area: str | None = None
    industry: str | None = None
    agent: int | None = None
    agent_name: str | None = None
    visit_cadence_workdays: int | None = None
    last_visit_on: dt.date | None = None
    next_visit_due: dt.date | None = None
    behind_points: Decimal | None = None


def _kp(t: KeyProject, internal: bool) -> dict:
    out = {
        "project": t.project_id,
        "name": t.project.name,
        "enterprise": t.project.enterprise.name,
        "status": t.status,
        "status_since": t.status_since,
        "next_milestone": t.next_milestone,
        "next_milestone_on": t.next_milestone_on,
    }
    if internal:
        out.update(
            status_reason=t.status_reason,
            total_investment=t.project.total_investment,
            area=t.project.area.name if t.project.area_id else None,
            industry=t.project.industry_id,
            agent=t.agent_id,
            agent_name=t.agent.name if t.agent_id else None,
            visit_cadence_workdays=t.visit_cadence_workdays,
            last_visit_on=t.last_visit_on,
            next_visit_due=t.next_visit_due,
            behind_points=t.behind_points,
        )
    return out


class MilestoneOut(Schema):
    id: int
    order: int
    code: str
    name: str
    planned_on: dt.date
    actual_on: dt.date | None
    lateness_workdays: int
    approval_item_code: str
    version: int
    notes: str | None = None  # internal


class MilestoneIn(Schema):
    actual_on: dt.date
    notes: str = ""
    version: int | None = None


class HandoverIn(Schema):
    project: int
    agent: int | None = None
    project_type: str = ProjectType.INDUSTRIAL


class AgentIn(Schema):
    agent: int
    note: str = ""


class CadenceIn(Schema):
    visit_cadence_workdays: int


class PlanIn(Schema):
    planned_wan: Decimal


class MonthIn(Schema):
    completed_wan: Decimal


class InvestmentOut(Schema):
    plans: dict[int, Decimal]
    months: dict[str, Decimal]


class WorkloadOut(Schema):
    staff: int
    name: str
    department: str
    total: int
    red: int
    yellow: int
    visits_overdue: int
    problems_open: int
    problems_overdue: int


class VisitOut(Schema):
    id: int
    project: int
    visited_on: dt.date
    agent: int | None
    people_met: str
    findings: str
    photos: list[str]


class VisitIn(Schema):
    project: int
    visited_on: dt.date
    people_met: str
    findings: str


class NoteOut(Schema):
    on: dt.date
    author: str
    text: str


class ProblemOut(Schema):
    id: int
    project: int
    project_name: str
    source: str
    category: str
    title: str
    description: str
    department: str
    owner: str
    raised_on: dt.date
    due_on: dt.date
    overdue: bool
    status: str
    resolution: str
    resolved_on: dt.date | None
    version: int
    escalated_on: dt.date | None = None  # internal
    notes: list[NoteOut] | None = None  # internal, on one problem


class ProblemIn(Schema):
    project: int
    category: str
    title: str
    description: str = ""
    department: int | None = None
    owner: int | None = None
    deadline_workdays: int | None = None
    due_on: dt.date | None = None
    visit: int | None = None


class TextIn(Schema):
    text: str
    version: int | None = None


class ResolveIn(Schema):
    resolution: str
    version: int | None = None


class CategoryCount(Schema):
    code: str
    label: str
    solved: int
    open: int


class MonthCount(Schema):
    month: str
    solved: int


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    solved: int
    open: int
    categories: list[CategoryCount]
    months: list[MonthCount]


class DispatchOut(Schema):
    id: int
    zone: int
    week_start: dt.date
    number: int
    title: str
    issued_at: dt.datetime
    automatic: bool
    docx_url: str


class DispatchDetailOut(DispatchOut):
    content: dict


class RulesOut(Schema):
    start_yellow_months: int
    start_red_months: int
    behind_yellow_points: Decimal
    behind_red_points: Decimal
    recovery_months: int
    visit_cadence_workdays: int
    problem_deadline_workdays: int
    dispatch_weekday: int
    dispatch_hour: int
    version: int


class RulesIn(Schema):
    start_yellow_months: int | None = None
    start_red_months: int | None = None
    behind_yellow_points: Decimal | None = None
    behind_red_points: Decimal | None = None
    recovery_months: int | None = None
    visit_cadence_workdays: int | None = None
    problem_deadline_workdays: int | None = None
    dispatch_weekday: int | None = None
    dispatch_hour: int | None = None
    version: int | None = None


class StepOut(Schema):
    order: int
    code: str
    name: str
    offset_workdays: int
    approval_item_code: str


class TemplateOut(Schema):
    project_type: str
    name: str
    steps: list[StepOut]


# --- helpers -----------------------------------------------------------------------------------------------
class Mapped:
    """A queryset the paginator slices and counts, each row of the page turned into its output by ``fn``."""

    def __init__(self, qs, fn):
        self.qs, self.fn = qs, fn

    def __getitem__(self, s):
        if s.start is not None and s.start > 10**9:  # a page number no list reaches (and SQLite's int limit)
            return []
        return [self.fn(row) for row in self.qs[s]]

    def count(self) -> int:
        return self.qs.count()


def _internal(request) -> bool:
    return reach_of(request.auth).kind != "enterprise"


def _staff_only(request, model) -> None:
    if not _internal(request) or not can(request.auth, "view", model):
        raise PermissionDenied


def _tracking(request, project_id: int) -> KeyProject:
    if check_id(project_id) is None:
        raise Http404
    return get_object_or_404(selectors.keyproject_list(user=request.auth), project_id=project_id)


def _zone(request) -> Zone:
    """The zone an operation acts in: the user's own (city users pass ``zone``)."""
    r = reach_of(request.auth)
    zone_id = request.GET.get("zone") if r.kind == "city" else r.zone_id
    zone = Zone.objects.for_user(request.auth).filter(pk=zone_id).first() if zone_id else None
    if zone is None:
        raise DomainError("请指定开发区（zone）", {"zone": ["请指定开发区"]})
    return zone


def _problem(p: Problem, on: dt.date, internal: bool, notes: bool = False) -> dict:
    out = {
        "id": p.pk,
        "project": p.project_id,
        "project_name": p.project.name,
        "source": p.source,
        "category": p.category,
        "title": p.title,
        "description": p.description,
        "department": p.department.name,
        "owner": p.owner.name,
        "raised_on": p.raised_on,
        "due_on": p.due_on,
        "overdue": p.status == "open" and p.due_on < on,
        "status": p.status,
        "resolution": p.resolution,
        "resolved_on": p.resolved_on,
        "version": p.version,
    }
    if internal:
        out["escalated_on"] = p.escalated_on
        if notes:
            out["notes"] = [{"on": n.on, "author": n.author_label, "text": n.text} for n in p.notes.all()]
    return out


def _dispatch(d: WeeklyDispatch, content: bool = False) -> dict:
    out = {
        "id": d.pk,
        "zone": d.zone_id,
        "week_start": d.week_start,
        "number": d.number,
        "title": d.title,
        "issued_at": d.issued_at,
        "automatic": d.automatic,
        "docx_url": f"/api/v1/projects/dispatches/{d.pk}/docx",
    }
    if content:
        out["content"] = d.content
    return out


# --- key projects and timetables --------------------------------------------------------------------------
@router.get(
    "/key-projects",
    response=list[KeyProjectOut],
    operation_id="keyproject_list",
    summary="Key projects in reach",
)
@paginate(Page)
def keyproject_list(
    request,
    status: str | None = None,
    agent: int | None = None,
    area: int | None = None,
    industry: str | None = None,
):
    if not can(request.auth, "view", KeyProject):
        raise PermissionDenied
    params = {
        k: str(v)
        for k, v in {"status": status, "agent": agent, "area": area, "industry": industry}.items()
        if v
    }
    qs, _chosen = selectors.filter_portfolio(selectors.keyproject_list(user=request.auth), params)
    internal = _internal(request)
    return Mapped(qs.order_by("project__name", "id"), lambda t: _kp(t, internal))


@router.get(
    "/key-projects/{int:project_id}",
    response=KeyProjectOut,
    operation_id="keyproject_get",
    summary="One key project",
)
def keyproject_get(request, project_id: int):
    return _kp(_tracking(request, project_id), _internal(request))


@router.get(
    "/key-projects/{int:project_id}/milestones",
    response=list[MilestoneOut],
    operation_id="milestone_list",
    summary="A key project's timetable (lateness in working days)",
)
def milestone_list(request, project_id: int):
    _tracking(request, project_id)
    today, cal, internal = timezone.localdate(), get_calendar(), _internal(request)
    return [
        {
            "id": m.pk,
            "order": m.order,
            "code": m.code,
            "name": m.name,
            "planned_on": m.planned_on,
            "actual_on": m.actual_on,
            "lateness_workdays": lateness(m.planned_on, m.actual_on, today, cal.between),
            "approval_item_code": m.approval_item_code,
            "version": m.version,
            "notes": m.notes if internal else None,
        }
        for m in selectors.milestones_of(user=request.auth, project_id=project_id)
    ]


@router.post(
    "/milestones/{int:pk}/record",
    response=MilestoneOut,
    operation_id="milestone_record",
    summary="Record the day a milestone was reached (not before signing, not in the future)",
)
def milestone_record(request, pk: int, payload: MilestoneIn):
    ms = get_object_or_404(Milestone.objects.for_user(request.auth), pk=pk)
    if not _internal(request):
        raise PermissionDenied
    ms = svc.milestone_record(
        actor=request.auth,
        milestone=ms,
        actual_on=payload.actual_on,
        notes=payload.notes,
        expected_version=payload.version,
    )
    ms.refresh_from_db()
    today = timezone.localdate()
    return {
        **{
            f: getattr(ms, f)
            for f in (
                "id",
                "order",
                "code",
                "name",
                "planned_on",
                "actual_on",
                "approval_item_code",
                "version",
                "notes",
            )
        },
        "lateness_workdays": lateness(ms.planned_on, ms.actual_on, today, get_calendar().between),
    }


@router.post(
    "/handover",
    response={201: KeyProjectOut},
    operation_id="keyproject_handover",
    summary="Make a signed project key: its timetable from the zone's template, its agent",
)
def keyproject_handover(request, payload: HandoverIn):
    project = Project.objects.for_user(request.auth).filter(pk=payload.project).first()
    if project is None:
        raise DomainError("项目不存在或不在您的范围内", {"project": ["项目不存在或不在您的范围内"]})
    agent = None
    if payload.agent is not None:
        agent = Staff.objects.filter(pk=payload.agent, zone_id=project.zone_id).first()
        if agent is None:
            raise DomainError(
                "代办专员须为本开发区在岗工作人员", {"agent": ["代办专员须为本开发区在岗工作人员"]}
            )
    t = svc.handover_to_build(
        actor=request.auth, project=project, agent=agent, project_type=payload.project_type
    )
    return 201, _kp(selectors.keyproject_list(user=request.auth).get(pk=t.pk), True)


@router.post(
    "/key-projects/{int:project_id}/agent",
    response=KeyProjectOut,
    operation_id="keyproject_assign_agent",
    summary="Assign the project's agent (history kept)",
)
def keyproject_assign_agent(request, project_id: int, payload: AgentIn):
    t = _tracking(request, project_id)
    if not _internal(request):
        raise PermissionDenied
    agent = Staff.objects.filter(pk=payload.agent, zone_id=t.zone_id).first()
    if agent is None:
        raise DomainError("代办专员须为本开发区在岗工作人员", {"agent": ["代办专员须为本开发区在岗工作人员"]})
    svc.agent_assign(actor=request.auth, project=t.project, agent=agent, note=payload.note)
    return _kp(_tracking(request, project_id), True)


@router.post(
    "/key-projects/{int:project_id}/cadence",
    response=KeyProjectOut,
    operation_id="keyproject_set_cadence",
    summary="Set the visit cadence in working days",
)
def keyproject_set_cadence(request, project_id: int, payload: CadenceIn):
    t = _tracking(request, project_id)
    if not _internal(request):
        raise PermissionDenied
    svc.cadence_set(actor=request.auth, project=t.project, workdays=payload.visit_cadence_workdays)
    return _kp(_tracking(request, project_id), True)


@router.get(
    "/key-projects/{int:project_id}/investment",
    response=InvestmentOut,
    operation_id="investment_get",
    summary="Annual plans and monthly completed investment (万元)",
)
def investment_get(request, project_id: int):
    t = _tracking(request, project_id)
    _staff_only(request, AnnualPlan)
    return {
        "plans": dict(AnnualPlan.objects.filter(project_id=t.project_id).values_list("year", "planned_wan")),
        "months": {
            f"{y}-{m:02d}": v
            for y, m, v in MonthlyInvestment.objects.filter(project_id=t.project_id).values_list(
                "year", "month", "completed_wan"
            )
        },
    }


@router.put(
    "/key-projects/{int:project_id}/plans/{int:year}",
    response=InvestmentOut,
    operation_id="investment_plan_set",
    summary="Set a year's planned investment (万元)",
)
def investment_plan_set(request, project_id: int, year: int, payload: PlanIn):
    t = _tracking(request, project_id)
    _staff_only(request, AnnualPlan)
    svc.investment_plan_set(actor=request.auth, project=t.project, year=year, planned_wan=payload.planned_wan)
    return investment_get(request, project_id)


@router.put(
    "/key-projects/{int:project_id}/months/{int:year}/{int:month}",
    response=InvestmentOut,
    operation_id="investment_month_record",
    summary="Record a month's completed investment (万元)",
)
def investment_month_record(request, project_id: int, year: int, month: int, payload: MonthIn):
    t = _tracking(request, project_id)
    _staff_only(request, MonthlyInvestment)
    svc.investment_month_record(
        actor=request.auth, project=t.project, year=year, month=month, completed_wan=payload.completed_wan
    )
    return investment_get(request, project_id)


@router.get(
    "/agents/workload", response=list[WorkloadOut], operation_id="agent_workload", summary="Agents' workload"
)
def agent_workload(request):
    _staff_only(request, KeyProject)
    zone = _zone(request)
    return [
        {
            "staff": r["staff"].pk,
            "name": r["staff"].name,
            "department": r["staff"].department.name,
            **{k: v for k, v in r.items() if k != "staff"},
        }
        for r in selectors.workload(user=request.auth, zone_id=zone.pk, on=timezone.localdate())
    ]


# --- visits ------------------------------------------------------------------------------------------------
def _visit(v: SiteVisit) -> dict:
    return {
        "id": v.pk,
        "project": v.project_id,
        "visited_on": v.visited_on,
        "agent": v.agent_id,
        "people_met": v.people_met,
        "findings": v.findings,
        "photos": [f"/projects/photos/{p.pk}/" for p in v.photos.all()],
    }


@router.get("/visits", response=list[VisitOut], operation_id="visit_list", summary="Site visits (staff only)")
@paginate(Page)
def visit_list(request, project: int | None = None):
    _staff_only(request, SiteVisit)
    qs = SiteVisit.objects.for_user(request.auth).prefetch_related("photos").order_by("-visited_on", "-id")
    if project is not None:
        qs = qs.filter(project_id=check_id(project) or 0)
    return Mapped(qs, _visit)


@router.post("/visits", response={201: VisitOut}, operation_id="visit_create", summary="Log a site visit")
def visit_create(request, payload: VisitIn):
    _staff_only(request, SiteVisit)
    t = _tracking(request, payload.project)
    v = svc.visit_record(
        actor=request.auth,
        project=t.project,
        visited_on=payload.visited_on,
        people_met=payload.people_met,
        findings=payload.findings,
    )
    return 201, _visit(v)


@router.post(
    "/visits/{int:pk}/photos",
    response={201: VisitOut},
    operation_id="visit_photo_add",
    summary="Add a photo (JPG/PNG, at most 5 MB) to a visit",
)
def visit_photo_add(request, pk: int, photo: File[UploadedFile]):
    _staff_only(request, SiteVisit)
    v = get_object_or_404(SiteVisit.objects.for_user(request.auth), pk=pk)
    if photo.size > 5 * 1024 * 1024:
        raise DomainError("照片超过5MB", {"photos": ["照片超过5MB"]})
    svc.visit_photo_add(actor=request.auth, visit=v, name=photo.name or "photo", data=photo.read())
    return 201, _visit(v)


# --- problems ----------------------------------------------------------------------------------------------
@router.get("/problems", response=list[ProblemOut], operation_id="problem_list", summary="Problems in reach")
@paginate(Page)
def problem_list(
    request,
    status: str | None = None,
    category: str | None = None,
    owner: int | None = None,
    project: int | None = None,
):
    if not can(request.auth, "view", Problem):
        raise PermissionDenied
    today = timezone.localdate()
    params = {
        k: str(v)
        for k, v in {"status": status, "category": category, "owner": owner, "project": project}.items()
        if v
    }
    qs, _chosen = selectors.filter_problems(selectors.problem_list(user=request.auth), params, today)
    internal = _internal(request)
    return Mapped(qs.order_by("-raised_on", "-id"), lambda p: _problem(p, today, internal))


@router.get(
    "/problems/statistics",
    response=StatsOut,
    operation_id="problem_statistics",
    summary="Problems solved in a period by category and month",
)
def problem_statistics(request, start: dt.date | None = None, end: dt.date | None = None):
    _staff_only(request, Problem)
    end = end or timezone.localdate()
    start = start or end - dt.timedelta(days=182)
    if end < start:
        raise DomainError("结束日期不能早于开始日期", {"end": ["结束日期不能早于开始日期"]})
    r = reach_of(request.auth)
    return selectors.problem_stats(
        user=request.auth, zone_id=r.zone_id if r.kind == "zone" else None, start=start, end=end
    )


@router.get("/problems/{int:pk}", response=ProblemOut, operation_id="problem_get", summary="One problem")
def problem_get(request, pk: int):
    p = get_object_or_404(selectors.problem_list(user=request.auth), pk=pk)
    return _problem(p, timezone.localdate(), _internal(request), notes=True)


@router.post(
    "/problems", response={201: ProblemOut}, operation_id="problem_create", summary="Raise a problem"
)
def problem_create(request, payload: ProblemIn):
    project = Project.objects.for_user(request.auth).filter(pk=payload.project).first()
    if project is None:
        raise DomainError("项目不存在或不在您的范围内", {"project": ["项目不存在或不在您的范围内"]})
    internal = _internal(request)
    department = owner = visit = None
    if internal:
        if payload.department is not None:
            department = Department.objects.filter(pk=payload.department, zone_id=project.zone_id).first()
            if department is None:
                raise DomainError(
                    "责任部门须为本开发区的部门", {"department": ["责任部门须为本开发区的部门"]}
                )
        if payload.owner is not None:
            owner = Staff.objects.filter(pk=payload.owner, zone_id=project.zone_id).first()
            if owner is None:
                raise DomainError(
                    "责任人须为本开发区在岗工作人员", {"owner": ["责任人须为本开发区在岗工作人员"]}
                )
        if payload.visit is not None:
            visit = SiteVisit.objects.for_user(request.auth).filter(pk=payload.visit).first()
            if visit is None:
                raise DomainError("走访记录不存在", {"visit": ["走访记录不存在"]})
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
    return 201, _problem(p, timezone.localdate(), internal)


@router.post(
    "/problems/{int:pk}/notes", response=ProblemOut, operation_id="problem_note", summary="Add progress"
)
def problem_note(request, pk: int, payload: TextIn):
    p = get_object_or_404(Problem.objects.for_user(request.auth), pk=pk)
    _staff_only(request, Problem)
    svc.problem_note_add(actor=request.auth, problem=p, text=payload.text, expected_version=payload.version)
    return problem_get(request, pk)


@router.post(
    "/problems/{int:pk}/resolve", response=ProblemOut, operation_id="problem_resolve", summary="Resolve"
)
def problem_resolve(request, pk: int, payload: ResolveIn):
    p = get_object_or_404(Problem.objects.for_user(request.auth), pk=pk)
    _staff_only(request, Problem)
    svc.problem_resolve(
        actor=request.auth, problem=p, resolution=payload.resolution, expected_version=payload.version
    )
    return problem_get(request, pk)


# --- weekly dispatch ---------------------------------------------------------------------------------------
@router.get(
    "/dispatches",
    response=list[DispatchOut],
    operation_id="dispatch_list",
    summary="Issued weekly dispatches",
)
@paginate(Page)
def dispatch_list(request):
    _staff_only(request, WeeklyDispatch)
    return Mapped(selectors.dispatch_list(user=request.auth), _dispatch)


@router.get(
    "/dispatches/{int:pk}",
    response=DispatchDetailOut,
    operation_id="dispatch_get",
    summary="One dispatch as issued",
)
def dispatch_get(request, pk: int):
    _staff_only(request, WeeklyDispatch)
    return _dispatch(
        get_object_or_404(WeeklyDispatch.objects.for_user(request.auth).defer("docx"), pk=pk), True
    )


@router.get(
    "/dispatches/{int:pk}/docx", operation_id="dispatch_docx", summary="The dispatch as a Word document"
)
def dispatch_docx(request, pk: int):
    _staff_only(request, WeeklyDispatch)
    d = get_object_or_404(WeeklyDispatch.objects.for_user(request.auth), pk=pk)
    resp = HttpResponse(bytes(d.docx), content_type=DOCX)
    resp["Content-Disposition"] = f'attachment; filename="dispatch-{d.week_start:%Y%m%d}-{d.number}.docx"'
    return resp


@router.post(
    "/dispatches",
    response={201: DispatchDetailOut},
    operation_id="dispatch_create",
    summary="Issue this week's now",
)
def dispatch_create(request):
    _staff_only(request, WeeklyDispatch)
    d = dispatch_issue(actor=request.auth, zone=_zone(request))
    return 201, _dispatch(d, True)


# --- settings ----------------------------------------------------------------------------------------------
def _rules_out(rules: ProjectRules) -> dict:
    return {f: getattr(rules, f) for f in RulesOut.model_fields}


@router.get(
    "/rules",
    response=RulesOut,
    operation_id="project_rules_get",
    summary="The zone's status and cadence rules",
)
def project_rules_get(request):
    _staff_only(request, ProjectRules)
    return _rules_out(rules_for(_zone(request).pk))


@router.put(
    "/rules",
    response=RulesOut,
    operation_id="project_rules_update",
    summary="Change the zone's rules (leader)",
)
def project_rules_update(request, payload: RulesIn):
    _staff_only(request, ProjectRules)
    data = {k: v for k, v in payload.dict(exclude={"version"}).items() if v is not None}
    rules = svc.rules_update(
        actor=request.auth, zone_id=_zone(request).pk, data=data, expected_version=payload.version
    )
    return _rules_out(rules)


@router.get(
    "/template",
    response=TemplateOut,
    operation_id="project_template_get",
    summary="The zone's timetable template",
)
def project_template_get(request, project_type: str = ProjectType.INDUSTRIAL):
    _staff_only(request, MilestoneTemplate)
    if project_type not in ProjectType.values:
        raise DomainError("未知的项目类型", {"project_type": ["未知的项目类型"]})
    template = svc.ensure_template(_zone(request).pk, project_type)
    return {
        "project_type": template.project_type,
        "name": template.name,
        "steps": [
            {f: getattr(s, f) for f in ("order", "code", "name", "offset_workdays", "approval_item_code")}
            for s in template.steps.all()
        ],
    }
