"""The weekly dispatch and the zone's settings in the API: issued dispatches, one as issued, its Word document,
issuing now; the status and cadence rules; the timetable template."""

from django.utils.translation import gettext as _
from ninja import Status

from devzone.core.errors import require
from devzone.core.ledger import DOCX, download
from devzone.core.schemas import Id, Mapped, list_operation
from devzone.core.web import scoped_or_404
from devzone.projects import selectors
from devzone.projects import services as svc
from devzone.projects.api_common import dispatch_out, router, staff_only, zone_of
from devzone.projects.api_schemas import (
    DispatchDetailOut,
    DispatchOut,
    ProjectTypeCode,
    RulesIn,
    RulesOut,
    TemplateOut,
)
from devzone.projects.choices import ProjectType
from devzone.projects.dispatch import shown_content
from devzone.projects.models import MilestoneTemplate, ProjectRules, WeeklyDispatch
from devzone.projects.services.common import rules_for
from devzone.projects.services.dispatching import dispatch_document, dispatch_filename, dispatch_issue
from devzone.projects.wording import milestone_label


@list_operation(
    router, "/dispatches", DispatchOut, operation_id="dispatch_list", summary="Issued weekly dispatches"
)
def dispatch_list(request):
    staff_only(request, WeeklyDispatch)
    return Mapped(selectors.dispatch_list(user=request.auth), dispatch_out)


def _with_content(d: WeeklyDispatch) -> dict:
    """One issue with its content, its stored words written in the caller's language (``projects.dispatch``)."""
    out = dispatch_out(d)
    out["content"] = shown_content(d.content)
    return out


def _dispatch(request, pk: int, qs=None) -> WeeklyDispatch:
    staff_only(request, WeeklyDispatch)
    return scoped_or_404(qs if qs is not None else WeeklyDispatch.objects, pk, user=request.auth)


@router.get(
    "/dispatches/{int:pk}",
    response=DispatchDetailOut,
    operation_id="dispatch_get",
    summary="One dispatch as issued",
)
def dispatch_get(request, pk: int):
    return _with_content(_dispatch(request, pk, WeeklyDispatch.objects.for_user(request.auth).defer("docx")))


@router.get(
    "/dispatches/{int:pk}/docx", operation_id="dispatch_docx", summary="The dispatch as a Word document"
)
def dispatch_docx(request, pk: int):
    d = _dispatch(request, pk)
    return download(dispatch_document(d), dispatch_filename(d), DOCX)


@router.post(
    "/dispatches",
    response={201: DispatchDetailOut},
    operation_id="dispatch_create",
    summary="Issue this week's now",
)
def dispatch_create(request, zone: Id | None = None):
    staff_only(request, WeeklyDispatch)
    d = dispatch_issue(actor=request.auth, zone=zone_of(request))
    return Status(201, _with_content(d))


def _rules_out(rules: ProjectRules) -> dict:
    return {f: getattr(rules, f) for f in RulesOut.model_fields}


@router.get(
    "/rules",
    response=RulesOut,
    operation_id="project_rules_get",
    summary="The zone's status and cadence rules",
)
def project_rules_get(request, zone: Id | None = None):
    staff_only(request, ProjectRules)
    return _rules_out(rules_for(zone_of(request).pk))


@router.put(
    "/rules",
    response=RulesOut,
    operation_id="project_rules_update",
    summary="Change the zone's rules (leader)",
)
def project_rules_update(request, payload: RulesIn, zone: Id | None = None):
    staff_only(request, ProjectRules)
    data = {k: v for k, v in payload.dict(exclude={"version"}).items() if v is not None}
    rules = svc.rules_update(
        actor=request.auth, zone_id=zone_of(request).pk, data=data, expected_version=payload.version
    )
    return _rules_out(rules)


@router.get(
    "/template",
    response=TemplateOut,
    operation_id="project_template_get",
    summary="The zone's timetable template",
)
def project_template_get(
    request, project_type: ProjectTypeCode = ProjectType.INDUSTRIAL.value, zone: Id | None = None
):
    staff_only(request, MilestoneTemplate)
    require(project_type in ProjectType.values, _("未知的项目类型"), "project_type")
    template = svc.ensure_template(zone_of(request).pk, project_type)
    fields = ("order", "code", "name", "offset_workdays", "approval_item_code")
    return {
        "project_type": template.project_type,
        "name": template.name,
        "steps": [
            {f: milestone_label(s.name) if f == "name" else getattr(s, f) for f in fields}
            for s in template.steps.all()
        ],
    }
